"""Public verification pages: upload a PDF, or open the result from the stamp's QR code."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danvan.core.errors import DomainError
from danvan.core.ratelimit import limit_public
from danvan.signing import services
from danvan.signing.public_api import MAX_VERIFY_BYTES

STATUS_HEADLINES = {
    "valid": "Hợp lệ",
    "modified": "Đã bị sửa đổi sau khi ký",
    "invalid": "Chữ ký không hợp lệ",
    "untrusted": "Không được tin cậy",
    "revoked": "Chứng thư đã bị thu hồi",
    "no_signature": "Không có chữ ký số",
    "not_pdf": "Không phải tệp PDF",
    "malformed": "Tệp bị hỏng",
}


def _context(report: dict, **extra) -> dict:
    return {
        "report": report,
        "headline": STATUS_HEADLINES.get(report["status"], report["status"]),
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
