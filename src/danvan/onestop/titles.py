"""The title of a procedure's result document, without the catalogue's notes."""

import re

GENERIC = "Kết quả giải quyết thủ tục hành chính"
# Catalogue text after the name: "(01 bản chính; giá trị 06 tháng…)", "; bản sao … nếu có yêu cầu",
# "/ bản sao Giấy khai sinh", "(hoặc văn bản trả lời…)".
_NOTE = re.compile(r"\s*(\(|;|/| hoặc ).*$", re.S)


def result_title(procedure) -> str:
    """`Giấy xác nhận tình trạng hôn nhân (01 bản chính; giá trị 06 tháng…)` ->
    `Giấy xác nhận tình trạng hôn nhân` (the document's own name, as its title is printed)."""
    name = (getattr(procedure, "result_name", "") or "").strip()
    name = _NOTE.sub("", name).strip(" .,;:-")
    return name[:200] or GENERIC
