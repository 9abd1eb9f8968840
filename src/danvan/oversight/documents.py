"""The supervision report and the recommendation letter in the administrative format of
Decree 30/2020 (danvan.documents: PDF and .docx), and .xlsx exports of the lists."""

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

from danvan.accounts.models import Organization, OrganizationKind
from danvan.documents import DocumentSpec, Para, SignatureBlock, TableBlock
from danvan.documents.xlsx import XlsxTable, write_table
from danvan.oversight import rules
from danvan.oversight.models import Recommendation, Supervision
from danvan.units.models import UnitKind


def _front_name(unit) -> str:
    found = Organization.objects.filter(unit=unit, kind=OrganizationKind.FATHERLAND_FRONT).first()
    return found.name if found is not None else f"Ủy ban MTTQ Việt Nam {unit.name}"


def governing_body(organizer) -> str:
    """The line above the issuing body (Decree 30/2020, Appendix I): a member organization's
    is the Front committee of its own level (the socio-political organizations work under it
    since 2025); the Front committee's is the committee one level up."""
    if organizer.kind != OrganizationKind.FATHERLAND_FRONT:
        return _front_name(organizer.unit)
    parent = organizer.unit.parent
    return _front_name(parent) if parent is not None else "Ủy ban Trung ương MTTQ Việt Nam"


def standing_body(organizer) -> str:
    """Who signs on behalf of the body: the Front committee's standing board, a member
    organization's standing committee (at commune level, its executive committee)."""
    kind = getattr(organizer, "kind", OrganizationKind.FATHERLAND_FRONT)
    if kind == OrganizationKind.FATHERLAND_FRONT:
        return "TM. BAN THƯỜNG TRỰC"
    unit = getattr(organizer, "unit", None)
    return (
        "TM. BAN CHẤP HÀNH"
        if getattr(unit, "kind", "") == UnitKind.COMMUNE
        else "TM. BAN THƯỜNG VỤ"
    )


def head_title(organizer) -> str:
    """The head of the body: the Youth Union has a secretary (Bí thư), the others a chair."""
    return (
        "BÍ THƯ" if getattr(organizer, "kind", "") == OrganizationKind.YOUTH_UNION else "CHỦ TỊCH"
    )


# The issuing body's abbreviation in the number line (Decree 30/2020, Appendix I, II.3): the
# Front committee signs through its standing board (BTT), the member organizations by name.
ABBREVIATIONS = {
    OrganizationKind.FATHERLAND_FRONT: "MTTQ-BTT",
    OrganizationKind.WOMENS_UNION: "HLHPN",
    OrganizationKind.YOUTH_UNION: "ĐTN",
    OrganizationKind.FARMERS: "HND",
    OrganizationKind.VETERANS: "HCCB",
    OrganizationKind.TRADE_UNION: "CĐ",
}


def number_line(organizer, kind: str = "") -> str:
    """“…/BC-MTTQ-BTT” for a report (the number is given when the office registers it);
    a công văn, such as the recommendation letter, has no type: “…/MTTQ-BTT”."""
    body = ABBREVIATIONS.get(getattr(organizer, "kind", ""), "MTTQ-BTT")
    return f"…/{kind}-{body}" if kind else f"…/{body}"


def _end(paragraphs: list) -> None:
    """The body's last sentence ends with “./.” (Decree 30/2020, Appendix I); the last
    recipient then ends with a full stop."""
    last = paragraphs[-1]
    last.text = last.text.rstrip(" .") + "./."


def _authority(organizer) -> list[str]:
    return [standing_body(organizer), head_title(organizer)]


