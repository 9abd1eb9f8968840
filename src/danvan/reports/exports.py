"""Reports as files: .json, .xlsx (one sheet per section, numbers as numbers, no formulas), and
.docx / PDF in the administrative format of Decree 30/2020 (danvan.documents)."""

import io
import json

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from danvan.core.errors import Invalid
from danvan.documents import DocumentSpec, Para, SignatureBlock, TableBlock, render_document
from danvan.documents.admin_doc import esc
from danvan.documents.docx import render_docx
from danvan.reports import builders
from danvan.reports.periods import Period

FORMATS = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
TITLES = {
    "mobilization": gettext_lazy("BÁO CÁO\nKết quả công tác dân vận"),
    "service-quality": gettext_lazy("BÁO CÁO\nChất lượng phục vụ người dân, doanh nghiệp"),
}
REPORTS = ("mobilization", "service-quality")


def build(kind: str, unit, period: Period) -> dict:
    if kind == "mobilization":
        return builders.mobilization_report(unit, period)
    if kind == "service-quality":
        return builders.service_quality_report(unit, period)
    raise Invalid("report.unknown", f"Không có loại báo cáo “{kind}”.", fields={"report": kind})


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Invalid(
            "report.bad_format",
            "Định dạng phải là json, xlsx, docx hoặc pdf.",
            fields={"format": "Không hỗ trợ."},
        )
    return fmt


def filename(report: dict, fmt: str) -> str:
    p = report["period"]
    return f"bao-cao-{report['report']}-{report['unit']['code']}-{p['from']}-{p['to']}.{fmt}"


def render(report: dict, fmt: str) -> tuple[str, str, bytes]:
    check_format(fmt)
    if fmt == "json":
        data = json.dumps(report, ensure_ascii=False, indent=2, default=str).encode()
    elif fmt == "xlsx":
        data = to_xlsx(report)
    elif fmt == "docx":
        data = render_docx(document(report))
    else:
        data = render_document(document(report)).data
    return filename(report, fmt), FORMATS[fmt], data


def _title_lines(report: dict) -> list[str]:
    return [
        str(TITLES[report["report"]]).replace("\n", " – "),
        f"{report['unit']['name']} · {report['period']['label']}",
    ]


def to_xlsx(report: dict) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for n, section in enumerate(builders.sections(report), 1):
        ws = wb.create_sheet(_sheet_name(n, section.title))
        for r, text in enumerate([*_title_lines(report), section.title], 1):
            ws.cell(row=r, column=1, value=text).font = Font(name="Times New Roman", bold=True)
        head = 5
        for c, text in enumerate(section.header, 1):
            cell = ws.cell(row=head, column=c, value=text)
            cell.font = Font(name="Times New Roman", bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center")
        for r, row in enumerate(section.rows, head + 1):
            for c, value in enumerate(row, 1):
                ws.cell(row=r, column=c, value=_cell(value))
        ws.column_dimensions["B"].width = 60
        for c in range(3, len(section.header) + 1):
            ws.column_dimensions[get_column_letter(c)].width = 14
        ws.freeze_panes = ws.cell(row=head + 1, column=1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value):
    """Numbers as numbers; Decimals as floats; text never starting with "=" (no formulas)."""
    if hasattr(value, "quantize"):
        return float(value)
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    return value


def _sheet_name(n: int, title: str) -> str:
    bad = "[]:*?/\\"
    clean = "".join(ch for ch in title if ch not in bad)
    return f"{n}. {clean}"[:31]


def document(report: dict) -> DocumentSpec:
    unit = report["unit"]
    p = report["period"]
    body: list = [
        Para(_("Kỳ báo cáo: %(label)s (từ %(a)s đến %(b)s); so sánh với kỳ trước (%(prev)s) và "
               "cùng kỳ năm trước (%(last)s).") % {
            "label": p["label"], "a": _d(p["from"]), "b": _d(p["to"]),
            "prev": report["previous_period"]["label"],
            "last": report["same_period_last_year"]["label"]}),
        Para(_("Các số liệu dưới đây được tổng hợp tự động từ dữ liệu nghiệp vụ trên hệ thống "
               "Dân Vận Số, tính cho đơn vị và các đơn vị trực thuộc.")),
    ]  # fmt: skip
    if report["report"] == "service-quality":
        body.append(Para(_("Tổng điểm Bộ chỉ số theo Quyết định 766/QĐ-TTg: %(n)s/100 điểm.")
                         % {"n": builders.as_text(report["index"]["total"])}))  # fmt: skip
    for section in builders.sections(report):
        body.append(Para(f"<b>{esc(section.title)}</b>", style="plain", markup=True))
        body.append(
            TableBlock(
                header=[section.header],
                rows=[[builders.as_text(v) for v in row] for row in section.rows],
                col_widths_mm=_widths(len(section.header)),
                center_cols=tuple(range(2, len(section.header))),
                font_size=10,
            )
        )
    today = timezone.localdate()
    return DocumentSpec(
        title=str(TITLES[report["report"]]),
        issuing_body=f"ỦY BAN NHÂN DÂN\n{unit['name']}",
        number="",
        place=_place(unit["name"]),
        date=today,
        subtitle=[f"{unit['name']} – {report['period']['label']}"],
        body=body,
        signatures=[
            SignatureBlock(
                authority=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
                note=_("(Ký, ghi rõ họ tên, đóng dấu)"),
            )
        ],  # fmt: skip
        recipients=[_("Ban Dân vận cấp trên"), _("Thường trực cấp ủy, HĐND"), _("Lưu: VT")],
        author="Dân Vận Số",
    )


def _widths(n: int) -> list[float]:
    if n == 8:
        return [12, 62, 14, 16, 16, 16, 16, 14]
    if n == 7:
        return [10, 70, 20, 18, 18, 20, 22]
    return [10, 80] + [25] * (n - 2)


def _d(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def _place(name: str) -> str:
    for prefix in ("Thành phố ", "Phường ", "Xã ", "Quận ", "Huyện ", "Thị xã ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
