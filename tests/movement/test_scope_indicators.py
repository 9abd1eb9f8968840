"""Scope (the ward officer sees only their ward), idempotent API creation, the list's filters,
and indicators counted by hand on records made here."""

import datetime as dt
import json

import pytest

from danvan.core.indicators import evaluate
from danvan.movement import services
from danvan.movement.models import (
    Commendation,
    CommuneFigure,
    Origin,
    Practice,
    PrestigiousPerson,
    Segment,
    SelfManagedGroup,
)
from danvan.units.services import current_unit
from tests.movement.helpers import register

pytestmark = pytest.mark.django_db
Y26 = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}


def test_ward_officer_sees_only_their_ward(persona, client_as, api_as):
    ward = persona("mobilizer.hoankiem")
    units = set(services.visible(ward).values_list("unit__path", flat=True))
    hk = current_unit("00070").path
    assert units and all(path.startswith(hk) for path in units)
    assert services.visible(persona("mobilizer.hanoi")).filter(code="DVK-DEMO-001").exists()
    page = client_as("mobilizer.hoankiem").get("/dan-van-kheo/").content.decode()
    assert "Phố cổ văn minh" in page and "Bóng đèn an ninh" not in page
    api = api_as("mobilizer.hoankiem").get("/api/v1/movement/practices?page_size=500").json()
    assert api["items"] and {i["unit"][:5] for i in api["items"]} == {"00070"}
    city = Practice.objects.get(code="DVK-DEMO-001")
    assert (
        api_as("mobilizer.hoankiem").get(f"/api/v1/movement/practices/{city.pk}").status_code == 404
    )
    assert (
        client_as("mobilizer.hoankiem").get(f"/dan-van-kheo/mo-hinh/{city.pk}/").status_code == 404
    )
    r = api_as("mobilizer.hoankiem").get("/api/v1/movement/practices?unit=01")
    assert r.status_code == 404


def test_api_create_is_idempotent_and_validated(api_as):
    client = api_as("mobilizer.hoankiem")
    body = {"name": "Mô hình qua API", "unit": "00070", "level": "commune", "field": "digital",
            "holder_kind": "unit", "holder_name": "Phường Hoàn Kiếm"}  # fmt: skip
    first = client.post("/api/v1/movement/practices", json.dumps(body), HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/movement/practices", json.dumps(body), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Practice.objects.filter(name="Mô hình qua API").count() == 1
    assert (
        client.post("/api/v1/movement/practices", json.dumps({**body, "unit": "09700"})).status_code
        == 404
    )
    bad = client.post(
        "/api/v1/movement/practices", json.dumps({**body, "registered_on": "2099-01-01"})
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "practice.future_date"
    p = first.json()
    t = client.post(f"/api/v1/movement/practices/{p['id']}/transitions",
                    json.dumps({"action": "launch", "expected_version": p["version"]}))  # fmt: skip
    assert t.status_code == 200 and t.json()["state"] == "launched"
    stale = client.post(f"/api/v1/movement/practices/{p['id']}/transitions",
                        json.dumps({"action": "evaluate", "expected_version": p["version"]}))  # fmt: skip
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "practice.version_conflict"


def test_register_form_messages(client_as):
    client = client_as("mobilizer.hoankiem")
    r = client.post("/dan-van-kheo/dang-ky/", {"name": "ab", "registered_on": "31/02/2026",
                                               "origin": "replicated"})  # fmt: skip
    page = r.content.decode()
    assert r.status_code == 200
    for message in ("Tên mô hình quá ngắn", "Ngày không hợp lệ", "Không được để trống.",
                    "Mô hình nhân rộng cần ghi mã mô hình gốc."):  # fmt: skip
        assert message in page


def test_filters_replicated_and_stale(persona):
    city = persona("mobilizer.hanoi")
    old = register(
        city, current_unit("00235"), "Mô hình cũ chưa ai nhân rộng", day=dt.date(2021, 5, 1)
    )
    src = register(city, current_unit("00226"), "Mô hình cũ đã nhân rộng", day=dt.date(2021, 5, 1))
    register(city, current_unit("00190"), "Bản sao", origin=Origin.REPLICATED, replicates=src)
    f = services.Filters(stale_years=3, today=dt.date(2026, 6, 1))
    stale = set(services.filtered(city, f).values_list("pk", flat=True))
    assert old.pk in stale and src.pk not in stale
    found = services.filtered(city, services.Filters(q="mo hinh cu CHUA"))
    assert list(found.values_list("pk", flat=True)) == [old.pk]


def test_indicators_by_hand(persona):
    """Phường Đống Đa (00235) has no demo records: every figure below is counted by hand."""
    city = persona("mobilizer.hanoi")
    dd = current_unit("00235")
    a = register(city, dd, "Đống Đa một", day=dt.date(2026, 2, 1))
    register(city, dd, "Đống Đa hai", day=dt.date(2026, 3, 1), origin=Origin.MAINTAINED)
    register(
        city, dd, "Đống Đa ba", day=dt.date(2026, 4, 1), origin=Origin.REPLICATED, replicates=a
    )
    register(city, dd, "Đống Đa năm trước", day=dt.date(2025, 12, 31))
    Commendation.objects.create(practice=a, kind="giay_khen", given_by="UBND phường",
                                given_on=dt.date(2026, 5, 1))  # fmt: skip
    value = lambda code, **kw: evaluate(f"movement.{code}", unit=dd, **(kw or Y26)).value  # noqa: E731
    assert value("practices") == 3
    assert value("practices_new") == 1
    assert value("practices_maintained") == 1
    assert value("practices_replicated") == 1
    assert value("replication_rate") == pytest.approx(1 / 3)
    assert value("commendations") == 1
    assert value("practices", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)) == 1
    village = dd.children.first() or dd
    SelfManagedGroup.objects.create(unit=village, name="Tổ 1", head_name="A", households=10,
                                    established_on=dt.date(2025, 1, 1))  # fmt: skip
    SelfManagedGroup.objects.create(unit=village, name="Tổ 2", head_name="B", households=10,
                                    established_on=dt.date(2025, 1, 1), dissolved_on=dt.date(2026, 3, 1))  # fmt: skip
    assert value("selfmanaged_groups") == 1
    assert value("selfmanaged_groups", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)) == 2
    PrestigiousPerson.objects.create(unit=dd, full_name="X", ethnic_group="Kinh", role="respected",
                                     year_approved=2026, approved_by="UBND")  # fmt: skip
    assert value("prestigious_persons") == 1
    assert value("prestigious_persons", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)) == 0
    from danvan.movement.models import Project

    project = Project.objects.create(name="Dự án thử", unit=dd)
    for households, handed in ((100, 40), (50, 35)):
        Segment.objects.create(project=project, unit=dd, households=households,
                               households_handed_over=handed, area_m2=1000, as_of=dt.date(2026, 6, 30))  # fmt: skip
    assert value("site_clearance_households") == 150
    assert value("site_clearance_handed_over") == 75
    assert value("site_clearance_rate") == pytest.approx(0.5)
    for income in (60_000_000, 64_000_000):
        CommuneFigure.objects.create(unit=dd, period_start=dt.date(2026, 1, 1),
                                     period_end=dt.date(2026, 6, 30), income_per_person_vnd=income,
                                     source="Báo cáo thử")  # fmt: skip
    assert value("mountain_income_avg") == 62_000_000


