"""One-stop slips and register of Circular 03/2025/TT-VPCP Annex I (mẫu 01-07).

The layouts descend from Circular 01/2018/TT-VPCP mẫu 01-06 (Decree 61/2018/NĐ-CP, now
Decree 118/2025/NĐ-CP). What could not be confirmed against the 2025 text is listed in
docs/documents.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.lib.units import mm

from danvan.core.formatting import short_date
from danvan.documents.admin_doc import (
    Block,
    DocumentSpec,
    Para,
    QrBlock,
    RenderedPdf,
    SignatureBlock,
    TableBlock,
    esc,
    render_document,
)
from danvan.documents.pdf import Margins
from danvan.documents.xlsx import XlsxTable, write_table

SIGN_NOTE = "(Ký và ghi rõ họ tên)"
HEAD_NOTE = "(Ký, ghi rõ họ tên và đóng dấu)"
RECEIVING_DESK = "Bộ phận tiếp nhận và trả kết quả"
# Slips are one page handed over the counter: the narrow ends of Decree 30's margin ranges.
_SLIP_MARGINS = Margins(top=20 * mm, bottom=20 * mm, left=30 * mm, right=15 * mm)


@dataclass
class Person:
    name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class Component:
    """One paper of the dossier with how many originals / certified copies / photocopies."""

    name: str
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0


@dataclass
class DossierInfo:
    code: str
    receiving_unit: str  # e.g. "Bộ phận Một cửa phường Ba Đình"
    governing_body: str  # e.g. "Ủy ban nhân dân phường Ba Đình"
    place: str  # place name in the date line, e.g. "Hà Nội"
    submitter: Person
    procedure: str
    request_summary: str
    received_at: dt.datetime
    appointment: dt.datetime | None  # None: no-wait procedure, result in the same sitting
    channel: str = "Trực tiếp"
    owner: str = ""  # dossier owner when not the submitter
    components: list[Component] = field(default_factory=list)
    sets: int = 1
    statutory_time: str = ""  # e.g. "03 ngày làm việc"
    result_at: str = ""  # where the result is collected
    lookup_url: str = ""
    hotline: str = ""
    officer: str = ""  # receiving officer
    register_book: str = ""  # "Vào Sổ theo dõi hồ sơ, Quyển số ..."
    register_seq: str = ""


@dataclass
class Signer:
    name: str
    authority: list[str] = field(default_factory=lambda: ["THỦ TRƯỞNG CƠ QUAN"])


def when(at: dt.datetime | None) -> str:
    """``09 giờ 15 phút, ngày 26 tháng 11 năm 2026``, the slips' wording."""
    if at is None:
        return "... giờ ... phút, ngày ... tháng ... năm ..."
    return f"{at:%H} giờ {at:%M} phút, ngày {at:%d} tháng {at:%m} năm {at.year}"


def day(on: dt.date | None) -> str:
    return short_date(on)


def _spec(
    d: DossierInfo,
    title: str,
    body: list[Block],
    sigs: list[SignatureBlock],
    issued: dt.date | None,
    draft: bool,
    agency: bool = False,
    **kw: object,
) -> DocumentSpec:
    # Letters signed by the head (04, 05) are issued by the agency itself, not by its desk.
    governing, issuing = ("", d.governing_body) if agency else (d.governing_body, d.receiving_unit)
    return DocumentSpec(
        title=title,
        governing_body=governing,
        issuing_body=issuing,
        place=d.place,
        date=issued or d.received_at.date(),
        body=body,
        signatures=sigs,
        draft=draft,
        subtitle=[f"Mã hồ sơ: <b>{esc(d.code)}</b>"],
        subtitle_markup=True,
        footer=f"Mã hồ sơ {d.code}",
        margins=_SLIP_MARGINS,
        **kw,
    )


# A slip is one sheet: long procedure and component names step the type down, never onto page 2.
_FIT_SIZES = (13, 12, 11.5, 11, 10.5, 10)


