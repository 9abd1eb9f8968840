"""Hot-spot early warning: the rules (HotspotRule rows, edited by the city) applied to a matter.

A matter crossing any active rule becomes a watched hot spot (state open) with its reasons; each
new petition, answer, escalation or re-opening re-applies the rules (reasons and score refreshed);
settling it closes it, and only petitions received after the settlement count towards a new one.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext

from danvan.accounts.language import speaking
from danvan.audit.services import record
from danvan.grassroots.models import (
    Channel,
    Hotspot,
    HotspotRule,
    HotspotState,
    Matter,
    Petition,
    PetitionState,
    RuleKind,
)
from danvan.workflow import create, transition

SYSTEM = "grassroots:rules"
TREND_WEEKS = 8

# The rules the platform starts with (data migration 0002 loads them; the city edits them).
DEFAULT_RULES = [
    {
        "code": "reception-5",
        "kind": RuleKind.RECEPTION_GROUP,
        "label": "Đoàn từ 5 người trở lên tại buổi tiếp công dân (đông người)",
        "threshold": 5,
        "weight": 1,
        "legal_basis": "Luật Tiếp công dân 2013, Điều 29 (5–10 người cử 1–2 đại diện)",
    },
    {
        "code": "reception-11",
        "kind": RuleKind.RECEPTION_GROUP,
        "label": "Đoàn trên 10 người tại buổi tiếp công dân",
        "threshold": 11,
        "weight": 2,
        "legal_basis": "Luật Tiếp công dân 2013, Điều 29 (trên 10 người cử không quá 5 đại diện)",
    },
    {
        "code": "petitions-10-in-30",
        "kind": RuleKind.MANY_PETITIONS,
        "label": "Từ 10 đơn trở lên về cùng vụ việc trong 30 ngày",
        "threshold": 10,
        "window_days": 30,
        "weight": 2,
        "legal_basis": "Quy định của thành phố (có thể điều chỉnh)",
    },
    {
        "code": "escalated",
        "kind": RuleKind.ESCALATION,
        "label": "Đơn vượt cấp, gửi lên thành phố hoặc Trung ương",
        "threshold": 1,
        "weight": 2,
        "legal_basis": "Quy định của thành phố (có thể điều chỉnh)",
    },
    {
        "code": "overdue-10",
        "kind": RuleKind.OVERDUE,
        "label": "Đơn quá hạn giải quyết từ 10 ngày",
        "threshold": 10,
        "weight": 1,
        "legal_basis": "Luật Khiếu nại 2011 Điều 28; Luật Tố cáo 2018 Điều 30",
    },
    {
        "code": "site-clearance-3",
        "kind": RuleKind.SITE_CLEARANCE,
        "label": "Từ 3 đơn liên quan giải phóng mặt bằng dự án trọng điểm",
        "threshold": 3,
        "weight": 1,
        "legal_basis": "Quy định của thành phố (có thể điều chỉnh)",
    },
    {
        "code": "repeat-2",
        "kind": RuleKind.REPEAT,
        "label": "Từ 2 lần khiếu nại lại sau khi đã trả lời",
        "threshold": 2,
        "weight": 1,
        "legal_basis": "Quy định của thành phố (có thể điều chỉnh)",
    },
]


@dataclass(frozen=True)
class Reason:
    rule: str
    label: str
    value: int
    threshold: int
    weight: int
    basis: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def _counted(matter: Matter):
    qs = Petition.objects.filter(matter=matter)
    settled = matter.hotspots.filter(state=HotspotState.SETTLED).aggregate(m=Max("settled_at"))
    if settled["m"]:
        qs = qs.filter(received_at__gt=settled["m"])
    return qs


def _measure(rule: HotspotRule, qs, matter: Matter, now: dt.datetime) -> int:
    kind = rule.kind
    if kind == RuleKind.RECEPTION_GROUP:
        return qs.filter(channel=Channel.RECEPTION).aggregate(m=Max("people_count"))["m"] or 0
    if kind == RuleKind.MANY_PETITIONS:
        since = now - dt.timedelta(days=rule.window_days or 30)
        return qs.filter(received_at__gte=since).count()
    if kind == RuleKind.ESCALATION:
        return qs.filter(Q(state=PetitionState.ESCALATED) | ~Q(escalation_level="")).count()
    if kind == RuleKind.OVERDUE:
        late = [
            (now - p.due_at).days
            for p in qs.exclude(state__in=[PetitionState.ANSWERED, *_closed()]).exclude(
                due_at__isnull=True
            )
            if p.due_at < now
        ]
        return max(late, default=0)
    if kind == RuleKind.SITE_CLEARANCE:
        if not matter.project_segment and not qs.exclude(project_segment="").exists():
            return 0
        return qs.count()
    if kind == RuleKind.REPEAT:
        first_answer = qs.filter(answered_at__isnull=False).aggregate(m=Max("answered_at"))["m"]
        reopened = qs.aggregate(s=Sum("reopen_count"))["s"] or 0
        later = qs.filter(received_at__gt=first_answer).count() if first_answer else 0
        return reopened + later
    return 0


def _closed():
    from danvan.grassroots.models import PETITION_CLOSED

    return list(PETITION_CLOSED)


def evaluate(matter: Matter, now: dt.datetime | None = None) -> list[Reason]:
    now = now or timezone.now()
    qs = _counted(matter)
    reasons = []
    for rule in HotspotRule.objects.filter(active=True):
        value = _measure(rule, qs, matter, now)
        if value >= rule.threshold:
            reasons.append(
                Reason(rule.code, rule.label, value, rule.threshold, rule.weight, rule.legal_basis)
            )
    return reasons


def active_hotspot(matter: Matter) -> Hotspot | None:
    return matter.hotspots.exclude(state=HotspotState.SETTLED).first()


def scan(matter: Matter | None) -> Hotspot | None:
    """Apply the rules to `matter`: open a hot spot, or refresh the reasons of its open one."""
    if matter is None:
        return None
    with transaction.atomic():
        reasons = evaluate(matter)
        hot = active_hotspot(matter)
        data = [r.as_dict() for r in reasons]
        score = sum(r.weight for r in reasons)
        if hot is None:
            if not reasons:
                return None
            hot = create(
                Hotspot(
                    matter=matter,
                    unit=matter.unit,
                    reasons=data,
                    score=score,
                    opened_at=timezone.now(),
                ),
                "detect",
                by=None,
                system=SYSTEM,
                reasons=[r.rule for r in reasons],
            )
            _alert(hot)
            return hot
        if reasons and (data != hot.reasons or score != hot.score):
            hot = transition(
                hot,
                "refresh",
                by=None,
                system=SYSTEM,
                expected_version=None,
                reasons=data,
                score=score,
            )
        return hot


def alert_text(hot: Hotspot) -> tuple[str, str]:
    """(subject, body) of the hot-spot alert, in the active language (the reasons' labels are
    the rules' own, as the officials wrote them)."""
    values = {
        "unit": hot.unit.name,
        "title": hot.matter.title,
        "reasons": "; ".join(r["label"] for r in hot.reasons),
    }
    subject = gettext("Cảnh báo điểm nóng: %(title)s") % values
    return subject, gettext("%(unit)s: %(title)s. Lý do: %(reasons)s.") % values


def _alert(hot: Hotspot) -> None:
    """Tell the unit's leaders and the mobilization committee (up the tree) by email."""
    from danvan.accounts.models import Role, RoleGrant
    from danvan.core.notify import notify

    chain = hot.unit.chain_ids()
    grants = (
        RoleGrant.objects.active()
        .filter(unit_id__in=chain, role__in=[Role.SIGNER, Role.MOBILIZER, Role.REPORTER])
        .select_related("user")
    )
    sent = 0
    for grant in grants:
        if grant.user.email:
            with speaking(grant.user):  # the official's chosen language (Vietnamese by default)
                subject, body = alert_text(hot)
            notify(
                "grassroots.hotspot",
                email=grant.user.email,
                subject=subject[:200],
                body=body,
                obj=hot,
            )
            sent += 1
    record(
        "grassroots.hotspot.alerted",
        unit=hot.unit,
        obj=hot,
        data={"title": hot.matter.title, "recipients": sent},
    )


def trend(matter: Matter, *, weeks: int = TREND_WEEKS, now: dt.datetime | None = None) -> dict:
    """Petitions and people per week over the last `weeks` weeks, oldest first, and the direction
    (the last half against the first half)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = today - dt.timedelta(days=today.weekday() + 7 * (weeks - 1))
    rows = [
        {"week": start + dt.timedelta(weeks=i), "petitions": 0, "people": 0} for i in range(weeks)
    ]
    for p in Petition.objects.filter(matter=matter).only("received_at", "people_count"):
        day = timezone.localdate(p.received_at)
        index = (day - start).days // 7
        if 0 <= index < weeks:
            rows[index]["petitions"] += 1
            rows[index]["people"] += p.people_count
    half = weeks // 2
    before = sum(r["petitions"] for r in rows[:half])
    after = sum(r["petitions"] for r in rows[half:])
    direction = "up" if after > before else "down" if after < before else "flat"
    peak = max((r["petitions"] for r in rows), default=0) or 1
    for r in rows:
        r["bar"] = round(100 * r["petitions"] / peak)
    return {"weeks": rows, "direction": direction, "before": before, "after": after}


def scan_all() -> int:
    """Re-apply the rules to every matter with an open petition or an open hot spot (the time
    rules, e.g. overdue, change with the clock): `danvan grassroots_scan`."""
    matters = Matter.objects.filter(
        Q(petitions__state__in=[s for s in PetitionState.values if s not in _closed()])
        | Q(hotspots__state__in=[HotspotState.OPEN, HotspotState.MONITORING])
    ).distinct()
    count = 0
    for matter in matters:
        scan(matter)
        count += 1
    return count
