"""Officials' signing pages: what awaits my signature (or my seal), batch signing (leaders) and
batch sealing (office clerks) with one PIN, and the batch's progress (polled with htmx). Public verification pages live in views.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.core.errors import DomainError, Forbidden
from danvan.signing import batches

DOSSIERS = "onestop.dossier"


def _require(user, *roles) -> None:
    if not scope.has_role(user, *roles):
        raise Forbidden(
            "signing.page_forbidden", "Trang này dành cho lãnh đạo ký duyệt và văn thư."
        )


def _queue_context(user, **extra) -> dict:
    is_signer = scope.has_role(user, Role.SIGNER)
    is_sealer = scope.has_role(user, Role.OFFICE_CLERK)
    context = {
        "is_signer": is_signer,
        "is_sealer": is_sealer,
        "rows": batches.awaiting_for(user, DOSSIERS) if is_signer else [],
        "seal_rows": batches.awaiting_seal_for(user, DOSSIERS) if is_sealer else [],
        "recent": user.signing_batches.order_by("-created_at")[:10]
        if is_signer or is_sealer
        else [],
        "selected": set(),
        "seal_selected": set(),
        "error": "",
    }
    context.update(extra)
    return context


@login_required
def queue(request):
    _require(request.user, Role.SIGNER, Role.OFFICE_CLERK)
    if request.method != "POST":
        return render(request, "signing/queue.html", _queue_context(request.user))
    sealing = request.POST.get("kind") == batches.SEAL
    _require(request.user, Role.OFFICE_CLERK if sealing else Role.SIGNER)
    codes = [c[:60] for c in request.POST.getlist("dossier")][: batches.MAX_ITEMS]
    try:
        batch = batches.create_batch(
            request.user,
            codes,
            request.POST.get("pin", "")[:16],
            batch_kind=batches.SEAL if sealing else batches.SIGN,
        )
    except DomainError as exc:
        chosen = {"seal_selected" if sealing else "selected": set(codes)}
        context = _queue_context(request.user, error=exc.message, **chosen)
        return render(request, "signing/queue.html", context, status=exc.status)
    done = (
        _("Đã xác nhận mã PIN; đang đóng dấu %(n)s văn bản.")
        if sealing
        else _("Đã xác nhận mã PIN; đang ký %(n)s văn bản.")
    )
    messages.success(request, done % {"n": batch.items.count()})
    return redirect("signing:batch", public_id=batch.public_id)


@login_required
def batch_page(request, public_id):
    _require(request.user, Role.SIGNER, Role.OFFICE_CLERK)
    batch = batches.get_batch(request.user, public_id)
    return render(request, "signing/batch.html", {"p": batches.progress(batch)})


@login_required
def batch_progress(request, public_id):
    """The progress panel alone, for htmx polling (it stops polling once the batch is finished)."""
    _require(request.user, Role.SIGNER, Role.OFFICE_CLERK)
    batch = batches.get_batch(request.user, public_id)
    return render(request, "signing/_batch_progress.html", {"p": batches.progress(batch)})


@login_required
@require_POST
def batch_resume(request, public_id):
    """Run a stalled batch again (e.g. the embedded server was restarted in the middle)."""
    _require(request.user, Role.SIGNER, Role.OFFICE_CLERK)
    batch = batches.get_batch(request.user, public_id)
    if not batches.resume(batch):
        return redirect("signing:batch", public_id=batch.public_id)
    if settings.JOBS_RUNNER == "worker":
        messages.info(
            request,
            _(
                "Lô sẽ được tiến trình chạy nền (danvan jobs-worker) chạy tiếp; "
                "nếu lâu không chạy, hãy báo quản trị hệ thống."
            ),
        )
    else:
        verb = _("đóng dấu") if batch.kind == batches.SEAL else _("ký")
        messages.success(request, _("Đang %(verb)s tiếp các văn bản còn lại.") % {"verb": verb})
    return redirect("signing:batch", public_id=batch.public_id)