def _render_one_page(spec: DocumentSpec, largest: float = 13) -> RenderedPdf:
    """The slip at the largest of _FIT_SIZES (at most `largest`) that keeps it on one page."""
    sizes = [size for size in _FIT_SIZES if size <= largest]
    tables = [(b, b.font_size) for b in spec.body if isinstance(b, TableBlock)]
    pdf = None
    for size in sizes:
        spec.font_size = size
        for table, own in tables:  # tables keep their own size until the text gets smaller
            table.font_size = min(own, size - 1)
        pdf = render_document(spec)
        if pdf.page_count == 1:
            return pdf
    return pdf


def _kv(label: str, value: str, style: str = "plain") -> Para:
    return Para(
        f"{esc(label)}: <b>{esc(value)}</b>" if value else f"{esc(label)}: ....", style, markup=True
    )


def _applicant(d: DossierInfo, label: str = "Tiếp nhận hồ sơ của") -> list[Block]:
    p = d.submitter
    out: list[Block] = [_kv(label, p.name)]
    if p.id_number:
        out.append(_kv("Số định danh cá nhân", p.id_number))
    out += [
        _kv("Địa chỉ", p.address),
        Para(
            f"Số điện thoại: <b>{esc(p.phone or '....')}</b>&nbsp;&nbsp;&nbsp;&nbsp;"
            f"Email: <b>{esc(p.email or '....')}</b>",
            "plain",
            markup=True,
        ),
    ]
    if d.owner and d.owner != p.name:
        out.append(_kv("Chủ hồ sơ", d.owner))
    return out


def _components(d: DossierInfo) -> TableBlock:
    rows = [
        [str(i), c.name, _n(c.originals), _n(c.certified_copies), _n(c.photocopies)]
        for i, c in enumerate(d.components, 1)
    ]
    return TableBlock(
        header=[["TT", "Tên giấy tờ", "Bản chính", "Bản sao chứng thực", "Bản chụp"]],
        rows=rows,
        col_widths_mm=[10, 83, 20, 32, 20],
        center_cols=(0, 2, 3, 4),
    )


def _n(count: int) -> str:
    return f"{count:02d}" if count else "-"


def _appointment_line(d: DossierInfo) -> Para:
    if d.appointment is None:
        return Para(
            "5. Thời gian trả kết quả giải quyết hồ sơ: <b>Trả kết quả ngay</b> "
            "(thủ tục giải quyết ngay trong ngày, không hẹn).",
            "plain",
            markup=True,
        )
    return _kv("5. Thời gian trả kết quả giải quyết hồ sơ", when(d.appointment))


