"""The change column of a report: its sign is the sign of what is shown, so a change that rounds
to zero reads "±0" and never "−0"."""

import pytest
from django.utils import translation

from danvan.reports.views import _delta


@pytest.mark.parametrize(
    "kind, change, shown",
    [
        ("per_1000", -0.0003, "±0"),
        ("per_1000", 0.0, "±0"),
        ("per_1000", -0.25, "−0,25"),
        ("count", -3, "−3"),
        ("count", 9, "+9"),
        ("rate", 0.0247, "+2,47 điểm %"),
        ("rate", -0.00001, "±0 điểm %"),
    ],
)
def test_the_sign_is_the_sign_of_what_is_shown(kind, change, shown):
    with translation.override("vi"):
        assert _delta({"kind": kind, "change": change}) == shown


def test_no_previous_figure_shows_nothing():
    assert _delta({"kind": "count", "change": None}) == ""
