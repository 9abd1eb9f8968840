"""Batch signing (SPEC §3 "Must show"): one PIN for many results, progress, one failure does not
lose the others, and only the leader who may sign them can batch them."""

import json
import time

import pytest

from danvan.audit.models import AuditEntry
from danvan.onestop import intake
from danvan.onestop.models import Dossier
from danvan.onestop.services import Command, transition
from danvan.onestop.workflow import Status, SubStatus
from danvan.signing import batches
from danvan.signing import services as signing
from danvan.signing.models import BatchState, SignedDocument, SigningBatch
from danvan.units.services import current_unit
from tests.helpers import save_result_draft
from tests.onestop.conftest import full_request

pytestmark = pytest.mark.django_db
PIN = "123456"
SIMPLE = "1.004873"  # xác nhận tình trạng hôn nhân


def awaiting_signature(
    n: int, unit_code: str = "00070", clerk: str = "clerk.hoankiem"
) -> list[Dossier]:
    """n dossiers received and proposed to the unit's leader (the clerk proposes directly)."""
    from danvan.accounts.models import User

    by = User.objects.get(username=clerk)
    unit = current_unit(unit_code)
    made = []
    for _ in range(n):
        d = intake.register(full_request(SIMPLE), unit=unit, by=by, received=True)
        save_result_draft(d, by)
        made.append(transition(d.pk, Command("propose", d.version), by=by))
    return made


def _codes(dossiers) -> list[str]:
    return [d.code for d in dossiers]


def _post(api, codes, pin=PIN):
    return api.post("/api/v1/signing/batches", json.dumps({"dossiers": codes, "pin": pin}))


def test_batch_of_200_results_completes_and_reports_progress(api_as, persona, monkeypatch):
    dossiers = awaiting_signature(200)
    leader = persona("leader.hoankiem")
    batch = batches.create_batch(leader, _codes(dossiers), PIN, profile="B-B")
    api = api_as("leader.hoankiem")
    first = api.get(f"/api/v1/signing/batches/{batch.public_id}").json()
    assert (first["state"], first["total"], first["done"], first["pending"]) == (
        "pending",
        200,
        0,
        200,
    )

    seen = []
    kind = batches.KINDS["onestop.dossier"]

    def sign_and_watch(object_id, authorization):
        doc = kind.sign(object_id, authorization)
        seen.append(batches.progress(batch)["done"])  # what a poller sees while the batch runs
        return doc

    monkeypatch.setitem(
        batches.KINDS,
        "onestop.dossier",
        batches.BatchKind(
            kind.object_type,
            resolve=kind.resolve,
            sign=sign_and_watch,
            awaiting=kind.awaiting,
            awaiting_seal=kind.awaiting_seal,
        ),
    )
    started = time.perf_counter()
    assert batches.run_batch(batch.pk)
    elapsed = time.perf_counter() - started
    print(f"\nbatch of 200 (B-B): {elapsed:.1f} s, {200 / elapsed:.0f} results/s")

    assert seen == list(
        range(200)
    )  # progress moved one item at a time, each committed before the next
    body = api.get(f"/api/v1/signing/batches/{batch.public_id}").json()
    assert (body["state"], body["total"], body["done"], body["signed"], body["failed"]) == (
        "finished",
        200,
        200,
        200,
        0,
    )
    assert all(i["state"] == "signed" and i["public_id"] for i in body["items"])
    signed = Dossier.objects.filter(pk__in=[d.pk for d in dossiers])
    assert set(signed.values_list("status", "sub_status", "result_signed")) == {
        (Status.PROCESSED, SubStatus.SIGNED_AWAITING_SEAL, True)
    }
    assert (
        SignedDocument.objects.filter(
            object_type="onestop.dossier", object_id__in=[str(d.pk) for d in dossiers]
        ).count()
        == 200
    )
    sample = signed.order_by("?").first()
    with sample.result_file.open("rb") as fh:
        assert signing.verify(fh.read())["status"] == "valid"
    assert AuditEntry.objects.filter(action="signing.pin_failed", actor=leader).count() == 0
    assert AuditEntry.objects.filter(
        action="signing.batch_finished", object_id=str(batch.pk)
    ).exists()


