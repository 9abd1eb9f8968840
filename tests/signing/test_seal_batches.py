"""Batch sealing: the office clerk seals many signed results with one PIN, through the same batch
rows, runners and lease as the leader's batch signing (kind "seal"); each item is the dossier's
ordinary "seal" transition in its own transaction."""

import json

import pytest

from danvan.audit.models import AuditEntry
from danvan.onestop.models import Dossier
from danvan.onestop.services import Command, transition
from danvan.onestop.workflow import Status, SubStatus
from danvan.signing import batches
from danvan.signing import services as signing
from danvan.signing.models import BatchState, SigningBatch
from tests.signing.test_batches import PIN, awaiting_signature

pytestmark = pytest.mark.django_db


def awaiting_seal(n: int, persona) -> list[Dossier]:
    """n results signed by the leader of Phường Hoàn Kiếm (one sign batch), now awaiting the seal."""
    dossiers = awaiting_signature(n)
    batch = batches.create_batch(
        persona("leader.hoankiem"), [d.code for d in dossiers], PIN, profile="B-B"
    )
    assert batches.run_batch(batch.pk)
    for d in dossiers:
        d.refresh_from_db()
        assert (d.status, d.sub_status) == (Status.PROCESSED, SubStatus.SIGNED_AWAITING_SEAL)
    return dossiers


def _codes(dossiers) -> list[str]:
    return [d.code for d in dossiers]


def _post(api, codes, pin=PIN, kind="seal"):
    return api.post(
        "/api/v1/signing/batches", json.dumps({"dossiers": codes, "pin": pin, "kind": kind})
    )


def test_seal_batch_of_10_results_each_verifies_with_two_signatures(api_as, persona, monkeypatch):
    dossiers = awaiting_seal(10, persona)
    api = api_as("seal.hoankiem")
    created = _post(api, _codes(dossiers))
    assert created.status_code == 202, created.content
    body = created.json()
    assert (body["kind"], body["state"], body["total"], body["pending"]) == (
        "seal",
        "pending",
        10,
        10,
    )
    assert (
        body["state_label"] == "Chờ đóng dấu" and body["items"][0]["state_label"] == "Chờ đóng dấu"
    )
    batch = SigningBatch.objects.get(public_id=body["id"])
    assert batch.signer.username == "seal.hoankiem" and batch.kind == "seal"

    seen = []
    kind = batches.KINDS["onestop.dossier"]

    def seal_and_watch(object_id, authorization):
        doc = kind.seal(object_id, authorization)
        seen.append(batches.progress(batch)["done"])
        return doc

    monkeypatch.setitem(
        batches.KINDS,
        "onestop.dossier",
        batches.BatchKind(
            kind.object_type,
            resolve=kind.resolve,
            sign=kind.sign,
            awaiting=kind.awaiting,
            awaiting_seal=kind.awaiting_seal,
            resolve_seal=kind.resolve_seal,
            seal=seal_and_watch,
        ),
    )
    sealed_before = AuditEntry.objects.filter(action="signing.sealed").count()
    assert batches.run_batch(batch.pk)
    assert seen == list(range(10))  # one item committed at a time

    done = api.get(f"/api/v1/signing/batches/{batch.public_id}").json()
    assert (done["state"], done["total"], done["done"], done["signed"], done["failed"]) == (
        "finished",
        10,
        10,
        10,
        0,
    )
    assert all(
        i["state"] == "signed" and i["state_label"] == "Đã đóng dấu" and i["public_id"]
        for i in done["items"]
    )
    for d in Dossier.objects.filter(pk__in=[d.pk for d in dossiers]):
        assert (d.status, d.sub_status) == (Status.PROCESSED, SubStatus.RESULT_AVAILABLE)
        doc = signing.document_for("onestop.dossier", d.pk)
        assert doc.sealed_at and doc.seal_by.username == "seal.hoankiem"
        with d.result_file.open("rb") as fh:
            report = signing.verify(fh.read())
        assert report["status"] == "valid" and len(report["signatures"]) == 2, report
        assert all(s["trusted"] and s["intact"] for s in report["signatures"])
        assert d.events.filter(action="seal").count() == 1
    assert AuditEntry.objects.filter(
        action="signing.seal_batch_created", object_id=str(batch.pk)
    ).exists()
    assert AuditEntry.objects.filter(
        action="signing.seal_batch_finished", object_id=str(batch.pk)
    ).exists()
    sealed = AuditEntry.objects.filter(action="signing.sealed").order_by("-pk")[:10]
    assert AuditEntry.objects.filter(action="signing.sealed").count() == sealed_before + 10
    assert {e.actor.username for e in sealed} == {"seal.hoankiem"}
    # The sealed results can now be handed over; none is left in the clerk's queue.
    left = {r.ref for r in batches.awaiting_seal_for(persona("seal.hoankiem"), "onestop.dossier")}
    assert not left & set(_codes(dossiers))


