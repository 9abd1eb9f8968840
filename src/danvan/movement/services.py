"""Practices: registration, details, transitions (recognition refusals audited), the list's
filters and the replication tree. Views and the API call these; none writes a practice itself."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.api.pagination import Keyset, KeysetPage, Segment
from danvan.audit.services import record
from danvan.core.errors import Conflict, DomainError, Invalid, NotFound
from danvan.core.storage import atomic_with_files
from danvan.core.text import fold
from danvan.movement.models import Level, Practice, PracticeState
from danvan.workflow import create, transition

READERS = (Role.MOBILIZER, Role.FRONT_OFFICER, Role.REPORTER, Role.ADMIN)
WRITERS = (Role.MOBILIZER,)
DETAIL_FIELDS = (
    "summary",
    "situation",
    "objectives",
    "method",
    "area_target",
    "forces",
    "funds_vnd",
    "workdays",
    "contributions",
    "started_on",
    "evaluation_on",
    "outputs",
    "beneficiaries",
    "maintainable",
    "replicable",
)
SHORT_FIELDS = ("name", "level", "field", "holder_kind", "holder_name", "registered_on")


def new_code(year: int) -> str:
    return f"DVK-{year}-{secrets.token_hex(4).upper()}"


def search_text(name: str, holder: str) -> str:
    return f"{fold(name)} {fold(holder)}"


def visible(user) -> QuerySet:
    return scope.scoped(Practice.objects.all(), user, roles=READERS)


def get_visible(user, pk) -> Practice:
    practice = (
        visible(user).select_related("unit", "organization", "replicates__unit").filter(pk=pk)
    )
    found = practice.first()
    if found is None:
        raise NotFound("practice.not_found", _("Không tìm thấy mô hình."))
    return found


def register(data: dict, *, unit, by) -> Practice:
    """The short form: name, level, field, holder, date; details may follow (``update``)."""
    scope.require_unit(by, unit, WRITERS)
    source = data.pop("replicates", None)
    if source is not None and not scope.covers(by, source.unit, READERS):
        source = None
    day = data.get("registered_on") or timezone.localdate()
    practice = Practice(
        code=new_code(day.year),
        unit=unit,
        year=day.year,
        registered_on=day,
        created_by=by,
        replicates=source,
        **{k: v for k, v in data.items() if k != "registered_on"},
    )
    practice.search = search_text(practice.name, practice.holder_name)
    with transaction.atomic():
        create(practice, "register", by=by)
        if source is not None:
            record(
                "movement.practice.replicates",
                actor=by,
                unit=unit,
                obj=practice,
                data={"name": practice.name, "source": source.name, "source_code": source.code},
            )
    return practice


def update(practice: Practice, data: dict, *, by, expected_version: int) -> Practice:
    """Details of a practice (the long form); a concurrent edit is a 409 like a transition."""
    scope.require_unit(by, practice.unit, WRITERS)
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        if locked.version != expected_version:
            raise Conflict(
                "practice.version_conflict",
                _("Mô hình đã được cập nhật (phiên bản %(v)s); vui lòng tải lại rồi thao tác.")
                % {"v": locked.version},
                fields={"version": locked.version},
            )
        changed = []
        for key, value in data.items():
            if getattr(locked, key) != value:
                setattr(locked, key, value)
                changed.append(key)
        if not changed:
            return locked
        locked.search = search_text(locked.name, locked.holder_name)
        locked.version += 1
        locked.save()
        record(
            "movement.practice.updated",
            actor=by,
            unit=locked.unit,
            obj=locked,
            data={"name": locked.name, "fields": changed},
        )
    return locked


def apply(practice: Practice, action: str, *, by, expected_version, **data) -> Practice:
    """A transition of the practice table. A refused recognition is audited (the attempt of a
    commune official to recognize at city level stays on the trail)."""
    try:
        return transition(practice, action, by=by, expected_version=expected_version, **data)
    except DomainError as exc:
        if action.startswith("recognize_") and exc.code in (
            "practice.level_forbidden",
            "practice.role_forbidden",
        ):
            record(
                "movement.practice.recognition_refused",
                actor=by,
                unit=practice.unit,
                obj=practice,
                data={
                    "name": practice.name,
                    "code": practice.code,
                    "level": action.removeprefix("recognize_"),
                    "error": exc.code,
                },
            )
        raise


def bulk_review(ids: list[int], action: str, *, by, reason: str = "") -> tuple[int, list[str]]:
    """The yearly review on many practices at once: each one its own transition (a refusal
    for one does not stop the others); returns (applied, messages of refusals)."""
    done, problems = 0, []
    for practice in visible(by).filter(pk__in=ids).select_related("unit"):
        try:
            transition(practice, action, by=by, expected_version=practice.version, reason=reason)
            done += 1
        except DomainError as exc:
            problems.append(f"{practice.name}: {exc.message}")
    return done, problems


# --- the list ---------------------------------------------------------------------------------


@dataclass
class Filters:
    unit: object = None
    level: str = ""
    field: str = ""
    state: str = ""
    year: int | None = None
    holder_kind: str = ""
    replicated: str = ""  # "yes": someone replicated it; "no": nobody did
    stale_years: int | None = None  # nobody replicated it N years after registration
    q: str = ""
    today: dt.date = dc_field(default_factory=timezone.localdate)


def filtered(user, f: Filters) -> QuerySet:
    qs = visible(user)
    if f.unit is not None:
        qs = qs.filter(unit__path__startswith=f.unit.path)
    for name in ("level", "field", "state", "holder_kind"):
        if getattr(f, name):
            qs = qs.filter(**{name: getattr(f, name)})
    if f.year:
        qs = qs.filter(year=f.year)
    has_replica = Exists(Practice.objects.filter(replicates=OuterRef("pk")))
    if f.replicated == "yes":
        qs = qs.filter(has_replica)
    elif f.replicated == "no":
        qs = qs.filter(~has_replica)
    if f.stale_years:
        cutoff = f.today.replace(year=f.today.year - f.stale_years)
        qs = qs.filter(~has_replica, registered_on__lte=cutoff)
    if f.q:
        folded = fold(f.q)
        if folded:
            # Codes are stored upper-case: an equality on the unique index, so PostgreSQL can OR
            # it with the trigram index of `search` (an UPPER() would force a sequential scan).
            qs = qs.filter(Q(search__contains=folded) | Q(code=f.q.strip().upper()))
    return qs.select_related("unit").order_by("-registered_on", "-id")


# --- keyset pagination of the list ------------------------------------------------------------
# The list is ordered by (registered_on, id), newest first, on the shared api.pagination.Keyset
# (the dossier lists' too): a page starts after a cursor that names the last row of the previous
# page, so a deep page costs what the first one costs (an index range scan on
# practice_list_order, no OFFSET, no COUNT).

PRACTICE_LIST = Keyset(Segment(Q(), ("-registered_on", "-id"), "practices"))


def encode_cursor(practice: Practice) -> str:
    return PRACTICE_LIST.encode(0, practice)


def keyset_page(qs: QuerySet, cursor: str | None, size: int) -> KeysetPage:
    """One page of `qs` (``filtered``) after `cursor`, without a total; a cursor that is not ours
    is refused (Invalid, 422 ``page.bad_cursor``: the API says so, the page starts over)."""
    return PRACTICE_LIST.page(qs, cursor or None, size, count=False)


# --- spread -----------------------------------------------------------------------------------


@dataclass
class Node:
    practice: Practice
    children: list = dc_field(default_factory=list)
    depth: int = 0


def root_of(practice: Practice) -> Practice:
    seen = {practice.pk}
    while practice.replicates_id and practice.replicates_id not in seen:
        practice = Practice.objects.select_related("unit").get(pk=practice.replicates_id)
        seen.add(practice.pk)
    return practice


def family_tree(practice: Practice, max_depth: int = 12) -> tuple[Node, Counter]:
    """The replication tree from the original practice down: one query per generation. Returns
    the root node and a count of the family's practices per registering level."""
    root = Node(root_of(practice))
    by_pk = {root.practice.pk: root}
    frontier = [root]
    for depth in range(1, max_depth + 1):
        rows = (
            Practice.objects.filter(replicates__in=[n.practice.pk for n in frontier])
            .select_related("unit")
            .order_by("registered_on", "pk")
        )
        frontier = []
        for row in rows:
            if row.pk in by_pk:
                continue
            node = Node(row, depth=depth)
            by_pk[row.pk] = node
            by_pk[row.replicates_id].children.append(node)
            frontier.append(node)
        if not frontier:
            break
    levels = Counter(n.practice.level for n in by_pk.values())
    return root, levels


