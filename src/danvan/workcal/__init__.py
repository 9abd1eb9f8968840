"""Working-day calendar for deadlines (SPEC §2.3). Pure Python: no Django imports.

The one-stop workflow, petitions and supervision recommendations compute their due dates
here; the model layer turns a unit's stored settings into `CalendarRules`.
"""

from danvan.workcal.days import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)
from danvan.workcal.deadlines import (
    add_working_time,
    closing_of,
    due_at,
    next_working_moment,
    opening_of,
    start_of_count,
    start_of_hours,
    working_time_between,
)
from danvan.workcal.rules import NATIONAL_SWAPS_SUPPLEMENT, CalendarRules, national_calendar

__all__ = [
    "NATIONAL_SWAPS_SUPPLEMENT",
    "CalendarRules",
    "add_working_days",
    "add_working_time",
    "closing_of",
    "due_at",
    "is_working_day",
    "national_calendar",
    "next_working_day",
    "next_working_moment",
    "opening_of",
    "start_of_count",
    "start_of_hours",
    "working_days_between",
    "working_time_between",
]
