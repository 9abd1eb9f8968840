"""The signed result flow (SPEC §3, Decree 30/2020): the specialist proposes, the leader signs
with the PIN, the office clerk seals, the counter returns the same signed file."""

import json
import subprocess

import pytest
from django.core.files.storage import default_storage

from danvan.audit.models import AuditEntry
from danvan.core.models import Notification
from danvan.documents.pdf import DRAFT_MARK
from danvan.onestop import signals
from danvan.onestop.models import Dossier
from danvan.onestop.workflow import Status, SubStatus
from danvan.signing import services as signing
from danvan.signing.models import SignedDocument
from tests.onestop.conftest import NO_WAIT, NORMAL, api_payload

pytestmark = pytest.mark.django_db
PIN = "123456"  # demo PIN (signing/demo.py)


def _move(client, code: str, action: str, **body):
    version = Dossier.objects.get(code=code).version
    return client.post(
        f"/api/v1/dossiers/{code}/transitions",
        json.dumps({"action": action, "expected_version": version, **body}),
    )


BUSINESS = {  # what the specialist types where the API intake gave no address nor owner name
    "business_name": "Hộ kinh doanh Bình An",
    "business_address": "5 Lý Thái Tổ, Phường Hoàn Kiếm, Hà Nội",
    "residence": "5 Lý Thái Tổ, Phường Hoàn Kiếm, Hà Nội",
    "lines": "Bán lẻ văn phòng phẩm",
    "capital": "50.000.000 đồng",
    "business_code": "01A8012345",
}


def _draft(client, code: str, **typed) -> dict:
    """Save the result's draft through the API, as a client does before proposing: the values
    filled from the dossier, plus what the dossier cannot fill."""
    draft = _ok(client.get(f"/api/v1/dossiers/{code}/result-draft"))
    values = {**draft["values"], **typed}
    body = {"values": values, "expected_version": draft["version"]}
    return _ok(client.put(f"/api/v1/dossiers/{code}/result-draft", json.dumps(body)))


def _ok(response) -> dict:
    assert response.status_code == 200, response.content[:400]
    return response.json()


@pytest.fixture
def proposed(api_as) -> str:
    """A Hoàn Kiếm dossier the specialist has proposed to the leader."""
    clerk, specialist = api_as("clerk.hoankiem"), api_as("specialist.hoankiem")
    code = clerk.post("/api/v1/dossiers", json.dumps(api_payload(NORMAL))).json()["code"]
    _ok(_move(clerk, code, "assign"))
    refused = _move(specialist, code, "propose")  # nothing drafted yet
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "dossier.no_result_draft"
    assert _draft(specialist, code, **BUSINESS)["version"] == 1
    _ok(_move(specialist, code, "propose"))
    d = Dossier.objects.get(code=code)
    assert (d.status, d.sub_status, d.handler.username) == (
        Status.PROCESSING,
        SubStatus.AWAITING_SIGNATURE,
        "leader.hoankiem",
    )
    return code


def _read(d: Dossier) -> bytes:
    with default_storage.open(d.result_file.name, "rb") as fh:
        return fh.read()


def _pdfsig(pdf: bytes, nss_db, tmp_path) -> str:
    path = tmp_path / "result.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss_db}", str(path)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout


def _widget_boxes(pdf: bytes) -> dict:
    import io

    from pypdf import PdfReader

    boxes = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig" or (annot.get("/Parent") or {}).get("/FT") == "/Sig":
                boxes[str(annot.get("/T"))] = [round(float(v)) for v in annot["/Rect"]]
    return boxes


