"""Keyset (cursor) pagination of GET /api/v1/dossiers (issue 16): every row once across pages while
dossiers keep arriving, the default order (open by due date, then closed newest first), a bad
cursor refused with a stable code, `page=` still answered, the total estimated beyond a bound."""

import base64
import datetime as dt
import itertools

import pytest
from django.utils import timezone

from danvan.api.pagination import Keyset, Segment, counted
from danvan.onestop.lists import DOSSIER_LIST
from danvan.onestop.models import Dossier
from danvan.onestop.states import Status
from danvan.procedures.models import Procedure
from tests.onestop.conftest import NORMAL

_seq = itertools.count()


def make(unit, *, status=Status.PROCESSING, due_days=None, received_days=0) -> Dossier:
    now = timezone.now()
    n = next(_seq)
    return Dossier.objects.create(
        code=f"KS-{n:06d}",
        unit=unit,
        procedure=Procedure.objects.get(code=NORMAL),
        status=status,
        applicant_name=f"Nguyễn Văn {n}",
        national_id=f"001{n:09d}",
        received_at=now - dt.timedelta(days=received_days),
        due_at=None if due_days is None else now + dt.timedelta(days=due_days),
    )


def mixed(unit) -> list[Dossier]:
    """Open with due dates (ties included), open without one, closed at several dates."""
    rows = [make(unit, due_days=d % 4) for d in range(9)]  # ties on due_at: the id breaks them
    rows += [make(unit, due_days=None) for _ in range(3)]
    rows += [make(unit, status=Status.RETURNED, due_days=1, received_days=d % 3) for d in range(8)]
    rows += [make(unit, status=Status.STOPPED, received_days=5)]
    return rows


