"""Looking units up by code within a date: the only safe way, since codes were reused in 2025."""

import datetime as dt
import unicodedata

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import record
from danvan.core.errors import Invalid, NotFound
from danvan.core.text import loose, squash
from danvan.units.models import LAST_LEGACY_DAY, REFORM_DATE, Unit, UnitKind


def unit_by_code(code: str, day: dt.date | None = None) -> Unit:
    day = day or timezone.localdate()
    unit = Unit.objects.valid_on(day).filter(code=code).order_by("-depth").first()
    if unit is None:
        raise NotFound(
            "unit.not_found", f"Không có đơn vị hành chính mã {code} vào ngày {day:%d/%m/%Y}."
        )
    return unit


def current_unit(code: str) -> Unit:
    return unit_by_code(code, None)


# --- Units named in a file or a form: by code or by name, old names led to the new unit ------

CODE_LENGTHS = {UnitKind.PROVINCE: 2, UnitKind.DISTRICT: 3, UnitKind.COMMUNE: 5}
LOOKUP_CHUNK = 500


def current_communes():
    """Today's communes and wards by name (where a citizen files a dossier online)."""
    return Unit.objects.current().filter(kind=UnitKind.COMMUNE).order_by("name")


def resolve_units(
    texts, *, kinds=(), within=None, day: dt.date | None = None
) -> dict[str, "Unit | str"]:
    """{text: the unit it names, or a Vietnamese message}, in a few queries for any number of
    texts. A text is a code ("00070", or 70 as a spreadsheet writes it) or a name, with or
    without its type ("Phường Hoàn Kiếm", "hoàn kiếm"). A name of a unit abolished on 1 July
    2025 leads to the unit that replaced it, when there is exactly one. `within`: a unit or a
    list of units whose subtrees the result must be in (e.g. the importing official's scope)."""
    texts = {squash(t) for t in texts if squash(t)}
    day = day or timezone.localdate()
    paths = _within_paths(within)
    found = _current(texts, _pool(kinds, paths).valid_on(day), kinds)
    if paths is not None and texts - set(found):
        elsewhere = _current(texts - set(found), _pool(kinds, None).valid_on(day), kinds)
        found |= {t: _outside(t, u, within) for t, u in elsewhere.items()}
    if texts - set(found):
        found |= _by_old_name(texts - set(found), kinds, paths, day, within)
    for text in texts - set(found):
        found[text] = _not_found(text)
    return found


def _current(texts, pool, kinds) -> dict[str, "Unit | str"]:
    found: dict[str, Unit | str] = dict(_by_code(texts, pool, kinds))
    if texts - set(found):
        found |= _by_name(texts - set(found), pool)
    return found


def _scope_name(within) -> str:
    units = within if isinstance(within, list | tuple | set) else [within]
    return ", ".join(u.name for u in units)


def _outside(text: str, found: "Unit | str", within) -> str:
    what = f"“{text}” ({found.code})" if isinstance(found, Unit) else f"“{text}”"
    return _("%(what)s không thuộc %(scope)s.") % {"what": what, "scope": _scope_name(within)}


def _within_paths(within) -> list[str] | None:
    if within is None:
        return None
    units = within if isinstance(within, list | tuple | set) else [within]
    return [u.path for u in units]


def _pool(kinds, paths):
    qs = Unit.objects.filter(kind__in=kinds) if kinds else Unit.objects.all()
    if paths is not None:
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(path__startswith=path)
        qs = qs.filter(q)
    return qs


def _code_variants(text: str, kinds) -> list[str]:
    if not text.isdigit():
        return [text]
    lengths = [CODE_LENGTHS[k] for k in (kinds or CODE_LENGTHS) if k in CODE_LENGTHS]
    return [text] + [text.zfill(n) for n in lengths if len(text) < n]


def _by_code(texts, pool, kinds) -> dict[str, Unit]:
    """Texts that are a code of a unit in the pool (the code as written wins over a padded one)."""
    wanted = {t: _code_variants(t, kinds) for t in texts}
    keys = sorted({v for variants in wanted.values() for v in variants})
    by_code: dict[str, Unit] = {}
    for start in range(0, len(keys), LOOKUP_CHUNK):
        for unit in pool.filter(code__in=keys[start : start + LOOKUP_CHUNK]).order_by("-depth"):
            by_code.setdefault(unit.code, unit)
    found = {}
    for text, variants in wanted.items():
        unit = next((by_code[v] for v in variants if v in by_code), None)
        if unit is not None:
            found[text] = unit
    return found


# The words a unit's name starts with, as people leave them out ("Hà Nội" for "Thành phố Hà
# Nội", whose division type is "thành phố trung ương"); longest first.
TYPE_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh",
              "xã")  # fmt: skip


def name_keys(unit: Unit) -> set[str]:
    """The full name, and the name without its type ("Phường Hoàn Kiếm" -> "hoàn kiếm")."""
    full = loose(unit.name)
    keys = {full}
    for prefix in (loose(unit.division_type or ""), *TYPE_WORDS):
        if prefix and full.startswith(prefix + " "):
            keys.add(full[len(prefix) + 1 :])
            break
    return keys


