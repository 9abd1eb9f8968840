"""Audit sentences of the oversight changes made outside the workflow tables."""

from django.utils.translation import gettext_lazy as _

from danvan.audit.registry import register

CODES = {
    "oversight.criticism.created": _("Ghi nhận phản biện xã hội dự thảo “{draft}”"),
    "oversight.criticism.comment": _("Thêm ý kiến phản biện dự thảo “{draft}”"),
    "oversight.criticism.response": _(
        "Ghi nhận tiếp thu ý kiến phản biện dự thảo “{draft}”: {response}"
    ),
    "oversight.dialogue.created": _("Ghi nhận hội nghị đối thoại “{title}”"),
    "oversight.dialogue.updated": _("Cập nhật hội nghị đối thoại “{title}”"),
    "oversight.board.created": _("Thành lập {name}"),
    "oversight.board.member_added": _("Thêm thành viên {member} vào {name}"),
    "oversight.board.updated": _("Sửa thông tin {name}: {fields}"),
    "oversight.board.member_updated": _("Sửa thông tin thành viên {member} của {name}: {fields}"),
    "oversight.dialogue.question": _("Ghi nhận ý kiến “{topic}” tại hội nghị đối thoại “{title}”"),
    "oversight.dialogue.commitment": _(
        "Ghi nhận cam kết “{content}” tại hội nghị đối thoại “{title}”"
    ),
    "oversight.dialogue.commitment_progress": _(
        "Cập nhật tiến độ cam kết “{content}” của hội nghị đối thoại “{title}”: {state}"
    ),
    "oversight.dialogue.answer": _(
        "Ghi nhận trả lời ý kiến “{topic}” tại hội nghị đối thoại “{title}”"
    ),
    "oversight.disclosure.recorded": _("Ghi nhận công khai “{item}” ({period})"),
    "oversight.document.signed": _("Ký số {what} “{title}” ({public_id})"),
    "oversight.import": _("Nhập dữ liệu giám sát, phản biện, đối thoại từ tệp: {summary}"),
    "oversight.reminders.sent": _("Nhắc {count} kiến nghị quá hạn trả lời"),
}


def register_all() -> None:
    for code, sentence in CODES.items():
        register(code, sentence)
