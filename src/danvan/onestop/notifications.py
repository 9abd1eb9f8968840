"""What the citizen is told, and when (SPEC §2 item 14): email and SMS in her language."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.accounts.language import speaking_to_citizen
from danvan.core import formatting
from danvan.core.notify import notify

# (subject, body) per kind: Vietnamese msgids with their English in the onestop catalogue, rendered
# in the recipient's language (``notify_dossier``). The unit's and the procedure's names are data
# and stay as written.
TEMPLATES = {
    "submitted": (
        _("Đã nộp hồ sơ trực tuyến %(code)s"),
        _(
            "Hồ sơ %(code)s (%(procedure)s) đã nộp trực tuyến tới %(unit)s, đang chờ kiểm tra "
            "tiếp nhận. Dự kiến hẹn trả: %(due)s. Tra cứu: %(url)s"
        ),
    ),
    "received": (
        _("Đã tiếp nhận hồ sơ %(code)s"),
        _(
            "%(unit)s đã tiếp nhận hồ sơ %(code)s (%(procedure)s). Hẹn trả: %(due)s. Tra cứu: %(url)s"
        ),
    ),
    "supplement": (
        _("Hồ sơ %(code)s cần bổ sung"),
        _("Hồ sơ %(code)s cần bổ sung: %(reason)s. Xem chi tiết: %(url)s"),
    ),
    "result_ready": (
        _("Hồ sơ %(code)s đã có kết quả"),
        _("Hồ sơ %(code)s đã có kết quả. Mời ông/bà nhận kết quả và đánh giá: %(url)s"),
    ),
    "payment": (
        _("Hồ sơ %(code)s: mời nộp phí, lệ phí"),
        _(
            "Hồ sơ %(code)s cần nộp phí, lệ phí %(fee)s. Nộp tại bộ phận một cửa hoặc trực "
            "tuyến: %(url)s"
        ),
    ),
    "apology": (
        _("Xin lỗi về việc trả kết quả hồ sơ %(code)s chậm"),
        _(
            "%(unit)s xin lỗi vì hồ sơ %(code)s chưa có kết quả đúng hẹn (%(reason)s). "
            "Hẹn lại: %(due)s."
        ),
    ),
    "overdue": (_("Hồ sơ %(code)s đã quá hạn"), _("Hồ sơ %(code)s đã quá hạn giải quyết.")),
    "refused": (
        _("Hồ sơ %(code)s không được tiếp nhận/giải quyết"),
        _("Hồ sơ %(code)s: %(reason)s. Xem: %(url)s"),
    ),
}


def lookup_url(dossier, phone4: str = "") -> str:
    return f"{settings.SITE_URL}/tra-cuu/?ma={dossier.code}" + (f"&so={phone4}" if phone4 else "")


def expected_due(dossier, now=None):
    """The return date the citizen can expect: the set one once received; before, the one a receipt
    now would set (None when the procedure's time is unconfirmed)."""
    from danvan.onestop.states import Status
    from danvan.onestop.timing import compute_due

    if dossier.due_at or dossier.status != Status.REGISTERED_ONLINE:
        return dossier.due_at
    start = max(now or timezone.now(), dossier.submitted_at)
    return compute_due(dossier.procedure, dossier.unit, start, paper=False)


def _due_text(dossier, kind: str) -> str:
    when = expected_due(dossier) if kind == "submitted" else dossier.due_at
    if when is not None:
        return timezone.localtime(when).strftime("%H:%M %d/%m/%Y")
    return gettext("theo giấy tiếp nhận") if kind == "submitted" else gettext("trả ngay")


def message(dossier, kind: str, **extra) -> tuple[str, str]:
    """(subject, body) of the notice, in the active language."""
    subject, body = TEMPLATES[kind]
    values = {
        "code": dossier.code,
        "unit": dossier.unit.name,
        "procedure": dossier.procedure.name[:80],
        "due": _due_text(dossier, kind),
        "url": lookup_url(dossier),
        "reason": extra.get("reason", ""),
        "fee": formatting.vnd(dossier.fee_vnd),
    }
    return str(subject) % values, str(body) % values


def notify_dossier(dossier, kind: str, **extra) -> None:
    """Tell the applicant, in her language: the one saved on her account (found by the dossier's
    national ID), Vietnamese when she has none — whatever the official's page language."""
    with speaking_to_citizen(national_id=dossier.national_id):
        subject, body = message(dossier, kind, **extra)
    notify(
        f"onestop.{kind}",
        email=dossier.email,
        phone=dossier.phone,
        subject=subject,
        body=body,
        obj=dossier,
    )