def _pdftext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_propose_sign_seal_return_electronically(proposed, api_as, nss_db, tmp_path):
    returned = []

    def on_return(sender, dossier, delivery, **kw):
        returned.append((dossier.code, delivery, dossier.result_file.name))

    signals.result_returned.connect(on_return)
    try:
        code = proposed
        pk = Dossier.objects.get(code=code).pk
        _ok(_move(api_as("leader.hoankiem"), code, "approve", pin=PIN))
        d = Dossier.objects.get(code=code)
        assert (d.status, d.sub_status, d.handler.username) == (
            Status.PROCESSED,
            SubStatus.SIGNED_AWAITING_SEAL,
            "seal.hoankiem",
        )
        assert d.result_signed
        assert not Notification.objects.filter(
            object_id=str(pk), kind="onestop.result_ready"
        ).exists()

        _ok(_move(api_as("seal.hoankiem"), code, "seal", pin=PIN))
        d.refresh_from_db()
        assert (d.status, d.sub_status, d.handler.username) == (
            Status.PROCESSED,
            SubStatus.RESULT_AVAILABLE,
            "clerk.hoankiem",
        )
        assert Notification.objects.filter(object_id=str(pk), kind="onestop.result_ready").exists()

        _ok(_move(api_as("clerk.hoankiem"), code, "return_result", delivery="electronic"))
        d.refresh_from_db()
        assert d.status == Status.RETURNED and d.sub_status == SubStatus.RESULT_HANDED_OVER
    finally:
        signals.result_returned.disconnect(on_return)

    doc = SignedDocument.objects.get(object_type="onestop.dossier", object_id=str(pk))
    assert doc.signer.username == "leader.hoankiem" and doc.seal_by.username == "seal.hoankiem"
    assert doc.title_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert d.result_file.name == doc.file.name  # the dossier's result IS the signed+sealed file
    assert returned == [(code, "electronic", doc.file.name)]
    assert d.events.get(action="return_result").data["delivery"] == "electronic"

    pdf = _read(d)
    report = signing.verify(pdf)
    assert report["status"] == "valid", report
    assert [s["field_name"] for s in report["signatures"]] == ["ChuKyLanhDao", "DauCoQuan"]
    assert all(s["trusted"] and s["intact"] for s in report["signatures"])
    assert report["public_id"] == str(doc.public_id)

    out = _pdfsig(pdf, nss_db, tmp_path)
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert out.count("Certificate Validation: Certificate is Trusted.") == 2, out
    assert "Phạm Quang Huy" in out and "Total document signed" in out

    boxes = _widget_boxes(pdf)
    assert boxes["DauCoQuan"] == list(signing.SEAL_BOX)
    assert boxes["ChuKyLanhDao"][1] > signing.SEAL_BOX[3]  # in the signature block, above the seal

    text = _pdftext(pdf, tmp_path)
    assert DRAFT_MARK not in text and "PHÓ CHỦ TỊCH" in text and "Phạm Quang Huy" in text

    audited = list(
        AuditEntry.objects.filter(
            object_id=str(pk), action__startswith="onestop.dossier."
        ).values_list("action", flat=True)
    )
    assert audited[-3:] == [
        "onestop.dossier.approve",
        "onestop.dossier.seal",
        "onestop.dossier.return_result",
    ]
    signing_audit = AuditEntry.objects.filter(object_id=str(doc.pk), action__startswith="signing.")
    assert sorted(signing_audit.values_list("action", "actor__username")) == [
        ("signing.sealed", "seal.hoankiem"),
        ("signing.signed", "leader.hoankiem"),
    ]
    # The paper copy is printed from the same signed file.
    paper = api_as("clerk.hoankiem").get(f"/api/v1/dossiers/{code}/result.pdf")
    assert paper.status_code == 200 and paper.content == pdf


def test_wrong_pin_is_refused_audited_and_the_dossier_untouched(proposed, api_as):
    before = Dossier.objects.get(code=proposed)
    r = _move(api_as("leader.hoankiem"), proposed, "approve", pin="000000")
    assert r.status_code == 403 and r.json()["error"]["code"] == "signing.pin_wrong"
    assert "Mã PIN không đúng" in r.json()["error"]["message"]
    after = Dossier.objects.get(code=proposed)
    assert (after.version, after.status, after.sub_status, after.result_signed) == (
        before.version,
        before.status,
        before.sub_status,
        False,
    )
    assert not SignedDocument.objects.filter(
        object_type="onestop.dossier", object_id=str(after.pk)
    ).exists()
    failed = AuditEntry.objects.filter(action="signing.pin_failed", object_id=str(after.pk))
    assert failed.count() == 1 and failed.get().actor.username == "leader.hoankiem"
    assert not after.events.filter(action="approve").exists()


