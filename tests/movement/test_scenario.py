"""Must show: a residential group registers a practice, the ward launches and recognizes it, the
city recognizes it at city level, another ward replicates it; counts by level and the tree come
out right; a commune official trying to recognize at city level is refused and audited."""

import datetime as dt

import pytest

from danvan.audit.models import AuditEntry
from danvan.core.errors import Conflict, Forbidden
from danvan.core.indicators import evaluate
from danvan.movement import services
from danvan.movement.models import Level, Origin, PracticeState, Recognition
from danvan.units.services import current_unit
from tests.movement.helpers import register, village

pytestmark = pytest.mark.django_db

PERIOD = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}


def test_village_to_city_with_replication(persona):
    ward_officer, city_officer = persona("mobilizer.hoankiem"), persona("mobilizer.hanoi")
    group = village("00070", "Tổ dân phố số 9")
    hk = current_unit("00070")
    before = {
        code: evaluate(f"movement.{code}", unit=hk, **PERIOD).value
        for code in ("practices", "practices_recognized_commune", "practices_recognized_city")
    }
    p = register(ward_officer, group, "Ngõ phố sạch, đẹp", level=Level.VILLAGE)
    assert p.state == PracticeState.REGISTERED
    for action in ("launch", "evaluate"):
        p = services.apply(p, action, by=ward_officer, expected_version=p.version)
    # The ward officer may not recognize at city level: refused, audited, nothing moved.
    with pytest.raises(Forbidden) as refused:
        services.apply(p, "recognize_city", by=ward_officer, expected_version=p.version)
    assert refused.value.code == "practice.level_forbidden"
    entry = AuditEntry.objects.filter(action="movement.practice.recognition_refused").last()
    assert entry.actor == ward_officer and entry.data["level"] == "city"
    assert entry.object_id == str(p.pk)
    p.refresh_from_db()
    assert p.state == PracticeState.EVALUATING and p.version == 2
    # The city officer may not recognize at ward level (that is the ward's authority).
    with pytest.raises(Forbidden):
        services.apply(p, "recognize_commune", by=city_officer, expected_version=p.version)
    p = services.apply(p, "recognize_commune", by=ward_officer, expected_version=p.version)
    p = services.apply(p, "recognize_city", by=city_officer, expected_version=p.version)
    assert p.recognized_level == Level.CITY
    levels = dict(Recognition.objects.filter(practice=p).values_list("level", "authority__code"))
    assert levels == {"commune": "00070", "city": "01"}  # the lower recognition is kept
    with pytest.raises(Conflict):  # and never given twice
        services.apply(p, "recognize_commune", by=ward_officer, expected_version=p.version)

    copy = register(city_officer, current_unit("00097"), "Ngõ phố sạch, đẹp (Hồng Hà)",
                    origin=Origin.REPLICATED, replicates=p, day=dt.date(2026, 4, 1))  # fmt: skip
    grandchild = register(city_officer, current_unit("00190"), "Ngõ phố sạch (Ô Chợ Dừa)",
                          origin=Origin.REPLICATED, replicates=copy)  # fmt: skip
    root, per_level = services.family_tree(grandchild)
    nodes = services.flatten(root)
    assert [n.practice.pk for n in nodes] == [p.pk, copy.pk, grandchild.pk]
    assert [n.depth for n in nodes] == [0, 1, 2]
    assert per_level == {Level.VILLAGE: 1, Level.COMMUNE: 2}
    p = services.apply(p, "replicate", by=ward_officer, expected_version=p.version)
    assert p.state == PracticeState.REPLICATED

    after = {
        code: evaluate(f"movement.{code}", unit=hk, **PERIOD).value
        for code in ("practices", "practices_recognized_commune", "practices_recognized_city")
    }
    assert after["practices"] == before["practices"] + 1
    assert after["practices_recognized_commune"] == before["practices_recognized_commune"] + 1
    assert after["practices_recognized_city"] == before["practices_recognized_city"] + 1
    city = evaluate("movement.practices_replicated", unit=current_unit("00097"), **PERIOD)
    assert city.value == 1


def test_page_refusal_is_shown_and_audited(client_as, persona):
    ward_officer = persona("mobilizer.hoankiem")
    p = register(ward_officer, current_unit("00070"), "Mô hình phường")
    for action in ("launch", "evaluate"):
        p = services.apply(p, action, by=ward_officer, expected_version=p.version)
    client = client_as("mobilizer.hoankiem")
    page = client.get(f"/dan-van-kheo/mo-hinh/{p.pk}/").content.decode()
    assert "Công nhận cấp xã, phường" in page and "Công nhận cấp thành phố" not in page
    r = client.post(f"/dan-van-kheo/mo-hinh/{p.pk}/thao-tac/",
                    {"action": "recognize_city", "version": p.version}, follow=True)  # fmt: skip
    assert "Chỉ cán bộ dân vận cấp thành phố" in r.content.decode()
    assert AuditEntry.objects.filter(
        action="movement.practice.recognition_refused", object_id=str(p.pk)
    ).exists()


def test_stale_version_and_double_click(client_as, persona):
    officer = persona("mobilizer.hoankiem")
    p = register(officer, current_unit("00070"), "Mô hình bấm hai lần")
    client = client_as("mobilizer.hoankiem")
    for _ in range(2):  # the same form submitted twice: one transition
        client.post(f"/dan-van-kheo/mo-hinh/{p.pk}/thao-tac/", {"action": "launch", "version": 0})
    p.refresh_from_db()
    assert p.state == PracticeState.LAUNCHED and p.version == 1
    with pytest.raises(Conflict) as stale:
        services.apply(p, "evaluate", by=officer, expected_version=0)
    assert stale.value.code == "practice.version_conflict"


def test_a_forged_city_recognition_from_the_page_is_refused_and_stays_audited(persona, client_as):
    """The page's steps run under a one-time token whose transaction rolls back on a refusal;
    the refused recognition must still leave its audit entry (and change nothing)."""
    ward_officer = persona("mobilizer.hoankiem")
    p = register(ward_officer, current_unit("00070"), "Phố đi bộ văn minh")
    for action in ("launch", "evaluate"):
        p = services.apply(p, action, by=ward_officer, expected_version=p.version)
    client = client_as("mobilizer.hoankiem")
    page = client.get(f"/dan-van-kheo/mo-hinh/{p.pk}/").content.decode()
    assert "recognize_city" not in page and "recognize_commune" in page
    response = client.post(
        f"/dan-van-kheo/mo-hinh/{p.pk}/thao-tac/",
        {"action": "recognize_city", "version": p.version, "once_token": "forged-1"},
        follow=True,
    )
    assert "Chỉ cán bộ dân vận cấp thành phố" in response.content.decode()
    entry = AuditEntry.objects.filter(
        action="movement.practice.recognition_refused", object_id=str(p.pk)
    ).get()
    assert entry.actor == ward_officer and entry.data["level"] == "city"
    p.refresh_from_db()
    assert p.state == PracticeState.EVALUATING and p.recognized_level == ""
