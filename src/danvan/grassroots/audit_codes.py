"""Audit sentences of the codes this app records outside the workflow tables."""

from danvan.audit.registry import register


def register_all() -> None:
    register("grassroots.matter.grouped", "Gộp đơn {code} vào vụ việc “{matter}”")
    register("grassroots.matter.ungrouped", "Tách đơn {code} khỏi vụ việc “{matter}”")
    register(
        "grassroots.hotspot.alerted", "Gửi cảnh báo điểm nóng “{title}” ({recipients} người nhận)"
    )
    register("grassroots.rule.updated", "Sửa quy tắc cảnh báo điểm nóng {code}")
    register("grassroots.imported", "Nhập {count} đơn từ tệp {file}")
    register("grassroots.export", "Xuất danh sách đơn thư ({count} đơn)")
    register("grassroots.answer_letter", "Tạo văn bản trả lời đơn {code}")
    register("grassroots.open311.key_created", "Tạo khóa Open311 cho {name}")
