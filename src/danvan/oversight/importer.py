"""Import of a year's supervisions, criticism sessions and dialogues from the workbook a Front
committee keeps (danvan.core.importing): one sheet each, the template generated from the
schemas, errors by sheet, row and column, all or nothing across the three sheets."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Organization, OrganizationKind
from danvan.audit.services import record
from danvan.core.errors import Invalid, NotFound
from danvan.core.importing import Column, Schema, run_import, template_xlsx
from danvan.oversight import scoping, services
from danvan.oversight.models import CriticismSession, Dialogue, Supervision
from danvan.oversight.states import CriticismForm, SubjectKind, SupervisionForm
from danvan.workflow import create, transition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ORGANIZERS = [
    (OrganizationKind.FATHERLAND_FRONT, "Ủy ban MTTQ"),
    (OrganizationKind.WOMENS_UNION, "Hội Liên hiệp Phụ nữ"),
    (OrganizationKind.YOUTH_UNION, "Đoàn Thanh niên"),
    (OrganizationKind.FARMERS, "Hội Nông dân"),
    (OrganizationKind.VETERANS, "Hội Cựu chiến binh"),
    (OrganizationKind.TRADE_UNION, "Công đoàn"),
]
UNIT_KINDS = ("province", "commune")


def _unit_col():
    return Column("unit", _("Đơn vị"), type="unit", required=True, kinds=UNIT_KINDS,
                  help=_("mã hoặc tên xã, phường; “Hà Nội” cho cấp thành phố"), example="00070")  # fmt: skip


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
    check=_dates_in_order,
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
    check=_notice_before,
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


def import_year(data: bytes, filename: str, *, unit, by, dry_run: bool = False) -> dict:
    """All or nothing: every sheet is checked first; the three are written in one transaction
    only when no row of any sheet has an error. Returns {schema name: ImportReport}."""
    context = {"within": [unit]}
    checked = {
        s.name: run_import(s, data, filename, dry_run=True, context=context) for s in SCHEMAS
    }
    if dry_run or any(r.errors for r in checked.values()):
        return checked
    with transaction.atomic():
        done = {
            s.name: run_import(
                s, data, filename, write=functools.partial(WRITERS[s.name], by=by), context=context
            )  # fmt: skip
            for s in SCHEMAS
        }
        summary = "; ".join(f"{s.title}: {done[s.name].written}" for s in SCHEMAS)
        record("oversight.import", actor=by, unit=unit, data={"summary": summary})
    return done


# --- pages ----------------------------------------------------------------------------------


@login_required
def template(request):
    scoping.require_reader(request.user)
    response = HttpResponse(template_xlsx(SCHEMAS), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-giam-sat.xlsx"'
    return response


@login_required
def page(request):
    from danvan.oversight.views import _unit

    user = request.user
    scoping.require_reader(user)
    unit = _unit(request)
    if unit is None:
        raise NotFound()
    services.require_writer(user, unit)
    reports, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Hãy chọn tệp .xlsx."
        else:
            try:
                reports = import_year(upload.read(), upload.name, unit=unit, by=user,
                                      dry_run=bool(request.POST.get("dry_run")))  # fmt: skip
            except Invalid as exc:
                error = exc.message
            else:
                if not any(r.errors for r in reports.values()) and not request.POST.get("dry_run"):
                    messages.success(request, "Đã nhập tệp.")
    rows = [(s.title, reports[s.name]) for s in SCHEMAS] if reports else []
    return render(request, "oversight/import.html", {"unit": unit, "rows": rows, "error": error})
