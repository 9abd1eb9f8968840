"""The public calendar endpoint, with hand-computed cases (see tests/workcal for the reasoning)."""

import pytest
from django.test import Client

from danvan.units.calendar import forget
from danvan.units.models import CalendarOverride, WorkingCalendar
from danvan.units.services import current_unit


def _due(query: str):
    return Client().get(f"/api/v1/public/due-date?{query}")


@pytest.mark.django_db
def test_across_tet_2027_five_working_days():
    # Tết 2027 off Thu 4 – Wed 10 Feb: days are 11, 12, 15, 16, 17 Feb.
    body = _due("unit=00070&received_at=2027-02-03T09:00:00%2B07:00&working_days=5").json()
    assert body["due_at"].startswith("2027-02-17T17:00:00")


@pytest.mark.django_db
def test_across_2_september_2026():
    # Off Sat 29/8 – Wed 2/9: received Fri 28/8, 2 days → Thu 3/9, Fri 4/9.
    body = _due("unit=00070&received_at=2026-08-28T10:00:00%2B07:00&working_days=2").json()
    assert body["due_at"].startswith("2026-09-04T17:00:00")


@pytest.mark.django_db
def test_working_hours_cross_lunch_and_night():
    assert (
        _due("unit=00070&received_at=2026-11-26T11:00:00%2B07:00&working_hours=2")
        .json()["due_at"]
        .startswith("2026-11-26T14:00:00")
    )
    assert (
        _due("unit=00070&received_at=2026-11-26T16:00:00%2B07:00&working_hours=4")
        .json()["due_at"]
        .startswith("2026-11-27T11:00:00")
    )


@pytest.mark.django_db
def test_unit_override_and_own_office_hours_change_the_answer():
    unit = current_unit("09700")
    CalendarOverride.objects.create(
        unit=unit, day="2026-11-30", kind="day_off", reason="Bầu cử bổ sung"
    )
    WorkingCalendar.objects.create(unit=unit, periods=[["07:00", "11:30"], ["13:30", "17:00"]])
    forget()
    body = _due("unit=09700&received_at=2026-11-27T10:00:00%2B07:00&working_days=1").json()
    assert body["due_at"].startswith("2026-12-01T17:00:00")
    hours = _due("unit=09700&received_at=2026-11-26T11:00:00%2B07:00&working_hours=2").json()
    assert hours["due_at"].startswith("2026-11-26T15:00:00")
    # Hoàn Kiếm is not affected by Ba Vì's closure.
    assert (
        _due("unit=00070&received_at=2026-11-27T10:00:00%2B07:00&working_days=1")
        .json()["due_at"]
        .startswith("2026-11-30T17:00:00")
    )
    forget()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "unit=00070&received_at=2026-11-26T10:00:00&working_days=1&working_hours=2",
        "unit=00070&received_at=yesterday&working_days=1",
        "unit=00070&received_at=2026-11-26T10:00:00&working_days=-1",
        "unit=00070&working_days=1",
    ],
)
def test_bad_calendar_queries_are_422(query):
    response = _due(query)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "request.invalid"


@pytest.mark.django_db
def test_unknown_unit_is_404():
    assert _due("unit=98765&received_at=2026-11-26T10:00:00&working_days=1").status_code == 404