def _name_index(pool) -> dict[str, list[Unit]]:
    index: dict[str, list[Unit]] = {}
    for unit in pool.only("pk", "code", "name", "division_type", "kind", "path", "parent_id"):
        for key in name_keys(unit):
            index.setdefault(key, []).append(unit)
    return index


def _by_name(texts, pool) -> dict[str, "Unit | str"]:
    index = _name_index(pool)
    found: dict[str, Unit | str] = {}
    for text in texts:
        units = index.get(loose(text), [])
        if len(units) == 1:
            found[text] = units[0]
        elif units:
            listed = ", ".join(f"{u.name} ({u.code})" for u in units[:4])
            found[text] = _("Có nhiều đơn vị tên “%(name)s”: %(units)s; hãy ghi mã đơn vị.") % {
                "name": text,
                "units": listed,
            }
    return found


def _by_old_name(texts, kinds, paths, day, within) -> dict[str, "Unit | str"]:
    """Codes and names of units that ended on 30 June 2025, led to the current units that
    replaced them (within the scope: several old units of one name may still lead to one)."""
    old_pool = _pool(kinds, None).filter(valid_to__lte=LAST_LEGACY_DAY)
    candidates = {t: [u] for t, u in _by_code(texts, old_pool, kinds).items()}
    rest = set(texts) - set(candidates)
    if rest:
        index = _name_index(old_pool)
        candidates |= {t: index[loose(t)] for t in rest if loose(t) in index}
    following = _successors({u.pk for units in candidates.values() for u in units}, kinds, day)
    found = {}
    for text, units in candidates.items():
        new = {s for u in units for s in following.get(u.pk, ())}
        inside = [s for s in new if paths is None or any(s.path.startswith(p) for p in paths)]
        found[text] = _successor(text, inside) if inside or not new else _outside(text, "", within)
    return found


def _successors(old_ids: set[int], kinds, day) -> dict[int, list[Unit]]:
    links = Unit.successors.through.objects.filter(from_unit_id__in=old_ids)
    current = _pool(kinds, None).valid_on(day).filter(pk__in=links.values("to_unit_id"))
    by_id = {u.pk: u for u in current}
    following: dict[int, list[Unit]] = {}
    for from_id, to_id in links.values_list("from_unit_id", "to_unit_id"):
        if to_id in by_id:
            following.setdefault(from_id, []).append(by_id[to_id])
    return following


def _successor(text: str, units: list[Unit]) -> "Unit | str":
    if len(units) == 1:
        return units[0]
    if not units:
        return _(
            "“%(name)s” là đơn vị cũ (trước 1/7/2025); không tìm được đơn vị mới thay thế."
        ) % {"name": text}
    listed = ", ".join(f"{u.name} ({u.code})" for u in sorted(units, key=lambda u: u.code))
    return _(
        "“%(name)s” là đơn vị cũ (trước 1/7/2025), nay thuộc %(units)s; "
        "hãy ghi tên hoặc mã đơn vị mới."
    ) % {"name": text, "units": listed}


def _not_found(text: str) -> str:
    return _("Không tìm thấy đơn vị “%(text)s” (ghi mã hoặc tên đơn vị).") % {"text": text}


# --- The subtree a figure counts ------------------------------------------------------------


def subtree_q(unit: Unit, field: str = "unit", *, start: dt.date | None = None) -> Q:
    """Records whose `field` (a FK to Unit; "" for units themselves) is in the unit's subtree.
    For a period starting before 1 July 2025, records of the units this one replaced (of the
    same kind: the old communes of a new commune, the old province of a merged one) count too."""
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    q = Q(**{lookup: unit.path})
    if start is not None and start < REFORM_DATE and not unit.is_historical:
        for path in _predecessor_paths(unit):
            q |= Q(**{lookup: path})
    if unit.is_historical:
        for path in successor_paths(unit):
            q |= Q(**{lookup: path})
    return q


def successor_paths(unit: Unit) -> list[str]:
    """The re-mapping of a pre-2025 unit (a district): today's communes most of whose former
    communes lay within it. Importers file a 2024 record under the commune that replaced the old
    one it names, so the district's report counts it through this; each of today's communes
    belongs to one former district at most (strictly more than half of its predecessors), so
    the districts still add up to the city."""
    old_communes = Q(predecessors__kind=UnitKind.COMMUNE)  # a predecessor may be a district
    inside = Count(
        "predecessors", filter=old_communes & Q(predecessors__path__startswith=unit.path)
    )
    rows = (
        Unit.objects.filter(predecessors__path__startswith=unit.path, kind=UnitKind.COMMUNE)
        .exclude(path__startswith=unit.path)
        .values("pk")
        .distinct()
    )
    candidates = Unit.objects.filter(pk__in=rows, valid_to__isnull=True).annotate(
        inside=inside, total=Count("predecessors", filter=old_communes)
    )
    return sorted(c.path for c in candidates if c.inside * 2 > c.total)


