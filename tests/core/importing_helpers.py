"""A small schema and file builders for the importer tests."""

import io

from django.db import models
from openpyxl import Workbook

from danvan.core.importing import Column, Schema


class Field(models.TextChoices):
    ECONOMY = "economy", "Kinh tế"
    CULTURE = "culture", "Văn hóa - xã hội"
    SECURITY = "security", "Quốc phòng, an ninh"


HEADER = [
    "Tên mô hình",
    "Đơn vị",
    "Lĩnh vực",
    "Ngày bắt đầu",
    "Kinh phí (đồng)",
    "Có thể nhân rộng",
]


def practice_schema(**options) -> Schema:
    return Schema(
        name="test.practices",
        columns=[
            Column("name", "Tên mô hình", required=True, max_length=40),
            Column("unit", "Đơn vị", type="unit", required=True, kinds=("commune",)),
            Column("field", "Lĩnh vực", type="choice", choices=Field, required=True),
            Column("started_on", "Ngày bắt đầu", type="date"),
            Column("funds_vnd", "Kinh phí (đồng)", type="int", min_value=0),
            Column("replicable", "Có thể nhân rộng", type="bool", default=False),
        ],
        **options,
    )


def xlsx(rows: list[list], *, title: str = "Sheet") -> bytes:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(text: str, encoding: str = "utf-8-sig") -> bytes:
    return text.encode(encoding)