def flatten(node: Node) -> list[Node]:
    out = [node]
    for child in node.children:
        out.extend(flatten(child))
    return out


def parse_level(value: str) -> str:
    if value and value not in Level.values:
        raise Invalid("practice.bad_level", _("Cấp không hợp lệ."), fields={"level": value})
    return value


def states_label(value: str) -> str:
    return PracticeState(value).label if value in PracticeState.values else value


# --- evidence and commendations ---------------------------------------------------------------


def add_evidence(practice: Practice, title: str, name: str, data: bytes, *, by):
    """An evidence file (PDF, JPEG or PNG, checked by its content, not its name)."""
    from django.core.files.base import ContentFile

    from danvan.core.uploads import check_upload
    from danvan.movement.models import Evidence

    scope.require_unit(by, practice.unit, WRITERS)
    title = " ".join((title or "").split())[:300]
    if not title:
        raise Invalid(
            "evidence.title_required",
            _("Cần ghi tên tài liệu minh chứng."),
            fields={"title": _("Không được để trống.")},
        )
    checked = check_upload(name, data)
    with atomic_with_files():
        evidence = Evidence(
            practice=practice,
            title=title,
            content_type=checked.content_type,
            size=checked.size,
            is_photo=checked.content_type.startswith("image/"),
        )
        evidence.file.save(checked.name, ContentFile(checked.data), save=False)
        evidence.save()
        record(
            "movement.practice.evidence_added",
            actor=by,
            unit=practice.unit,
            obj=practice,
            data={"name": practice.name, "title": title, "sha256": checked.sha256},
        )
    return evidence


