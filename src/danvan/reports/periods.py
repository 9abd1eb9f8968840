"""Report periods: a month, a quarter, six months, a year or custom dates (local days, both ends
included), the period before it of the same length and the same period a year earlier."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from danvan.core.errors import Invalid

KINDS = ("month", "quarter", "half", "year", "custom")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str = "custom"

    def __post_init__(self):
        if self.end < self.start:
            raise Invalid(
                "report.period_reversed",
                _("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."),
                fields={"to": _("Trước ngày bắt đầu.")},
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self) -> str:
        s, e = self.start, self.end
        if self.kind == "month":
            return _("Tháng %(m)d/%(y)d") % {"m": s.month, "y": s.year}
        if self.kind == "quarter":
            return _("Quý %(q)d/%(y)d") % {"q": (s.month - 1) // 3 + 1, "y": s.year}
        if self.kind == "half":
            half = _("6 tháng đầu năm") if s.month == 1 else _("6 tháng cuối năm")
            return f"{half} {s.year}"
        if self.kind == "year":
            return _("Năm %(y)d") % {"y": s.year}
        return _("Từ %(a)s đến %(b)s") % {"a": f"{s:%d/%m/%Y}", "b": f"{e:%d/%m/%Y}"}

    def previous(self) -> "Period":
        """The period just before: the previous month/quarter/half/year, or as many days."""
        if self.kind in ("month", "quarter", "half", "year"):
            months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[self.kind]
            start = _add_months(self.start, -months)
            return Period(start, self.start - dt.timedelta(days=1), self.kind)
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def last_year(self) -> "Period":
        return Period(_add_months(self.start, -12), _year_back(self.end), self.kind)

    def months(self) -> list["Period"]:
        """The calendar months the period touches, cut to the period (for the trend chart)."""
        out, day = [], self.start.replace(day=1)
        while day <= self.end:
            last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            out.append(Period(max(day, self.start), min(last, self.end), "month"))
            day = last + dt.timedelta(days=1)
        return out


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )


def _year_back(day: dt.date) -> dt.date:
    last = calendar.monthrange(day.year - 1, day.month)[1]
    return day.replace(year=day.year - 1, day=min(day.day, last))


def month(year: int, m: int) -> Period:
    return Period(dt.date(year, m, 1), dt.date(year, m, calendar.monthrange(year, m)[1]), "month")


def quarter(year: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period(dt.date(year, first, 1), month(year, first + 2).end, "quarter")


def half(year: int, h: int) -> Period:
    return Period(
        dt.date(year, 1 if h == 1 else 7, 1), month(year, 6 if h == 1 else 12).end, "half"
    )


def year(y: int) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def parse_date(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise Invalid(
            "report.bad_date",
            _("Ngày “%(text)s” không hợp lệ (ghi theo dạng YYYY-MM-DD).") % {"text": text},
            fields={field: _("Ngày không hợp lệ.")},
        ) from None


def from_dates(start: str | dt.date, end: str | dt.date) -> Period:
    """A period from two dates, recognized as a month/quarter/half/year when it is one."""
    s = start if isinstance(start, dt.date) else parse_date(start, "from")
    e = end if isinstance(end, dt.date) else parse_date(end, "to")
    candidate = Period(s, e)
    if s.day == 1:
        for kind, make in (
            ("month", lambda: month(s.year, s.month)),
            ("quarter", lambda: quarter(s.year, (s.month - 1) // 3 + 1)),
            ("half", lambda: half(s.year, 1 if s.month <= 6 else 2)),
            ("year", lambda: year(s.year)),
        ):
            p = make()
            if p.start == s and p.end == e:
                return Period(s, e, kind)
    return candidate


def from_request(params, today: dt.date) -> Period:
    """From query parameters: from/to, or kind (month|quarter|half|year) and the period's number."""
    if params.get("from") and params.get("to"):
        return from_dates(params["from"], params["to"])
    kind = params.get("kind") or "half"
    y = _int(params.get("year"), today.year)
    if kind == "month":
        return month(y, min(max(_int(params.get("n"), today.month), 1), 12))
    if kind == "quarter":
        return quarter(y, min(max(_int(params.get("n"), (today.month - 1) // 3 + 1), 1), 4))
    if kind == "year":
        return year(y)
    return half(y, min(max(_int(params.get("n"), 1 if today.month <= 6 else 2), 1), 2))


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
