"""Portal sync end to end: intake → return gives one portal record updated at each step with our
exact status codes and one history row per step; outages and failure injection converge."""

import datetime as dt

import pytest
from django.utils import timezone

from danvan.connections import formats as F
from danvan.connections.models import MessageState, OutboxMessage, PortalSync
from danvan.connections.services import outbox, portal
from danvan.onestop.models import Dossier
from danvan.onestop.services import Command, transition
from tests.connections.conftest import PIN
from tests.helpers import save_result_draft


def act(dossier, action, who, persona, **kw):
    d = Dossier.objects.get(pk=dossier.pk)
    if action == "propose":
        save_result_draft(d, persona(who))
    return transition(
        d.pk, Command(action=action, expected_version=d.version, **kw), by=persona(who)
    )


def later(minutes: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


STEPS = [
    ("assign", "clerk.hoankiem", {}),
    ("propose", "specialist.hoankiem", {}),
    ("approve", "leader.hoankiem", {"pin": PIN}),
    ("seal", "seal.hoankiem", {"pin": PIN}),
    ("return_result", "clerk.hoankiem", {"delivery": "electronic"}),
]


def run_to_return(receive, persona, *, drain_each=True):
    d = receive()
    statuses = []
    if drain_each:
        outbox.drain()
    for action, who, kw in STEPS:
        d = act(d, action, who, persona, **kw)
        if drain_each:
            outbox.drain()
            statuses.append(d.status)
    return d, statuses


@pytest.mark.django_db
def test_intake_to_return_one_record_updated_per_step_with_history(connected, receive, persona):
    fake = connected
    d, _ = run_to_return(receive, persona)
    events = list(d.events.order_by("at", "id"))
    assert [e.action for e in events] == [
        "submit",
        "receive",
        "assign",
        "propose",
        "approve",
        "seal",
        "return_result",
    ]
    # One record, written once per event (create, then updates), with our exact codes.
    assert list(fake.state.dossiers) == [d.code]
    assert fake.state.versions[d.code] == len(events)
    calls = [
        r for r in fake.requests("DongBoHoSoMC") if r.get("answer", {}).get("error_code") == "0"
    ]
    sent_status = [c["body"]["data"][0]["TrangThaiHoSo"] for c in calls]
    assert sent_status[-1] == "10" and set(sent_status) <= {"1", "2", "4", "9", "10"}
    assert [c["body"]["isUpdating"] for c in calls] == ["false"] + ["true"] * (len(calls) - 1)
    record = fake.state.dossiers[d.code]
    assert F.problems(record, F.DOSSIER) == []
    assert record["NgayTra"] and record["NgayTiepNhan"] and record["DanhSachGiayToKetQua"]
    # A history row per step, in order, each the event's own status and officer.
    history = fake.state.history[d.code]
    assert [h["TrangThai"] for h in history] == [str(e.to_status) for e in events]
    assert history[2]["NguoiXuLy"] == (events[2].by.full_name or events[2].by.username)[:50]
    assert all(len(h["NguoiXuLy"]) <= 50 and h["ChucDanh"] for h in history)
    sync = PortalSync.objects.get(dossier=d)
    assert sync.synced_at and sync.history_rows == len(events) and sync.status_sent == 10
    assert Dossier.objects.get(pk=d.pk).synced
    assert not portal.unsynced(Dossier.objects.filter(pk=d.pk)).exists()


@pytest.mark.django_db
def test_statuses_5_6_8_are_sent_as_they_are(connected, receive, persona):
    fake = connected
    d = receive()
    d = act(
        d,
        "request_supplement",
        "specialist.hoankiem",
        persona,
        reason="Thiếu giấy tờ",
        what_to_do="Nộp bản sao sổ hộ khẩu",
    )
    outbox.drain()
    assert fake.state.dossiers[d.code]["TrangThaiHoSo"] == "5"
    assert fake.state.history[d.code][-1]["TrangThai"] == "5"
    assert "Thiếu giấy tờ" in fake.state.history[d.code][-1]["NoiDungXuLy"]
    d = act(d, "supplement", "clerk.hoankiem", persona)
    d = act(d, "stop", "clerk.hoankiem", persona, reason="Công dân đề nghị dừng")
    outbox.drain()
    assert fake.state.dossiers[d.code]["TrangThaiHoSo"] == "8"
    assert [h["TrangThai"] for h in fake.state.history[d.code]][-3:] == ["5", "2", "8"]
    assert "9" not in [h["TrangThai"] for h in fake.state.history[d.code]]


@pytest.mark.django_db
def test_fake_stopped_then_restarted_loses_and_duplicates_nothing(connected, receive, persona):
    fake = connected
    d = receive()
    outbox.drain()
    fake.stop()
    for action, who, kw in STEPS[:3]:
        d = act(d, action, who, persona, **kw)
    first = outbox.drain()
    assert first["sent"] == 0 and first["retry"] == 1  # the next ones wait behind it, in order
    waiting = OutboxMessage.objects.filter(object_id=str(d.pk)).exclude(state=MessageState.SENT)
    assert waiting.count() == 3
    head = waiting.order_by("id").first()
    assert head.attempts == 1 and "kết nối" in head.last_error
    # Still down a few minutes later: more attempts, backing off.
    outbox.drain(now=later(1))
    head.refresh_from_db()
    assert head.attempts == 2 and head.next_attempt_at > later(1)
    fake.start()  # same port, same memory
    outbox.drain(now=later(120))
    assert not OutboxMessage.objects.filter(object_id=str(d.pk)).exclude(state=MessageState.SENT)
    events = list(d.events.order_by("at", "id"))
    history = fake.state.history[d.code]
    assert [h["TrangThai"] for h in history] == [str(e.to_status) for e in events]
    assert fake.state.dossiers[d.code]["TrangThaiHoSo"] == str(Dossier.objects.get(pk=d.pk).status)


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["http500", "timeout", "drop", "refuse", "error:-1", "error:4"])
def test_failure_injection_backs_off_and_converges(connected, receive, persona, fault):
    fake = connected
    fake.fail(fault, times=2, path="DongBoHoSoMC")
    d = receive()
    outbox.drain()
    message = OutboxMessage.objects.filter(object_id=str(d.pk)).order_by("id").first()
    assert message.state == MessageState.PENDING and message.attempts == 1 and message.last_error
    gap1 = message.next_attempt_at - timezone.now()
    outbox.drain(now=later(10))
    message.refresh_from_db()
    assert message.attempts == 2
    gap2 = message.next_attempt_at - later(10)
    assert gap2 > gap1 * 0.6  # doubled, within the ±50 % jitter
    outbox.drain(now=later(60))
    assert (
        OutboxMessage.objects.filter(object_id=str(d.pk)).exclude(state=MessageState.SENT).count()
        == 0
    )
    assert len(fake.state.history[d.code]) == d.events.count()
    assert fake.state.versions[d.code] == d.events.count()