def _place(unit) -> str:
    """The date line's place: the province, as on the other documents of the platform."""
    ancestors = unit.ancestors()
    province = ancestors[0].name if ancestors else unit.name
    return province.replace("Thành phố ", "").replace("Tỉnh ", "")


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
        Para("<b>I. KẾT QUẢ GIÁM SÁT</b>", markup=True),
        Para(sup.findings or "Chưa có kết quả."),
        Para("<b>II. KIẾN NGHỊ</b>", markup=True),
    ]  # fmt: skip
    if rows:
        body.append(TableBlock([["STT", "Nơi nhận", "Nội dung kiến nghị", "Hạn trả lời"]], rows,
                               [12, 45, 85, 25], center_cols=(0, 3)))  # fmt: skip
        body.append(Para(f"Đề nghị các cơ quan, đơn vị trên xem xét, giải quyết và trả lời "
                         f"{sup.organizer.name} bằng văn bản trong thời hạn nêu trên."))  # fmt: skip
    else:
        body.append(Para("Không có kiến nghị."))
    _end([b for b in body if isinstance(b, Para)])
    return DocumentSpec(
        title=f"BÁO CÁO\nKết quả giám sát {_topic(sup.title)}",
        governing_body=governing_body(sup.organizer),
        issuing_body=sup.organizer.name,
        number=number_line(sup.organizer, "BC"),
        recipients_end=".",
        header_split=0.4,
        place=_place(sup.unit),
        date=sup.reported_on or timezone.localdate(),
        body=body,
        signatures=[SignatureBlock(authority or _authority(sup.organizer), signer_name)],
        recipients=[sup.subject, f"{governing_body(sup.organizer)} (để b/c)", "Lưu: VT"],
        draft=not signer_name,
        author=signer_name,
    )


def recommendation_letter(rec: Recommendation, *, authority=None, signer_name="") -> DocumentSpec:
    sup = rec.supervision
    org = sup.organizer if sup else None
    issuing = org.name if org else _front_name(rec.unit)
    if org is not None:
        governing = governing_body(org)
    else:
        parent = rec.unit.parent
        governing = _front_name(parent) if parent is not None else "Ủy ban Trung ương MTTQ Việt Nam"
    body = [
        Para(f"Kính gửi: {rec.addressee}", markup=False, style="center"),
        Para(
            (f"Qua giám sát “{sup.title}”, " if sup else "")
            + f"{issuing} kiến nghị {rec.addressee} xem xét, giải quyết và trả lời bằng văn bản "
            "(Luật Mặt trận Tổ quốc Việt Nam 2015, Điều 29) các nội dung sau:"
        ),
        Para(rec.content),
        Para(f"Đề nghị trả lời bằng văn bản trước ngày {rec.due_on:%d/%m/%Y}"
             # the Front's own deadline is cited above (Art. 29); a board's comes from the law
             + (f" (thời hạn theo {rec.deadline_basis})."
                if rec.deadline_basis and rec.deadline_basis != rules.FRONT_REPLY_BASIS else ".")),
    ]  # fmt: skip
    _end(body)
    return DocumentSpec(
        # A công văn (Decree 30/2020, Appendix I, Form 1.4): no type name, its summary under
        # the number, “Kính gửi:” above the text.
        title="",
        summary=f"V/v kiến nghị sau giám sát {_topic(sup.title)}" if sup else "V/v kiến nghị",
        governing_body=governing,
        issuing_body=issuing,
        number=number_line(org),
        recipients_end=".",
        header_split=0.4,
        place=_place(rec.unit),
        date=rec.sent_on,
        body=body,
        signatures=[SignatureBlock(authority or _authority(org), signer_name)],
        recipients=["Như trên", f"{governing} (để b/c)", "Lưu: VT"],
        draft=not signer_name,
        author=signer_name,
    )


def _cell(value):
    if value is None or isinstance(value, (dt.date, int, float, Decimal)):
        return value
    return str(value)  # lazy translations, labels


def _sheet_name(title: str) -> str:
    """Excel allows 31 characters and no \\ / * ? : [ ]: cut at a word, not inside one."""
    name = re.sub(r"[\\/*?:\[\]]", "-", str(title))
    return name if len(name) <= 31 else name[:32].rsplit(" ", 1)[0][:31]


def xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    rows = [[_cell(v) for v in row] for row in rows]
    return write_table(
        XlsxTable(
            header=[str(h) for h in header],
            rows=rows,
            title_rows=[title],
            sheet_name=_sheet_name(title),
        )
    )
