"""The handler's queue (Hồ sơ của tôi) and the practice list on the shared Keyset (issue 16):
the earliest due first, every row once across pages, one page's queries independent of its rows,
a hand-edited cursor starts over."""

import re

import pytest

from tests.helpers import assert_queries_do_not_grow, count_queries
from tests.onestop.test_keyset_lists import make

pytestmark = pytest.mark.django_db

URL = "/mot-cua/cua-toi/"


def _mine(unit, specialist, n):
    rows = []
    for i in range(n):
        d = make(unit, due_days=None if i % 7 == 6 else (i % 5) - 2)  # overdue, due, undated
        d.handler = specialist
        d.save(update_fields=["handler"])
        rows.append(d)
    return rows


def _codes(html: str) -> list[str]:
    return re.findall(r'/mot-cua/ho-so/([^/"]+)/"', html)


def test_the_queue_walks_every_row_once_earliest_due_first(hoan_kiem, persona, client_as):
    specialist = persona("specialist.hoankiem")
    rows = _mine(hoan_kiem, specialist, 60)
    client = client_as("specialist.hoankiem")
    seen, url = [], URL
    for _ in range(10):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        seen += _codes(html)
        more = re.search(r'id="queue-next" rel="next" href="\?tiep=([^"]+)"', html)
        if not more:
            break
        url = f"{URL}?tiep={more.group(1)}"
    mine = {d.code for d in rows}
    listed = [c for c in seen if c in mine]
    assert len(listed) == len(set(listed)) == len(mine)
    by_code = {d.code: d for d in rows}
    dated = [by_code[c] for c in listed if by_code[c].due_at]
    assert dated == sorted(dated, key=lambda d: (d.due_at, d.pk))
    assert listed[: len(dated)] == [d.code for d in dated]  # the undated after
    assert client.get(f"{URL}?tiep=rác").status_code == 200  # starts over


def test_the_queue_does_not_query_per_row(hoan_kiem, persona, client_as):
    specialist = persona("specialist.hoankiem")
    client = client_as("specialist.hoankiem")
    client.get(URL)  # session, grants, calendar warm
    assert_queries_do_not_grow(
        lambda n: _mine(hoan_kiem, specialist, n), lambda: client.get(URL), small=2, large=12
    )
    _mine(hoan_kiem, specialist, 50)  # past one page: a deep page costs what the first does
    first = client.get(URL).content.decode()
    cursor = re.search(r'href="\?tiep=([^"]+)"', first).group(1)
    assert count_queries(lambda: client.get(f"{URL}?tiep={cursor}")) <= count_queries(
        lambda: client.get(URL)
    )
