"""Import petitions from a .xlsx or .csv file (letters registered in a book, a hotline's log, a
list forwarded by another body) on the shared importer (docs/importing.md): every row checked,
Vietnamese errors by row and column, all or nothing by default, dry run, template."""

from django.utils.translation import gettext_lazy as _

from danvan.accounts import scope
from danvan.audit.services import record
from danvan.core.errors import Invalid
from danvan.core.importing import Column, ImportReport, RowError, Schema, run_import, template_xlsx
from danvan.grassroots import services
from danvan.grassroots.models import Category, Channel, Kind

PETITIONS = Schema(
    name="grassroots.petitions",
    title=_("Đơn thư"),
    columns=[
        Column(
            "unit",
            _("Phường/xã tiếp nhận"),
            type="unit",
            required=True,
            kinds=("commune",),
            example="00070",
        ),
        Column(
            "kind", _("Loại đơn"), type="choice", choices=Kind, required=True, example="Kiến nghị"
        ),
        Column(
            "category",
            _("Lĩnh vực"),
            type="choice",
            choices=Category,
            required=True,
            example="Môi trường",
        ),
        Column(
            "received_on", _("Ngày tiếp nhận"), type="date", required=True, example="02/12/2026"
        ),
        Column("title", _("Tiêu đề"), max_length=300),
        Column("description", _("Nội dung"), required=True, max_length=10000),
        Column("village", _("Thôn, tổ dân phố"), max_length=150),
        Column("address", _("Địa điểm"), max_length=300),
        Column("petitioner_name", _("Người gửi"), max_length=150),
        Column("petitioner_phone", _("Điện thoại"), type="phone"),
        Column("people_count", _("Số người"), type="int", min_value=1, max_value=10000, default=1),
        Column("forwarded_from", _("Cơ quan chuyển đến"), max_length=200),
        Column("source_ref", _("Số vào sổ"), max_length=100),
    ],
)


def template() -> bytes:
    return template_xlsx(PETITIONS)


class Writer:
    def __init__(self, by):
        self.by = by

    def __call__(self, rows) -> int:
        import datetime as dt

        from django.utils import timezone

        for row in rows:
            received = timezone.make_aware(dt.datetime.combine(row["received_on"], dt.time(9)))
            data = services.PetitionInput(
                kind=row["kind"],
                category=row["category"],
                channel=Channel.IMPORT,
                title=row["title"],
                description=row["description"],
                village=row["village"],
                address=row["address"],
                petitioner_name=row["petitioner_name"],
                petitioner_phone=row["petitioner_phone"] or "",
                people_count=row["people_count"],
                forwarded_from=row["forwarded_from"],
                source_ref=row["source_ref"],
                received_at=received,
            )
            try:
                services.receive(data, unit=row["unit"], by=self.by)
            except Invalid as exc:
                raise Invalid(
                    exc.code, f"Dòng {row.number}: {exc.message}", fields=exc.fields
                ) from exc
        return len(rows)


def import_petitions(data: bytes, filename: str, *, by, mode="all", dry_run=False) -> ImportReport:
    within = list(scope.visible_units(by, services.HANDLERS).filter(kind="commune"))
    try:
        report = run_import(
            PETITIONS,
            data,
            filename,
            write=Writer(by),
            mode=mode,
            dry_run=dry_run,
            context={"within": within},
        )
    except Invalid as exc:
        return ImportReport(errors=[RowError(0, "", exc.message)], mode=mode, dry_run=dry_run)
    if report.created:
        record(
            "grassroots.imported", actor=by, data={"count": report.created, "file": filename[:100]}
        )
    return report
