"""Audit sentences of the codes this app records outside the workflow tables."""

from django.utils.translation import gettext_lazy as _

from danvan.audit.registry import register


def register_all() -> None:
    register("grassroots.matter.grouped", _("Gộp đơn {code} vào vụ việc “{matter}”"))
    register("grassroots.matter.ungrouped", _("Tách đơn {code} khỏi vụ việc “{matter}”"))
    register(
        "grassroots.hotspot.alerted",
        _("Gửi cảnh báo điểm nóng “{title}” ({recipients} người nhận)"),
    )
    register("grassroots.rule.updated", _("Sửa quy tắc cảnh báo điểm nóng {code}"))
    register("grassroots.imported", _("Nhập {count} đơn từ tệp {file}"))
    register("grassroots.export", _("Xuất danh sách đơn thư ({count} đơn)"))
    register("grassroots.answer_letter", _("Tạo văn bản trả lời đơn {code}"))
    register("grassroots.open311.key_created", _("Tạo khóa Open311 cho {name}"))
