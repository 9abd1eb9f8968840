"""Job pages: my jobs, one job (progress polled with htmx), its result file."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render

from danvan.core.errors import NotFound
from danvan.jobs import services

PAGE_SIZE = 50


def _job(user, public_id):
    try:
        return services.get_for(user, public_id)
    except NotFound:
        raise Http404 from None


@login_required
def job_list(request):
    """My jobs; administrators may also see every job they administer (?tat-ca=1)."""
    is_admin = services.is_admin(request.user)
    everyone = is_admin and request.GET.get("tat-ca") == "1"
    jobs = services.visible(request.user) if everyone else services.mine(request.user)
    jobs = jobs.select_related("owner").order_by("-created_at")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [services.status(job) | {"owner": job.owner} for job in page.object_list]
    context = {"page": page, "rows": rows, "is_admin": is_admin, "everyone": everyone}
    return render(request, "jobs/list.html", context)


@login_required
def job_page(request, public_id):
    job = _job(request.user, public_id)
    return render(request, "jobs/job.html", {"j": services.status(job), "job": job})


@login_required
def job_progress(request, public_id):
    """The progress panel alone, for htmx polling (it stops polling once the job has finished)."""
    job = _job(request.user, public_id)
    return render(request, "jobs/_progress.html", {"j": services.status(job), "job": job})


@login_required
def job_result(request, public_id):
    try:
        job = services.result_file(request.user, public_id)
    except NotFound:
        raise Http404 from None
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