def test_only_the_leader_signs_and_only_the_office_clerk_seals(proposed, api_as):
    for who in ("clerk.hoankiem", "specialist.hoankiem", "seal.hoankiem"):
        r = _move(api_as(who), proposed, "approve", pin=PIN)
        assert r.status_code == 403 and r.json()["error"]["code"] == "dossier.role_forbidden", who
    r = _move(api_as("leader.bavi"), proposed, "approve", pin=PIN)  # a leader of another unit
    assert r.status_code == 404
    assert not SignedDocument.objects.filter(
        object_id=str(Dossier.objects.get(code=proposed).pk)
    ).exists()
    _ok(_move(api_as("leader.hoankiem"), proposed, "approve", pin=PIN))
    r = _move(api_as("leader.hoankiem"), proposed, "seal", pin=PIN)
    assert r.status_code == 403 and r.json()["error"]["code"] == "dossier.role_forbidden"


def test_return_is_refused_while_the_result_is_unsealed(proposed, api_as):
    clerk = api_as("clerk.hoankiem")
    _ok(_move(api_as("leader.hoankiem"), proposed, "approve", pin=PIN))
    r = _move(clerk, proposed, "return_result", delivery="paper")
    assert r.status_code == 409 and r.json()["error"]["code"] == "dossier.result_not_signed"
    assert "chưa thể trả" in r.json()["error"]["message"]
    _ok(_move(api_as("seal.hoankiem"), proposed, "seal", pin=PIN))
    r = _move(clerk, proposed, "return_result", delivery="fax")
    assert r.status_code == 422 and r.json()["error"]["code"] == "dossier.bad_delivery"
    _ok(_move(clerk, proposed, "return_result", delivery="paper"))
    assert Dossier.objects.get(code=proposed).status == Status.RETURNED


def test_seal_before_the_leader_signed_is_refused(proposed, api_as):
    r = _move(api_as("seal.hoankiem"), proposed, "seal", pin=PIN)
    assert r.status_code == 409 and r.json()["error"]["code"] == "dossier.invalid_transition"


@pytest.mark.parametrize(("unit", "clerk"), [("00070", "clerk.hoankiem"), ("09700", "clerk.bavi")])
def test_no_wait_result_is_sealed_on_the_spot_with_the_clerks_pin(api_as, unit, clerk):
    api = api_as(clerk)
    code = api.post("/api/v1/dossiers", json.dumps(api_payload(NO_WAIT, unit=unit))).json()["code"]
    r = _move(api, code, "complete_on_spot", pin="999999")
    assert r.status_code == 403 and r.json()["error"]["code"] == "signing.pin_wrong"
    assert Dossier.objects.get(code=code).status == Status.RECEIVED
    _ok(_move(api, code, "complete_on_spot", pin=PIN, payment_method="cash"))
    d = Dossier.objects.get(code=code)
    assert d.status == Status.RETURNED and d.result_signed
    doc = SignedDocument.objects.get(object_type="onestop.dossier", object_id=str(d.pk))
    assert doc.seal_by.username == clerk and d.result_file.name == doc.file.name
    report = signing.verify(_read(d))
    assert report["status"] == "valid"
    assert [s["field_name"] for s in report["signatures"]] == ["DauCoQuan"]
    assert report["signatures"][0]["organization"].startswith("UBND")


def test_ba_vi_without_specialist_or_separate_office_clerk(api_as):
    clerk, leader = api_as("clerk.bavi"), api_as("leader.bavi")
    code = clerk.post("/api/v1/dossiers", json.dumps(api_payload(NORMAL, unit="09700"))).json()[
        "code"
    ]
    _draft(clerk, code, **BUSINESS)
    _ok(_move(clerk, code, "propose"))
    _ok(_move(leader, code, "approve", pin=PIN))
    assert Dossier.objects.get(code=code).handler.username == "clerk.bavi"
    _ok(_move(clerk, code, "seal", pin=PIN))
    _ok(_move(clerk, code, "return_result", delivery="electronic"))
    d = Dossier.objects.get(code=code)
    assert d.status == Status.RETURNED
    assert signing.verify(_read(d))["status"] == "valid"
