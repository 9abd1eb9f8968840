"""Citizen pages, no login: public dossier lookup, rating after return, online filing."""

from urllib.parse import urlencode

from django.contrib.auth import authenticate, login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from danvan.accounts.services import (
    can_receive,
    clear_failures,
    is_locked_out,
    note_failure,
    receiving_paths,
)
from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core.errors import DomainError, Forbidden, NotFound
from danvan.core.identifiers import phone_last4
from danvan.core.privacy import mask_national_id
from danvan.core.ratelimit import limit_public
from danvan.onestop import public_services as onestop
from danvan.procedures.services import active_procedure
from danvan.units import services as units
from danvan.vault import services as vault

register("portal.citizen_signed_in", gettext_lazy("Công dân đăng nhập để nộp và theo dõi hồ sơ"))
register(
    "portal.prefill_answered",
    gettext_lazy("Công dân tự điền sẵn thông tin từ hồ sơ trước của mình"),
)
register(
    "portal.prefill_refused",
    gettext_lazy(
        "Từ chối điền sẵn thông tin của người khác (số định danh {asked}) trên trang nộp trực tuyến"
    ),
)


def _clean_code(value: str) -> str:
    return value.strip().upper()[:60]


def lookup_page(request):
    code = _clean_code(request.GET.get("ma", ""))
    phone4 = phone_last4(request.GET.get("so", "")[:30])
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
        context["values"]["phone4"] = phone_last4(context["values"]["phone4"][:30])
        _try_rate(request, code, context)
    else:
        context["values"] = {"phone4": phone_last4(request.GET.get("so", "")[:30])}
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
    return units.current_communes()


def _commune_label(unit) -> str:
    """ "Phường Hoàn Kiếm — Thành phố Hà Nội (trước 1/7/2025: Quận Hoàn Kiếm)"."""
    label = unit.name
    if unit.parent_id:
        label += f" — {unit.parent.name}"
    if districts := units.former_districts(unit):
        label += " " + _("(trước 1/7/2025: %(districts)s)") % {"districts": ", ".join(districts)}
    return label


def _unit_choices(chosen, query: str) -> list[dict]:
    """The picker's options: the chosen (or default) unit first, then what the search found;
    never the flat list of every commune of the country."""
    found = [chosen] if chosen else []
    found += [u for u in units.search_communes(query) if not chosen or u.pk != chosen.pk]
    return [{"code": u.code, "label": _commune_label(u)} for u in found]


def _default_unit(request):
    """The signed-in citizen's own ward: where she filed last, else the ward of her store (where
    her documents were stored or her account verified), when it is still a commune today."""
    national_id = getattr(request.user, "national_id", "")
    if not national_id:
        return None
    last = onestop.last_unit_of(national_id)
    if last is not None and _communes().filter(pk=last.pk).exists():
        return last
    home = vault.home_unit_id(national_id)
    return _communes().filter(pk=home).select_related("parent").first() if home else None


def _own_values(request) -> dict:
    """What the store already holds of the signed-in citizen (she files as herself): her name and
    ID from her account, phone, e-mail, address, sex and birth date from her latest dossier."""
    user = request.user
    national_id = getattr(user, "national_id", "")
    if not national_id:
        return {}
    values = {k: v for k, v in onestop.own_applicant_data(national_id).items() if v}
    values.update(national_id=national_id, name=user.full_name or values.get("name", ""))
    record("portal.prefill_answered", actor=user, data={"found": len(values) > 2})
    return values


