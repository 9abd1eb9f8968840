"""Login (throttled), logout, the unit picker, and the header's language switch."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from danvan.accounts import language, scope, services
from danvan.accounts.forms import LoginForm
from danvan.audit.services import record
from danvan.units.models import Unit


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def login_view(request):
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        address = client_address(request)
        if services.is_locked_out(username, address):
            form.errors.clear()
            messages.error(request, _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút."))
            return render(request, "accounts/login.html", {"form": LoginForm(request)}, status=429)
        if form.is_valid():
            user = form.get_user()
            login(request, user)
            services.clear_failures(username)
            record("accounts.login", actor=user)
            return redirect(_next_url(request))
        services.note_failure(username, address)
    return render(request, "accounts/login.html", {"form": form})


def _next_url(request) -> str:
    nxt = request.GET.get("next") or request.POST.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return "/"


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record("accounts.logout", actor=request.user)
    logout(request)
    return redirect("accounts:login")


@login_required
@require_POST
def pick_unit(request):
    unit = Unit.objects.filter(pk=request.POST.get("unit") or 0).first()
    if unit is None or not scope.covers(request.user, unit):
        messages.error(request, _("Bạn không có quyền với đơn vị này."))
    else:
        request.session["unit_id"] = unit.pk
    return redirect(_next_url(request))


def set_language(request):
    """Django's ``set_language`` (cookie, back to the page), and for a signed-in person her choice
    saved on her account: the emails and SMS the platform sends her are written in it."""
    response = i18n.set_language(request)
    if request.method == "POST" and response.status_code in (302, 204):
        language.remember(request.user, request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER))
    return response