@pytest.mark.django_db
def test_exists_on_create_is_sent_again_as_an_update(connected, receive, persona):
    fake = connected
    d = receive()
    fake.state.dossiers[d.code] = {"MaHoSo": d.code}  # the portal already has it (an old sync)
    outbox.drain()
    assert all(
        m.state == MessageState.SENT for m in OutboxMessage.objects.filter(object_id=str(d.pk))
    )
    flags = [r["body"]["isUpdating"] for r in fake.requests("DongBoHoSoMC")]
    assert flags[:2] == ["false", "true"]
    assert fake.state.dossiers[d.code]["TrangThaiHoSo"] == "2"


@pytest.mark.django_db
def test_injected_exists_answer_converges(connected, receive, persona):
    fake = connected
    fake.fail("exists", times=1, path="DongBoHoSoMC")
    d = receive()
    outbox.drain()
    outbox.drain(now=later(30))
    assert fake.state.versions[d.code] == d.events.count()
    assert len(fake.state.history[d.code]) == d.events.count()


@pytest.mark.django_db
def test_retry_limit_then_failed_with_the_answer_and_manual_retry(connected, receive, persona):
    fake = connected
    fake.fail("error:-1", times=100, path="DongBoHoSoMC")
    d = receive()
    for minutes in (0, 5, 20, 60, 180, 600, 1400):
        outbox.drain(now=later(minutes))
    head = OutboxMessage.objects.filter(object_id=str(d.pk)).order_by("id").first()
    assert head.state == MessageState.FAILED and head.attempts == head.max_attempts == 6
    assert head.response["error_code"] == "-1" and "error_code -1" in head.last_error
    fake.clear()
    outbox.retry(head, by=persona("admin"))
    outbox.drain(now=later(1500))
    assert not OutboxMessage.objects.filter(object_id=str(d.pk)).exclude(state=MessageState.SENT)


@pytest.mark.django_db
def test_invalid_answer_fails_at_once(connected, receive, persona):
    fake = connected
    fake.fail("error:1", times=1, path="DongBoHoSoMC")
    d = receive()
    outbox.drain()
    head = OutboxMessage.objects.filter(object_id=str(d.pk)).order_by("id").first()
    assert head.state == MessageState.FAILED and head.attempts == 1


@pytest.mark.django_db
def test_worker_dying_mid_send_resends_once_and_receiver_dedupes(connected, receive, persona):
    """The worker claimed and sent, then died before recording: the lease runs out, the next drain
    sends again with the same idempotency key, the portal keeps one history row."""
    fake = connected
    d = receive()
    message = OutboxMessage.objects.filter(object_id=str(d.pk)).order_by("id").first()
    assert outbox.claim(message, timezone.now())
    portal.send_step(message)  # the call went through; the worker then died
    outbox.drain()  # lease still held: nothing resent yet
    assert len(fake.state.history[d.code]) == 1
    outbox.drain(now=later(5))
    assert len(fake.state.history[d.code]) == d.events.count() == 2
    assert any(r.get("answer", {}).get("duplicate") for r in fake.requests())


@pytest.mark.django_db
def test_message_is_written_in_the_transition_transaction(connected, receive, persona):
    d = receive()
    before = OutboxMessage.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - a rolled-back transition leaves no message
        act(d, "approve", "leader.hoankiem", persona, pin="000000")
    assert OutboxMessage.objects.count() == before
    act(d, "assign", "clerk.hoankiem", persona)
    assert OutboxMessage.objects.count() == before + 1
