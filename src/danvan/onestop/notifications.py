"""What the citizen is told, and when (SPEC §2 item 14): Vietnamese templates, email and SMS."""

from django.conf import settings
from django.utils import timezone, translation

from danvan.core import formatting
from danvan.core.notify import notify

TEMPLATES = {
    "submitted": (
        "Đã nộp hồ sơ trực tuyến {code}",
        "Hồ sơ {code} ({procedure}) đã nộp trực tuyến tới {unit}, đang chờ kiểm tra tiếp nhận. "
        "Dự kiến hẹn trả: {due}. Tra cứu: {url}",
    ),
    "received": (
        "Đã tiếp nhận hồ sơ {code}",
        "{unit} đã tiếp nhận hồ sơ {code} ({procedure}). Hẹn trả: {due}. Tra cứu: {url}",
    ),
    "supplement": (
        "Hồ sơ {code} cần bổ sung",
        "Hồ sơ {code} cần bổ sung: {reason}. Xem chi tiết: {url}",
    ),
    "result_ready": (
        "Hồ sơ {code} đã có kết quả",
        "Hồ sơ {code} đã có kết quả. Mời ông/bà nhận kết quả và đánh giá: {url}",
    ),
    "payment": (
        "Hồ sơ {code}: mời nộp phí, lệ phí",
        "Hồ sơ {code} cần nộp phí, lệ phí {fee}. Nộp tại bộ phận một cửa hoặc trực tuyến: {url}",
    ),
    "apology": (
        "Xin lỗi về việc trả kết quả hồ sơ {code} chậm",
        "{unit} xin lỗi vì hồ sơ {code} chưa có kết quả đúng hẹn ({reason}). Hẹn lại: {due}.",
    ),
    "overdue": ("Hồ sơ {code} đã quá hạn", "Hồ sơ {code} đã quá hạn giải quyết."),
    "refused": (
        "Hồ sơ {code} không được tiếp nhận/giải quyết",
        "Hồ sơ {code}: {reason}. Xem: {url}",
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


def _vietnamese(fn, *args):
    with translation.override(settings.LANGUAGE_CODE):
        return fn(*args)


def notify_dossier(dossier, kind: str, **extra) -> None:
    subject, body = TEMPLATES[kind]
    when = expected_due(dossier) if kind == "submitted" else dossier.due_at
    due = timezone.localtime(when).strftime("%H:%M %d/%m/%Y") if when else "trả ngay"
    if kind == "submitted" and when is None:
        due = "theo giấy tiếp nhận"
    values = {
        "code": dossier.code,
        "unit": dossier.unit.name,
        "procedure": dossier.procedure.name[:80],
        "due": due,
        "url": lookup_url(dossier),
        "reason": extra.get("reason", ""),
        # Messages to citizens are Vietnamese whatever the official's browser language.
        "fee": _vietnamese(formatting.vnd, dossier.fee_vnd),
    }
    notify(
        f"onestop.{kind}",
        email=dossier.email,
        phone=dossier.phone,
        subject=subject.format(**values),
        body=body.format(**values),
        obj=dossier,
    )