def test_one_failure_does_not_lose_the_others(persona):
    dossiers = awaiting_signature(5)
    batch = batches.create_batch(persona("leader.hoankiem"), _codes(dossiers), PIN, profile="B-B")
    moved = dossiers[2]  # withdrawn by the citizen after the leader queued it
    transition(
        moved.pk, Command("withdraw", reason="Công dân xin rút hồ sơ"), by=persona("clerk.hoankiem")
    )
    batches.run_batch(batch.pk)
    p = batches.progress(SigningBatch.objects.get(pk=batch.pk))
    assert (p["signed"], p["failed"], p["state"]) == (4, 1, BatchState.FINISHED)
    failed = p["items"][2]
    assert failed["state"] == "failed" and failed["error_code"] == "dossier.invalid_transition"
    assert (
        "Không thể" in failed["error_message"] and "Công dân rút hồ sơ" in failed["error_message"]
    )
    moved.refresh_from_db()
    assert moved.status == Status.WITHDRAWN and not moved.result_signed
    assert not SignedDocument.objects.filter(
        object_id=str(moved.pk), object_type="onestop.dossier"
    ).exists()


def test_batch_needs_the_right_pin_and_the_right_leader(api_as, persona):
    dossiers = awaiting_signature(3)
    codes = _codes(dossiers)
    wrong = _post(api_as("leader.hoankiem"), codes, pin="000000")
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "signing.pin_wrong"
    assert AuditEntry.objects.filter(
        action="signing.pin_failed", actor__username="leader.hoankiem"
    ).exists()
    assert not SigningBatch.objects.filter(signer__username="leader.hoankiem").exists()

    clerk = _post(
        api_as("clerk.hoankiem"), codes
    )  # holds a PIN (no-wait seal) but cannot sign as leader
    assert clerk.status_code == 403 and clerk.json()["error"]["code"] == "signing.no_authority"
    other = _post(api_as("leader.bavi"), codes)  # a leader of another unit
    assert other.status_code == 404 and other.json()["error"]["code"] == "dossier.not_found"
    assert not SigningBatch.objects.filter(signer__username="leader.hoankiem").exists()

    ok = _post(api_as("leader.hoankiem"), codes)
    assert ok.status_code == 202 and ok.json()["total"] == 3
    batch_id = ok.json()["id"]
    again = _post(api_as("leader.hoankiem"), codes)  # a double submission
    assert again.status_code == 409 and again.json()["error"]["code"] == "signing.already_queued"
    for who in ("leader.bavi", "clerk.hoankiem", "seal.hoankiem"):
        assert api_as(who).get(f"/api/v1/signing/batches/{batch_id}").status_code == 404, who
    assert api_as(None).get(f"/api/v1/signing/batches/{batch_id}").status_code == 401


def test_only_dossiers_awaiting_signature_can_be_batched(api_as, persona):
    (proposed,) = awaiting_signature(1)
    from tests.onestop_ui.helpers import make_dossier

    fresh = make_dossier("00070", SIMPLE, by=persona("clerk.hoankiem"))
    r = _post(api_as("leader.hoankiem"), [proposed.code, fresh.code])
    assert r.status_code == 409 and r.json()["error"]["code"] == "dossier.not_awaiting_signature"
    assert fresh.code in r.json()["error"]["message"]
    r = api_as("leader.hoankiem").post(
        "/api/v1/signing/batches", json.dumps({"dossiers": [], "pin": PIN})
    )
    assert r.status_code == 422