def set_evidence_public(practice: Practice, evidence_id: int, public: bool, *, by):
    """Show (or stop showing) one photo of the practice on the public showcase. Only an official
    who may edit the practice decides; photos may show people, so none is public by default.
    Audited when the choice changes; setting the same value again changes nothing."""
    from danvan.movement.models import Evidence

    scope.require_unit(by, practice.unit, WRITERS)
    with transaction.atomic():
        evidence = (
            Evidence.objects.select_for_update().filter(practice=practice, pk=evidence_id).first()
        )
        if evidence is None:
            raise NotFound("evidence.not_found", _("Không tìm thấy tài liệu minh chứng."))
        if public and not evidence.is_photo:
            raise Invalid(
                "evidence.not_photo",
                _("Chỉ công khai được ảnh (JPEG, PNG); tài liệu này không phải ảnh."),
                fields={"public": _("Không phải ảnh.")},
            )
        if evidence.is_public != public:
            evidence.is_public = public
            evidence.save(update_fields=["is_public"])
            if not public:  # its re-encoded copies go too (never served again meanwhile)
                from danvan.movement import photos

                transaction.on_commit(lambda: photos.forget(evidence.pk))
            record(
                "movement.practice.photo_published" if public else "movement.practice.photo_hidden",
                actor=by,
                unit=practice.unit,
                obj=practice,
                data={"name": practice.name, "title": evidence.title, "evidence": evidence.pk},
            )
    return evidence


def on_showcase() -> QuerySet:
    """Practices the public showcase lists: recognized at some level and not dropped."""
    return Practice.objects.exclude(recognized_level="").exclude(state=PracticeState.DROPPED)


def public_photos():
    """Photo evidence an official made public (the caller restricts it to showcased practices)."""
    from danvan.movement.models import Evidence

    return Evidence.objects.filter(is_photo=True, is_public=True).order_by("added_at", "pk")


