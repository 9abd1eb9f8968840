"""GET /api/v1/public/due-date: the working-day calendar, for anyone."""

import datetime as dt
import zoneinfo

from django.conf import settings
from ninja import Query, Router, Schema
from pydantic import Field, model_validator

from danvan.core.errors import Invalid
from danvan.units.calendar import rules_for
from danvan.units.services import current_unit
from danvan.workcal import due_at

router = Router()


class DueDateQuery(Schema):
    unit: str = Field(..., max_length=20, pattern=r"^[0-9A-Za-z\-]+$")
    received_at: dt.datetime
    working_days: int | None = Field(None, ge=0, le=3650)
    working_hours: int | None = Field(None, ge=0, le=29200)
    paper: bool = False

    @model_validator(mode="after")
    def _one_of(self):
        if (self.working_days is None) == (self.working_hours is None):
            raise ValueError("Cần đúng một trong hai tham số working_days hoặc working_hours.")
        return self


class DueDateOut(Schema):
    unit: str
    received_at: dt.datetime
    due_at: dt.datetime
    working_days: int | None
    working_hours: int | None


@router.get(
    "/due-date",
    response=DueDateOut,
    auth=None,
    summary="Tính hạn giải quyết theo ngày/giờ làm việc",
)
def due_date(request, q: Query[DueDateQuery]):
    unit = current_unit(q.unit)
    received = q.received_at
    if received.tzinfo is None:
        received = received.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    try:
        due = due_at(
            received,
            rules_for(unit),
            working_days=q.working_days,
            working_hours=q.working_hours,
            paper=q.paper,
        )
    except (ValueError, OverflowError) as exc:
        raise Invalid("calendar.invalid", "Không tính được hạn với tham số đã cho.") from exc
    return {
        "unit": unit.code,
        "received_at": received,
        "due_at": due,
        "working_days": q.working_days,
        "working_hours": q.working_hours,
    }
