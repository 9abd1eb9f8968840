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

    hot = Hotspot.objects.get(unit__code="09832")
    assert hot.state == "open" and hot.matter.petitions.count() == 12
    assert {"petitions-10-in-30", "reception-11"} <= {r["rule"] for r in hot.reasons}
    assert Hotspot.objects.filter(unit__code="00070", state="settled").exists()


def test_the_city_edits_a_rule_others_cannot(client_as):
    from danvan.audit.models import AuditEntry

    body = {
        "code": "reception-5",
        "threshold": "6",
        "window_days": "0",
        "weight": "1",
        "active": "1",
    }
    assert (
        client_as("petitions.hoankiem").post("/don-thu/diem-nong/quy-tac/", body).status_code == 403
    )
    assert client_as("mobilizer.hoankiem").get("/don-thu/diem-nong/quy-tac/").status_code == 403
    r = client_as("mobilizer.hanoi").post("/don-thu/diem-nong/quy-tac/", body)
    assert r.status_code == 302
    assert HotspotRule.objects.get(code="reception-5").threshold == 6
    assert AuditEntry.objects.filter(action="grassroots.rule.updated").exists()
    bad = client_as("mobilizer.hanoi").post(
        "/don-thu/diem-nong/quy-tac/", {**body, "threshold": "x"}
    )
    assert bad.status_code == 302 and HotspotRule.objects.get(code="reception-5").threshold == 6


def test_leaders_are_told_when_a_hotspot_appears(make_petition, officer, persona):
    from danvan.core.models import Notification

    leader = persona("leader.hoankiem")
    leader.email = "huy.pham@hoankiem.example.vn"
    leader.save(update_fields=["email"])
    p = make_petition(channel="reception", people_count=8, representatives=2)
    hot = hotspots.active_hotspot(services.group(p, by=officer))
    sent = Notification.objects.filter(kind="grassroots.hotspot", object_id=str(hot.pk))
    assert [n.to for n in sent] == ["huy.pham@hoankiem.example.vn"]
    assert "Lý do" in sent[0].body


def test_the_demo_is_idempotent(db):
    from danvan.grassroots import demo
    from danvan.grassroots.models import Hotspot

    before = (Petition.objects.count(), Hotspot.objects.count())
    assert demo.load() == {"petitions": 0, "hotspots": 0}
    assert (Petition.objects.count(), Hotspot.objects.count()) == before


def test_the_hotspot_alert_is_in_the_language_each_leader_chose(make_petition, officer, persona):
    from danvan.core.models import Notification

    leader = persona("leader.hoankiem")
    leader.email, leader.language = "huy.pham@hoankiem.example.vn", "en"
    leader.save(update_fields=["email", "language"])
    p = make_petition(channel="reception", people_count=8, representatives=2)
    hot = hotspots.active_hotspot(services.group(p, by=officer))
    (sent,) = Notification.objects.filter(kind="grassroots.hotspot", object_id=str(hot.pk))
    assert sent.subject == f"Hot-spot alert: {hot.matter.title}"[:200]
    assert ". Reasons: " in sent.body and "Lý do" not in sent.body


def test_one_hot_spot_is_headed_in_the_singular_in_english(client_as):
    from danvan.grassroots.models import Hotspot

    hot = Hotspot.objects.filter(unit__code="00070").order_by("id")[0]
    client = client_as("petitions.hoankiem")
    client.cookies["django_language"] = "en"
    html = client.get(f"/don-thu/diem-nong/{hot.pk}/").content.decode()
    assert "<h1>Hot spot:" in html and "Hot spots:" not in html
    board = client.get("/don-thu/diem-nong/").content.decode()
    assert "Hot spots" in board  # the board of them all keeps the plural
