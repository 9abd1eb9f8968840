"""Hot-spot early warning from the rules kept as data (issue 12, "Must show")."""

import datetime as dt

from django.utils import timezone

from danvan.core.indicators import evaluate
from danvan.grassroots import hotspots, services
from danvan.grassroots.models import HotspotRule, Petition
from danvan.workflow import transition

SEGMENT = "VD4-TEST-01"


def _village_petitions(make_petition, officer, n=12, group_of=11):
    now = timezone.now()
    matter = None
    made = []
    for i in range(n):
        reception = i == 5
        p = make_petition(
            kind="complaint" if i % 3 == 0 else "recommendation",
            category="land",
            channel="reception" if reception else "counter",
            description=f"Đề nghị xem xét lại giá bồi thường đất nông nghiệp Vành đai 4 thôn Đông (hộ {i})",
            petitioner_name=f"Người dân {i}",
            people_count=group_of if reception else 1,
            representatives=5 if reception else 0,
            village="Thôn Đông",
            project_segment=SEGMENT,
            received_at=now - dt.timedelta(days=28 - 2 * i),
        )
        matter = services.group(
            p, by=officer, matter=matter, title="Bồi thường Vành đai 4 thôn Đông"
        )
        made.append(p)
    return matter, made


def test_twelve_petitions_and_a_group_of_eleven_make_a_hotspot(make_petition, officer, ward):
    matter, made = _village_petitions(make_petition, officer)
    hot = hotspots.active_hotspot(matter)
    assert hot is not None and hot.state == "open"
    rules = {r["rule"]: r for r in hot.reasons}
    assert rules["petitions-10-in-30"]["value"] == 12
    assert rules["reception-11"]["value"] == 11 and rules["reception-5"]["value"] == 11
    assert rules["site-clearance-3"]["value"] == 12
    assert all(r["basis"] for r in hot.reasons)
    assert "Điều 29" in rules["reception-11"]["basis"]
    # the trend: the last weeks against the ones before
    trend = hotspots.trend(matter)
    assert sum(w["petitions"] for w in trend["weeks"]) == 12
    assert sum(w["people"] for w in trend["weeks"]) == 11 + 11
    today = timezone.localdate()
    assert evaluate("grassroots.hotspots_open", unit=ward, start=today, end=today).value >= 1

    hot = transition(
        hot,
        "take_charge",
        by=officer,
        expected_version=hot.version,
        lead_body="UBND xã",
        responsible="Phó Chủ tịch UBND xã",
        plan="Đối thoại, rà soát giá",
    )
    assert hot.state == "monitoring"
    hot = transition(
        hot,
        "settle",
        by=officer,
        expected_version=hot.version,
        reason="Đã điều chỉnh đơn giá, các hộ đồng thuận bàn giao mặt bằng",
    )
    assert hot.state == "settled" and hot.settled_at is not None
    assert hotspots.active_hotspot(matter) is None
    assert evaluate("grassroots.hotspots_settled", unit=ward, start=today, end=today).value >= 1
    # after the settlement only new petitions count: one more does not reopen it
    p = make_petition(
        category="land",
        village="Thôn Đông",
        project_segment=SEGMENT,
        description="Hỏi lại về tiền bồi thường Vành đai 4 thôn Đông",
    )
    services.group(p, by=officer, matter=matter)
    assert hotspots.active_hotspot(matter) is None
    assert hotspots.trend(matter)["weeks"][-1]["petitions"] >= 1


def test_below_every_threshold_there_is_no_hotspot(make_petition, officer):
    matter, _ = _village_petitions(make_petition, officer, n=2, group_of=4)
    assert hotspots.evaluate(matter) == [] and hotspots.active_hotspot(matter) is None


def test_a_group_of_five_at_reception_crosses_the_first_rule(make_petition, officer):
    p = make_petition(channel="reception", people_count=5, representatives=1)
    matter = services.group(p, by=officer)
    hot = hotspots.active_hotspot(matter)
    assert [r["rule"] for r in hot.reasons] == ["reception-5"]


def test_rules_are_data_the_city_edits(make_petition, officer):
    HotspotRule.objects.filter(code="reception-5").update(threshold=7)
    p = make_petition(channel="reception", people_count=6, representatives=1)
    assert hotspots.active_hotspot(services.group(p, by=officer)) is None


def test_an_overdue_petition_and_an_escalation_count(make_petition, officer):
    p = make_petition()
    p = services.apply(p, "route", by=officer, expected_version=p.version)
    Petition.objects.filter(pk=p.pk).update(due_at=timezone.now() - dt.timedelta(days=12))
    matter = services.group(p, by=officer)
    rules = {r["rule"] for r in hotspots.active_hotspot(matter).reasons}
    assert "overdue-10" in rules
    p.refresh_from_db()
    p = services.apply(p, "start", by=officer, expected_version=p.version)
    services.apply(
        p,
        "escalate",
        by=officer,
        expected_version=p.version,
        level="central",
        reason="Công dân gửi đơn lên Trung ương",
    )
    rules = {r["rule"] for r in hotspots.active_hotspot(matter).reasons}
    assert "escalated" in rules


def test_the_demo_ring_road_hotspot(db):
    from danvan.grassroots.models import Hotspot

    hot = Hotspot.objects.get(unit__code="09859")
    assert hot.state == "open" and hot.matter.petitions.count() == 12
    assert {"petitions-10-in-30", "reception-11"} <= {r["rule"] for r in hot.reasons}
    assert Hotspot.objects.filter(unit__code="00070", state="settled").exists()