def commend(practice: Practice, data: dict, *, by):
    """Record a commendation (certificate of merit: by whom, when)."""
    from danvan.movement.models import Commendation

    scope.require_unit(by, practice.unit, WRITERS)
    with transaction.atomic():
        item = Commendation.objects.create(practice=practice, **data)
        record(
            "movement.practice.commended",
            actor=by,
            unit=practice.unit,
            obj=practice,
            data={"name": practice.name, "kind": str(item.get_kind_display())},
        )
    return item


# --- self-managed groups ----------------------------------------------------------------------


def village_for(commune, name: str):
    """The village or residential group of that name below the commune, created when missing
    (SPEC §1: villages are added by users)."""
    from danvan.core.text import loose
    from danvan.units.models import Unit, UnitKind

    name = " ".join(name.split())
    for unit in Unit.objects.current().filter(parent=commune, kind=UnitKind.VILLAGE):
        if loose(unit.name) == loose(name):
            return unit, False
    taken = set(Unit.objects.filter(parent=commune).values_list("code", flat=True))
    n = 1
    while f"{commune.code}-{n:03d}" in taken:
        n += 1
    kind = "thôn" if loose(name).startswith("thon") else "tổ dân phố"
    unit = Unit.objects.create(
        parent=commune, name=name, code=f"{commune.code}-{n:03d}", kind=UnitKind.VILLAGE,
        division_type=kind, valid_from=timezone.localdate(),
    )  # fmt: skip
    return unit, True


def create_group(data: dict, *, commune, village_name: str, by):
    from danvan.movement.models import SelfManagedGroup

    scope.require_unit(by, commune, WRITERS)
    with transaction.atomic():
        village, created = village_for(commune, village_name)
        group = SelfManagedGroup.objects.create(unit=village, **data)
        record(
            "movement.group.created",
            actor=by,
            unit=village,
            obj=group,
            data={"name": group.name, "village": village.name, "village_created": created},
        )
    return group


def groups_by_old_district(groups) -> list[tuple[str, int, int]]:
    """(pre-2025 district, groups, households) for groups in current communes: a commune counts
    under the districts its predecessor communes belonged to (joined when several)."""
    from collections import defaultdict

    communes = {g.unit.parent_id for g in groups}
    from danvan.units.models import Unit

    names = {}
    for commune in Unit.objects.filter(pk__in=communes).prefetch_related("predecessors__parent"):
        olds = sorted({p.parent.name for p in commune.predecessors.all() if p.parent_id})
        names[commune.pk] = ", ".join(olds) or _("(không có đơn vị cũ)")
    out: dict = defaultdict(lambda: [0, 0])
    for g in groups:
        row = out[names.get(g.unit.parent_id, "")]
        row[0] += 1
        row[1] += g.households
    return sorted((k, v[0], v[1]) for k, v in out.items())


# --- prestigious persons, mountain-commune models and figures, key projects ---------------------
# Each write checks the officer's scope, runs in one transaction and is audited.


def _save(model_cls, instance, data: dict, *, unit, by) -> tuple:
    """Create or update inside the caller's transaction: (object, created). The caller audits it
    with a literal code, so every code stays checked against the registry."""
    scope.require_unit(by, unit, WRITERS)
    obj = instance or model_cls(unit=unit)
    for key, value in data.items():
        setattr(obj, key, value)
    obj.save()
    return obj, instance is None


def _saved(obj, data: dict, label: str) -> dict:
    return {"name": label or str(obj), "fields": sorted(data)}


def save_person(data: dict, *, unit, by, person=None):
    from danvan.movement.models import PrestigiousPerson

    # The audit keeps the person's role and village, never their name or phone.
    with transaction.atomic():
        obj, created = _save(PrestigiousPerson, person, data, unit=unit, by=by)
        record("movement.person.created" if created else "movement.person.updated", actor=by, unit=unit, obj=obj,
               data=_saved(obj, data, f"{data.get('role') or person.role} · {unit.name}"))  # fmt: skip
    return obj


