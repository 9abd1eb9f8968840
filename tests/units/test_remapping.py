"""A pre-2025 district is re-mapped to today's communes most of whose old communes lay in it, so
its 2024 report counts the records importers filed under today's communes; no commune of today
belongs to two former districts."""

import pytest

from danvan.units.models import Unit
from danvan.units.services import subtree_q, successor_paths

pytestmark = pytest.mark.django_db


def district(name: str) -> Unit:
    return Unit.objects.get(kind="district", name=name, valid_to__isnull=False)


def names(paths) -> set[str]:
    return set(Unit.objects.filter(path__in=paths).values_list("name", flat=True))


def test_today_communes_of_a_former_district_by_majority_of_their_old_communes():
    ba_vi = names(successor_paths(district("Huyện Ba Vì")))
    # Xã Yên Bài: 3 of its 5 old communes were in Ba Vì (2 elsewhere): Ba Vì's.
    assert {"Xã Ba Vì", "Xã Yên Bài", "Xã Quảng Oai", "Xã Suối Hai"} <= ba_vi
    assert len(ba_vi) == 8
    hoan_kiem = names(successor_paths(district("Quận Hoàn Kiếm")))
    # Phường Ba Đình took 4 of its 13 old wards from Hoàn Kiếm: quận Ba Đình's, not Hoàn Kiếm's.
    assert hoan_kiem == {"Phường Hoàn Kiếm", "Phường Cửa Nam"}


def test_no_commune_of_today_belongs_to_two_former_districts():
    city = Unit.objects.current().get(code="01")
    seen: dict[str, str] = {}
    for d in Unit.objects.filter(
        kind="district", valid_to__isnull=False, path__startswith=city.path
    )[:40]:
        for path in successor_paths(d):
            assert path not in seen, (path, seen.get(path), d.name)
            seen[path] = d.name
    assert seen


def test_a_former_districts_subtree_includes_its_re_mapped_communes():
    ba_vi = district("Huyện Ba Vì")
    today = Unit.objects.current().get(code="09700")
    inside = Unit.objects.filter(subtree_q(ba_vi, ""))
    assert inside.filter(pk=today.pk).exists()
    assert not inside.filter(code="00070", valid_to__isnull=True).exists()
