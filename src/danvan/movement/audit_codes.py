"""Audit codes of the movement app and their Vietnamese sentences (the practice transitions'
sentences are registered by the workflow engine from the table)."""

from django.utils.translation import gettext_lazy as _

from danvan.audit.registry import register

SENTENCES = {
    "movement.practice.updated": _("Cập nhật thông tin mô hình {name}"),
    "movement.practice.replicates": _("Mô hình {name} nhân rộng từ mô hình {source}"),
    "movement.practice.recognition_refused": (
        _("Từ chối công nhận mô hình {name} ({code}) ở cấp {level}: không đúng thẩm quyền")
    ),
    "movement.practice.commended": _("Ghi nhận khen thưởng mô hình {name}: {kind}"),
    "movement.practice.evidence_added": _("Thêm tài liệu minh chứng cho mô hình {name}: {title}"),
    "movement.practice.photo_published": _(
        "Công khai ảnh minh chứng {title} của mô hình {name} trên trang giới thiệu"
    ),
    "movement.practice.photo_hidden": _(
        "Thôi công khai ảnh minh chứng {title} của mô hình {name} trên trang giới thiệu"
    ),
    "movement.practice.exported": _("Xuất danh sách {count} mô hình ra tệp .xlsx"),
    "movement.practice.imported": _("Nhập {count} mô hình từ tệp {filename}"),
    "movement.group.created": _("Thêm tổ tự quản {name} tại {village}"),
    "movement.contest.scored": _("Giám khảo chấm điểm đội {team} ({round})"),
    "movement.contest.round_closed": _("Khóa kết quả {round} của hội thi {contest}"),
    "movement.contest.published": _("Công bố kết quả hội thi {contest}"),
    "movement.person.created": _("Thêm người có uy tín ({name})"),
    "movement.person.updated": _("Sửa thông tin người có uy tín ({name})"),
    "movement.person.supported": _("Ghi nhận hỗ trợ người có uy tín: {kind} ngày {on}"),
    "movement.economic_model.created": _("Thêm mô hình kinh tế {name}"),
    "movement.economic_model.updated": _("Sửa mô hình kinh tế {name}"),
    "movement.figure.created": _("Thêm số liệu của xã {name}"),
    "movement.figure.updated": _("Sửa số liệu của xã {name}"),
    "movement.project.created": _("Thêm công trình trọng điểm {name}"),
    "movement.project.updated": _("Sửa công trình trọng điểm {name}"),
    "movement.segment.created": _("Thêm đoạn qua {unit} của dự án {project}"),
    "movement.segment.progress": _(
        "Cập nhật tiến độ bàn giao mặt bằng đoạn qua {unit} ({project})"
    ),
}


def register_all() -> None:
    for code, sentence in SENTENCES.items():
        register(code, sentence)
