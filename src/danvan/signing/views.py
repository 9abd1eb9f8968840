"""Public verification pages: upload a PDF, or open the result from the stamp's QR code."""

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from danvan.core.errors import DomainError
from danvan.core.ratelimit import limit_public
from danvan.signing import services
from danvan.signing.public_api import MAX_VERIFY_BYTES
from danvan.signing.testca import TEST_MARK

STATUS_HEADLINES = {
    "valid": gettext_lazy("Hợp lệ"),
    "modified": gettext_lazy("Đã bị sửa đổi sau khi ký"),
    "invalid": gettext_lazy("Chữ ký không hợp lệ"),
    "untrusted": gettext_lazy("Không được tin cậy"),
    "revoked": gettext_lazy("Chứng thư đã bị thu hồi"),
    "no_signature": gettext_lazy("Không có chữ ký số"),
    "not_pdf": gettext_lazy("Không phải tệp PDF"),
    "malformed": gettext_lazy("Tệp bị hỏng"),
}
# The verdict in the visitor's language (the report's summary_vi stays the Vietnamese record).
STATUS_SENTENCES = {
    "valid": gettext_lazy("Tài liệu có chữ ký số hợp lệ và không bị sửa đổi sau khi ký."),
    "invalid": gettext_lazy("Chữ ký số không hợp lệ: nội dung đã bị thay đổi hoặc chữ ký bị hỏng."),
    "modified": gettext_lazy("Tài liệu đã bị sửa đổi sau khi ký."),
    "untrusted": gettext_lazy("Chứng thư số của người ký không do tổ chức chứng thực tin cậy cấp."),
    "revoked": gettext_lazy(
        "Chứng thư số của người ký đã bị thu hồi, và không có dấu thời gian tin cậy "
        "chứng minh chữ ký được tạo trước thời điểm thu hồi."
    ),
    "no_signature": gettext_lazy("Tài liệu không có chữ ký số."),
    "not_pdf": gettext_lazy("Tệp tải lên không phải là tệp PDF."),
    "malformed": gettext_lazy("Tệp PDF bị hỏng hoặc chữ ký số có cấu trúc không hợp lệ."),
}


def _is_test(signature: dict) -> bool:
    """Signed with a certificate of the built-in TEST CA (every one says TEST in its subject)."""
    name = signature.get("signer_common_name") or ""
    organization = signature.get("organization") or ""
    return name.startswith(f"{TEST_MARK} ") or f"({TEST_MARK})" in organization


def _human_time(value: str | None) -> str | None:
    """ "2026-12-03T12:45:57+07:00" -> "12:45:57 ngày 03/12/2026 (+07:00)" for the page."""
    try:
        moment = dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return value
    if moment is None:
        return None
    offset = moment.strftime("%z")
    return _("%(time)s ngày %(date)s") % {
        "time": moment.strftime("%H:%M:%S"),
        "date": moment.strftime("%d/%m/%Y"),
    } + (f" ({offset[:3]}:{offset[3:]})" if offset else "")


def _human_sentence(s: dict) -> str:
    """The report's Vietnamese sentence with its ISO times written as on the rest of the page."""
    text = s.get("summary_vi") or ""
    for key in ("signing_time", "timestamp_time", "revoked_at", "expired_at"):
        if s.get(key):
            text = text.replace(s[key], _human_time(s[key]))
    return text


def _context(report: dict, **extra) -> dict:
    signatures = [
        {
            **s,
            "summary_vi": _human_sentence(s),
            "signing_time": _human_time(s.get("signing_time")),
            "timestamp_time": _human_time(s.get("timestamp_time")),
            # Intact means the signed revision hashes right; the document as a whole is unchanged
            # only when nothing but allowed updates came after the signature.
            "unchanged": bool(s.get("intact")) and s.get("status") not in ("modified", "invalid"),
            "verdict": STATUS_SENTENCES.get(s.get("status"), ""),
            "test_ca": _is_test(s),
        }
        for s in report.get("signatures", [])
    ]
    return {
        "report": report,
        "signatures": signatures,
        "headline": STATUS_HEADLINES.get(report["status"], report["status"]),
        "verdict": STATUS_SENTENCES.get(report["status"], report.get("summary_vi", "")),
        "test_ca": any(s["test_ca"] for s in signatures),
        "ok": report["status"] == "valid",
        **extra,
    }


@require_http_methods(["GET", "POST"])
def verify_page(request):
    if request.method == "GET":
        return render(request, "signing/verify.html", {})
    upload = request.FILES.get("file")
    if upload is None:
        return render(
            request,
            "signing/verify.html",
            {"error": _("Vui lòng chọn tệp PDF cần kiểm tra.")},
            status=400,
        )
    if upload.size > MAX_VERIFY_BYTES:
        return render(
            request, "signing/verify.html", {"error": _("Tệp quá lớn (tối đa 20 MB).")}, status=413
        )
    try:
        limit_public(request, "verify")
    except DomainError as exc:
        return render(request, "signing/verify.html", {"error": exc.message}, status=exc.status)
    report = services.verify(upload.read())
    return render(request, "signing/result.html", _context(report, filename=upload.name))


def result_page(request, public_id):
    try:
        doc = services.document_by_public_id(public_id)
    except DomainError:
        raise Http404 from None
    report = services.verify_stored(doc)
    return render(request, "signing/result.html", _context(report, doc=doc))
