import pytest
from django.test import Client

from tests.helpers import count_queries


@pytest.fixture
def anon():
    return Client()


@pytest.mark.django_db
def test_hanoi_has_126_current_communes(anon):
    body = anon.get("/api/v1/units?parent=01&page_size=500").json()
    assert body["count"] == 126
    kinds = {item["division_type"] for item in body["items"]}
    assert kinds == {"phường", "xã"}
    assert sum(1 for i in body["items"] if i["division_type"] == "phường") == 51


@pytest.mark.django_db
def test_hoan_kiem_today_with_its_parent_chain(anon):
    body = anon.get("/api/v1/units/00070").json()
    assert body["name"] == "Phường Hoàn Kiếm"
    assert [a["code"] for a in body["ancestors"]] == ["01"]
    assert "00070" in {p["code"] for p in body["predecessors"]}


@pytest.mark.django_db
def test_before_the_reform_hanoi_had_30_districts_and_00070_was_hang_trong(anon):
    districts = anon.get("/api/v1/units?parent=01&at=2025-06-30&page_size=500").json()
    assert districts["count"] == 30
    old = anon.get("/api/v1/units/00070?at=2025-06-30").json()
    assert old["name"] == "Phường Hàng Trống"
    assert [a["name"] for a in old["ancestors"]] == ["Thành phố Hà Nội", "Quận Hoàn Kiếm"]
    assert "00070" in [s["code"] for s in old["successors"]]  # part of it went to Cửa Nam (00073)


@pytest.mark.django_db
def test_khanh_thuong_was_in_ba_vi_and_maps_to_xa_ba_vi(anon):
    old = anon.get("/api/v1/units/09712?at=2024-12-31").json()
    assert old["name"] == "Xã Khánh Thượng"
    assert old["ancestors"][-1]["name"] == "Huyện Ba Vì"
    assert [s["code"] for s in old["successors"]] == ["09700"]
    assert anon.get("/api/v1/units/09700").json()["name"] == "Xã Ba Vì"


@pytest.mark.django_db
def test_unit_list_queries_do_not_grow_with_page_size(anon):
    small = count_queries(lambda: anon.get("/api/v1/units?parent=01&page_size=5"))
    large = count_queries(lambda: anon.get("/api/v1/units?parent=01&page_size=200"))
    assert large == small


@pytest.mark.django_db
def test_unit_browser_page_drills_down(client_as):
    page = client_as("reporter.hanoi").get("/don-vi-hanh-chinh/?unit=01&at=2025-06-30")
    text = page.content.decode()
    assert page.status_code == 200 and "Quận Hoàn Kiếm" in text and "30 đơn vị trực thuộc" in text
