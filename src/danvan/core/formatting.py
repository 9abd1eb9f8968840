"""How figures and dates are written: 100.000 đ, 1.234.567, 70,5%, 02/12/2026, the Decree 30/2020
date line, a stamp time with its offset.

Numbers follow the UI language (Vietnamese: "." for thousands, "," for decimals; English the
other way round). The date line is part of an administrative document and always Vietnamese.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

MISSING = "—"


def _english() -> bool:
    return (translation.get_language() or "vi").startswith("en")


def _separators() -> tuple[str, str]:
    """(thousands, decimal) for the active language."""
    return (",", ".") if _english() else (".", ",")


def number(value, decimals: int | None = None, *, trim: bool = True) -> str:
    """1234567 -> "1.234.567"; 2.5 -> "2,5"; decimals rounds half up (trailing zeros dropped
    unless trim=False). None -> ""."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except ArithmeticError:
        return str(value)
    if decimals is not None:
        amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _dot, fraction = f"{abs(amount):f}".partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    thousands, decimal_mark = _separators()
    grouped = f"{int(whole):,}".replace(",", thousands)
    return f"{sign}{grouped}{decimal_mark + fraction if fraction else ''}"


def vnd(amount) -> str:
    """100000 -> "100.000 đ" (English UI: "100,000 VND"); None or not a number -> ""."""
    try:
        whole = int(amount)
    except (TypeError, ValueError):
        return ""
    return f"{number(whole)} VND" if _english() else f"{number(whole)} đ"


def percent(fraction, decimals: int = 1) -> str:
    """0.705 -> "70,5%"; 1 -> "100%"; None (no denominator) -> "—"."""
    if fraction is None:
        return MISSING
    return f"{number(Decimal(str(fraction)) * 100, decimals)}%"


def _local_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def short_date(value) -> str:
    """A date (or an aware datetime, in local time) as "02/12/2026"; None -> ""."""
    day = _local_date(value)
    return f"{day:%d/%m/%Y}" if day else ""


def date_line(place: str, value) -> str:
    """ "Hoàn Kiếm, ngày 02 tháng 12 năm 2026": days 1-9 and months 1-2 get a leading zero
    (Decree 30/2020/NĐ-CP Annex I, II.5); no date -> dots to fill by hand."""
    day = _local_date(value)
    if day is None:
        return f"{place}, ngày ... tháng ... năm ..."
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day_text} tháng {month_text} năm {day.year}"


def stamp_time(value: dt.datetime | None) -> str:
    """ "05:37 ngày 02/12/2026 (+07:00)": local time, with the UTC offset, no seconds."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    offset = local.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else ""
    text = _("%(time)s ngày %(date)s") % {"time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}"}
    return f"{text} ({offset})" if offset else text


def parse_date(text: str) -> dt.date | None:
    """A date typed in a form: ISO (the browser's date input) or dd/mm/yyyy; None if neither."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 (a date only)
        except ValueError:
            continue
    return None
