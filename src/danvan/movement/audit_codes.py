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
}


def register_all() -> None:
    for code, sentence in SENTENCES.items():
        register(code, sentence)
