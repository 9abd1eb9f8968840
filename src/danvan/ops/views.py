"""Re-authentication, second-factor enrollment and verification pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from danvan.accounts import services as accounts
from danvan.audit.services import record
from danvan.ops import otp
from danvan.ops.security import mark_reauthenticated


def _next(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return "/"


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@login_required
def reauth(request):
    user = request.user
    with_code = user_has_device(user)
    error = ""
    status = 200
    if request.method == "POST":
        if accounts.is_locked_out(user.username, _address(request)):
            error, status = "Sai quá nhiều lần. Vui lòng thử lại sau ít phút.", 429
        elif not user.check_password(request.POST.get("password", "")):
            accounts.note_failure(user.username, _address(request))
            error, status = "Mật khẩu không đúng.", 400
        elif with_code and otp.verify(user, request.POST.get("code", "")) is None:
            accounts.note_failure(user.username, _address(request))
            error, status = "Mã xác thực không đúng hoặc đã hết hạn.", 400
        else:
            mark_reauthenticated(request)
            record("ops.reauthenticated", actor=user)
            return redirect(_next(request))
    context = {"with_code": with_code, "error": error, "next": _next(request)}
    return render(request, "ops/reauth.html", context, status=status)


@login_required
def otp_verify(request):
    user = request.user
    if not user_has_device(user):
        return redirect("ops:otp_setup")
    error, status = "", 200
    if request.method == "POST":
        if accounts.is_locked_out(user.username, _address(request)):
            error, status = "Sai quá nhiều lần. Vui lòng thử lại sau ít phút.", 429
        elif (device := otp.verify(user, request.POST.get("code", ""))) is not None:
            otp_login(request, device)
            mark_reauthenticated(request)
            return redirect(_next(request))
        else:
            accounts.note_failure(user.username, _address(request))
            error, status = "Mã xác thực không đúng hoặc đã hết hạn.", 400
    return render(
        request, "ops/otp_verify.html", {"error": error, "next": _next(request)}, status=status
    )


@login_required
def otp_setup(request):
    user = request.user
    if user_has_device(user) and not user.is_verified():
        # replacing a device needs the current one first
        return redirect("ops:otp_verify")
    device = otp.pending_device(user)
    error, status = "", 200
    if request.method == "POST":
        codes = otp.confirm(user, device, request.POST.get("code", ""))
        if codes is not None:
            otp_login(request, device)
            mark_reauthenticated(request)
            return render(
                request, "ops/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        error, status = "Mã chưa đúng. Kiểm tra giờ trên điện thoại rồi nhập mã mới nhất.", 400
    context = {
        "qr": otp.qr_svg(device),
        "secret": otp.secret_base32(device),
        "error": error,
        "next": _next(request),
    }
    return render(request, "ops/otp_setup.html", context, status=status)


@login_required
@require_POST
def recovery_codes(request):
    if not request.user.is_verified():
        messages.error(request, _("Cần nhập mã xác thực trước khi tạo mã khôi phục mới."))
        return redirect("ops:otp_verify")
    codes = otp.new_recovery_codes(request.user)
    record("ops.otp.recovery_renewed", actor=request.user)
    return render(request, "ops/recovery_codes.html", {"codes": codes, "next": "/"})
