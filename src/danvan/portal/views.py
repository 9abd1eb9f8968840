"""Citizen pages, no login: public dossier lookup, rating after return, online filing."""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core.errors import DomainError, NotFound
from danvan.core.ratelimit import limit_public
from danvan.onestop import public_services as onestop
from danvan.procedures.services import active_procedure
from danvan.units.services import current_communes

register("portal.prefill_answered", "Công dân tự điền sẵn thông tin từ hồ sơ trước của mình")


def _clean_code(value: str) -> str:
    return value.strip().upper()[:60]


def lookup_page(request):
    code = _clean_code(request.GET.get("ma", ""))
    phone4 = request.GET.get("so", "").strip()[:4]
    context = {"code": code, "phone4": phone4, "result": None, "error": ""}
    if code and phone4:
        limit_public(request, "lookup")
        try:
            dossier = onestop.lookup(code, phone4)
        except NotFound as exc:
            context["error"] = exc.message
        else:
            context.update(onestop.lookup_context(dossier))
    return render(request, "portal/lookup.html", context)


@require_http_methods(["GET", "POST"])
def rate_page(request, code: str):
    code = _clean_code(code)
    context = {
        "code": code,
        "scores": onestop.rating_scores(),
        "values": {},
        "error": "",
        "done": False,
    }
    if request.method == "POST":
        limit_public(request, "rating")
        context["values"] = {
            k: request.POST.get(k, "").strip() for k in ("phone4", "score", "comment")
        }
        _try_rate(request, code, context)
    else:
        context["values"] = {"phone4": request.GET.get("so", "")[:4]}
    return render(request, "portal/rate.html", context, status=422 if context["error"] else 200)


def _try_rate(request, code: str, context: dict) -> None:
    v = context["values"]
    try:
        channel = "counter" if request.POST.get("tai_quay") else "portal"
        onestop.rate(code, v["phone4"][:4], v["score"], v["comment"], channel)
    except DomainError as exc:
        context["error"] = exc.message
    else:
        context["done"] = True


def _communes():
    return current_communes()


def _file_context(form=None, unit_code: str = "", **extra) -> dict:
    context = {
        **onestop.intake_form_context(form),
        "communes": _communes(),
        "unit_code": unit_code,
        "procedure": form.procedure if form else None,
        "values": form.values if form else {},
        "errors": form.errors if form else {},
        "staged": form.staged if form else {},
    }
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
def file_online(request):
    if request.method != "POST":
        procedure = active_procedure(request.GET.get("thu_tuc", ""))
        values = {"procedure": procedure.code if procedure else ""}
        if getattr(request.user, "national_id", ""):  # a signed-in citizen files as themself
            values.update(national_id=request.user.national_id, name=request.user.full_name)
        context = _file_context(procedure=procedure, values=values)
        return render(request, "portal/file.html", context)
    limit_public(request, "file_online", per_minute=20)
    form = onestop.read_intake_form(request.POST, request.FILES)
    unit_code = request.POST.get("unit", "")[:20]
    unit = _communes().filter(code=unit_code).first()
    if unit is None:
        form.errors["unit"] = "Chưa chọn xã/phường nơi nộp hồ sơ."
    if not form.errors:
        dossier = _register_online(form, unit, request.user)
        if dossier is not None:
            return redirect(
                reverse("portal:filed", args=[dossier.code]) + f"?so={dossier.phone_last4}"
            )
    elif form.procedure is not None:
        _collect(form)
    if form.procedure is not None:
        onestop.stage_uploads(form)
    return render(request, "portal/file.html", _file_context(form, unit_code), status=422)


def _register_online(form, unit, user=None):
    if not form.values["phone"]:
        form.errors["phone"] = "Cần số điện thoại để tra cứu và nhận thông báo."
        _collect(form)
        return None
    return onestop.file_online(form, unit, user)


def _collect(form) -> None:
    onestop.check_online(form)


def filed(request, code: str):
    phone4 = request.GET.get("so", "")[:4]
    return render(request, "portal/filed.html", {"code": _clean_code(code), "phone4": phone4})


def file_components(request):
    procedure = active_procedure(request.GET.get("procedure", ""))
    return render(
        request,
        "onestop/_components.html",
        {"procedure": procedure, "errors": {}, "missing_ids": set()},
    )


def known_applicant(request):
    """Prefill for a signed-in citizen, from her own earlier dossiers only: the answer never depends
    on an ID someone types (a national ID and a phone number are no proof of identity), so nobody
    learns another person's name or address here. Rate-limited; every answer is audited."""
    limit_public(request, "prefill")
    own = getattr(request.user, "national_id", "") if request.user.is_authenticated else ""
    asked = request.GET.get("national_id", "").replace(" ", "")[:12]
    known = {}
    if own and asked == own:
        known = onestop.own_applicant_data(own)
        record("portal.prefill_answered", actor=request.user, data={"found": bool(known)})
    return render(request, "onestop/_applicant.html", {"known": known, "national_id": asked})


# --- online payment of fees --------------------------------------------------------------------


@require_POST
def pay_start(request, code: str):
    """From the lookup page: the citizen (code + last 4 phone digits) pays the requested fee."""
    limit_public(request, "payment")
    code, phone4 = _clean_code(code), request.POST.get("so", "").strip()[:4]
    try:
        url = onestop.start_payment(code, phone4, request.POST.get("provider", "")[:32])
    except DomainError as exc:
        context = {"code": code, "phone4": phone4, "result": None, "error": exc.message}
        return render(request, "portal/lookup.html", context, status=exc.status)
    return redirect(url)


@require_http_methods(["GET", "POST"])
def fake_gateway(request, reference: str):
    """The stand-in bank page (only while FakeGateway is configured)."""
    choice = request.POST.get("choice", "") if request.method == "POST" else None
    intent, gw, fields = onestop.payment_page(reference, choice=choice)
    if fields is not None:
        return redirect(reverse("portal:pay_return", args=[gw.name]) + "?" + urlencode(fields))
    return render(request, "portal/fake_gateway.html", {"intent": intent, "gateway": gw})


def pay_return(request, provider: str):
    """Where the bank sends the payer back; the signed fields settle the payment (idempotently)."""
    limit_public(request, "payment")
    try:
        intent = onestop.settle_payment(provider, request.GET.dict())
    except DomainError as exc:
        return render(request, "portal/paid.html", {"error": exc.message}, status=exc.status)
    dossier = intent.dossier
    return render(
        request,
        "portal/paid.html",
        {"intent": intent, "dossier": dossier, "phone4": dossier.phone_last4},
    )
