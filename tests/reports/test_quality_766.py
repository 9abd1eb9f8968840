"""INDICATORS-766.md's worked examples come out exactly (period 1–31 Aug 2026, calendar days)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from danvan.core.indicators import Result, evaluate
from danvan.onestop.states import Status
from danvan.reports import quality
from danvan.reports.periods import month
from tests.reports.helpers import component, dossier, procedure, unit

pytestmark = pytest.mark.django_db
AUGUST = month(2026, 8)


@pytest.fixture
def example1():
    """D1–D10 of Example 1 in Phường Hoàn Kiếm (all received 1 Aug except D10, 4 Aug)."""
    ward = unit("00070")
    S = Status
    made = {
        "D1": dossier(ward, "2026-08-01", due_at="2026-08-10", processed_at="2026-08-08",
                      returned_at="2026-08-12", status=S.RETURNED, has_dislike=True),
        "D2": dossier(ward, "2026-08-01", due_at="2026-08-10", processed_at="2026-08-14",
                      status=S.PROCESSED, has_complaint=True),
        "D3": dossier(ward, "2026-08-01", due_at="2026-08-12", processed_at="2026-08-06",
                      status=S.PROCESSED, outcome="refused"),
        "D4": dossier(ward, "2026-08-01", due_at="2026-08-12", closed_at="2026-08-20",
                      status=S.STOPPED),
        "D5": dossier(ward, "2026-08-01", due_at="2026-09-05"),
        "D6": dossier(ward, "2026-08-01", due_at="2026-08-25"),
        "D7": dossier(ward, "2026-08-01", due_at="2026-08-20", status=S.SUPPLEMENT_REQUESTED,
                      supplement_count=1, supplement_requested_at="2026-08-15"),
        "D8": dossier(ward, "2026-08-01", due_at="2026-08-20", status=S.SUPPLEMENT_REQUESTED,
                      supplement_count=2, supplement_requested_at="2026-08-18"),
        "D9": dossier(ward, "2026-08-01", due_at="2026-08-14", supplement_count=1,
                      supplement_requested_at="2026-08-06", supplement_waiting=5,
                      processed_at="2026-08-17", status=S.PROCESSED),
        "D10": dossier(ward, "2026-08-04", proc=procedure("RPT.5D", time_value=5),
                       processed_at="2026-08-08", status=S.PROCESSED),
    }  # fmt: skip
    return ward, made


def test_example_1_progress_2_1_is_12_points(example1):
    ward, made = example1
    result = evaluate("onestop.sq_on_time", unit=ward, start=AUGUST.start, end=AUGUST.end)
    assert result == Result(6, 10, 0.6)
    on_time = set(
        evaluate
        and quality.dossiers.base(quality.Scope(ward, AUGUST.start, AUGUST.end))
        .filter(quality.dossiers.on_time_q())
        .values_list("code", flat=True)
    )
    assert on_time == {made[k].code for k in ("D1", "D3", "D5", "D7", "D9", "D10")}
    row = _item(quality.index(ward, AUGUST), "2.1")
    assert (row["numerator"], row["denominator"], row["rate"]) == (6, 10, Decimal("60.00"))
    assert row["points"] == Decimal("12.00")


def test_example_1_satisfaction_5_4_is_3_33(example1):
    ward, _ = example1
    row = _item(quality.index(ward, AUGUST), "5.4")
    assert (row["numerator"], row["denominator"]) == (5, 10)
    assert row["points"] == Decimal("3.33")


@pytest.fixture
def example2():
    """E1–E10 of Example 2 in Xã Ba Vì."""
    commune = unit("09700")
    spec = {
        "E1": "PRCUKSV", "E2": "PRCV", "E3": "PRC", "E4": "PCV", "E5": "PR", "E6": "P",
        "E7": "PRCUV", "E8": "PRCK", "E9": "CV", "E10": "",
    }  # fmt: skip
    for flags in spec.values():
        d = dossier(
            commune, "2026-08-03", needs_paper_result="P" in flags,
            result_file="results/e.pdf" if "R" in flags else "",
            result_sent_to_store="S" in flags, vneid_authenticated="V" in flags,
        )  # fmt: skip
        if "C" in flags or "U" in flags or "K" in flags:
            component(d, file="C" in flags, reused="U" in flags, store="K" in flags)
    return commune


def _item(ix: dict, code: str) -> dict:
    return next(i for g in ix["groups"] for i in g["items"] if i["code"] == code)


def test_example_2_digitization(example2):
    ix = quality.index(example2, AUGUST)
    got = {c: (_item(ix, c)["numerator"], _item(ix, c)["denominator"], _item(ix, c)["points"])
           for c in ("4.1", "4.2", "4.3", "4.4", "4.5b")}  # fmt: skip
    assert got == {
        "4.1": (6, 8, Decimal("4.50")),
        "4.2": (6, 10, Decimal("2.40")),
        "4.3": (2, 10, Decimal("0.50")),
        "4.4": (2, 10, Decimal("0.80")),
        "4.5b": (5, 10, Decimal("1.00")),
    }


def test_open_points_are_settings(example2):
    with override_settings(REPORTS_766={"DIGITIZED_TARGET": 0.8, "E_RESULT_ALL_DOSSIERS": True}):
        ix = quality.index(example2, AUGUST)
        assert _item(ix, "4.2")["points"] == Decimal("3.00")
        assert _item(ix, "4.1")[("denominator")] == 10  # the portal's reading: all dossiers


def test_empty_denominators_follow_the_definition():
    quiet = unit("00004")
    ix = quality.index(quiet, AUGUST)
    assert _item(ix, "2.1")["points"] == Decimal("0.00")  # 2.1 gives 0
    assert _item(ix, "4.3")["points"] is None  # 4.x: no score
    assert _item(ix, "5.4")["points"] == Decimal("0.00")
    assert _item(ix, "5.2")["status"] == "not_entered"  # no figure entered: not scored
    assert (
        evaluate("onestop.sq_on_time", unit=quiet, start=AUGUST.start, end=AUGUST.end).value is None
    )


def test_entered_figures_with_evidence_score_and_zero_denominator_gives_full(persona):
    from danvan.reports import entering

    ward = unit("00070")
    reporter = persona("chairman.hoankiem")
    base = {"from": "2026-08-01", "to": "2026-08-31", "evidence": "Báo cáo của Văn phòng UBND"}
    entering.enter(
        reporter, ward, base | {"indicator": "1.1", "numerator": "9", "denominator": "10"}
    )
    entering.enter(
        reporter, ward, base | {"indicator": "5.2", "numerator": "0", "denominator": "0"}
    )
    ix = quality.index(ward, AUGUST)
    assert _item(ix, "1.1")["points"] == Decimal("5.40")
    assert _item(ix, "1.1")["evidence"][0]["text"] == "Báo cáo của Văn phòng UBND"
    assert _item(ix, "5.2")["points"] == Decimal("6.00")  # 5.2: denominator 0 gives full points
    # Entering again replaces (one effect), a bad number or a computed indicator is refused.
    entering.enter(
        reporter, ward, base | {"indicator": "1.1", "numerator": "10", "denominator": "10"}
    )
    assert _item(quality.index(ward, AUGUST), "1.1")["points"] == Decimal("6.00")
    from danvan.core.errors import Invalid

    for bad in ({"indicator": "2.1"}, {"numerator": "x"}, {"numerator": "11"}, {"evidence": ""}):
        with pytest.raises(Invalid):
            entering.enter(reporter, ward, base | {"indicator": "1.2", "numerator": "1",
                                                   "denominator": "10"} | bad)  # fmt: skip


def test_index_total_adds_the_groups(example1):
    ward, _ = example1
    ix = quality.index(ward, AUGUST)
    assert ix["total"] == sum(g["points"] for g in ix["groups"])
    assert sum(g[2] for g in quality.GROUPS) == 100
    assert all(
        sum(i.max_points for i in items) == max_points
        for _c, _n, max_points, items in quality.GROUPS
    )


def test_one_aggregate_query_for_the_dossier_figures(example1, django_assert_max_num_queries):
    ward, _ = example1
    scope = quality.Scope(ward, AUGUST.start, AUGUST.end)
    with django_assert_max_num_queries(3):  # procedures' time limits, units replaced, the aggregate
        totals = quality.dossiers.totals(scope)
    assert totals["on_time"] == (6, 10)
    assert dt.date(2026, 8, 1) == AUGUST.start


def test_one_query_for_several_periods_and_children(
    example1, example2, django_assert_max_num_queries
):
    city, ward = unit("01"), example1[0]
    windows = [(AUGUST.start, AUGUST.end), (dt.date(2026, 7, 1), dt.date(2026, 7, 31))]
    with django_assert_max_num_queries(4):  # time limits (per period), units replaced, the query
        got = quality.dossiers.multi(city, windows, by_child=True)
    scope = quality.Scope(ward, AUGUST.start, AUGUST.end)
    assert got[0]["children"][ward.path] == quality.dossiers.totals(scope)
    assert got[0]["total"]["on_time"] == (6 + 0, 10 + 10)  # Ba Vì's ten are open, due none: late
    assert got[1]["total"]["on_time"] == (0, 0)
    alone = quality.dossiers.multi(ward, windows[:1])[0]
    assert (
        alone["total"] == quality.dossiers.totals(scope) and alone["finished"] == 5
    )  # D1 D2 D3 D9 D10