def test_seal_batch_refuses_wrong_user_unit_pin_and_state(api_as, persona):
    dossiers = awaiting_seal(3, persona)
    codes = _codes(dossiers)
    wrong = _post(api_as("seal.hoankiem"), codes, pin="000000")
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "signing.pin_wrong"
    assert AuditEntry.objects.filter(
        action="signing.pin_failed", actor__username="seal.hoankiem"
    ).exists()
    assert not SigningBatch.objects.filter(kind="seal").exists()

    for who in ("leader.hoankiem", "clerk.hoankiem", "specialist.hoankiem"):  # no office-clerk role
        r = _post(api_as(who), codes)
        assert r.status_code == 403 and r.json()["error"]["code"] == "signing.no_authority", who
    other = _post(api_as("clerk.bavi"), codes)  # the office clerk of another unit
    assert other.status_code == 404 and other.json()["error"]["code"] == "dossier.not_found"
    assert not SigningBatch.objects.filter(kind="seal").exists()

    (unsigned,) = awaiting_signature(1)  # still awaiting the leader's signature
    r = _post(api_as("seal.hoankiem"), [codes[0], unsigned.code])
    assert r.status_code == 409 and r.json()["error"]["code"] == "dossier.not_awaiting_seal"
    assert unsigned.code in r.json()["error"]["message"]
    bad = api_as("seal.hoankiem").post(
        "/api/v1/signing/batches", json.dumps({"dossiers": codes, "pin": PIN, "kind": "stamp"})
    )
    assert bad.status_code == 422

    ok = _post(api_as("seal.hoankiem"), codes)
    assert ok.status_code == 202 and ok.json()["kind"] == "seal"
    again = _post(api_as("seal.hoankiem"), codes)
    assert again.status_code == 409 and again.json()["error"]["code"] == "signing.already_queued"
    batch_id = ok.json()["id"]
    for who in ("leader.hoankiem", "clerk.bavi", "clerk.hoankiem"):
        assert api_as(who).get(f"/api/v1/signing/batches/{batch_id}").status_code == 404, who
    # A leader's batch still cannot be made by the office clerk with the default kind.
    r = _post(api_as("seal.hoankiem"), _codes(awaiting_signature(1)), kind="sign")
    assert r.status_code == 403 and r.json()["error"]["code"] == "signing.no_authority"


def test_one_failure_does_not_stop_the_other_seals(persona):
    dossiers = awaiting_seal(4, persona)
    clerk = persona("seal.hoankiem")
    batch = batches.create_batch(clerk, _codes(dossiers), PIN, batch_kind=batches.SEAL)
    early = dossiers[1]  # sealed one by one on the dossier page meanwhile
    transition(early.pk, Command("seal", pin=PIN), by=clerk)
    assert batches.run_batch(batch.pk)
    p = batches.progress(SigningBatch.objects.get(pk=batch.pk))
    assert (p["signed"], p["failed"], p["state"]) == (3, 1, BatchState.FINISHED)
    failed = p["items"][1]
    assert failed["state"] == "failed" and failed["state_label"] == "Không đóng dấu được"
    assert failed["error_code"] and failed["error_message"]
    early.refresh_from_db()
    assert early.events.filter(action="seal").count() == 1  # sealed once, not twice
    with early.result_file.open("rb") as fh:
        assert len(signing.verify(fh.read())["signatures"]) == 2


def test_seal_page_ticks_seals_and_shows_progress(client_as, persona, settings):
    settings.JOBS_RUNNER = "immediate"
    dossiers = awaiting_seal(3, persona)
    clerk = client_as("seal.hoankiem")
    page = clerk.get("/chu-ky-so/").content.decode()
    assert "Kết quả chờ đóng dấu số" in page and 'id="seal-form"' in page and "Đóng dấu" in page
    assert all(d.code in page for d in dossiers) and "Kết quả chờ tôi ký" not in page
    wrong = clerk.post(
        "/chu-ky-so/", {"kind": "seal", "dossier": _codes(dossiers), "pin": "111111"}
    )
    assert wrong.status_code == 403 and "Mã PIN không đúng" in wrong.content.decode()
    assert "checked" in wrong.content.decode()
    done = clerk.post("/chu-ky-so/", {"kind": "seal", "dossier": _codes(dossiers[:2]), "pin": PIN})
    assert done.status_code == 302 and "/chu-ky-so/lo/" in done["Location"]
    batch = SigningBatch.objects.get(kind="seal")
    batches.run_batch(batch.pk)  # on_commit never fires inside a test transaction
    progress = clerk.get(f"/chu-ky-so/lo/{batch.public_id}/tien-do/").content.decode()
    assert "Đã xong" in progress and "2/2" in progress and "2 đã đóng dấu" in progress
    assert "hx-trigger" not in progress and "Kiểm tra chữ ký" in progress
    assert "Lô đóng dấu số" in clerk.get(done["Location"]).content.decode()
    after = clerk.get("/chu-ky-so/").content.decode()
    assert dossiers[2].code in after and dossiers[0].code not in after and "Đóng dấu số" in after
    for who in ("clerk.bavi", "leader.hoankiem"):
        assert client_as(who).get(f"/chu-ky-so/lo/{batch.public_id}/").status_code == 404, who
    assert (
        client_as("clerk.hoankiem").post("/chu-ky-so/", {"kind": "seal", "pin": PIN}).status_code
        == 403
    )
    assert (
        client_as("leader.hoankiem")
        .post("/chu-ky-so/", {"kind": "seal", "dossier": [dossiers[2].code], "pin": PIN})
        .status_code
        == 403
    )
