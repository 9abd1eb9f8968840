"""The supervision report and the recommendation letter in the administrative format of
Decree 30/2020 (danvan.documents: PDF and .docx), and .xlsx exports of the lists."""

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

from danvan.documents import DocumentSpec, Para, SignatureBlock, TableBlock
from danvan.documents.xlsx import XlsxTable, write_table
from danvan.oversight.models import Recommendation, Supervision


def _governing(unit) -> str:
    parent = unit.parent
    return (
        f"Ủy ban MTTQ Việt Nam {parent.name}"
        if parent is not None
        else "Ủy ban Trung ương MTTQ Việt Nam"
    )


DEFAULT_AUTHORITY = ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH"]


def _topic(title: str) -> str:
    """“Giám sát việc …” → “việc …”, so the title does not read “giám sát giám sát”."""
    return re.sub(r"^giám sát\s+", "", title.strip(), flags=re.IGNORECASE)


def supervision_report(sup: Supervision, *, authority=None, signer_name="") -> DocumentSpec:
    """The report; with ``signer_name`` it is the final text to be signed (no draft mark)."""
    recs = list(sup.recommendations.order_by("id"))
    rows = [[str(i), r.addressee, r.content, f"{r.due_on:%d/%m/%Y}"] for i, r in enumerate(recs, 1)]
    start = sup.started_on or sup.planned_on
    body = [
        Para(f"Thực hiện kế hoạch giám sát, {sup.organizer.name} đã tiến hành giám sát "
             f"“{sup.title}” đối với {sup.subject} từ ngày {start:%d/%m/%Y}"
             + (f" đến ngày {sup.ended_on:%d/%m/%Y}." if sup.ended_on else ".")),
        Para(f"Hình thức giám sát: {sup.get_form_display()}."),
        Para(f"Thành phần đoàn: {sup.members or '—'}."),
        Para("I. KẾT QUẢ GIÁM SÁT"),
        Para(sup.findings or "Chưa có kết quả."),
        Para("II. KIẾN NGHỊ"),
    ]  # fmt: skip
    if rows:
        body.append(TableBlock([["STT", "Nơi nhận", "Nội dung kiến nghị", "Hạn trả lời"]], rows,
                               [12, 45, 85, 25], center_cols=(0, 3)))  # fmt: skip
    else:
        body.append(Para("Không có kiến nghị."))
    return DocumentSpec(
        title=f"BÁO CÁO\nKết quả giám sát {_topic(sup.title)}",
        governing_body=_governing(sup.organizer.unit),
        issuing_body=sup.organizer.name,
        number="",
        place="Hà Nội",
        date=sup.reported_on or timezone.localdate(),
        body=body,
        signatures=[SignatureBlock(authority or DEFAULT_AUTHORITY, signer_name)],
        recipients=[sup.subject, "Ủy ban MTTQ cấp trên (để b/c)", "Lưu: VT"],
        draft=not signer_name,
        author=signer_name,
    )


def recommendation_letter(rec: Recommendation, *, authority=None, signer_name="") -> DocumentSpec:
    sup = rec.supervision
    org = sup.organizer if sup else None
    issuing = org.name if org else f"Ủy ban MTTQ Việt Nam {rec.unit.name}"
    body = [
        Para(f"Kính gửi: {rec.addressee}.", markup=False),
        Para(
            (f"Qua giám sát “{sup.title}”, " if sup else "")
            + f"{issuing} kiến nghị {rec.addressee} xem xét, giải quyết và trả lời bằng văn bản "
            "(Luật Mặt trận Tổ quốc Việt Nam 2015, Điều 29) các nội dung sau:"
        ),
        Para(rec.content),
        Para(f"Đề nghị trả lời trước ngày {rec.due_on:%d/%m/%Y}"
             + (f" ({rec.deadline_basis})." if rec.deadline_basis else ".")),
    ]  # fmt: skip
    return DocumentSpec(
        title="KIẾN NGHỊ\nSau giám sát",
        governing_body=_governing(org.unit if org else rec.unit),
        issuing_body=issuing,
        number="",
        place="Hà Nội",
        date=rec.sent_on,
        body=body,
        signatures=[SignatureBlock(authority or DEFAULT_AUTHORITY, signer_name)],
        recipients=[rec.addressee, "Ủy ban MTTQ cấp trên (để b/c)", "Lưu: VT"],
        draft=not signer_name,
        author=signer_name,
    )


def _cell(value):
    if value is None or isinstance(value, (dt.date, int, float, Decimal)):
        return value
    return str(value)  # lazy translations, labels


def xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    rows = [[_cell(v) for v in row] for row in rows]
    return write_table(
        XlsxTable(
            header=[str(h) for h in header],
            rows=rows,
            title_rows=[title],
            sheet_name=re.sub(r"[\\/*?:\[\]]", "-", title)[:31],
        )
    )
