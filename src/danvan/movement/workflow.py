"""The lifecycle of a "Dân vận khéo" practice as one table (SPEC §5), run by ``danvan.workflow``.

registered → launched → under evaluation → recognized at a level (by that level's authority only:
a mobilization officer whose grant is on a unit of that level containing the practice; a higher
recognition keeps the lower ones) → yearly review: maintained, replicated (only when another
practice replicates it), consolidated, or dropped.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Role, RoleGrant
from danvan.core.errors import Conflict, Forbidden
from danvan.movement.models import (
    LEVEL_RANK,
    LEVEL_UNIT_KIND,
    Level,
    Practice,
    PracticeState,
    Recognition,
)
from danvan.workflow import NEW, Transition, Workflow

S = PracticeState
REVIEWABLE = {S.RECOGNIZED, S.MAINTAINED, S.REPLICATED, S.CONSOLIDATED}
OPEN = {S.REGISTERED, S.LAUNCHED, S.EVALUATING, *REVIEWABLE}
LEVEL_NAMES = {
    Level.COMMUNE: _("cấp xã, phường"),
    Level.DISTRICT: _("cấp quận, huyện"),
    Level.CITY: _("cấp thành phố"),
}


def authority_for(practice: Practice, level: str, user):
    """The unit whose mobilization officers may recognize ``practice`` at ``level`` for this
    person: one of their own grants on a unit of that level containing the practice. A
    superuser or a machine caller acts for the practice's own ancestor of that level."""
    kind = LEVEL_UNIT_KIND[level]
    if user is None or getattr(user, "is_superuser", False):
        chain = [practice.unit, *practice.unit.ancestors()]
        return next((u for u in chain if u.kind == kind), None)
    grants = RoleGrant.objects.active().filter(user=user, role=Role.MOBILIZER, unit__kind=kind)
    for grant in grants.select_related("unit"):
        if practice.unit.path.startswith(grant.unit.path):
            return grant.unit
    return None


def _recognition_guard(level: str):
    def guard(ctx):
        practice = ctx.obj
        current = practice.recognized_level
        if current and LEVEL_RANK[Level(current)] >= LEVEL_RANK[level]:
            raise Conflict(
                "practice.already_recognized",
                str(_("Mô hình đã được công nhận ở %(level)s hoặc cao hơn."))
                % {"level": LEVEL_NAMES[level]},
            )
        if authority_for(practice, level, ctx.actor) is None:
            raise Forbidden(
                "practice.level_forbidden",
                str(_("Chỉ cán bộ dân vận %(level)s quản lý địa bàn mới được công nhận ở cấp này."))
                % {"level": LEVEL_NAMES[level]},
            )

    return guard


def _recognition_effect(level: str):
    def effect(ctx):
        practice = ctx.obj
        authority = authority_for(practice, level, ctx.actor)
        decided_on = ctx.data.get("decided_on") or timezone.localdate()
        Recognition.objects.create(
            practice=practice,
            level=level,
            authority=authority,
            decided_on=decided_on,
            decision_no=str(ctx.data.get("decision_no") or "")[:64],
            by=ctx.actor,
        )
        practice.recognized_level = level
        ctx.data["authority"] = authority.code

    return effect


def _has_replicas(ctx):
    if not ctx.obj.replicas.exists():
        raise Conflict(
            "practice.no_replicas",
            str(_("Chưa có mô hình nào nhân rộng từ mô hình này.")),
        )


def _recognize(level: str, label) -> Transition:
    return Transition(
        f"recognize_{level}",
        label,
        {S.EVALUATING, *REVIEWABLE},
        S.RECOGNIZED,
        (Role.MOBILIZER,),
        guard=_recognition_guard(level),
        effect=_recognition_effect(level),
        sentence=_("{label}: mô hình {name} ({code})"),
    )


TRANSITIONS = [
    Transition("register", _("Đăng ký mô hình"), {NEW}, S.REGISTERED),
    Transition("launch", _("Triển khai"), {S.REGISTERED}, S.LAUNCHED, (Role.MOBILIZER,)),
    Transition("evaluate", _("Đưa vào đánh giá"), {S.LAUNCHED}, S.EVALUATING, (Role.MOBILIZER,)),
    _recognize(Level.COMMUNE, _("Công nhận cấp xã, phường")),
    _recognize(Level.DISTRICT, _("Công nhận cấp quận, huyện")),
    _recognize(Level.CITY, _("Công nhận cấp thành phố")),
    Transition("maintain", _("Rà soát: duy trì"), REVIEWABLE, S.MAINTAINED, (Role.MOBILIZER,)),
    Transition(
        "replicate",
        _("Rà soát: nhân rộng"),
        REVIEWABLE,
        S.REPLICATED,
        (Role.MOBILIZER,),
        guard=_has_replicas,
    ),
    Transition("consolidate", _("Rà soát: củng cố"), REVIEWABLE, S.CONSOLIDATED, (Role.MOBILIZER,)),
    Transition("drop", _("Dừng mô hình"), OPEN, S.DROPPED, (Role.MOBILIZER,), needs_reason=True),
]

REVIEW_ACTIONS = ("maintain", "replicate", "consolidate", "drop")

PRACTICE_FLOW = Workflow(
    name="movement.practice",
    model="movement.Practice",
    states=PracticeState,
    closed=frozenset({S.DROPPED}),
    error_prefix="practice",
    noun=_("mô hình"),
    select_related=("unit",),
    transitions=TRANSITIONS,
    audit_sentence=_("{label}: mô hình {name} ({code})"),
    audit_data=lambda ctx: {"name": ctx.obj.name, "code": ctx.obj.code},
    sample="danvan.movement.samples.practice",
)
