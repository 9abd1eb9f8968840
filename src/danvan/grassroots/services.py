"""Petition services: intake from every channel, grouping into matters, transitions (then the
hot-spot rules), the citizen's rating; every query of officials goes through accounts.scope."""

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.audit.services import record
from danvan.core.errors import Invalid, NotFound
from danvan.core.identifiers import clean_phone, national_id_problem
from danvan.core.text import squash
from danvan.grassroots import deadlines, hotspots
from danvan.grassroots.models import Category, Channel, Kind, Matter, Petition
from danvan.workflow import create, transition

READERS = (
    Role.PETITION_OFFICER,
    Role.SIGNER,
    Role.MOBILIZER,
    Role.FRONT_OFFICER,
    Role.REPORTER,
    Role.ADMIN,
)
HANDLERS = (Role.PETITION_OFFICER, Role.SIGNER)
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


def new_tracking_code() -> str:
    """`PA-XXXX-XXXX`: 40 random bits; a citizen's key to the public tracking page."""
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"PA-{raw[:4]}-{raw[4:]}"
        if not Petition.objects.filter(tracking_code=code).exists():
            return code


@dataclass
class PetitionInput:
    kind: str
    category: str
    title: str
    description: str
    channel: str = Channel.COUNTER
    village: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    project_segment: str = ""
    petitioner_name: str = ""
    petitioner_phone: str = ""
    petitioner_email: str = ""
    petitioner_address: str = ""
    petitioner_national_id: str = ""
    people_count: int = 1
    representatives: int = 0
    forwarded_from: str = ""
    source_ref: str = ""
    received_at: dt.datetime | None = None
    errors: dict = field(default_factory=dict)

    def check(self) -> None:
        e: dict[str, str] = {}
        self.title = squash(self.title)[:300]
        self.petitioner_phone = clean_phone(self.petitioner_phone)
        self.description = (self.description or "").strip()[:10000]
        if self.kind not in Kind.values:
            e["kind"] = "Loại đơn không hợp lệ."
        if self.category not in Category.values:
            e["category"] = "Lĩnh vực không hợp lệ."
        if self.channel not in Channel.values:
            e["channel"] = "Kênh tiếp nhận không hợp lệ."
        if len(self.description) < 10:
            e["description"] = "Nội dung cần ít nhất 10 ký tự."
        if not self.title:
            self.title = squash(self.description)[:120]
        if self.people_count < 1 or self.people_count > 10000:
            e["people_count"] = "Số người phải từ 1 đến 10.000."
        if self.representatives > self.people_count:
            e["representatives"] = "Số người đại diện không thể nhiều hơn số người."
        if self.petitioner_national_id:
            problem = national_id_problem(self.petitioner_national_id)
            if problem:
                e["petitioner_national_id"] = problem
        if self.kind in (Kind.COMPLAINT, Kind.DENUNCIATION) and not self.petitioner_name:
            e["petitioner_name"] = "Đơn khiếu nại, tố cáo cần họ tên người gửi."
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            e["latitude"] = "Vĩ độ không hợp lệ."
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            e["longitude"] = "Kinh độ không hợp lệ."
        if e:
            first = next(iter(e.values()))
            raise Invalid("petition.invalid", first, fields=e)


_COPIED = (
    "kind category channel title description village address latitude longitude "
    "project_segment petitioner_name petitioner_phone petitioner_email petitioner_address "
    "petitioner_national_id people_count representatives forwarded_from source_ref"
).split()


def receive(
    data: PetitionInput,
    *,
    unit,
    by=None,
    system: str = "",
    attachment=None,
    submission_key="",
    import_key="",
) -> Petition:
    """A petition from any channel. Officials need a handler role on the unit; the public form,
    the public API and Open311 are machine callers (`system=`). `import_key`: an imported row's
    natural key (unique in the database: a second import of the same letter fails)."""
    if not system:
        scope.require_unit(by, unit, HANDLERS)
    data.check()
    received_at = data.received_at or timezone.now()
    petition = Petition(
        tracking_code=new_tracking_code(),
        unit=unit,
        received_at=received_at,
        received_by=by if getattr(by, "is_authenticated", False) else None,
        submission_key=submission_key,
        import_key=import_key,
        **{name: getattr(data, name) for name in _COPIED},
    )
    petition.acceptance_due_at, petition.deadline_basis = deadlines.compute(
        unit, data.kind, "accept", received_at
    )
    with transaction.atomic():
        if attachment is not None:
            petition.attachment.save(attachment.name, attachment.content_file(), save=False)
        petition = create(petition, "receive", by=by, system=system, channel=data.channel)
    return petition


def visible(user, qs=None):
    qs = qs if qs is not None else Petition.objects.all()
    return scope.scoped(qs.select_related("unit", "matter", "handler"), user, roles=READERS)


def get_visible(user, code: str) -> Petition:
    petition = visible(user).filter(tracking_code=code[:20]).first()
    if petition is None:
        raise NotFound("petition.not_found", f"Không tìm thấy đơn {code[:20]}.")
    return petition