def receipt_slip(d: DossierInfo, *, draft: bool = False) -> RenderedPdf:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with the tracking QR code."""
    body: list[Block] = [
        _kv(RECEIVING_DESK, d.receiving_unit),
        *_applicant(d),
        _kv("Hình thức nộp", d.channel),
        _kv("Thủ tục hành chính", d.procedure),
        _kv("Nội dung yêu cầu giải quyết", d.request_summary),
        Para("1. Thành phần hồ sơ nộp gồm:", "plain"),
        _components(d),
        _kv("2. Số lượng hồ sơ", f"{d.sets:02d} (bộ)"),
        _kv("3. Thời gian giải quyết hồ sơ theo quy định là", d.statutory_time),
        _kv("4. Thời gian nhận hồ sơ", when(d.received_at)),
        _appointment_line(d),
        _kv("6. Đăng ký nhận kết quả tại", d.result_at),
        Para(
            f"Vào Sổ theo dõi hồ sơ, Quyển số: {d.register_book or '....'}    "
            f"Số thứ tự: {d.register_seq or '....'}",
            "plain",
        ),
    ]
    if d.lookup_url:
        side = (
            f"Tra cứu tình trạng hồ sơ: quét mã QR hoặc truy cập {d.lookup_url}, nhập mã hồ "
            "sơ và 4 số cuối số điện thoại đã đăng ký."
        )
        if d.hotline:
            side += f"\nĐường dây nóng: {d.hotline}"
        body.append(QrBlock(d.lookup_url, "Mã tra cứu hồ sơ", size_mm=19, side_text=side))
    sigs = [
        SignatureBlock(["NGƯỜI NỘP HỒ SƠ"], d.submitter.name, SIGN_NOTE, "submitter", 15),
        SignatureBlock(["NGƯỜI TIẾP NHẬN HỒ SƠ"], d.officer, SIGN_NOTE, "officer", 15),
    ]
    # At most 12 pt: the slip stays on one sheet with its QR code and both signature areas.
    return _render_one_page(
        _spec(d, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", body, sigs, None, draft), largest=12
    )


@dataclass
class SupplementItem:
    what: str
    reason: str = ""


def supplement_request(
    d: DossierInfo,
    items: list[SupplementItem],
    *,
    issued_on: dt.date,
    contact: str = "",
    reason: str = "",
    what_to_do: str = "",
    draft: bool = False,
) -> RenderedPdf:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. `reason` applies to the whole request
    (said once); `what_to_do`: what the applicant must do, where and by when."""
    body: list[Block] = [
        *_applicant(d, "Hồ sơ của"),
        _kv("Thủ tục hành chính", d.procedure),
        _kv("Nội dung yêu cầu giải quyết", d.request_summary),
        _kv("Ngày tiếp nhận", when(d.received_at)),
        Para("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", "plain"),
    ]
    for i, item in enumerate(items, 1):
        body.append(Para(f"{i}. {esc(item.what)}", "indent", markup=True))
        if item.reason:
            body.append(Para(f"<i>Lý do:</i> {esc(item.reason)}", "indent", markup=True))
    if reason:
        body.append(_kv("Lý do", reason))
    if what_to_do:
        body.append(_kv("Ông/Bà cần thực hiện", what_to_do))
    phone = contact or d.hotline or "...."
    body.append(
        Para(
            f"Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với "
            f"{d.officer or '....'}, số điện thoại {phone} để được hướng dẫn./.",
            "body",
        )
    )
    sigs = [SignatureBlock(["NGƯỜI HƯỚNG DẪN"], d.officer, SIGN_NOTE, "officer")]
    return _render_one_page(
        _spec(d, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", body, sigs, issued_on, draft)
    )


def refusal_notice(
    d: DossierInfo,
    reasons: list[str],
    *,
    issued_on: dt.date,
    what_to_do: str = "",
    draft: bool = False,
) -> RenderedPdf:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ; `what_to_do`: where or how the
    applicant can still obtain what she asked for."""
    body: list[Block] = [
        _kv(RECEIVING_DESK, d.receiving_unit),
        *_applicant(d),
        _kv("Thủ tục hành chính", d.procedure),
        _kv("Nội dung yêu cầu giải quyết", d.request_summary),
        Para(
            f"Qua xem xét, {d.receiving_unit} thông báo không tiếp nhận, giải "
            "quyết hồ sơ này với lý do cụ thể như sau:",
            "body",
        ),
    ]
    body += [Para(f"{i}. {r}", "indent") for i, r in enumerate(reasons, 1)]
    if what_to_do:
        body.append(_kv("Đề nghị Ông/Bà", what_to_do))
    body.append(Para("Xin thông báo để Ông/Bà được biết và thực hiện./.", "body"))
    sigs = [SignatureBlock(["NGƯỜI TIẾP NHẬN HỒ SƠ"], d.officer, SIGN_NOTE, "officer")]
    return _render_one_page(
        _spec(d, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", body, sigs, issued_on, draft)
    )


def _addressee(d: DossierInfo) -> list[Block]:
    return [
        Para(f"Kính gửi: <b>{esc(d.submitter.name)}</b>", "center", markup=True),
        Para(f"(Địa chỉ: {d.submitter.address})", "center"),
    ]


def apology_letter(
    d: DossierInfo,
    reason: str,
    new_appointment: dt.datetime,
    *,
    signer: Signer,
    issued_on: dt.date,
    draft: bool = False,
) -> RenderedPdf:
    """Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả (signed by the head of the unit)."""
    owner = d.owner or d.submitter.name
    body: list[Block] = [
        *_addressee(d),
        Para(
            f"Ngày {d.received_at:%d/%m/%Y}, {d.receiving_unit} tiếp nhận giải quyết hồ sơ "
            f"của Ông/Bà {owner}.",
            "body",
        ),
        _kv("Nội dung yêu cầu giải quyết", d.request_summary, "body"),
        _kv("Mã hồ sơ", d.code, "body"),
        _kv("Ngày hẹn trả kết quả giải quyết hồ sơ", when(d.appointment), "body"),
        Para(
            f"Tuy nhiên đến nay, {d.receiving_unit} chưa trả kết quả giải quyết hồ sơ của "
            "Ông/Bà đúng hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
            "body",
        ),
        _kv("Lý do", reason, "body"),
        Para(
            "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại cho Ông/Bà. "
            f"{d.receiving_unit} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà "
            f"vào <b>{esc(when(new_appointment))}</b>.",
            "body",
            markup=True,
        ),
        Para("Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.", "body"),
    ]
    sigs = [SignatureBlock(signer.authority, signer.name, HEAD_NOTE, "head")]
    return _render_one_page(
        _spec(
            d,
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
            body,
            sigs,
            issued_on,
            draft,
            agency=True,
            number="",
        )
    )


def stop_notice(
    d: DossierInfo,
    reason: str,
    requested_on: dt.date,
    *,
    signer: Signer,
    issued_on: dt.date,
    draft: bool = False,
) -> RenderedPdf:
    """Mẫu 05: Thông báo dừng giải quyết hồ sơ, at the applicant's request."""
    body: list[Block] = [
        *_addressee(d),
        Para(
            f"Ngày {d.received_at:%d/%m/%Y}, {d.receiving_unit} tiếp nhận hồ sơ của Ông/Bà "
            f"{d.owner or d.submitter.name} đề nghị giải quyết thủ tục {d.procedure}.",
            "body",
        ),
        _kv("Nội dung yêu cầu giải quyết", d.request_summary, "body"),
        Para(
            f"Ngày {requested_on:%d/%m/%Y}, Ông/Bà đề nghị dừng giải quyết hồ sơ nêu trên.", "body"
        ),
        _kv("Lý do", reason, "body"),
        Para(
            f"{d.receiving_unit} thông báo dừng giải quyết hồ sơ và trả lại hồ sơ cho Ông/Bà. "
            "Ông/Bà có thể nộp lại hồ sơ khi có nhu cầu./.",
            "body",
        ),
    ]
    sigs = [SignatureBlock(signer.authority, signer.name, HEAD_NOTE, "head")]
    return _render_one_page(
        _spec(
            d,
            "THÔNG BÁO\nDừng giải quyết hồ sơ",
            body,
            sigs,
            issued_on,
            draft,
            agency=True,
            number="",
            recipients=[d.submitter.name, "Lưu: VT"],
        )
    )


@dataclass
class Handoff:
    """One hand-off of the dossier between bodies (a row of mẫu 06)."""

    giver_body: str
    receiver_body: str
    at: dt.datetime | None = None
    giver: str = ""
    receiver: str = ""
    result: str = ""  # "Trước hạn" | "Đúng hạn" | "Quá hạn"
    note: str = ""


def process_control_slip(
    d: DossierInfo,
    handoffs: list[Handoff],
    *,
    processing_body: str,
    coordinating_body: str = "",
    draft: bool = False,
) -> RenderedPdf:
    """Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ."""
    rows = [
        [
            f"1. Giao: {h.giver_body}\n2. Nhận: {h.receiver_body}",
            f"{when(h.at)}\nNgười giao: {h.giver}\nNgười nhận: {h.receiver}",
            h.result,
            h.note,
        ]
        for h in handoffs
    ]
    body: list[Block] = [
        _kv("Kèm theo hồ sơ của", d.owner or d.submitter.name),
        _kv("Thủ tục hành chính", d.procedure),
        _kv("Thời gian nhận hồ sơ", when(d.received_at)),
        _kv(
            "Thời gian hẹn trả kết quả",
            when(d.appointment) if d.appointment else "Trả kết quả ngay",
        ),
        _kv("Cơ quan (bộ phận) giải quyết hồ sơ", processing_body),
        _kv("Cơ quan phối hợp giải quyết hồ sơ", coordinating_body or "Không"),
        TableBlock(
            header=[
                [
                    "TÊN CƠ QUAN",
                    "THỜI GIAN GIAO, NHẬN HỒ SƠ",
                    "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)",
                    "GHI CHÚ",
                ]
            ],
            rows=rows,
            col_widths_mm=[60, 55, 27, 23],
            center_cols=(2,),
        ),
        Para(
            "Ghi chú: Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính thì thời gian giao, "
            "nhận hồ sơ và việc ký nhận thể hiện trong hóa đơn của cơ quan bưu chính.",
            "note",
        ),
    ]
    return _render_one_page(
        _spec(d, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", body, [], None, draft)
    )


@dataclass
class RegisterEntry:
    """One line of the dossier register (mẫu 07)."""

    code: str
    procedure: str
    applicant: str
    address_phone: str
    lead_body: str
    received_on: dt.date
    appointment_on: dt.date | None = None
    sets: int = 1
    transferred_on: dt.date | None = None
    result_on: dt.date | None = None  # result ready, or dossier handed back to the citizen
    returned_on: dt.date | None = None
    note: str = ""


REGISTER_COLUMNS = [
    "TT",
    "Mã hồ sơ",
    "Tên TTHC",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Có kết quả giải quyết hồ sơ/ Yêu cầu trả lại dân",
    "Trả kết quả: ngày, tháng, năm",
    "Trả kết quả: ký nhận",
    "Ghi chú",
]
# Sum is 252 mm, the landscape frame: codes and dates fit on one line at 8.5 pt.
_REGISTER_WIDTHS_MM = [7, 44, 20, 12, 21, 20, 17, 18, 18, 18, 18, 18, 11, 10]


def _register_values(i: int, e: RegisterEntry) -> list[object]:
    return [
        i,
        e.code,
        e.procedure,
        e.sets,
        e.applicant,
        e.address_phone,
        e.lead_body,
        e.received_on,
        e.appointment_on,
        e.transferred_on,
        e.result_on,
        e.returned_on,
        "",
        e.note,
    ]


def _register_header() -> list[list[str]]:
    top = [
        *REGISTER_COLUMNS[:7],
        "Ngày, tháng, năm",
        "",
        "",
        "",
        "Trả kết quả cho cá nhân, tổ chức",
        "",
        "Ghi chú",
    ]
    sub = ["", "", "", "", "", "", "", *REGISTER_COLUMNS[7:11], "Ngày, tháng, năm", "Ký nhận", ""]
    return [top, sub, [f"({i})" for i in range(1, 15)]]


def _text(value: object) -> str:
    if value is None:
        return ""
    return day(value) if isinstance(value, dt.date) else str(value)


def dossier_register(
    entries: list[RegisterEntry],
    *,
    governing_body: str,
    receiving_unit: str,
    place: str,
    issued_on: dt.date | None = None,
    book: str = "",
    draft: bool = False,
) -> RenderedPdf:
    """Mẫu 07: Sổ theo dõi hồ sơ, landscape A4; the three header rows repeat on every page."""
    rows = [[_text(v) for v in _register_values(i, e)] for i, e in enumerate(entries, 1)]
    spans = [((c, 0), (c, 1)) for c in (*range(7), 13)] + [((7, 0), (10, 0)), ((11, 0), (12, 0))]
    table = TableBlock(
        _register_header(),
        rows,
        _REGISTER_WIDTHS_MM,
        spans,
        center_cols=(0, 3, 7, 8, 9, 10, 11),
        font_size=8.5,
    )
    spec = DocumentSpec(
        title="SỔ THEO DÕI HỒ SƠ",
        governing_body=governing_body,
        issuing_body=receiving_unit,
        place=place,
        date=issued_on,
        subtitle=[f"Quyển số: {book}"] if book else [],
        body=[table],
        landscape=True,
        draft=draft,
        font_size=10.5,
        header_split=0.38,
    )
    return render_document(spec)


def dossier_register_xlsx(
    entries: list[RegisterEntry], *, receiving_unit: str, book: str = ""
) -> bytes:
    """Mẫu 07 as a spreadsheet: real dates, frozen header."""
    titles = ["SỔ THEO DÕI HỒ SƠ", receiving_unit] + ([f"Quyển số: {book}"] if book else [])
    table = XlsxTable(
        header=REGISTER_COLUMNS,
        rows=[_register_values(i, e) for i, e in enumerate(entries, 1)],
        title_rows=titles,
        col_widths=[w / 2.2 for w in _REGISTER_WIDTHS_MM],
        sheet_name="Sổ theo dõi hồ sơ",
    )
    return write_table(table)
