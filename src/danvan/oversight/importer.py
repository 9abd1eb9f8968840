"""Import of a year's supervisions, criticism sessions and dialogues from the workbook a Front
committee keeps (danvan.core.importing): one sheet each, the template generated from the
schemas, errors by sheet, row and column, all or nothing across the three sheets."""

import dataclasses
import functools
import uuid

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Organization, OrganizationKind
from danvan.audit.services import record
from danvan.core.errors import Invalid, NotFound
from danvan.core.idempotency import run_once
from danvan.core.importing import Column, ImportReport, Schema, run_import, template_xlsx
from danvan.jobs import imports as job_imports
from danvan.jobs import services as jobs
from danvan.oversight import scoping, services
from danvan.oversight.models import CriticismSession, Dialogue, Supervision
from danvan.oversight.states import CriticismForm, SubjectKind, SupervisionForm
from danvan.units.models import REFORM_DATE, UnitKind
from danvan.workflow import create, transition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JOB_KIND = "oversight.import"
MAX_UPLOAD = 10 * 1024 * 1024
ORGANIZERS = [
    (OrganizationKind.FATHERLAND_FRONT, "Ủy ban MTTQ"),
    (OrganizationKind.WOMENS_UNION, "Hội Liên hiệp Phụ nữ"),
    (OrganizationKind.YOUTH_UNION, "Đoàn Thanh niên"),
    (OrganizationKind.FARMERS, "Hội Nông dân"),
    (OrganizationKind.VETERANS, "Hội Cựu chiến binh"),
    (OrganizationKind.TRADE_UNION, "Công đoàn"),
]
UNIT_KINDS = ("province", "district", "commune")


def _unit_col():
    return Column("unit", _("Đơn vị"), type="unit_history", required=True, kinds=UNIT_KINDS,
                  help=_("mã hoặc tên xã, phường; “Hà Nội” cho cấp thành phố; quận, huyện cũ (mã 3 "
                         "chữ số hoặc tên có “Quận”, “Huyện”, ví dụ “Huyện Ba Vì”) chỉ cho hoạt "
                         "động trước 01/7/2025"), example="00070")  # fmt: skip


def _district_before_reform(sheet: str, *date_keys):
    """A pre-2025 district is accepted for history only: the record's date (the first of
    `date_keys` given) must be before 1 July 2025, when the districts were abolished."""

    def check(row):
        unit = row.get("unit")
        if unit is None or unit.kind != UnitKind.DISTRICT:
            return []
        key = next((k for k in date_keys if row.get(k)), None)
        if key is None or row[key] < REFORM_DATE:
            return []
        return [("unit", gettext(
            "“%(unit)s” là quận, huyện đã giải thể từ 01/7/2025: chỉ ghi cho hoạt động trước ngày "
            "đó, mà ngày ở cột “%(column)s” là %(day)s; hãy ghi xã, phường hoặc thành phố."
        ) % {"unit": unit.name, "column": _header(sheet, key), "day": f"{row[key]:%d/%m/%Y}"})]  # fmt: skip

    return check


def _header(sheet: str, key: str) -> str:
    schema = next(s for s in SCHEMAS if s.name == sheet)
    return next((str(c.header) for c in schema.columns if c.key == key), key)


def _checks(*checks):
    return lambda row: [problem for check in checks for problem in check(row) or ()]


def _dates_in_order(row):
    if row.get("started_on") and row.get("ended_on") and row["ended_on"] < row["started_on"]:
        return [("ended_on", "Ngày kết thúc trước ngày bắt đầu.")]
    if row.get("findings") and not row.get("started_on"):
        return [("started_on", "Có kết quả giám sát thì phải có ngày tiến hành.")]
    return []


def _existing(model, field):
    def find(keys):
        units = {k[0] for k in keys}
        rows = model.objects.filter(unit_id__in=units).values_list("unit_id", field)
        return {(u, str(t).casefold()) for u, t in rows}

    return find