def walk(client, url: str, size: int, between=None) -> list[str]:
    codes, cursor = [], ""
    for _ in range(100):
        r = client.get(f"{url}&page_size={size}" + (f"&cursor={cursor}" if cursor else ""))
        assert r.status_code == 200, r.content
        body = r.json()
        codes += [i["code"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return codes
        if between:
            between()
    raise AssertionError("the cursor never ended")


@pytest.mark.django_db
def test_the_cursor_walks_every_row_once_while_dossiers_arrive(api_as, hoan_kiem):
    before = set(Dossier.objects.values_list("code", flat=True))
    rows = mixed(hoan_kiem)
    clerk = api_as("clerk.hoankiem")
    arriving = []

    def insert():  # new dossiers in every segment, some before the cursor, some after
        arriving.append(make(hoan_kiem, due_days=len(arriving) % 5 - 2))
        arriving.append(make(hoan_kiem, status=Status.RETURNED, received_days=1))

    seen = walk(clerk, "/api/v1/dossiers?unit=00070", 4, between=insert)
    assert len(seen) == len(set(seen)), "a row came twice"
    mine = {d.code for d in rows}
    assert mine <= set(seen), f"rows skipped: {mine - set(seen)}"
    assert set(seen) <= mine | {d.code for d in arriving} | before


@pytest.mark.django_db
def test_default_order_open_by_due_date_then_closed_newest_first(api_as, hoan_kiem):
    rows = mixed(hoan_kiem)
    seen = walk(api_as("clerk.hoankiem"), "/api/v1/dossiers?unit=00070", 5)
    by_code = {d.code: d for d in rows}
    listed = [by_code[c] for c in seen if c in by_code]  # ours, among the demo's dossiers
    assert [d.is_open for d in listed] == sorted((d.is_open for d in listed), reverse=True)
    open_dated = [d for d in listed if d.is_open and d.due_at]
    assert listed[: len(open_dated)] == sorted(open_dated, key=lambda d: (d.due_at, d.pk))
    closed = [d for d in listed if not d.is_open]
    assert listed[-len(closed) :] == sorted(closed, key=lambda d: (d.received_at, d.pk))[::-1]
    # ?page= (kept for compatibility) gives the same order through OFFSET
    clerk = api_as("clerk.hoankiem")
    paged = []
    pages = -(-len(seen) // 5)
    for page in range(1, pages + 1):
        body = clerk.get(f"/api/v1/dossiers?unit=00070&page={page}&page_size=5").json()
        assert body["page"] == page and body["pages"] == pages and body["count"] == len(seen)
        paged += [i["code"] for i in body["items"]]
    assert paged == seen


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cursor",
    [
        "rác",
        "AAAA",
        base64.urlsafe_b64encode(b"[9,[1]]").decode(),  # no such segment
        base64.urlsafe_b64encode(b'[0,["yesterday",1]]').decode(),  # not a date
        base64.urlsafe_b64encode(b"[0,[1]]").decode(),  # wrong number of values
        base64.urlsafe_b64encode(b'{"a":1}').decode(),
        base64.urlsafe_b64encode(b"[0,[null,1]]").decode(),
    ],
)
def test_a_bad_cursor_is_422_with_a_stable_code(api_as, hoan_kiem, cursor):
    make(hoan_kiem, due_days=1)
    r = api_as("clerk.hoankiem").get(f"/api/v1/dossiers?cursor={cursor}")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "page.bad_cursor"
    assert "Con trỏ trang không hợp lệ" in r.json()["error"]["message"]


@pytest.mark.django_db
def test_filters_keep_the_cursor_and_scope(api_as, hoan_kiem):
    mixed(hoan_kiem)
    clerk = api_as("clerk.hoankiem")
    stopped = walk(clerk, f"/api/v1/dossiers?status={int(Status.STOPPED)}", 2)
    assert len(stopped) == Dossier.objects.filter(status=Status.STOPPED).count() >= 1
    # a unit outside the official's scope lists nothing (not another ward's dossiers)
    body = clerk.get("/api/v1/dossiers?unit=00004").json()
    assert body["items"] == [] and body["count"] == 0


@pytest.mark.django_db
def test_the_total_is_exact_up_to_the_bound(hoan_kiem):
    mixed(hoan_kiem)
    qs = Dossier.objects.filter(unit=hoan_kiem)
    assert counted(qs, exact_up_to=100) == (qs.count(), True)
    n, exact = counted(qs, exact_up_to=5)
    # SQLite (one ward) counts exactly; PostgreSQL estimates beyond the bound
    assert (n, exact) == (qs.count(), True) or (n > 5 and exact is False)


def test_a_keyset_needs_a_segment():
    with pytest.raises(ValueError):
        Keyset()
    assert DOSSIER_LIST.segments[0].fields() == [("due_at", False), ("id", False)]
    assert Segment(None, ("-received_at", "-id")).fields()[0] == ("received_at", True)


@pytest.mark.django_db
def test_the_find_page_follows_the_cursor(client_as, hoan_kiem):
    import re

    for _ in range(3):
        mixed(hoan_kiem)  # 63 "Nguyễn Văn …" dossiers, more than one page of 50
    clerk = client_as("clerk.hoankiem")
    first = clerk.get("/mot-cua/tim/?q=nguyen van")
    html = first.content.decode()
    assert first.status_code == 200 and "Xem tiếp 50 hồ sơ" in html
    codes = re.findall(r">(KS-\d+)</a>", html)
    nxt = re.search(r'id="find-next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    second = clerk.get("/mot-cua/tim/" + nxt).content.decode()
    codes += re.findall(r">(KS-\d+)</a>", second)
    assert len(codes) == len(set(codes)) == 63
    assert "Về trang đầu" in second and 'id="find-next"' not in second
    assert clerk.get("/mot-cua/tim/?q=nguyen&tiep=rác").status_code == 422


@pytest.mark.django_db
def test_a_full_code_is_found_on_the_code_index(hoan_kiem, django_assert_max_num_queries):
    from danvan.onestop import search

    d = make(hoan_kiem, due_days=1)
    d.code = "000.00.070.H01-261202-0042"
    d.save()
    qs = Dossier.objects.filter(unit=hoan_kiem)
    found = search.matching(qs, " 000.00.070.h01-261202-0042 ")
    assert "LIKE" not in str(found.query) and list(found) == [d]
    assert list(search.matching(qs, "261202-0042")) == [d]  # the tail: the trigram index


@pytest.mark.django_db
def test_a_received_range_lists_open_then_closed_newest_received_first(api_as, hoan_kiem):
    rows = mixed(hoan_kiem)
    day_from = timezone.localdate() - dt.timedelta(days=10)
    url = f"/api/v1/dossiers?unit=00070&from={day_from}&to={timezone.localdate()}"
    seen = walk(api_as("clerk.hoankiem"), url, 4)
    by_code = {d.code: d for d in rows}
    listed = [by_code[c] for c in seen if c in by_code]
    assert {d.code for d in listed} == {d.code for d in rows if d.received_at}
    assert [d.is_open for d in listed] == sorted((d.is_open for d in listed), reverse=True)
    for part in ([d for d in listed if d.is_open], [d for d in listed if not d.is_open]):
        assert part == sorted(part, key=lambda d: (d.received_at, d.pk), reverse=True)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4, 7, 50])
def test_a_page_of_known_ids_has_the_lists_order_and_walks_every_row_once(hoan_kiem, size):
    """Keyset.page_of (a search's matches): the same order as the segment walk, each row once
    across its cursors, an exact total; two queries a page whatever the number of segments."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = mixed(hoan_kiem)
    ids = [d.pk for d in rows][::2] + [d.pk for d in rows][1::2]  # the order they were found in
    qs = Dossier.objects.select_related("procedure", "unit")
    expected = [d.code for d in DOSSIER_LIST.page(qs.filter(pk__in=ids), None, 500)]
    first = DOSSIER_LIST.page_of(qs, ids, None, size)
    assert first.count == len(rows) and first.count_exact
    codes, page = [], first
    for _ in range(100):
        codes += [d.code for d in page]
        if not page.next_cursor:
            break
        with CaptureQueriesContext(connection) as queries:
            page = DOSSIER_LIST.page_of(qs, ids, page.next_cursor, size)
        assert len(queries) == 2
    assert codes == expected
    numbered = DOSSIER_LIST.page_of(qs, ids, None, size, page=2)
    assert [d.code for d in numbered] == expected[size : 2 * size] and numbered.pages >= 1
    assert DOSSIER_LIST.page_of(qs, [], None, size).count == 0


@pytest.mark.django_db
def test_a_known_ids_cursor_whose_row_has_left_the_list_still_goes_on_after_it(hoan_kiem):
    rows = mixed(hoan_kiem)
    ids = [d.pk for d in rows]
    qs = Dossier.objects.all()
    expected = [d.code for d in DOSSIER_LIST.page(qs.filter(pk__in=ids), None, 500)]
    first = DOSSIER_LIST.page_of(qs, ids, None, 5)
    gone = list(first)[-1].pk  # the cursor's own row no longer matches the search
    rest = DOSSIER_LIST.page_of(qs, [i for i in ids if i != gone], first.next_cursor, 500)
    assert [d.code for d in rest] == expected[5:]
