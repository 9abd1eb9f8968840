"""Ratings count over the unit subtree (not the exact unit), through the indicator registry."""

import datetime as dt

from django.utils import timezone

from danvan.core.indicators import Result, evaluate
from danvan.onestop import ratings
from danvan.onestop.models import Dossier, Rating
from danvan.onestop.workflow import Status
from danvan.units.models import Unit
from tests.onestop_ui.helpers import COMMON, make_dossier

DAY = dt.date(2026, 6, 15)


def rated(unit_code: str, score: str, clerk) -> Dossier:
    dossier = make_dossier(unit_code, COMMON, by=clerk)
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.RETURNED)
    dossier.refresh_from_db()
    rating = ratings.rate(dossier, score)
    at = timezone.make_aware(dt.datetime.combine(DAY, dt.time(10)))
    Rating.objects.filter(pk=rating.pk).update(at=at)
    return dossier


def test_ratings_roll_up_from_the_wards_to_the_city(persona):
    rated("00070", Rating.Score.SATISFIED, persona("clerk.hoankiem"))
    rated("00070", Rating.Score.UNSATISFIED, persona("clerk.hoankiem"))
    rated("09700", Rating.Score.SATISFIED, persona("clerk.bavi"))
    city, ward = Unit.objects.current().get(code="01"), Unit.objects.current().get(code="00070")
    in_june = {"start": DAY, "end": DAY}
    assert ratings.rating_counts(units=[city], **in_june) == {
        "satisfied": 2,
        "acceptable": 0,
        "unsatisfied": 1,
    }
    assert ratings.rating_counts(units=ward, **in_june)["satisfied"] == 1
    assert evaluate("onestop.ratings", unit=city, **in_june) == Result(3, None, 3)
    assert evaluate("onestop.ratings_satisfied", unit=city, **in_june) == Result(2, 3, 2 / 3)
    assert evaluate("onestop.ratings_unsatisfied", unit=ward, **in_june) == Result(1, 2, 0.5)
    assert evaluate("onestop.ratings", unit=city, start=DAY + dt.timedelta(days=1)).value == 0
