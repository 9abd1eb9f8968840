"""/ket-noi/: the outbox (list, one message, retry), the dossiers not synced with the portal."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danvan.connections import services
from danvan.connections.conf import conf
from danvan.connections.models import MessageState
from danvan.connections.services import outbox
from danvan.core.errors import DomainError, NotFound

PAGE_SIZE = 50


def _require(user):
    if not outbox.may_see(user):
        raise Http404


@login_required
def home(request):
    _require(request.user)
    state = request.GET.get("trang-thai", "")
    kind = request.GET.get("loai", "")
    qs = outbox.visible(request.user)
    if state in MessageState.values:
        qs = qs.filter(state=state)
    if kind in outbox.SENDERS:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by("-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "states": MessageState.choices,
        "kind": kind,
        "kinds": [(k, str(sender.label)) for k, sender in outbox.SENDERS.items()],
        "counts": services.counts_for(request.user),
        "configured": bool(conf().gateway_url),
        "gateway_url": conf().gateway_url,
        "fake": services.talks_to_a_fake(request.user),
        "unsynced": services.unsynced_for(request.user).count(),
    }
    return render(request, "connections/home.html", context)


@login_required
def message(request, pk: int):
    _require(request.user)
    try:
        row = outbox.get(pk, request.user)
    except NotFound:
        raise Http404 from None
    from danvan.core.privacy import mask_email, mask_phone

    deliveries = [
        {"d": d, "to": mask_email(d.to) if "@" in d.to else mask_phone(d.to)}
        for d in row.deliveries.order_by("at", "id")
    ]
    context = {"m": row, "failed": row.state == "failed", "deliveries": deliveries}
    return render(request, "connections/message.html", context)


@login_required
@require_POST
def retry(request, pk: int):
    _require(request.user)
    try:
        row = outbox.get(pk, request.user)
        outbox.retry(row, by=request.user)
        flash.success(request, _("Đã xếp tin #%(id)s để gửi lại.") % {"id": row.pk})
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        row.refresh_from_db()
        if row.state in (MessageState.PENDING, MessageState.SENDING, MessageState.SENT):
            # A second click, or a colleague was faster: the message is already on its way.
            flash.info(
                request,
                _("Tin #%(id)s đã được xếp gửi lại trước đó; không xếp thêm lần nữa.")
                % {"id": row.pk},
            )
        else:
            flash.error(request, exc.message)
    return redirect("connections:message", pk=pk)


@login_required
def unsynced(request):
    _require(request.user)
    qs = services.unsynced_for(request.user).select_related("unit", "procedure")
    page = Paginator(qs.order_by("-received_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ids = [d.pk for d in page.object_list]
    syncs, latest = services.sync_rows(ids), services.holding_messages(ids)
    rows = [{"d": d, "sync": syncs.get(d.pk), "m": latest.get(d.pk)} for d in page.object_list]
    return render(request, "connections/unsynced.html", {"page": page, "rows": rows})


@login_required
def e_receipt(request, code: str):
    """The e-receipt (PDF from the national payment platform's GET_BILL) of the dossier's fee,
    for its officials and for the citizen it belongs to."""
    from django.http import HttpResponse

    from danvan.connections.services import payments

    try:
        dossier, found = payments.receipt_for(request.user, code)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        context = {"error": exc.message, "code": code[:60]}
        return render(request, "connections/receipt_missing.html", context, status=exc.status)
    response = HttpResponse(found.pdf, content_type="application/pdf")
    name = "".join(ch for ch in (found.number or dossier.code) if ch.isalnum() or ch in "-_.")
    response["Content-Disposition"] = f'inline; filename="bien-lai-dien-tu-{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def population_lookup(request):
    """The counter's "look up in the population database" (htmx): the answer fills the form."""
    from danvan.connections.services import population

    post = request.POST
    try:
        values = population.lookup(
            request.user,
            unit=request.current_unit,
            national_id=post.get("national_id", "")[:20],
            name=post.get("name", "")[:150],
            date_of_birth=post.get("date_of_birth", "")[:10] or post.get("birth_year", "")[:4],
            reason=post.get("population_reason", "")[:300],
            pin=post.get("population_pin", "")[:12],
        )
    except DomainError as exc:
        status = 200 if request.headers.get("HX-Request") else exc.status
        context = {"error": exc.message, "fields": exc.fields or {}}
        return render(request, "connections/_population_answer.html", context, status=status)
    return render(request, "connections/_population_answer.html", {"found": values})


# --- the citizen's notification preferences (/kho-cua-toi/thong-bao/) ------------------------


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """A signed-in citizen chooses her channels (SMS, Zalo OA, email) and turns topics off;
    the legally required notices cannot be turned off."""
    from danvan.connections.services import notices
    from danvan.core.privacy import mask_email, mask_phone

    national_id = notices.require_citizen(request.user)
    if request.method == "POST":
        post = request.POST
        wanted = set(post.getlist("topic"))
        notices.save_preference(
            request.user,
            sms=post.get("sms") == "on",
            zalo=post.get("zalo") == "on",
            email=post.get("email") == "on",
            muted=[kind for kind in notices.OPTIONAL if kind not in wanted],
        )
        flash.success(request, _("Đã lưu lựa chọn nhận thông báo."))
        return redirect("notices:preferences")
    pref = notices.preference_for(national_id)
    muted = set(pref.muted or [])
    topics = [
        {"t": t, "on": t.required or t.kind not in muted, "group": notices.GROUPS[t.group]}
        for t in notices.TOPICS
    ]
    history = [
        {
            "n": n,
            "state": state,
            "to": mask_email(n.to) if n.channel == "email" else mask_phone(n.to),
        }
        for n, state in notices.history_for(national_id)
    ]
    context = {
        "pref": pref,
        "saved": pref.pk is not None,
        "topics": topics,
        "history": history,
        "zalo_ready": notices.providers.zalo_configured(),
        "phone": mask_phone(request.user.phone),
        "email": mask_email(request.user.email),
    }
    return render(request, "connections/preferences.html", context)
