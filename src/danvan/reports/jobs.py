"""The city-wide export as a background job (danvan.jobs): progress, then the file to download."""

from django.utils.translation import gettext_lazy as _

from danvan.jobs.registry import job_kind
from danvan.reports import exports, periods
from danvan.units.models import Unit


def _describe(result) -> str:
    return _("Đã lập báo cáo %(name)s") % {"name": (result or {}).get("file", "")}


@job_kind("reports.export", title=_("Xuất báo cáo"), max_attempts=2, describe=_describe)
def run_export(job, ctx):
    params = job.params
    unit = Unit.objects.get(pk=params["unit"])
    period = periods.from_dates(params["from"], params["to"])
    ctx.progress(0, 3)
    report = exports.build(params["report"], unit, period)
    ctx.progress(2, 3)
    name, _ct, data = exports.render(report, params["format"])
    ctx.save_result(name, data)
    ctx.progress(3, 3)
    return {"file": name, "bytes": len(data)}