def _file_context(form=None, unit_code: str = "", *, request=None, query: str = "", **extra):
    chosen = _communes().filter(code=unit_code).select_related("parent").first()
    if chosen is None and request is not None:
        chosen = _default_unit(request)
    context = {
        **onestop.intake_form_context(form),
        "unit_choices": _unit_choices(chosen, query),
        "unit_query": query,
        "unit_code": chosen.code if chosen else "",
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
        procedure = active_procedure(request.GET.get("thu_tuc") or request.GET.get("procedure", ""))
        values = {"procedure": procedure.code if procedure else ""}
        values.update(_own_values(request))  # a signed-in citizen files as herself
        context = _file_context(
            None,
            request.GET.get("unit", "")[:20],
            request=request,
            query=request.GET.get("tim", "")[:80],
            procedure=procedure,
            values=values,
        )
        return render(request, "portal/file.html", context)
    limit_public(request, "file_online", per_minute=20)
    form = onestop.read_intake_form(request.POST, request.FILES)
    unit_code = request.POST.get("unit", "")[:20]
    unit = _communes().filter(code=unit_code).select_related("parent").first()
    if unit is None:
        form.errors["unit"] = _("Chưa chọn xã/phường nơi nộp hồ sơ.")
    else:
        _check_receiver(form, unit)
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
    context = _file_context(form, unit_code, request=request)
    return render(request, "portal/file.html", context, status=422)


def _check_receiver(form, unit) -> None:
    """A dossier filed where nobody receives dossiers would wait for ever: refuse it and name the
    nearest units that can receive it."""
    paths = receiving_paths()
    if can_receive(unit, paths):
        return
    nearest = units.nearest_communes(unit, units.communes_under(paths))
    message = _("%(unit)s chưa tiếp nhận hồ sơ trực tuyến.") % {"unit": unit.name}
    if nearest:
        message += " " + _("Ông/bà có thể nộp tại: %(units)s.") % {
            "units": "; ".join(_commune_label(u) for u in nearest)
        }
    form.errors["unit"] = message


def unit_options(request):
    """The picker's options for what the citizen typed (htmx, as she types)."""
    limit_public(request, "unit_search", per_minute=120)
    chosen = _communes().filter(code=request.GET.get("unit", "")[:20]).first()
    choices = _unit_choices(chosen, request.GET.get("tim", "")[:80])
    context = {"unit_choices": choices, "unit_code": chosen.code if chosen else ""}
    return render(request, "portal/_unit_options.html", context)


def _register_online(form, unit, user=None):
    if not form.values["phone"]:
        form.errors["phone"] = "Cần số điện thoại để tra cứu và nhận thông báo."
        _collect(form)
        return None
    return onestop.file_online(form, unit, user)


def _collect(form) -> None:
    onestop.check_online(form)


def filed(request, code: str):
    """The submission note after filing online: to print or save (code, expected return date,
    tracking link, the e-mail/SMS sent), for the code + last 4 phone digits or her own dossier."""
    limit_public(request, "lookup")
    code, phone4 = _clean_code(code), phone_last4(request.GET.get("so", "")[:30])
    try:
        context = onestop.acknowledgement(code, phone4, request.user)
    except NotFound as exc:
        context = {"code": code, "phone4": phone4, "result": None, "error": exc.message}
        return render(request, "portal/lookup.html", context, status=404)
    return render(request, "portal/filed.html", context)


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
    elif asked:  # someone asking about another person's ID (or anonymously): nothing, but noted
        record(
            "portal.prefill_refused",
            actor=request.user,
            data={"asked": mask_national_id(asked), "signed_in": bool(own)},
        )
    context = {"known": known, "national_id": asked, "not_own": bool(asked) and asked != own}
    return render(request, "onestop/_applicant.html", context)


# --- the signed-in citizen's own dossiers ------------------------------------------------------


def _sign_in_first(request):
    return redirect(reverse("portal:sign_in") + "?" + urlencode({"next": request.get_full_path()}))


def _require_citizen(user) -> None:
    if not getattr(user, "national_id", ""):
        raise Forbidden(
            "portal.not_citizen",
            _("Trang này dành cho công dân: tài khoản cán bộ không có hồ sơ cá nhân ở đây."),
        )


def my_dossiers(request):
    """ "Hồ sơ của tôi": every dossier filed under the signed-in citizen's national ID, with its
    state, due date, what is missing and the result to open. Anonymous visitors sign in first."""
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    _require_citizen(request.user)
    rows = onestop.citizen_dossiers(request.user)
    return render(request, "portal/my_dossiers.html", {"rows": rows})


def my_result(request, code: str):
    """The result of her own returned dossier, in the browser (or downloaded with ?tai-ve=1)."""
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    _require_citizen(request.user)
    download = request.GET.get("tai-ve") == "1"
    meta, data = onestop.citizen_result(request.user, _clean_code(code), download=download)
    response = HttpResponse(data, content_type=meta.content_type)
    response["Content-Disposition"] = onestop.file_disposition(meta.file_name, download=download)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- online payment of fees --------------------------------------------------------------------


@require_POST
def pay_start(request, code: str):
    """From the lookup page: the citizen (code + last 4 phone digits) pays the requested fee."""
    limit_public(request, "payment")
    code, phone4 = _clean_code(code), phone_last4(request.POST.get("so", "")[:30])
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


# --- citizen sign-in (not the officials' page) -------------------------------------------------


@require_http_methods(["GET", "POST"])
def citizen_sign_in(request):
    """Citizens sign in with the account of their store (activated at the counter); an official's
    account is refused here and sent to the officials' page."""
    nxt = request.POST.get("next") or request.GET.get("next") or reverse("portal:file")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = reverse("portal:file")
    context = {"next": nxt, "error": "", "username": ""}
    if request.method != "POST":
        return render(request, "portal/sign_in.html", context)
    limit_public(request, "citizen_sign_in", per_minute=30)
    username = request.POST.get("username", "").strip()[:150]
    address = request.META.get("REMOTE_ADDR", "")
    context["username"] = username
    if is_locked_out(username, address):
        context["error"] = _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.")
        return render(request, "portal/sign_in.html", context, status=429)
    user = authenticate(request, username=username, password=request.POST.get("password", ""))
    if user is None or not user.national_id:
        note_failure(username, address)
        context["error"] = _(
            "Tên đăng nhập hoặc mật khẩu không đúng, hoặc đây không phải tài khoản công dân."
        )
        return render(request, "portal/sign_in.html", context, status=422)
    login(request, user)
    clear_failures(username)
    record("portal.citizen_signed_in", actor=user)
    return redirect(nxt)
