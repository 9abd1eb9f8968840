"""Looking units up by code within a date: the only safe way, since codes were reused in 2025."""

import datetime as dt

from danvan.core.errors import NotFound
from danvan.units.models import Unit


def unit_by_code(code: str, day: dt.date | None = None) -> Unit:
    day = day or dt.date.today()  # noqa: DTZ011
    unit = Unit.objects.valid_on(day).filter(code=code).order_by("-depth").first()
    if unit is None:
        raise NotFound(
            "unit.not_found", f"Không có đơn vị hành chính mã {code} vào ngày {day:%d/%m/%Y}."
        )
    return unit


def current_unit(code: str) -> Unit:
    return unit_by_code(code, None)
