"""Keyset pagination of the practice list (page and API): cursor in the URL, no OFFSET and no
COUNT, the same number of queries on a deep page as on the first, every row exactly once."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.movement import services
from danvan.movement.models import Practice
from danvan.units.services import current_unit
from tests.movement.helpers import register

pytestmark = pytest.mark.django_db


def _fill(persona, n=30):
    city = persona("mobilizer.hanoi")
    for i in range(n):  # several on the same day: the id breaks the tie
        register(city, current_unit("00235"), f"Mô hình phân trang {i}",
                 day=dt.date(2026, 1, 1 + i % 4))  # fmt: skip


def test_api_walks_every_row_once_in_order(persona, api_as):
    _fill(persona)
    api = api_as("mobilizer.hanoi")
    seen, cursor, pages = [], "", 0
    while True:
        body = api.get(f"/api/v1/movement/practices?page_size=7&cursor={cursor}"
                       if cursor else "/api/v1/movement/practices?page_size=7").json()  # fmt: skip
        seen += [(i["registered_on"], i["id"]) for i in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    expected = list(
        services.visible(persona("mobilizer.hanoi"))
        .order_by("-registered_on", "-id")
        .values_list("registered_on", "id")
    )
    assert [(dt.date.fromisoformat(d), i) for d, i in seen] == expected
    assert pages == -(-len(expected) // 7)
    bad = api.get("/api/v1/movement/practices?cursor=1;drop")
    assert bad.status_code == 422


def test_deep_page_costs_what_the_first_costs(persona, client_as):
    _fill(persona, 120)
    client = client_as("mobilizer.hanoi")
    client.get("/dan-van-kheo/")  # session, grants
    with CaptureQueriesContext(connection) as first:
        r = client.get("/dan-van-kheo/?year=2026")
    assert 'rel="next"' in r.content.decode()
    last = sorted(Practice.objects.filter(year=2026), key=lambda p: (p.registered_on, p.pk))[5]
    with CaptureQueriesContext(connection) as deep:
        r = client.get(f"/dan-van-kheo/?year=2026&sau={services.encode_cursor(last)}")
    page = r.content.decode()
    assert r.status_code == 200 and "Về trang đầu" in page
    assert len(deep) == len(first), [q["sql"][:100] for q in deep.captured_queries]
    sql = " ".join(q["sql"].upper() for q in deep.captured_queries)
    assert " OFFSET " not in sql and "COUNT(" not in sql
    # A hand-edited cursor starts the list over instead of failing.
    assert client.get("/dan-van-kheo/?sau=abc").status_code == 200
