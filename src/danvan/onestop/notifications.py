"""What the citizen is told, and when (SPEC §2 item 14): Vietnamese templates, email and SMS."""

from django.conf import settings
from django.utils import timezone, translation

from danvan.core import formatting
from danvan.core.notify import notify

TEMPLATES = {
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


def lookup_url(dossier) -> str:
    return f"{settings.SITE_URL}/tra-cuu/?ma={dossier.code}"


def _vietnamese(fn, *args):
    with translation.override(settings.LANGUAGE_CODE):
        return fn(*args)


def notify_dossier(dossier, kind: str, **extra) -> None:
    subject, body = TEMPLATES[kind]
    due = (
        timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
        if dossier.due_at
        else "trả ngay"
    )
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
