"""The citizen's pages under /gui-kien-nghi/: the form, the tracking code, the tracking page with
the answer and the rating. No account; rate-limited per address; no personal data shown."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from danvan.core.errors import DomainError
from danvan.core.ratelimit import limit_public
from danvan.core.uploads import check_upload
from danvan.grassroots import forms, notices, public, services
from danvan.units.models import Unit, UnitKind


def _communes():
    return Unit.objects.current().filter(kind=UnitKind.COMMUNE).order_by("name")


def _default_unit(request) -> str:
    code = request.GET.get("don-vi", "")[:20]
    if code:
        return code
    unit = getattr(request, "current_unit", None)
    return getattr(unit, "code", "") if getattr(unit, "kind", "") == UnitKind.COMMUNE else ""


@require_http_methods(["GET", "POST"])
def submit(request):
    communes = _communes()
    if request.method != "POST":
        form = forms.PublicForm(
            initial={"unit": _default_unit(request), "token": public.form_token()},
            communes=communes,
        )
        return render(request, "grassroots/public_form.html", {"form": form})
    public.throttle(request)
    form = forms.PublicForm(request.POST, request.FILES, communes=communes)
    done = public.already_filed(request.POST.get("token", "")[:500])
    if done is not None:  # the same form sent twice (a double click, a reload)
        return redirect("grassroots_public:filed", code=done.tracking_code)
    if form.is_valid():
        try:
            public.check_form_token(form.cleaned_data["token"], form.cleaned_data["website"])
            petition = _file(form)
        except DomainError as exc:
            forms.add_domain_errors(form, exc)
        else:
            _tell_citizen(request, petition)
            return redirect("grassroots_public:filed", code=petition.tracking_code)
    form.data = form.data.copy()
    form.data["token"] = public.form_token()
    return render(request, "grassroots/public_form.html", {"form": form}, status=422)


def _file(form):
    unit = Unit.objects.current().filter(code=form.cleaned_data["unit"]).first()
    photo = form.cleaned_data.get("photo")
    upload = check_upload(photo.name, photo.read()) if photo else None
    return public.submit(
        form.petition_input(), unit=unit, attachment=upload, token=form.cleaned_data["token"]
    )


def _tell_citizen(request, petition) -> None:
    notices.filed(
        petition,
        request.build_absolute_uri(f"/gui-kien-nghi/theo-doi/?ma={petition.tracking_code}"),
    )


def filed(request, code: str):
    petition = services.public_lookup(code)
    return render(request, "grassroots/public_filed.html", {"r": services.public_view(petition)})


def track(request):
    code = request.GET.get("ma", "").strip()[:20]
    context = {"code": code}
    if code:
        limit_public(request, "petition-track")
        try:
            context["r"] = services.public_view(services.public_lookup(code))
        except DomainError as exc:
            context["error"] = exc.message
    return render(
        request, "grassroots/public_track.html", context, status=404 if "error" in context else 200
    )


@require_POST
def rate(request, code: str):
    limit_public(request, "petition-rate")
    try:
        services.rate(
            code, request.POST.get("satisfaction", ""), request.POST.get("comment", "")[:1000]
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        petition = services.public_lookup(code)
        context = {"code": code, "r": services.public_view(petition), "error": exc.message}
        return render(request, "grassroots/public_track.html", context, status=exc.status)
    return redirect(f"/gui-kien-nghi/theo-doi/?ma={code}&da-danh-gia=1")