def add_support(person, data: dict, *, by):
    from danvan.movement.models import PersonSupport

    scope.require_unit(by, person.unit, WRITERS)
    with transaction.atomic():
        item = PersonSupport.objects.create(person=person, **data)
        record("movement.person.supported", actor=by, unit=person.unit, obj=person,
               data={"kind": str(item.get_kind_display()), "on": str(item.given_on)})  # fmt: skip
    return item


def save_economic_model(data: dict, *, unit, by, model=None):
    from danvan.movement.models import EconomicModel

    with transaction.atomic():
        obj, created = _save(EconomicModel, model, data, unit=unit, by=by)
        record("movement.economic_model.created" if created else "movement.economic_model.updated", actor=by, unit=unit, obj=obj,
               data=_saved(obj, data, data.get("name", "")))  # fmt: skip
    return obj


def save_figure(data: dict, *, unit, by, figure=None):
    from danvan.movement.models import CommuneFigure

    with transaction.atomic():
        obj, created = _save(CommuneFigure, figure, data, unit=unit, by=by)
        record("movement.figure.created" if created else "movement.figure.updated", actor=by, unit=unit, obj=obj,
               data=_saved(obj, data, f"{unit.name} {data.get('period_end', '')}"))  # fmt: skip
    return obj


def visible_projects(user):
    """Projects of a unit the user covers, or with a segment in one."""
    from danvan.movement.models import Project, Segment

    segments = scope.scoped(Segment.objects.all(), user, roles=READERS)
    return Project.objects.filter(
        Q(pk__in=segments.values("project_id")) | Q(pk__in=scope.scoped(
            Project.objects.all(), user, roles=READERS).values("pk"))
    )  # fmt: skip


def save_project(data: dict, *, unit, by, project=None):
    from danvan.movement.models import Project

    with transaction.atomic():
        obj, created = _save(Project, project, data, unit=unit, by=by)
        record("movement.project.created" if created else "movement.project.updated", actor=by, unit=unit, obj=obj,
               data=_saved(obj, data, data.get("name", "")))  # fmt: skip
    return obj


def add_segment(project, data: dict, *, unit, by):
    """A segment through a commune the officer covers (of a project the officer can see)."""
    from danvan.movement.models import Segment, Snapshot

    scope.require_unit(by, unit, WRITERS)
    with transaction.atomic():
        segment = Segment(project=project, unit=unit, **data)
        segment.save()
        Snapshot.objects.create(
            segment=segment, on=segment.as_of, households_agreed=segment.households_agreed,
            households_handed_over=segment.households_handed_over,
            area_handed_m2=segment.area_handed_m2,
        )  # fmt: skip
        record("movement.segment.created", actor=by, unit=unit, obj=segment,
               data={"project": project.name, "unit": unit.name})  # fmt: skip
    return segment


def record_progress(segment, data: dict, *, by):
    """Site-clearance progress at a date: the segment's figures move, a snapshot keeps them."""
    from danvan.movement.models import Segment, Snapshot

    scope.require_unit(by, segment.unit, WRITERS)
    with transaction.atomic():
        segment = Segment.objects.select_for_update().get(pk=segment.pk)
        day = data.pop("on")
        if day < segment.as_of:
            message = _("Ngày số liệu không được trước lần cập nhật gần nhất (%(day)s).") % {
                "day": segment.as_of.strftime("%d/%m/%Y")
            }
            raise Invalid("segment.progress_older", message, fields={"on": message})
        for key, value in data.items():
            setattr(segment, key, value)
        segment.as_of = day
        segment.save()
        Snapshot.objects.update_or_create(
            segment=segment, on=day,
            defaults={"households_agreed": segment.households_agreed,
                      "households_handed_over": segment.households_handed_over,
                      "area_handed_m2": segment.area_handed_m2},
        )  # fmt: skip
        record("movement.segment.progress", actor=by, unit=segment.unit, obj=segment,
               data={"project": segment.project.name, "unit": segment.unit.name,
                     "handed": segment.households_handed_over, "on": str(day)})  # fmt: skip
    return segment
