"""Load the official administrative units, fast and idempotently.

Sources (both shipped as Python packages, no network):
- `vietnam-provinces`: the 34 provinces and 3,321 communes/wards/special zones in force
  since 1 July 2025, with their official codes (SPEC §1: codes as in this package).
- `vietnamadminunits`: the 63 provinces, 696 districts and 10,035 communes as they stood on
  30 June 2025, coordinates and areas of the 2025 communes, and the old → new converter.

The two packages number a few 2025 communes differently (114 codes differ, e.g. Phường Cửa
Nam is 00073 in vietnam-provinces and 00082 in vietnamadminunits), so 2025 communes are
matched between them by province and name, never by code.
"""

import datetime as dt
import functools
import importlib.util
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.db import connection, transaction

from danvan.core.text import fold
from danvan.units.models import LAST_LEGACY_DAY, REFORM_DATE, Unit, UnitKind

# (kind, code, valid_from, valid_to): a unit is its code within its validity period.
Key = tuple[str, str, dt.date | None, dt.date | None]
LOADED_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
SYNCED_FIELDS = ("name", "division_type", "parent_id", "latitude", "longitude", "area_km2")


@dataclass(frozen=True)
class UnitSpec:
    """One unit as the sources describe it, before it is a row."""

    kind: str
    code: str
    name: str
    division_type: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    parent_key: Key | None = None
    latitude: float | None = None
    longitude: float | None = None
    area_km2: float | None = None

    @property
    def key(self) -> Key:
        return (self.kind, self.code, self.valid_from, self.valid_to)


@dataclass
class Sources:
    levels: list[list[UnitSpec]]  # parents before children: provinces, then level 1, level 2
    successors: set[tuple[Key, Key]]  # (old unit, the unit that replaced it)


def unit_key(unit: Unit) -> Key:
    return (unit.kind, unit.code, unit.valid_from, unit.valid_to)


def load_official_units(stdout: TextIO | None = None) -> dict[str, int]:
    """Create or refresh every official unit and the old → new mapping; safe to run again."""
    sources = read_sources()
    with transaction.atomic():
        by_key, created, updated = _sync_units(sources.levels)
        paths = _refresh_paths()
        links = _sync_successors(sources.successors, by_key)
    specs = [spec for level in sources.levels for spec in level]
    counts = {
        "provinces": _count(specs, UnitKind.PROVINCE, current=True),
        "communes": _count(specs, UnitKind.COMMUNE, current=True),
        "legacy_provinces": _count(specs, UnitKind.PROVINCE, current=False),
        "districts": _count(specs, UnitKind.DISTRICT, current=False),
        "legacy_communes": _count(specs, UnitKind.COMMUNE, current=False),
        "created": created,
        "updated": updated,
        "paths_updated": paths,
        "successor_links_created": links,
    }
    if stdout is not None:
        stdout.write(", ".join(f"{name}={value}" for name, value in counts.items()) + "\n")
    return counts


def _count(specs: list[UnitSpec], kind: str, *, current: bool) -> int:
    day = REFORM_DATE if current else LAST_LEGACY_DAY
    return sum(
        1
        for s in specs
        if s.kind == kind
        and (s.valid_from is None or s.valid_from <= day)
        and (s.valid_to is None or s.valid_to >= day)
    )


# --- Reading the packages -------------------------------------------------------------------


def _vau_data_dir() -> Path:
    # find_spec does not import the package, which would load its parsers for nothing.
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or spec.origin is None:
        raise RuntimeError("vietnamadminunits is not installed")
    return Path(spec.origin).parent / "data"


def _vau_rows(sql: str) -> list[sqlite3.Row]:
    uri = f"file:{_vau_data_dir() / 'dataset.db'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql).fetchall()


@functools.cache
def _converter_data() -> dict:
    with open(_vau_data_dir() / "converter_2025.json", encoding="utf-8") as f:
        return json.load(f)


def clean_name(name: str) -> str:
    return " ".join(name.split())


