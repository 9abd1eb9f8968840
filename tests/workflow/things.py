"""The engine's own test table: a model that exists only in the tests (app label
``workflow_tests``, created by the session fixture in conftest.py), and its Sample."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Role, User
from danvan.core.errors import Conflict
from danvan.units.models import Unit
from danvan.units.services import current_unit
from danvan.workflow import NEW, RESUME, STAY, Transition, Workflow
from danvan.workflow.testing import Sample

HOAN_KIEM = "00070"
PIN = "123456"  # the demo signing PIN (signing/demo.py)


class ThingState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    OPEN = "open", _("Đang thực hiện")
    PAUSED = "paused", _("Tạm dừng")
    DONE = "done", _("Hoàn thành")
    DROPPED = "dropped", _("Hủy bỏ")


class Thing(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=ThingState.choices)
    sub_state = models.CharField(max_length=16, blank=True)
    resume_state = models.CharField(max_length=16, blank=True)
    version = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=100, blank=True)

    class Meta:
        app_label = "workflow_tests"

    def __str__(self):
        return f"thing {self.pk}"


def keep_guard(ctx):
    if ctx.obj.note == "keep":
        raise Conflict("thing.kept", "Việc này được giữ lại, không hủy được.")


def note_effect(ctx):
    ctx.obj.note = (ctx.data.get("text") or "")[:100]
    ctx.data["noted"] = True


def check_effect(ctx):
    ctx.obj.sub_state = "checked"


def finish_effect(ctx):
    if ctx.authorization is None:
        raise AssertionError("a PIN transition runs with the confirmer's authorization")
    ctx.data["signed_at"] = ctx.authorization.at


S = ThingState
M, SP, SG, FO = Role.MOBILIZER, Role.SPECIALIST, Role.SIGNER, Role.FRONT_OFFICER

THING_FLOW = Workflow(
    name="workflow_tests.thing",
    model=Thing,
    states=ThingState,
    closed={S.DONE, S.DROPPED},
    noun=_("việc"),
    resume_field="resume_state",
    sub_state_field="sub_state",
    select_related=("unit",),
    audit_sentence="{label}: việc {id}",
    audit_data=lambda ctx: {"id": ctx.obj.pk},
    sample="tests.workflow.things.sample",
    transitions=[
        Transition("create", _("Tạo việc"), sources={NEW}, target=S.DRAFT),
        Transition("open", _("Bắt đầu"), sources={S.DRAFT}, target=S.OPEN, roles=(M,)),
        Transition(
            "note",
            _("Ghi chú"),
            sources={S.DRAFT, S.OPEN},
            target=STAY,
            roles=(M, FO),
            effect=note_effect,
        ),
        Transition(
            "pause",
            _("Tạm dừng"),
            sources={S.DRAFT, S.OPEN},
            target=S.PAUSED,
            roles=(M,),
            remember=True,
            needs_reason=True,
        ),
        Transition("resume", _("Tiếp tục"), sources={S.PAUSED}, target=RESUME, roles=(M,)),
        Transition(
            "check", _("Kiểm tra"), sources={S.OPEN}, target=STAY, roles=(SP,), effect=check_effect
        ),
        Transition(
            "finish",
            _("Ký hoàn thành"),
            sources={S.OPEN},
            target=S.DONE,
            roles=(SG,),
            needs_pin=True,
            sub_states={"checked"},
            not_ready=("thing.not_checked", "Việc chưa được kiểm tra."),
            effect=finish_effect,
        ),
        Transition(
            "drop",
            _("Hủy bỏ"),
            sources={S.DRAFT, S.OPEN, S.PAUSED},
            target=S.DROPPED,
            roles=(M,),
            needs_reason=True,
            guard=keep_guard,
        ),
        Transition("expire", _("Hết hạn"), sources={S.OPEN, S.PAUSED}, target=S.DONE),
    ],
)

PERSONAS = {
    M: "mobilizer.hoankiem",
    SP: "specialist.hoankiem",
    SG: "leader.hoankiem",
    FO: "front.hanoi",
}


def make(state, **fields) -> Thing:
    resume = S.OPEN if state == S.PAUSED else ""
    return Thing.objects.create(
        unit=current_unit(HOAN_KIEM), state=state, resume_state=resume, **fields
    )


def sample() -> Sample:
    return Sample(
        make=make,
        actor=lambda role, obj: User.objects.get(username=PERSONAS[role]),
        data=lambda t, obj: {"pin": PIN, "text": "ghi chú"},
        examples=30,
        max_steps=8,
    )
