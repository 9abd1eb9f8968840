"""Drafting a dossier's result: the specialist fills the procedure's template, the leader previews it,
and signing numbers it in the unit's document register (Decree 30/2020/NĐ-CP).

Who drafts: whoever may propose it for signature (the specialist handling the dossier or any
specialist of its unit; in a commune without a specialist the counter clerk, from receipt) until it
is proposed; once proposed the draft is frozen, so the leader signs what she previewed. A result is
proposed only once its draft is saved (onestop.effects.not_proposed). A saved draft carries a version; a stale form (another tab, a double submit)
gets a 409 and changes nothing.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core.errors import Conflict, Forbidden, Invalid
from danvan.onestop.models import DocumentRegister, Dossier, ResultDraft
from danvan.onestop.result_templates import ResultTemplate, Values, for_procedure
from danvan.onestop.states import Status, SubStatus

register("onestop.result_drafted", _("Soạn dự thảo kết quả hồ sơ {dossier} (bản {version})"))
register("onestop.result_numbered", _("Cấp số văn bản {number} cho kết quả hồ sơ {dossier}"))


def template_of(dossier: Dossier) -> ResultTemplate:
    return for_procedure(dossier.procedure.code)


def current(dossier: Dossier) -> tuple[ResultTemplate, Values, int]:
    """The template, the values the result is rendered from (the saved draft over the template's
    defaults from the dossier) and the draft's version (0: nothing saved yet)."""
    template = template_of(dossier)
    values = template.defaults(dossier)
    draft = ResultDraft.objects.filter(dossier=dossier).first()
    if draft is not None and draft.template == template.code:
        values.update({k: v for k, v in draft.values.items() if k in values})
        return template, values, draft.version
    return template, values, 0


def has_draft(dossier: Dossier) -> bool:
    """A draft of the procedure's current template was saved (the leader signs what it says)."""
    return ResultDraft.objects.filter(dossier=dossier, template=template_of(dossier).code).exists()


def may_draft(dossier: Dossier, user) -> bool:
    # The states and roles of "propose" (onestop.workflow): who proposes a result drafts it.
    return (
        dossier.status in (Status.RECEIVED, Status.PROCESSING)
        and dossier.sub_status != SubStatus.AWAITING_SIGNATURE
        and scope.covers(user, dossier.unit, [Role.SPECIALIST, Role.COUNTER_CLERK])
    )


def save(dossier_id: int, raw: dict, *, by, expected_version: int) -> ResultDraft:
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().select_related("procedure", "unit")
        dossier = dossier.get(pk=dossier_id)
        if not may_draft(dossier, by):
            raise Forbidden(
                "result.draft_forbidden",
                "Chỉ công chức giải quyết hồ sơ (chuyên viên, hoặc cán bộ một cửa nơi không có "
                "chuyên viên) mới soạn được kết quả, và chỉ trước khi trình ký.",
            )
        template = template_of(dossier)
        values, errors = template.clean(raw)
        if errors:
            raise Invalid("result.invalid", "Dự thảo còn thiếu hoặc sai thông tin.", fields=errors)
        draft = ResultDraft.objects.filter(dossier=dossier).first()
        version = draft.version if draft else 0
        if expected_version != version:
            raise Conflict(
                "result.version_conflict",
                "Dự thảo đã được lưu ở nơi khác (thẻ khác hoặc bấm hai lần); trang đã tải lại bản mới nhất.",
                fields={"version": version},
            )
        draft = draft or ResultDraft(dossier=dossier)
        draft.template, draft.values = template.code, values
        draft.version = version + 1
        draft.updated_at, draft.updated_by = timezone.now(), by
        draft.save()
        record(
            "onestop.result_drafted",
            actor=by,
            unit=dossier.unit,
            obj=dossier,
            data={"dossier": dossier.code, "version": draft.version},
        )
        return draft


def assign_number(dossier: Dossier, now) -> str:
    """The next number of the unit's yearly register with the template's symbol ("07/UBND-XNTTHN");
    runs inside the signing transaction, so a number is never given twice nor skipped on failure."""
    year = timezone.localtime(now).year
    DocumentRegister.objects.get_or_create(unit=dossier.unit, year=year)
    row = DocumentRegister.objects.select_for_update().get(unit=dossier.unit, year=year)
    row.last += 1
    row.save(update_fields=["last"])
    number = f"{row.last:02d}/{template_of(dossier).symbol}"
    record(
        "onestop.result_numbered",
        unit=dossier.unit,
        obj=dossier,
        data={"dossier": dossier.code, "number": number},
    )
    return number


def placeholder_number(dossier: Dossier) -> str:
    return f"…/{template_of(dossier).symbol}"
