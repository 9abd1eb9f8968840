"""Import of practices from the .xlsx (or .csv) that mobilization committees keep, on the shared
importer (danvan.core.importing, docs/importing.md), run as a job for large files
(danvan.jobs.imports). All or nothing by default; "valid rows" on request. Duplicates: same
registering unit, same name (ignoring case and accents), same year — in the file or the database.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.audit.services import record
from danvan.core.importing import Column, ImportReport, Schema, Unique, run_import, template_xlsx
from danvan.core.text import loose
from danvan.jobs import imports as job_imports
from danvan.movement.models import Field, HolderKind, Level, Origin, Practice, PracticeState
from danvan.movement.services import new_code, search_text
from danvan.units.models import UnitKind
from danvan.workflow.models import WorkflowEvent

JOB_KIND = "movement.practice_import"
MAX_NAME = Practice._meta.get_field("name").max_length


def _key(row):
    return (row["unit"].pk, loose(row["name"]), row["registered_on"].year)


def _existing(keys: set) -> set:
    units = {unit_id for unit_id, _n, _y in keys}
    years = {year for _u, _n, year in keys}
    rows = Practice.objects.filter(unit_id__in=units, year__in=years).values_list(
        "unit_id", "name", "year"
    )
    return {(unit_id, loose(name), year) for unit_id, name, year in rows}


def _dup_message(row, first) -> str:
    if first:
        return _("Mô hình “%(name)s” trùng với dòng %(first)s (cùng đơn vị, cùng năm).") % {
            "name": row["name"],
            "first": first,
        }
    return _("Mô hình “%(name)s” của %(unit)s năm %(year)s đã có trong hệ thống.") % {
        "name": row["name"],
        "unit": row["unit"].name,
        "year": row["registered_on"].year,
    }


def _check(row) -> list:
    if row["registered_on"] > timezone.localdate():
        return [("registered_on", _("Ngày đăng ký không được sau hôm nay."))]
    return []


PRACTICES = Schema(
    name="movement.practices",
    title=gettext_lazy("Mô hình Dân vận khéo"),
    columns=[
        Column(
            "name",
            gettext_lazy("Tên mô hình"),
            required=True,
            max_length=MAX_NAME,
            required_message=gettext_lazy("Tên mô hình không được để trống."),
            example="Cổng trường an toàn văn minh",
        ),
        Column(
            "unit",
            gettext_lazy("Đơn vị đăng ký"),
            type="unit",
            required=True,
            kinds=(UnitKind.PROVINCE, UnitKind.COMMUNE, UnitKind.VILLAGE),
            help=gettext_lazy(
                "Mã (00070) hoặc tên (Phường Hoàn Kiếm) của thôn, tổ dân phố, xã, phường hoặc "
                "thành phố; tên quận, huyện, xã cũ trước 1/7/2025 được chuyển sang đơn vị mới."
            ),
            example="00070",
        ),
        Column(
            "level",
            gettext_lazy("Cấp đăng ký"),
            type="choice",
            choices=Level,
            required=True,
            example=str(Level.COMMUNE.label),
        ),  # fmt: skip
        Column(
            "field",
            gettext_lazy("Lĩnh vực"),
            type="choice",
            choices=Field,
            required=True,
            example=str(Field.CULTURE_SOCIETY.label),
        ),  # fmt: skip
        Column(
            "origin",
            gettext_lazy("Loại đăng ký"),
            type="choice",
            choices=Origin,
            default=Origin.NEW,
            example=str(Origin.NEW.label),
        ),  # fmt: skip
        Column(
            "holder_kind",
            gettext_lazy("Chủ thể"),
            type="choice",
            choices=HolderKind,
            default=HolderKind.UNIT,
            example=str(HolderKind.ORGANIZATION.label),
        ),  # fmt: skip
        Column(
            "holder_name",
            gettext_lazy("Tên chủ thể"),
            required=True,
            max_length=300,
            example="Công an thành phố Hà Nội",
        ),
        Column(
            "registered_on",
            gettext_lazy("Ngày đăng ký"),
            type="date",
            required=True,
            example="15/03/2026",
        ),
        Column("summary", gettext_lazy("Tóm tắt"), max_length=4000),
        Column("funds_vnd", gettext_lazy("Kinh phí (đồng)"), type="int", min_value=0),
        Column("beneficiaries", gettext_lazy("Số người hưởng lợi"), type="int", min_value=0),
        Column("replicable", gettext_lazy("Có thể nhân rộng"), type="bool", default=False),
    ],
    unique=[Unique("name", key=_key, existing=_existing, message=_dup_message)],
    check=_check,
)


def template() -> bytes:
    return template_xlsx(PRACTICES)


class PracticeWriter:
    """Writes the rows of one import: bulk inserts of the practices and of their creation
    events (the practice's history starts with "Đăng ký mô hình" as if registered one by one),
    and one audit record for the file."""

    def __init__(self, by, filename: str):
        self.by = by
        self.filename = filename
        self.count = 0

    def __call__(self, rows) -> int:
        now = timezone.now()
        practices = [self._practice(row, now) for row in rows]
        Practice.objects.bulk_create(practices, batch_size=500)
        if not practices[0].pk:  # SQLite before 3.35 / MySQL: read the keys back
            codes = [p.code for p in practices]
            ids = dict(Practice.objects.filter(code__in=codes).values_list("code", "pk"))
            for p in practices:
                p.pk = ids[p.code]
        WorkflowEvent.objects.bulk_create([self._event(p, now) for p in practices], batch_size=500)
        self.count += len(practices)
        return len(practices)

    def _practice(self, row, now) -> Practice:
        day: dt.date = row["registered_on"]
        return Practice(
            code=new_code(day.year),
            name=row["name"],
            unit=row["unit"],
            level=row["level"],
            field=row["field"],
            origin=row["origin"] or Origin.NEW,
            holder_kind=row["holder_kind"] or HolderKind.UNIT,
            holder_name=row["holder_name"],
            registered_on=day,
            year=day.year,
            summary=row["summary"],
            funds_vnd=row["funds_vnd"],
            beneficiaries=row["beneficiaries"],
            replicable=row["replicable"],
            state=PracticeState.REGISTERED,
            created_by=self.by if getattr(self.by, "is_authenticated", False) else None,
            search=search_text(row["name"], row["holder_name"]),
        )

    def _event(self, practice: Practice, now) -> WorkflowEvent:
        return WorkflowEvent(
            workflow="movement.practice",
            object_type="movement.practice",
            object_id=str(practice.pk),
            action="register",
            from_state="",
            to_state=PracticeState.REGISTERED,
            at=now,
            by=practice.created_by,
            system="movement:import",
            data={"file": self.filename[:200]},
        )

    def finish(self, unit) -> None:
        if self.count:
            record(
                "movement.practice.imported",
                actor=self.by,
                unit=unit,
                data={"count": self.count, "filename": self.filename[:200]},
            )


def import_practices(
    data: bytes,
    filename: str,
    *,
    by,
    within=None,
    mode: str = "all",
    dry_run: bool = False,
    progress=None,
) -> ImportReport:
    """Check every row, then write (all rows, or the valid ones) in one transaction.
    ``within``: the unit(s) the registering units must belong to (the importer's scope)."""
    writer = PracticeWriter(by, filename)
    with transaction.atomic():
        report = run_import(
            PRACTICES,
            data,
            filename,
            write=writer,
            mode=mode,
            dry_run=dry_run,
            progress=progress,
            context={"within": within} if within is not None else None,
        )
        unit = within[0] if isinstance(within, list | tuple) and within else within
        writer.finish(unit)
    return report


def _run_job(job, data: bytes, filename: str, progress) -> ImportReport:
    within = [job.unit] if job.unit is not None else None
    return import_practices(
        data,
        filename,
        by=job.owner,
        within=within,
        mode=job.params.get("mode", "all"),
        dry_run=job.params.get("dry_run", False),
        progress=progress,
    )


job_imports.register(
    JOB_KIND, title=gettext_lazy("Nhập mô hình “Dân vận khéo” từ tệp"), run=_run_job
)