SUPERVISIONS = Schema(
    name="oversight.supervisions",
    title=_("Giám sát"),
    sheet=_("Giám sát"),
    allow_empty=True,
    columns=[
        _unit_col(),
        Column("organizer", _("Cơ quan chủ trì"), type="choice", choices=ORGANIZERS, required=True),
        Column("form", _("Hình thức"), type="choice", choices=SupervisionForm, required=True),
        Column("subject_kind", _("Loại đối tượng"), type="choice", choices=SubjectKind, required=True),
        Column("subject", _("Đối tượng giám sát"), required=True, max_length=500),
        Column("title", _("Nội dung giám sát"), required=True, max_length=500),
        Column("planned_on", _("Ngày dự kiến"), type="date", required=True),
        Column("started_on", _("Ngày tiến hành"), type="date"),
        Column("ended_on", _("Ngày kết thúc"), type="date"),
        Column("members", _("Thành phần đoàn"), max_length=5000),
        Column("findings", _("Kết quả giám sát"), max_length=20000),
    ],
    key=lambda row: (row["unit"].pk, row["title"].casefold()),
    existing=_existing(Supervision, "title"),
    check=_checks(_dates_in_order, _district_before_reform("oversight.supervisions", "started_on", "planned_on")),
)  # fmt: skip

CRITICISMS = Schema(
    name="oversight.criticisms",
    title=_("Phản biện xã hội"),
    sheet=_("Phản biện xã hội"),
    allow_empty=True,
    columns=[
        _unit_col(),
        Column("draft_title", _("Dự thảo văn bản"), required=True, max_length=500),
        Column("drafting_body", _("Cơ quan soạn thảo"), required=True, max_length=300),
        Column("form", _("Hình thức"), type="choice", choices=CriticismForm, required=True),
        Column("held_on", _("Ngày phản biện"), type="date", required=True),
        Column("final_document", _("Văn bản ban hành"), max_length=300),
    ],
    key=lambda row: (row["unit"].pk, row["draft_title"].casefold()),
    existing=_existing(CriticismSession, "draft_title"),
    check=_district_before_reform("oversight.criticisms", "held_on"),
)  # fmt: skip


def _notice_before(row):
    if row.get("notice_published_on") and row["notice_published_on"] > row["held_on"]:
        return [("notice_published_on", "Ngày thông báo sau ngày tổ chức.")]
    if row.get("results_published_on") and row["results_published_on"] < row["held_on"]:
        return [("results_published_on", "Ngày công khai kết quả trước ngày tổ chức.")]
    return []


DIALOGUES = Schema(
    name="oversight.dialogues",
    title=_("Đối thoại"),
    sheet=_("Đối thoại"),
    allow_empty=True,
    columns=[
        _unit_col(),
        Column("title", _("Chủ đề"), required=True, max_length=500),
        Column("chair", _("Chủ trì"), required=True, max_length=300),
        Column("held_on", _("Ngày tổ chức"), type="date", required=True),
        Column("place", _("Địa điểm"), required=True, max_length=300),
        Column("notice_published_on", _("Ngày thông báo"), type="date"),
        Column("citizens", _("Số người dân tham dự"), type="int", min_value=0, max_value=100000),
        Column("results_published_on", _("Ngày công khai kết quả"), type="date"),
    ],
    key=lambda row: (row["unit"].pk, row["title"].casefold()),
    existing=_existing(Dialogue, "title"),
    check=_checks(_notice_before, _district_before_reform("oversight.dialogues", "held_on")),
)  # fmt: skip

SCHEMAS = [SUPERVISIONS, CRITICISMS, DIALOGUES]


def _organizer(unit, kind):
    found = Organization.objects.filter(unit=unit, kind=kind).first()
    if found is None:
        label = dict(ORGANIZERS)[kind]
        found = Organization.objects.create(unit=unit, kind=kind, name=f"{label} {unit.name}")
    return found


