"""Import petitions from a .xlsx or .csv file (letters registered in a book, a hotline's log, a
list forwarded by another body) on the shared importer (docs/importing.md): every row checked,
Vietnamese errors by row and column, all or nothing by default, dry run, template.

The same petition is imported once (`natural_key`): a file imported twice, or two overlapping
files (a commune's book and the list the district forwards of the same letters), at the same
time or not, give each letter one petition; the later rows are reported as duplicates.
"""

import hashlib

from django.db import IntegrityError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.accounts import scope
from danvan.audit.services import record
from danvan.core.errors import Invalid
from danvan.core.importing import (
    Column,
    ImportReport,
    RowError,
    Schema,
    Unique,
    run_import,
    template_xlsx,
)
from danvan.core.text import loose
from danvan.grassroots import services
from danvan.grassroots.models import Category, Channel, Kind, Petition


def natural_key(row) -> str:
    """What a petitions office regards as "the same petition", as a SHA-256 hex digest.

    With a registration number ("Số vào sổ"): the receiving commune, the body it came from
    ("Cơ quan chuyển đến", empty for the commune's own book), the number and the year it was
    received (books are numbered from 1 each year). The same entry of the same book is the same
    letter even when its content or category was retyped differently.

    Without one: the receiving commune, the day received, the petitioner's name and phone and
    the content (case and spacing ignored, diacritics kept: "Thôn Hạ" is not "Thôn Hà"). Two
    different people, days or contents are different petitions; kind and category are not part
    of the key (a letter classified again is still the same letter).
    """
    if row["source_ref"]:
        parts = ["ref", row["unit"].pk, loose(row["forwarded_from"]), loose(row["source_ref"])]
        parts.append(row["received_on"].year)
    else:
        parts = ["content", row["unit"].pk, row["received_on"].isoformat()]
        parts += [loose(row["petitioner_name"]), row["petitioner_phone"] or ""]
        parts.append(loose(row["description"]))
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


def _existing(keys: set) -> set:
    found = Petition.objects.filter(import_key__in=keys).values_list("import_key", flat=True)
    return set(found)


def _dup_message(row, first) -> str:
    if row["source_ref"]:
        what = gettext("Đơn số vào sổ “%(ref)s” năm %(year)s") % {
            "ref": row["source_ref"],
            "year": row["received_on"].year,
        }
    else:
        what = gettext("Đơn của “%(who)s” tiếp nhận ngày %(day)s cùng nội dung") % {
            "who": row["petitioner_name"] or gettext("(không ghi tên)"),
            "day": f"{row['received_on']:%d/%m/%Y}",
        }
    if first:
        return gettext("%(what)s trùng với dòng %(first)s.") % {"what": what, "first": first}
    return gettext("%(what)s đã được nhập vào hệ thống trước đây.") % {"what": what}


def _dup_column(row) -> str:
    return "source_ref" if row["source_ref"] else "description"


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
    unique=[
        # reported on the registration number when there is one, else on the content
        Unique(
            "source_ref",
            key=lambda row: natural_key(row) if row["source_ref"] else None,
            existing=_existing,
            message=_dup_message,
        ),
        Unique(
            "description",
            key=lambda row: None if row["source_ref"] else natural_key(row),
            existing=_existing,
            message=_dup_message,
        ),
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
                services.receive(data, unit=row["unit"], by=self.by, import_key=natural_key(row))
            except IntegrityError as exc:
                # only when the import lock was bypassed: the database keeps the key unique
                if "import_key" not in str(exc):
                    raise
                raise Invalid(
                    "import.duplicate",
                    gettext("Dòng %(row)s: %(what)s")
                    % {"row": row.number, "what": _dup_message(row, None)},
                ) from exc
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
