"""The official units: both eras, the old → new mapping, tree queries, idempotent loading."""

import datetime as dt
from collections import Counter

import pytest

from danvan.units.loader import convert_legacy_address, load_official_units
from danvan.units.models import Unit, UnitKind

LAST_LEGACY_DAY = dt.date(2025, 6, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def official_units(django_db_setup, django_db_blocker):
    """Loaded once for the module (a no-op if the session already loaded them)."""
    with django_db_blocker.unblock():
        return load_official_units()


def current(code: str) -> Unit:
    return Unit.objects.current().get(code=code)


def on_last_legacy_day(code: str) -> Unit:
    return Unit.objects.valid_on(LAST_LEGACY_DAY).get(code=code)


def test_load_reports_both_eras(official_units):
    assert official_units["provinces"] == 34
    assert official_units["communes"] == 3321
    assert official_units["legacy_provinces"] == 63
    assert official_units["districts"] == 696
    assert official_units["legacy_communes"] == 10035


def test_today_there_are_34_provinces_and_3321_communes():
    units = Unit.objects.current()
    assert units.filter(kind=UnitKind.PROVINCE).count() == 34
    assert units.filter(kind=UnitKind.COMMUNE).count() == 3321
    assert not units.filter(kind=UnitKind.DISTRICT).exists()


def test_hanoi_has_126_communes_today_51_wards_and_75_communes():
    hanoi = current("01")
    assert hanoi.name == "Thành phố Hà Nội"
    assert hanoi.division_type == "thành phố trung ương"
    communes = Unit.objects.current().filter(parent=hanoi, kind=UnitKind.COMMUNE)
    assert Counter(communes.values_list("division_type", flat=True)) == {"phường": 51, "xã": 75}


def test_00070_is_phuong_hoan_kiem_today_with_coordinates():
    unit = current("00070")
    assert unit.name == "Phường Hoàn Kiếm"
    assert unit.parent.code == "01"
    assert unit.valid_from == dt.date(2025, 7, 1)
    assert 20.9 < unit.latitude < 21.1 and 105.7 < unit.longitude < 105.9
    assert unit.area_km2 > 0


def test_every_current_commune_has_coordinates_and_all_but_two_an_area():
    communes = Unit.objects.current().filter(kind=UnitKind.COMMUNE)
    assert not communes.filter(latitude__isnull=True).exists()
    # The source has no area for these two communes of Quảng Trị.
    no_area = set(communes.filter(area_km2__isnull=True).values_list("name", flat=True))
    assert no_area == {"Xã Thượng Trạch", "Xã Đông Trạch"}


def test_coordinates_follow_names_not_the_other_package_codes():
    # vietnamadminunits numbers Phường Văn Miếu - Quốc Tử Giám 00226, which is Kim Liên here.
    kim_lien = current("00226")
    van_mieu = current("00196")
    assert kim_lien.name == "Phường Kim Liên"
    assert van_mieu.name == "Phường Văn Miếu - Quốc Tử Giám"
    assert (kim_lien.latitude, kim_lien.longitude) != (van_mieu.latitude, van_mieu.longitude)


def test_on_30_june_2025_hanoi_had_30_districts_and_526_communes():
    hanoi = on_last_legacy_day("01")
    assert hanoi == current("01")  # one unit across both eras: same code, same name
    old = Unit.objects.valid_on(LAST_LEGACY_DAY)
    assert old.filter(parent=hanoi, kind=UnitKind.DISTRICT).count() == 30
    assert not old.filter(parent=hanoi, kind=UnitKind.COMMUNE).exists()
    assert old.filter(parent__parent=hanoi, kind=UnitKind.COMMUNE).count() == 526


def test_00070_was_phuong_hang_trong_in_quan_hoan_kiem():
    unit = on_last_legacy_day("00070")
    assert unit.name == "Phường Hàng Trống"
    assert unit.parent.name == "Quận Hoàn Kiếm"
    assert unit.parent.division_type == "quận"
    assert unit.valid_to == LAST_LEGACY_DAY
    # Split in 2025: most of it went to Phường Hoàn Kiếm.
    assert "00070" in set(unit.successors.values_list("code", flat=True))
    assert unit.successors.get(code="00070").valid_from == dt.date(2025, 7, 1)


def test_huyen_ba_vi_contains_xa_khanh_thuong_which_became_xa_ba_vi():
    khanh_thuong = on_last_legacy_day("09712")
    assert khanh_thuong.name == "Xã Khánh Thượng"
    assert khanh_thuong.parent.name == "Huyện Ba Vì"
    assert khanh_thuong.parent.parent.code == "01"
    assert [(u.code, u.name) for u in khanh_thuong.successors.all()] == [("09700", "Xã Ba Vì")]
    assert khanh_thuong in current("09700").predecessors.all()


def test_a_district_maps_to_the_union_of_its_communes_successors():
    ba_vi = on_last_legacy_day("09712").parent
    from_communes = set(
        Unit.objects.filter(predecessors__parent=ba_vi).values_list("pk", flat=True)
    )
    assert set(ba_vi.successors.values_list("pk", flat=True)) == from_communes
    assert ba_vi.successors.filter(code="09700").exists()


def test_every_legacy_commune_and_district_has_a_successor():
    legacy = Unit.objects.filter(
        valid_to=LAST_LEGACY_DAY, kind__in=[UnitKind.DISTRICT, UnitKind.COMMUNE]
    )
    assert legacy.count() == 696 + 10035
    assert not legacy.filter(successors__isnull=True).exists()


def test_a_province_merged_away_is_historical_and_maps_to_the_new_one():
    ha_giang = on_last_legacy_day("02")
    assert ha_giang.name == "Hà Giang"
    assert ha_giang.valid_to == LAST_LEGACY_DAY
    assert [u.code for u in ha_giang.successors.all()] == ["08"]
    assert Unit.objects.current().filter(code="02").count() == 0


def test_a_reused_province_code_is_two_units():
    # 52 was Bình Định until 30 June 2025; since 1 July it is the new Gia Lai.
    assert on_last_legacy_day("52").name == "Bình Định"
    assert current("52").name == "Gia Lai"
    assert current("52").valid_from == dt.date(2025, 7, 1)


def test_descendants_of_hanoi_are_one_query(django_assert_num_queries):
    hanoi = current("01")
    with django_assert_num_queries(1):
        descendants = list(Unit.objects.descendants_of(hanoi))
    kinds = Counter(u.kind for u in descendants if u.kind != UnitKind.VILLAGE)
    assert kinds == {"province": 1, "district": 30, "commune": 126 + 526}
    assert all(u.path.startswith(hanoi.path) for u in descendants)


def test_paths_and_depths_follow_the_tree():
    khanh_thuong = on_last_legacy_day("09712")
    district, province = khanh_thuong.parent, khanh_thuong.parent.parent
    assert khanh_thuong.path == f"{province.pk:08d}/{district.pk:08d}/{khanh_thuong.pk:08d}/"
    assert (province.depth, district.depth, khanh_thuong.depth) == (0, 1, 2)
    assert not Unit.objects.filter(path__startswith="~").exists()


def test_running_the_loader_again_changes_nothing():
    before = Unit.objects.count(), Unit.successors.through.objects.count()
    counts = load_official_units()
    assert counts["created"] == counts["updated"] == counts["paths_updated"] == 0
    assert counts["successor_links_created"] == 0
    assert (Unit.objects.count(), Unit.successors.through.objects.count()) == before


def test_the_loader_repairs_a_changed_name():
    Unit.objects.filter(pk=current("00070").pk).update(name="Sai tên")
    counts = load_official_units()
    assert counts["updated"] == 1
    assert current("00070").name == "Phường Hoàn Kiếm"


def test_legacy_address_is_converted_to_the_2025_form():
    unit, address = convert_legacy_address("Xã Khánh Thượng, Huyện Ba Vì, Thành phố Hà Nội")
    assert unit == current("09700")
    assert address == "Xã Ba Vì, Thành phố Hà Nội"


def test_legacy_address_keeps_the_street_and_names_the_province():
    unit, address = convert_legacy_address(
        "Số 5, Phường Quang Trung, Thành phố Hà Giang, Tỉnh Hà Giang"
    )
    assert unit.parent.code == "08"
    assert address == f"Số 5, {unit.name}, Tỉnh Tuyên Quang"


def test_legacy_address_with_a_street_in_a_split_commune_stays_offline(monkeypatch):
    import vietnamadminunits.converter.converter_2025 as converter

    def no_network(*args, **kwargs):
        raise AssertionError("geocoding must not be called")

    monkeypatch.setattr(converter, "get_geo_location", no_network)
    unit, address = convert_legacy_address(
        "12 Hàng Trống, Phường Hàng Trống, Quận Hoàn Kiếm, Hà Nội"
    )
    assert unit == current("00070")
    assert address.endswith("Phường Hoàn Kiếm, Thành phố Hà Nội")


def test_unknown_address_gives_no_unit():
    assert convert_legacy_address("không có địa chỉ này") == (None, "")