def write_supervisions(rows, *, by):
    for row in rows:
        unit = row["unit"]
        sup = Supervision(
            unit=unit, level=services.level_of(unit), organizer=_organizer(unit, row["organizer"]),
            form=row["form"], subject_kind=row["subject_kind"], subject=row["subject"],
            title=row["title"], planned_on=row["planned_on"], members=row["members"], created_by=by,
        )  # fmt: skip
        create(sup, "plan", by=by, imported=True)
        if row["started_on"]:
            sup = transition(sup, "conduct", by=by, expected_version=sup.version,
                             started_on=row["started_on"], ended_on=row["ended_on"] or row["started_on"])  # fmt: skip
        if row["findings"]:
            sup = transition(sup, "report", by=by, expected_version=sup.version,
                             findings=row["findings"], reported_on=row["ended_on"] or row["started_on"])  # fmt: skip


def write_criticisms(rows, *, by):
    for row in rows:
        data = {
            k: row[k] for k in ("draft_title", "drafting_body", "form", "held_on", "final_document")
        }
        services.create_criticism(data, unit=row["unit"], by=by)


def write_dialogues(rows, *, by):
    for row in rows:
        data = {k: row[k] for k in ("title", "chair", "held_on", "place", "notice_published_on",
                                    "citizens", "results_published_on")}  # fmt: skip
        services.create_dialogue(data, unit=row["unit"], by=by)


WRITERS = {
    SUPERVISIONS.name: write_supervisions,
    CRITICISMS.name: write_criticisms,
    DIALOGUES.name: write_dialogues,
}


def import_year(data: bytes, filename: str, *, unit, by, dry_run: bool = False,
                progress=None) -> dict:  # fmt: skip
    """All or nothing: every sheet is checked first; the three are written in one transaction
    only when no row of any sheet has an error. Returns {schema name: ImportReport}.
    ``progress(done, total)``: rows written so far over the rows of the three sheets."""
    context = {"within": [unit]}
    if progress:
        progress(0, None)  # checking: no total yet
    checked = {
        s.name: run_import(s, data, filename, dry_run=True, context=context) for s in SCHEMAS
    }
    total = sum(r.total for r in checked.values())
    if dry_run or any(r.errors for r in checked.values()):
        if progress:
            progress(total, total)
        return checked
    with transaction.atomic():
        done, offset = {}, 0
        for s in SCHEMAS:
            step = (lambda d, t, o=offset: progress(o + d, total)) if progress else None
            done[s.name] = run_import(
                s, data, filename, write=functools.partial(WRITERS[s.name], by=by), context=context,
                progress=step,
            )  # fmt: skip
            offset += checked[s.name].total
        if any(r.errors for r in done.values()):
            # The rows were checked again under the import lock and another import had written
            # some of them meanwhile: all or nothing still holds across the three sheets.
            transaction.set_rollback(True)
            for r in done.values():
                r.created = r.updated = 0
            return done
        summary = "; ".join(f"{s.title}: {done[s.name].written}" for s in SCHEMAS)
        record("oversight.import", actor=by, unit=unit, data={"summary": summary})
    return done


def merged(reports: dict, *, dry_run: bool) -> ImportReport:
    """One report for the job page: the three sheets' counts added, every error with its sheet."""
    out = ImportReport(mode="all", dry_run=dry_run)
    for schema in SCHEMAS:
        r = reports[schema.name]
        out.total += r.total
        out.valid += r.valid
        out.created += r.created
        out.updated += r.updated
        out.errors += [e if e.sheet else dataclasses.replace(e, sheet=str(schema.sheet))
                       for e in r.errors]  # fmt: skip
    return out


def _run_job(job, data: bytes, filename: str, progress) -> ImportReport:
    dry_run = bool(job.params.get("dry_run"))
    reports = import_year(data, filename, unit=job.unit, by=job.owner, dry_run=dry_run,
                          progress=lambda d, t: progress(d, t) if t else progress(d))  # fmt: skip
    return merged(reports, dry_run=dry_run)