def read_sources() -> Sources:
    legacy = _vau_rows(
        "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    )
    current = _vau_rows("SELECT * FROM admin_units ORDER BY wardCode")
    vp_codes = _vau_to_vp_codes(current)
    provinces, current_keys, legacy_keys = _province_specs(legacy, current)
    districts = _district_specs(legacy, legacy_keys)
    successors = _commune_successors(legacy, current, vp_codes)
    successors |= _province_successors(legacy, current, current_keys, legacy_keys)
    return Sources(
        levels=[
            provinces,
            districts + _current_commune_specs(current, vp_codes, current_keys),
            _legacy_commune_specs(legacy),
        ],
        successors=successors,
    )


def _vau_to_vp_codes(current: list[sqlite3.Row]) -> dict[str, str]:
    """vietnamadminunits' 2025 commune code -> the official code in vietnam-provinces."""
    from vietnam_provinces import Ward

    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ward in Ward.iter_all():
        by_name[(f"{int(ward.province_code):02d}", fold(ward.name))].append(f"{int(ward.code):05d}")
    mapping = {}
    for row in current:
        candidates = by_name[(row["provinceCode"], fold(row["ward"]))]
        # A handful of provinces have two communes whose names differ only by diacritics.
        if len(candidates) == 1:
            mapping[row["wardCode"]] = candidates[0]
        elif row["wardCode"] in candidates:
            mapping[row["wardCode"]] = row["wardCode"]
    return mapping


def _province_specs(legacy, current):
    """Provinces of both eras; one unit for a province that kept its code and name in 2025."""
    from vietnam_provinces import Province

    legacy_rows = {row["provinceCode"]: row for row in legacy}
    current_rows = {row["provinceCode"]: row for row in current}
    specs, current_keys, legacy_keys = [], {}, {}
    for province in Province.iter_all():
        spec, continuing = _current_province(province, legacy_rows, current_rows)
        specs.append(spec)
        current_keys[spec.code] = spec.key
        if continuing:
            legacy_keys[spec.code] = spec.key
    for code, row in legacy_rows.items():
        if code not in legacy_keys:
            spec = _historical_province(row)
            specs.append(spec)
            legacy_keys[code] = spec.key
    return specs, current_keys, legacy_keys


def _current_province(province, legacy_rows, current_rows) -> tuple[UnitSpec, bool]:
    code = f"{int(province.code):02d}"
    old = legacy_rows.get(code)
    continuing = old is not None and fold(_province_name(old["province"])) == fold(province.name)
    geo = current_rows.get(code)
    spec = UnitSpec(
        UnitKind.PROVINCE,
        code,
        clean_name(province.name),
        province.division_type.value,
        valid_from=None if continuing else REFORM_DATE,
        valid_to=None,
        latitude=geo["provinceLat"] if geo else None,
        longitude=geo["provinceLon"] if geo else None,
    )
    return spec, continuing


def _province_name(legacy_name: str) -> str:
    # vietnam-provinces writes "Cao Bằng" where the legacy data says "Tỉnh Cao Bằng".
    return clean_name(legacy_name.removeprefix("Tỉnh "))


def _historical_province(row: sqlite3.Row) -> UnitSpec:
    name = _province_name(row["province"])
    city = name.startswith("Thành phố ")
    return UnitSpec(
        UnitKind.PROVINCE,
        row["provinceCode"],
        name,
        "thành phố trung ương" if city else "tỉnh",
        valid_from=None,
        valid_to=LAST_LEGACY_DAY,
        latitude=row["provinceLat"],
        longitude=row["provinceLon"],
    )


def _district_specs(legacy, legacy_keys: dict[str, Key]) -> list[UnitSpec]:
    districts: dict[str, UnitSpec] = {}
    for row in legacy:
        if row["districtCode"] in districts:
            continue
        districts[row["districtCode"]] = UnitSpec(
            UnitKind.DISTRICT,
            row["districtCode"],
            clean_name(row["district"]),
            row["districtType"].lower(),
            valid_from=None,
            valid_to=LAST_LEGACY_DAY,
            parent_key=legacy_keys[row["provinceCode"]],
            latitude=row["districtLat"],
            longitude=row["districtLon"],
        )
    return list(districts.values())


def _district_key(code: str) -> Key:
    return (UnitKind.DISTRICT, code, None, LAST_LEGACY_DAY)


def _legacy_commune_key(code: str) -> Key:
    return (UnitKind.COMMUNE, code, None, LAST_LEGACY_DAY)


def _current_commune_key(code: str) -> Key:
    return (UnitKind.COMMUNE, code, REFORM_DATE, None)


def _legacy_commune_specs(legacy) -> list[UnitSpec]:
    # Five island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) had no communes.
    return [
        UnitSpec(
            UnitKind.COMMUNE,
            row["wardCode"],
            clean_name(row["ward"]),
            row["wardType"].lower(),
            valid_from=None,
            valid_to=LAST_LEGACY_DAY,
            parent_key=_district_key(row["districtCode"]),
            latitude=row["wardLat"],
            longitude=row["wardLon"],
        )
        for row in legacy
        if row["wardCode"]
    ]


def _current_commune_specs(current, vp_codes, current_keys) -> list[UnitSpec]:
    from vietnam_provinces import Ward

    geo = {vp_codes[row["wardCode"]]: row for row in current if row["wardCode"] in vp_codes}
    specs = []
    for ward in Ward.iter_all():
        code = f"{int(ward.code):05d}"
        row = geo.get(code)
        specs.append(
            UnitSpec(
                UnitKind.COMMUNE,
                code,
                clean_name(ward.name),
                ward.division_type.value,
                valid_from=REFORM_DATE,
                valid_to=None,
                parent_key=current_keys[f"{int(ward.province_code):02d}"],
                latitude=row["wardLat"] if row else None,
                longitude=row["wardLon"] if row else None,
                area_km2=row["wardAreaKm2"] if row else None,
            )
        )
    return specs


def _converter_targets(data: dict) -> dict[str, set[tuple[str, str]]]:
    """'province_district_ward' key of a legacy commune -> {(new province key, new ward key)}."""
    targets: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for province_key, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            for old_key in old_keys:
                targets[old_key].add((province_key, ward_key))
    # A legacy commune split among several new ones maps to all of them.
    for province_key, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, new_wards in olds.items():
            for ward in new_wards:
                targets[old_key].add((province_key, ward["newWardKey"]))
    return targets


def _commune_successors(legacy, current, vp_codes) -> set[tuple[Key, Key]]:
    """Legacy commune -> the 2025 commune(s); a district -> the union over its communes."""
    targets = _converter_targets(_converter_data())
    new_code = {
        (row["provinceKey"], row["wardKey"]): vp_codes.get(row["wardCode"]) for row in current
    }
    pairs = set()
    for row in legacy:
        old_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        for target in targets.get(old_key, ()):
            code = new_code.get(target)
            if code is None:
                continue
            new = _current_commune_key(code)
            pairs.add((_district_key(row["districtCode"]), new))
            if row["wardCode"]:
                pairs.add((_legacy_commune_key(row["wardCode"]), new))
    return pairs


def _province_successors(legacy, current, current_keys, legacy_keys) -> set[tuple[Key, Key]]:
    """A province merged away in 2025 -> the province it joined."""
    legacy_code = {row["provinceKey"]: row["provinceCode"] for row in legacy}
    new_code = {row["provinceKey"]: row["provinceCode"] for row in current}
    pairs = set()
    for new_province, old_provinces in _converter_data()["DICT_PROVINCE"].items():
        new = current_keys.get(new_code.get(new_province, ""))
        for old_province in old_provinces:
            old = legacy_keys.get(legacy_code.get(old_province, ""))
            if new and old and old != new:
                pairs.add((old, new))
    return pairs


# --- Writing the rows -----------------------------------------------------------------------


def _sync_units(levels: list[list[UnitSpec]]) -> tuple[dict[Key, Unit], int, int]:
    """Create missing units level by level (parents get their pk first), update changed ones."""
    by_key = {unit_key(u): u for u in Unit.objects.filter(kind__in=LOADED_KINDS)}
    created = updated = 0
    for level in levels:
        new, changed = [], []
        for spec in level:
            parent_id = by_key[spec.parent_key].pk if spec.parent_key else None
            unit = by_key.get(spec.key)
            if unit is None:
                new.append(_new_unit(spec, parent_id))
            elif _apply(unit, spec, parent_id):
                changed.append(unit)
        Unit.objects.bulk_create(new, batch_size=1000)
        Unit.objects.bulk_update(changed, SYNCED_FIELDS, batch_size=500)
        by_key.update((unit_key(u), u) for u in new)
        created, updated = created + len(new), updated + len(changed)
    return by_key, created, updated


def _new_unit(spec: UnitSpec, parent_id: int | None) -> Unit:
    return Unit(
        kind=spec.kind,
        code=spec.code,
        name=spec.name,
        division_type=spec.division_type,
        valid_from=spec.valid_from,
        valid_to=spec.valid_to,
        parent_id=parent_id,
        latitude=spec.latitude,
        longitude=spec.longitude,
        area_km2=spec.area_km2,
        # Unique placeholder until the pk is known; _refresh_paths writes the real path.
        path=f"~{spec.kind}/{spec.code}/{spec.valid_from}/{spec.valid_to}",
    )


def _apply(unit: Unit, spec: UnitSpec, parent_id: int | None) -> bool:
    wanted = {
        "name": spec.name,
        "division_type": spec.division_type,
        "parent_id": parent_id,
        "latitude": spec.latitude,
        "longitude": spec.longitude,
        "area_km2": spec.area_km2,
    }
    changed = False
    for field, value in wanted.items():
        if getattr(unit, field) != value:
            setattr(unit, field, value)
            changed = True
    return changed


def _refresh_paths() -> int:
    """Recompute the materialized path of every unit in Python; write only those that differ.

    bulk_create does not call save(), which is where a single unit computes its path.
    Villages are included: their path changes if their commune's does.
    """
    rows = {
        pk: (parent_id, path)
        for pk, parent_id, path in Unit.objects.values_list("pk", "parent_id", "path")
    }
    computed: dict[int, str] = {}

    def path_of(pk: int) -> str:
        if pk not in computed:
            parent_id = rows[pk][0]
            computed[pk] = (path_of(parent_id) if parent_id else "") + f"{pk:08d}/"
        return computed[pk]

    stale = [
        (path_of(pk), path_of(pk).count("/") - 1, pk)
        for pk, (_, path) in rows.items()
        if path_of(pk) != path
    ]
    _write_paths(stale)
    return len(stale)


def _write_paths(params: list[tuple[str, int, int]]) -> None:
    # executemany of one parameterized UPDATE: bulk_update's CASE WHEN costs seconds here.
    qn = connection.ops.quote_name
    meta = Unit._meta
    # Identifiers come from the model's own metadata, quoted; values are parameters.
    sql = "UPDATE {} SET {} = %s, {} = %s WHERE {} = %s".format(  # noqa: S608
        qn(meta.db_table),
        qn(meta.get_field("path").column),
        qn(meta.get_field("depth").column),
        qn(meta.pk.column),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _sync_successors(pairs: set[tuple[Key, Key]], by_key: dict[Key, Unit]) -> int:
    """Add the missing old -> new links; links added by hand are kept."""
    through = Unit.successors.through
    existing = set(through.objects.values_list("from_unit_id", "to_unit_id"))
    wanted = {(by_key[old].pk, by_key[new].pk) for old, new in pairs}
    missing = [through(from_unit_id=a, to_unit_id=b) for a, b in sorted(wanted - existing)]
    through.objects.bulk_create(missing, batch_size=1000)
    return len(missing)


# --- Addresses typed in the pre-2025 form (SPEC §1) -----------------------------------------


@functools.cache
def _official_commune_codes() -> dict[str, str]:
    return _vau_to_vp_codes(_vau_rows("SELECT provinceCode, ward, wardCode FROM admin_units"))


def convert_legacy_address(text: str) -> tuple[Unit | None, str]:
    """'Xã Khánh Thượng, Huyện Ba Vì, Hà Nội' -> (Xã Ba Vì, 'Xã Ba Vì, Thành phố Hà Nội').

    Returns the current commune (None if the address names no known commune) and the
    address rewritten in the 2025 form, street kept in front.
    """
    from vietnamadminunits import ParseMode, convert_address, parse_address

    old = parse_address(text or "", mode=ParseMode.LEGACY, keep_street=True, level=3)
    # Converted without the street: with a street and a split commune the package would
    # geocode the address on a public web service, and citizens' addresses stay here.
    # A split commune therefore goes to the package's default successor.
    bare = ", ".join(part for part in (old.ward, old.district, old.province) if part)
    new = convert_address(bare) if bare else None
    code = _official_commune_codes().get(new.ward_code) if new and new.ward_code else None
    unit = (
        Unit.objects.current()
        .filter(kind=UnitKind.COMMUNE, code=code)
        .select_related("parent")
        .first()
        if code
        else None
    )
    if unit is not None:
        parts = [old.street, unit.name, _province_in_address(unit.parent)]
    else:
        parts = [old.street, new.get_address() if new else None]
    return unit, ", ".join(part for part in parts if part)


def _province_in_address(province: Unit | None) -> str | None:
    # vietnam-provinces names provinces without "Tỉnh"; an address spells it out.
    if province is None:
        return None
    if province.division_type == "tỉnh" and not province.name.startswith("Tỉnh "):
        return f"Tỉnh {province.name}"
    return province.name
