"""Audit sentences of the oversight changes made outside the workflow tables."""

from danvan.audit.registry import register

CODES = {
    "oversight.criticism.created": "Ghi nhận phản biện xã hội dự thảo “{draft}”",
    "oversight.criticism.comment": "Thêm ý kiến phản biện dự thảo “{draft}”",
    "oversight.criticism.response": "Ghi nhận tiếp thu ý kiến phản biện dự thảo “{draft}”: {response}",
    "oversight.dialogue.created": "Ghi nhận hội nghị đối thoại “{title}”",
    "oversight.dialogue.updated": "Cập nhật hội nghị đối thoại “{title}”",
    "oversight.board.created": "Thành lập {name}",
    "oversight.board.member_added": "Thêm thành viên {member} vào {name}",
    "oversight.board.updated": "Sửa thông tin {name}: {fields}",
    "oversight.board.member_updated": "Sửa thông tin thành viên {member} của {name}: {fields}",
    "oversight.dialogue.question": "Ghi nhận ý kiến “{topic}” tại hội nghị đối thoại “{title}”",
    "oversight.dialogue.answer": "Ghi nhận trả lời ý kiến “{topic}” tại hội nghị đối thoại “{title}”",
    "oversight.disclosure.recorded": "Ghi nhận công khai “{item}” ({period})",
    "oversight.document.signed": "Ký số {what} “{title}” ({public_id})",
    "oversight.import": "Nhập dữ liệu giám sát, phản biện, đối thoại từ tệp: {summary}",
    "oversight.reminders.sent": "Nhắc {count} kiến nghị quá hạn trả lời",
}


def register_all() -> None:
    for code, sentence in CODES.items():
        register(code, sentence)
