"""The .xlsx export of a petition list (masked as the user may see it) and the answer letter in
administrative document format (Decree 30/2020), as PDF and DOCX, on danvan.documents."""

from django.utils import timezone

from danvan.documents.admin_doc import DocumentSpec, Para, SignatureBlock, render_document
from danvan.documents.docx import render_docx
from danvan.documents.xlsx import XlsxTable, write_table
from danvan.grassroots import privacy

HEADER = [
    "Mã theo dõi",
    "Đơn vị",
    "Loại đơn",
    "Lĩnh vực",
    "Kênh",
    "Tiêu đề",
    "Người gửi",
    "Điện thoại",
    "Số người",
    "Ngày tiếp nhận",
    "Hạn giải quyết",
    "Trạng thái",
    "Cơ quan giải quyết",
    "Trả lời lúc",
    "Đúng hạn",
    "Vụ việc",
]


def petitions_xlsx(rows, user) -> bytes:
    data = []
    for p in rows:
        who = privacy.petitioner(user, p)
        data.append(
            [
                p.tracking_code,
                p.unit.name,
                p.get_kind_display(),
                p.get_category_display(),
                p.get_channel_display(),
                p.title,
                who["name"],
                who["phone"],
                p.people_count,
                p.received_at,
                p.due_at or p.acceptance_due_at,
                p.get_state_display(),
                p.handling_body,
                p.answered_at,
                "" if p.answered_on_time is None else ("Có" if p.answered_on_time else "Không"),
                p.matter.title if p.matter_id else "",
            ]
        )
    table = XlsxTable(
        header=HEADER,
        rows=data,
        title_rows=[
            "DANH SÁCH ĐƠN THƯ, PHẢN ÁNH, KIẾN NGHỊ",
            f"Xuất lúc {timezone.localtime():%H:%M ngày %d/%m/%Y}",
        ],
        sheet_name="Don thu",
    )
    return write_table(table)


def _place(unit) -> str:
    ancestors = unit.ancestors()
    province = ancestors[0].name if ancestors else unit.name
    return province.replace("Thành phố ", "").replace("Tỉnh ", "")


def _spec(p) -> DocumentSpec:
    who = p.petitioner_name or "công dân"
    salutation = f"Kính gửi: {who}" if not p.protects_identity else "Kính gửi: Người tố cáo"
    return DocumentSpec(
        title="VĂN BẢN TRẢ LỜI",
        subtitle=[f"V/v trả lời {p.get_kind_display().lower()} của công dân"],
        issuing_body=f"Ủy ban nhân dân {p.unit.name}".upper(),
        number=p.answer_ref or f"{p.tracking_code}/TL-UBND",
        place=_place(p.unit),
        date=timezone.localdate(p.answered_at or timezone.now()),
        body=[
            Para(salutation),
            Para(
                f"Ngày {timezone.localtime(p.received_at):%d/%m/%Y}, {p.handling_body or 'Ủy ban nhân dân'} "
                f"nhận được {p.get_kind_display().lower()} (mã theo dõi {p.tracking_code}) về việc: "
                f"{p.title}."
            ),
            Para(f"Sau khi xem xét, {p.handling_body or 'Ủy ban nhân dân'} trả lời như sau:"),
            *(Para(line) for line in p.answer.splitlines() if line.strip()),
            Para(
                "Nếu chưa đồng ý với nội dung trả lời, công dân có thể phản hồi qua trang theo dõi "
                "đơn bằng mã theo dõi nêu trên."
            ),
        ],
        signatures=[SignatureBlock(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "")],
        recipients=["Như trên;", "Lưu: VT."],
    )


def answer_pdf(p) -> bytes:
    return render_document(_spec(p)).data


def answer_docx(p) -> bytes:
    return render_docx(_spec(p))
