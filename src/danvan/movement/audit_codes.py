"""Audit codes of the movement app and their Vietnamese sentences (the practice transitions'
sentences are registered by the workflow engine from the table)."""

from danvan.audit.registry import register

SENTENCES = {
    "movement.practice.updated": "Cập nhật thông tin mô hình {name}",
    "movement.practice.replicates": "Mô hình {name} nhân rộng từ mô hình {source}",
    "movement.practice.recognition_refused": (
        "Từ chối công nhận mô hình {name} ({code}) ở cấp {level}: không đúng thẩm quyền"
    ),
    "movement.practice.commended": "Ghi nhận khen thưởng mô hình {name}: {kind}",
    "movement.practice.evidence_added": "Thêm tài liệu minh chứng cho mô hình {name}: {title}",
    "movement.practice.exported": "Xuất danh sách {count} mô hình ra tệp .xlsx",
    "movement.practice.imported": "Nhập {count} mô hình từ tệp {filename}",
    "movement.group.created": "Thêm tổ tự quản {name} tại {village}",
    "movement.contest.scored": "Giám khảo chấm điểm đội {team} ({round})",
    "movement.contest.round_closed": "Khóa kết quả {round} của hội thi {contest}",
    "movement.contest.published": "Công bố kết quả hội thi {contest}",
    "movement.person.created": "Thêm người có uy tín ({name})",
    "movement.person.updated": "Sửa thông tin người có uy tín ({name})",
    "movement.person.supported": "Ghi nhận hỗ trợ người có uy tín: {kind} ngày {on}",
    "movement.economic_model.created": "Thêm mô hình kinh tế {name}",
    "movement.economic_model.updated": "Sửa mô hình kinh tế {name}",
    "movement.figure.created": "Thêm số liệu của xã {name}",
    "movement.figure.updated": "Sửa số liệu của xã {name}",
    "movement.project.created": "Thêm công trình trọng điểm {name}",
    "movement.project.updated": "Sửa công trình trọng điểm {name}",
    "movement.segment.created": "Thêm đoạn qua {unit} của dự án {project}",
    "movement.segment.progress": "Cập nhật tiến độ bàn giao mặt bằng đoạn qua {unit} ({project})",
}


def register_all() -> None:
    for code, sentence in SENTENCES.items():
        register(code, sentence)
