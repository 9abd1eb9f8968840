"""Imports as jobs: an app's import page is one call.

    from danvan.jobs import imports

    imports.register(
        "movement.practice_import", title=_("Nhập mô hình “Dân vận khéo”"),
        schema=PRACTICES, write=save_practices,
        context=lambda job: {"within": [job.unit]},      # optional: look-up context per job
    )
    # or, for an importer with its own entry point (it must pass `progress` to run_import):
    imports.register("units.villages_import", title=_("Nhập thôn, tổ dân phố"),
                     run=lambda job, data, filename, progress: import_villages(...))

    job = imports.start("movement.practice_import", owner=request.user, unit=unit,
                        file=(upload.name, upload.read()), mode="all", dry_run=False)
    return redirect("jobs:job", public_id=job.public_id)

The job's result is the import report (counts, the first errors, the summary sentence); when rows
were refused, the result file is the error workbook (row, column, message). A file that cannot be
read, or a file with errors in mode "all", ends the job "failed" with that one message — the
report and the error workbook are still on it. run_import writes in one transaction, so a job
killed mid-import has written nothing and its next attempt starts the file again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from danvan.core.errors import Invalid
from danvan.core.importing import MODES, ImportReport, errors_xlsx, run_import
from danvan.jobs import registry, services
from danvan.jobs.models import Job

ERRORS_SHOWN = 200  # errors kept in the job's result; all of them are in the error workbook
ERRORS_FILE = "loi-nhap-tep.xlsx"

Runner = Callable[[Job, bytes, str, Callable], ImportReport]


def register(
    code: str,
    *,
    title,
    schema=None,
    write: Callable | None = None,
    context: Callable[[Job], dict] | None = None,
    run: Runner | None = None,
    max_attempts: int = 3,
) -> None:
    """Register an import job kind: either a schema and its writer, or a ``run`` of your own."""
    if (run is None) == (schema is None):
        raise ValueError("give either schema (with write) or run")
    runner = run or _schema_runner(schema, write, context)
    registry.register(
        registry.JobKind(
            code=code,
            title=title,
            run=lambda job, ctx: _run(runner, job, ctx),
            max_attempts=max_attempts,
            describe=lambda result: (result or {}).get("summary", ""),
        )
    )


def start(
    code: str,
    *,
    owner,
    file: tuple[str, bytes],
    unit=None,
    mode: str = "all",
    dry_run: bool = False,
    params: dict | None = None,
    title: str = "",
) -> Job:
    """Queue the import of an uploaded file; the page then shows /cong-viec/<id>/."""
    if mode not in MODES:
        raise Invalid(
            "import.bad_mode",
            _("Cách nhập không hợp lệ: chỉ “all” hoặc “valid_rows”."),
            fields={"mode": mode},
        )
    filename, _data = file
    spec = registry.get(code)
    return services.start(
        code,
        owner=owner,
        unit=unit,
        params={**(params or {}), "mode": mode, "dry_run": bool(dry_run)},
        files={"file": file},
        title=title or f"{spec.title}: {filename}"[:200],
    )


def _schema_runner(schema, write, context) -> Runner:
    def run(job: Job, data: bytes, filename: str, progress: Callable) -> ImportReport:
        return run_import(
            schema,
            data,
            filename,
            write=write,
            mode=job.params.get("mode", "all"),
            dry_run=job.params.get("dry_run", False),
            progress=progress,
            context=context(job) if context else None,
        )

    return run


def _run(runner: Runner, job: Job, ctx) -> dict:
    ctx.progress(0)  # "checking the file": the bar has no total until the rows are counted
    report = runner(job, ctx.file("file"), ctx.filename("file"), ctx.progress)
    result = report_dict(report)
    if report.errors:
        ctx.save_result(ERRORS_FILE, errors_xlsx(report.errors))
    if report.errors and not report.written and not report.dry_run:
        ctx.result = result
        raise Invalid("import.rows_invalid", report.summary())
    ctx.progress(report.total, report.total)
    return result


def report_dict(report: ImportReport) -> dict:
    return {
        "ok": report.ok,
        "summary": report.summary(),
        "mode": report.mode,
        "dry_run": report.dry_run,
        "total": report.total,
        "valid": report.valid,
        "created": report.created,
        "updated": report.updated,
        "written": report.written,
        "skipped": report.skipped,
        "error_count": len(report.errors),
        "errors": [
            {"row": e.row, "column": e.column, "message": e.message, "sheet": e.sheet}
            for e in report.errors[:ERRORS_SHOWN]
        ],
    }