job_imports.register(JOB_KIND, title=_("Nhập giám sát, phản biện, đối thoại từ tệp"), run=_run_job)


# --- pages ----------------------------------------------------------------------------------


@login_required
def template(request):
    scoping.require_reader(request.user)
    response = HttpResponse(template_xlsx(SCHEMAS), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-giam-sat.xlsx"'
    return response


def workbook(rows_by_sheet: dict) -> bytes:
    """A filled template: {schema name: [row values in column order]} (demo, tests)."""
    import io

    from openpyxl import Workbook, load_workbook

    blank = load_workbook(io.BytesIO(template_xlsx(SCHEMAS)))
    book = Workbook()
    book.remove(book.active)
    for schema in SCHEMAS:
        sheet = book.create_sheet(str(schema.title))
        sheet.append([c.value for c in blank[str(schema.title)][1]])
        for row in rows_by_sheet.get(schema.name, []):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check_upload(upload) -> bytes:
    """What can be told at once, before the job: no file, wrong type, too big, not a workbook."""
    if upload is None:
        raise Invalid("import.no_file", gettext("Hãy chọn tệp .xlsx."))
    name = upload.name.lower()
    if not name.endswith((".xlsx", ".csv")):
        raise Invalid("import.bad_type", gettext("Chỉ nhận tệp .xlsx (hoặc .csv) theo tệp mẫu."))
    if upload.size > MAX_UPLOAD:
        raise Invalid("import.too_big", gettext("Tệp quá lớn (tối đa 10 MB)."))
    data = upload.read()
    if name.endswith(".xlsx") and not data.startswith(b"PK"):
        raise Invalid(
            "import.not_spreadsheet", gettext("Tệp không phải bảng tính .xlsx; không đọc được.")
        )
    if not data:
        raise Invalid("import.empty", gettext("Tệp rỗng."))
    return data


@login_required
def page(request):
    """The upload starts a background job (danvan.jobs); its page shows the progress and the
    errors by sheet, row and column."""
    from danvan.oversight.views import _unit

    user = request.user
    scoping.require_reader(user)
    unit = _unit(request)
    if unit is None:
        raise NotFound()
    services.require_writer(user, unit)
    error = ""
    if request.method == "POST":
        token = (request.POST.get("once_token") or "")[:64]
        try:
            data = _check_upload(request.FILES.get("file"))
            upload = request.FILES["file"]

            def produce():
                job = job_imports.start(
                    JOB_KIND, owner=user, unit=unit, file=(upload.name, data),
                    dry_run=bool(request.POST.get("dry_run")),
                )  # fmt: skip
                return 200, {"public_id": str(job.public_id)}

            _status, body = run_once(token or None, user=user, scope="oversight.import",
                                     payload={"token": token}, produce=produce)  # fmt: skip
        except Invalid as exc:
            error = exc.message
        else:
            return redirect("oversight:import_job", public_id=body["public_id"])
    recent = jobs.mine(user).filter(kind=JOB_KIND).order_by("-created_at")[:10]
    return render(request, "oversight/import.html", {
        "unit": unit, "error": error, "once_token": uuid.uuid4().hex, "recent": recent,
    }, status=422 if error else 200)  # fmt: skip


@login_required
def job_page(request, public_id):
    """The import job: progress while it runs, then the summary and every error by sheet, row
    and column (the first 200; all of them in the error workbook)."""
    scoping.require_reader(request.user)
    job = jobs.get_for(request.user, public_id)
    if job.kind != JOB_KIND:
        raise NotFound()
    status = jobs.status(job)
    result = status["result"] or {}
    template = "oversight/_import_job.html" if request.headers.get("HX-Request") else (
        "oversight/import_job.html")  # fmt: skip
    return render(request, template, {
        "j": status, "job": job, "result": result, "errors": result.get("errors") or [],
    })  # fmt: skip