def test_demo_review_figure_has_its_source():
    hanoi = current_unit("01")
    r = evaluate("movement.mountain_income_avg", unit=hanoi, start=dt.date(2024, 1, 1),
                 end=dt.date(2024, 6, 30))  # fmt: skip
    assert r.value == 62_000_000
    assert CommuneFigure.objects.get(period_end=dt.date(2024, 6, 30)).source.startswith(
        "Báo cáo sơ kết"
    )


LIST_MAX_QUERIES = 12  # session, user, grants, scope, count, page: measured 2026-12-02


def test_list_page_query_count_does_not_grow(client_as, persona, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("mobilizer.hanoi")
    client.get("/dan-van-kheo/")  # session, grants
    with CaptureQueriesContext(connection) as few:
        client.get("/dan-van-kheo/?year=2026")
    city = persona("mobilizer.hanoi")
    for i in range(40):
        register(
            city, current_unit(["00235", "00226", "00190"][i % 3]), f"Mô hình đếm truy vấn {i}"
        )
    with (
        CaptureQueriesContext(connection) as many,
        django_assert_max_num_queries(LIST_MAX_QUERIES),
    ):
        r = client.get("/dan-van-kheo/?year=2026")
    assert r.status_code == 200 and "Mô hình đếm truy vấn 39" in r.content.decode()
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_list_unit_filter_takes_a_code_or_a_name_typed_without_accents(client_as):
    client = client_as("mobilizer.hanoi")
    for typed in ("00073", "Phường Cửa Nam", "cua nam"):
        page = client.get("/dan-van-kheo/", {"unit": typed}).content.decode()
        assert "DVK-DEMO-011" in page, typed  # Cửa Nam's replica
        assert "DVK-DEMO-012" not in page, typed  # Hoàn Kiếm's own practice
    ambiguous = client.get("/dan-van-kheo/", {"unit": "ba"}).content.decode()
    assert "Không tìm thấy đúng một đơn vị" in ambiguous
    ward = client_as("mobilizer.hoankiem")
    outside = ward.get("/dan-van-kheo/", {"unit": "cua nam"}).content.decode()
    assert "Không tìm thấy đúng một đơn vị" in outside and "DVK-DEMO-011" not in outside