def _predecessor_paths(unit: Unit) -> list[str]:
    paths = sorted(
        unit.predecessors.filter(kind=unit.kind)
        .exclude(path__startswith=unit.path)
        .values_list("path", flat=True)
    )
    minimal: list[str] = []
    for path in paths:
        if not minimal or not path.startswith(minimal[-1]):
            minimal.append(path)
    return minimal


def children_in_period(unit: Unit, start: dt.date | None, end: dt.date | None) -> list[Unit]:
    """The unit's direct children in force at some time during the period, by code."""
    qs = unit.children.all()
    if end is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
    if start is not None:
        qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    return list(qs.order_by("code"))


# --- The commune picker of online filing ---------------------------------------------------------


def _fold(text: str) -> str:
    """Diacritics and case ignored, for a citizen typing "tan thanh" on a phone."""
    text = loose(text).replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def former_districts(unit: Unit) -> list[str]:
    """The names of the districts (abolished 1/7/2025) this commune's predecessors belonged to:
    the name alone repeats across the country (Xã Tân Thành ×7)."""
    return sorted(
        {
            p.parent.name
            for p in unit.predecessors.select_related("parent")
            if p.parent_id and p.parent.kind == UnitKind.DISTRICT
        }
    )


def search_communes(query: str, *, limit: int = 20) -> list[Unit]:
    """Today's communes whose name holds the words typed, ignoring diacritics; at most `limit`."""
    words = _fold(query).split()
    if not words:
        return []
    rows = current_communes().values_list("pk", "name")
    hits = [pk for pk, name in rows if all(w in _fold(name) for w in words)][:limit]
    return list(current_communes().filter(pk__in=hits).select_related("parent"))


def nearest_communes(unit: Unit, among, *, limit: int = 3) -> list[Unit]:
    """The communes of `among` closest to `unit` (by coordinates when both have them, else the same
    province first)."""
    among = [u for u in among if u.pk != unit.pk]

    def distance(u: Unit) -> tuple:
        if None not in (unit.latitude, unit.longitude, u.latitude, u.longitude):
            return (0, (u.latitude - unit.latitude) ** 2 + (u.longitude - unit.longitude) ** 2)
        return (1, 0 if u.parent_id == unit.parent_id else 1, u.name)

    return sorted(among, key=distance)[:limit]


def communes_under(paths: list[str]):
    """Today's communes below any of these unit paths."""
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return current_communes().filter(q).select_related("parent")


# --- Population (the reports' per-1,000-inhabitants figures) ------------------------------------


def set_population(unit: Unit, population: int, *, year: int, source: str, by=None) -> Unit:
    """Record a unit's population with its year and source (a yearbook, a census, a decision)."""
    if population is None or population <= 0:
        raise Invalid("unit.population_invalid", _("Dân số phải là số nguyên dương."))
    if not source.strip():
        raise Invalid("unit.population_source_missing", _("Cần ghi nguồn số liệu dân số."))
    with transaction.atomic():
        unit.population, unit.population_year = population, year
        unit.population_source = source.strip()[:300]
        unit.save(update_fields=["population", "population_year", "population_source"])
        record("units.population.set", actor=by, unit=unit, obj=unit,
               data={"name": unit.name, "population": population, "year": year,
                     "source": unit.population_source})  # fmt: skip
    return unit


def population_of(unit: Unit, day: dt.date | None = None) -> tuple[int | None, list[Unit]]:
    """(inhabitants, the units whose figures were used): the unit's own figure, else the sum of
    its children in force on `day` when every one of them has a figure (a partial sum would make
    a per-1,000 rate look higher than it is), else (None, [])."""
    if unit.population:
        return unit.population, [unit]
    children = list(unit.children.all()) if day is None else children_in_period(unit, day, day)
    if not children:
        return None, []
    used: list[Unit] = []
    total = 0
    for child in children:
        value, parts = population_of(child, day)
        if value is None:
            return None, []
        total += value
        used += parts
    return total, used


def populations(units: list[Unit], day: dt.date | None = None) -> dict[int, int | None]:
    """{unit id: inhabitants} for many units, by population_of's rule, one query per level
    below them (a ranking of 126 communes: two queries, not 126)."""
    out: dict[int, int | None] = {u.pk: u.population for u in units}
    missing = [u.pk for u in units if not u.population]
    if missing:
        children = Unit.objects.filter(parent_id__in=missing)
        if day is not None:
            children = children.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            children = children.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        by_parent: dict[int, list[Unit]] = {}
        for child in children:
            by_parent.setdefault(child.parent_id, []).append(child)
        below = populations([c for cs in by_parent.values() for c in cs], day) if by_parent else {}
        for pk in missing:
            values = [below[c.pk] for c in by_parent.get(pk, [])]
            out[pk] = sum(values) if values and all(v is not None for v in values) else None
    return out