def test_signing_page_lists_signs_and_shows_progress(client_as, persona, settings):
    settings.JOBS_RUNNER = "immediate"
    dossiers = awaiting_signature(3)
    leader = client_as("leader.hoankiem")
    page = leader.get("/chu-ky-so/").content.decode()
    assert (
        all(d.code in page for d in dossiers)
        and "Kết quả chờ tôi ký" in page
        and "Mã PIN ký số" in page
    )
    wrong = leader.post("/chu-ky-so/", {"dossier": _codes(dossiers), "pin": "111111"})
    assert wrong.status_code == 403 and "Mã PIN không đúng" in wrong.content.decode()
    assert "checked" in wrong.content.decode()  # the choice is kept
    done = leader.post("/chu-ky-so/", {"dossier": _codes(dossiers[:2]), "pin": PIN})
    assert done.status_code == 302 and "/chu-ky-so/lo/" in done["Location"]
    batch = SigningBatch.objects.get(
        signer__username="leader.hoankiem"
    )  # the demo has leader.bavi's
    assert (
        batches.progress(batch)["state"] == "pending"
    )  # on_commit never fires inside a test transaction
    batches.run_batch(batch.pk)
    progress = leader.get(f"/chu-ky-so/lo/{batch.public_id}/tien-do/").content.decode()
    assert "Đã xong" in progress and "2/2" in progress and "hx-trigger" not in progress
    assert "Kiểm tra chữ ký" in leader.get(done["Location"]).content.decode()
    assert dossiers[2].code in leader.get("/chu-ky-so/").content.decode()
    assert dossiers[0].code not in leader.get("/chu-ky-so/").content.decode()
    assert client_as("clerk.hoankiem").get("/chu-ky-so/").status_code == 403
    assert client_as("leader.bavi").get(f"/chu-ky-so/lo/{batch.public_id}/").status_code == 404
    seal_page = client_as("seal.hoankiem").get("/chu-ky-so/").content.decode()
    assert "Kết quả chờ đóng dấu số" in seal_page and dossiers[0].code in seal_page


def test_a_stalled_batch_is_taken_over_and_finished(persona):
    import datetime as dt

    from django.utils import timezone

    from danvan.jobs import lease
    from danvan.jobs.models import Job

    dossiers = awaiting_signature(3)
    batch = batches.create_batch(persona("leader.hoankiem"), _codes(dossiers), PIN, profile="B-B")
    job = Job.objects.filter(pk=batch.job_id)
    # its job is held by a worker that is alive (it beat just now)
    job.update(state="running", worker="dead-worker", heartbeat_at=timezone.now(), attempts=1)
    assert not batches.run_batch(batch.pk)  # a live holder keeps it
    assert lease.recover() == 0
    job.update(heartbeat_at=timezone.now() - dt.timedelta(minutes=5))
    assert batches.is_stalled(SigningBatch.objects.get(pk=batch.pk))
    assert lease.recover() == 1  # taken over: queued again under a new task
    assert batches.run_batch(batch.pk)
    assert batches.progress(SigningBatch.objects.get(pk=batch.pk))["signed"] == 3
    assert job.get().attempts == 2


def test_the_progress_page_resumes_a_stalled_batch(client_as, persona, settings):
    import datetime as dt

    from danvan.jobs.models import Job

    settings.JOBS_RUNNER = "immediate"
    dossiers = awaiting_signature(2)
    batch = batches.create_batch(persona("leader.hoankiem"), _codes(dossiers), PIN, profile="B-B")
    leader = client_as("leader.hoankiem")
    leader.post(f"/chu-ky-so/lo/{batch.public_id}/tiep-tuc/")
    assert batches.progress(SigningBatch.objects.get(pk=batch.pk))["signed"] == 0  # not stalled yet
    Job.objects.filter(pk=batch.job_id).update(  # no runner took its job up for five minutes
        not_before=batch.created_at - dt.timedelta(minutes=5)
    )
    assert (
        "Ký tiếp 2 văn bản còn lại"
        in leader.get(f"/chu-ky-so/lo/{batch.public_id}/").content.decode()
    )
    assert (
        client_as("leader.bavi").post(f"/chu-ky-so/lo/{batch.public_id}/tiep-tuc/").status_code
        == 404
    )
    assert leader.post(f"/chu-ky-so/lo/{batch.public_id}/tiep-tuc/").status_code == 302
    assert batches.progress(SigningBatch.objects.get(pk=batch.pk))["signed"] == 2


def test_admin_shows_batches_read_only(client_as, persona):
    batch = batches.create_batch(persona("leader.hoankiem"), _codes(awaiting_signature(1)), PIN)
    admin = client_as("admin")
    assert admin.get("/quan-tri/signing/signingbatch/").status_code == 200
    page = admin.get(f"/quan-tri/signing/signingbatch/{batch.pk}/change/")
    assert page.status_code == 200 and batch.items.get().label in page.content.decode()
    assert admin.get("/quan-tri/signing/signingbatch/add/").status_code == 403