def can_handle(user, petition) -> bool:
    return scope.covers(user, petition.unit, HANDLERS)


def apply(petition: Petition, action: str, *, by, expected_version, **data) -> Petition:
    """A transition of the petition, then the hot-spot rules of its matter."""
    petition = transition(petition, action, by=by, expected_version=expected_version, **data)
    if action in ("answer", "reopen", "escalate", "rate", "close"):
        hotspots.scan(petition.matter)
    return petition


def group(petition: Petition, *, by, matter: Matter | None = None, title: str = "") -> Matter:
    """Put `petition` in `matter` (same unit subtree), or in a new matter named after it."""
    scope.require_unit(by, petition.unit, HANDLERS)
    with transaction.atomic():
        if matter is None:
            matter = Matter.objects.create(
                unit=petition.unit,
                title=squash(title)[:300] or petition.title,
                category=petition.category,
                village=petition.village,
                project_segment=petition.project_segment,
                created_by=by,
            )
        elif matter.unit_id != petition.unit_id:
            raise Invalid("matter.other_unit", "Chỉ gộp đơn vào vụ việc của cùng đơn vị tiếp nhận.")
        Petition.objects.filter(pk=petition.pk).update(matter=matter)
        petition.matter = matter
        record(
            "grassroots.matter.grouped",
            actor=by,
            unit=petition.unit,
            obj=petition,
            data={"code": petition.tracking_code, "matter": matter.title, "matter_id": matter.pk},
        )
        hotspots.scan(matter)
    return matter


def ungroup(petition: Petition, *, by) -> None:
    scope.require_unit(by, petition.unit, HANDLERS)
    matter = petition.matter
    if matter is None:
        return
    with transaction.atomic():
        Petition.objects.filter(pk=petition.pk).update(matter=None)
        record(
            "grassroots.matter.ungrouped",
            actor=by,
            unit=petition.unit,
            obj=petition,
            data={"code": petition.tracking_code, "matter": matter.title},
        )
        hotspots.scan(matter)


def public_lookup(code: str) -> Petition:
    petition = (
        Petition.objects.select_related("unit")
        .filter(tracking_code=squash(code).upper()[:20])
        .first()
    )
    if petition is None:
        raise NotFound("petition.lookup_failed", "Không tìm thấy đơn với mã theo dõi đã nhập.")
    return petition


def public_view(p: Petition) -> dict:
    """What anyone holding the tracking code sees: no personal data, not even the text."""
    return {
        "tracking_code": p.tracking_code,
        "kind": p.kind,
        "kind_label": str(Kind(p.kind).label),
        "category": p.category,
        "category_label": str(Category(p.category).label),
        "unit_code": p.unit.code,
        "unit_name": p.unit.name,
        "state": p.state,
        "state_label": str(p.get_state_display()),
        "received_at": p.received_at,
        "due_at": p.due_at or p.acceptance_due_at,
        "handling_body": p.handling_body or p.transferred_to,
        "answer": p.answer,
        "answered_at": p.answered_at,
        "satisfaction": p.satisfaction,
        "can_rate": p.state == "answered",
    }


def rate(code: str, satisfaction: int, comment: str = "") -> Petition:
    """The citizen's rating from the tracking page: satisfied (4–5) or neutral closes it; not
    satisfied (1–2) re-opens it for another answer."""
    petition = public_lookup(code)
    try:
        score = int(satisfaction)
    except (TypeError, ValueError):
        score = 0
    if score in (1, 2):
        reason = squash(comment)[:1000]
        return apply(
            petition,
            "reopen",
            by=None,
            system="grassroots:citizen",
            expected_version=None,
            reason=reason if len(reason) >= 5 else "Công dân không hài lòng với nội dung trả lời",
            satisfaction=score,
        )
    return apply(
        petition,
        "rate",
        by=None,
        system="grassroots:citizen",
        expected_version=None,
        satisfaction=score,
        comment=comment,
    )


OPEN_STATES = ("received", "routed", "handling")


def with_deadline(qs):
    """`deadline`: the settlement deadline once routed, the acceptance deadline before."""
    from django.db.models.functions import Coalesce

    return qs.annotate(deadline=Coalesce("due_at", "acceptance_due_at"))


def overdue(qs, now=None):
    return with_deadline(qs.filter(state__in=OPEN_STATES)).filter(
        deadline__lt=now or timezone.now()
    )


def due_soon(qs, now=None, days: int = 3):
    now = now or timezone.now()
    return with_deadline(qs.filter(state__in=OPEN_STATES)).filter(
        deadline__gte=now, deadline__lte=now + dt.timedelta(days=days)
    )


def inbox_counts(qs, now=None) -> dict:
    now = now or timezone.now()
    return {
        "new": qs.filter(state="received").count(),
        "due_soon": due_soon(qs, now).count(),
        "overdue": overdue(qs, now).count(),
        "all": qs.count(),
    }
