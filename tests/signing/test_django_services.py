"""Signing services on the demo world: PIN, lockout, authority, delegation title, batch, command."""

import subprocess

import pytest
from django.core.cache import cache
from django.core.management import call_command

from danvan.audit.models import AuditEntry
from danvan.core.errors import DomainError
from danvan.signing import services
from danvan.signing.demo import DEMO_PIN
from danvan.signing.models import SignedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _sign(pdf, user, pin=DEMO_PIN, **kw):
    return services.sign_document(
        pdf, signer=user, pin=pin, object_type="test", object_id="1", **kw
    )


def test_pin_is_required(input_pdf, persona):
    leader = persona("leader.bavi")
    before = SignedDocument.objects.count()  # the demo world may hold signed documents
    with pytest.raises(DomainError) as err:
        _sign(input_pdf, leader, pin="")
    assert err.value.code == "signing.pin_wrong"
    assert SignedDocument.objects.count() == before


def test_wrong_pin_is_refused_and_audited(input_pdf, persona):
    before = AuditEntry.objects.filter(action="signing.pin_failed").count()
    with pytest.raises(DomainError) as err:
        _sign(input_pdf, persona("leader.bavi"), pin="000000")
    assert err.value.code == "signing.pin_wrong" and err.value.status == 403
    assert AuditEntry.objects.filter(action="signing.pin_failed").count() == before + 1


def test_three_wrong_pins_lock_signing(input_pdf, persona):
    leader = persona("leader.bavi")
    codes = []
    for _ in range(3):
        with pytest.raises(DomainError) as err:
            services.check_pin(leader, "999999")
        codes.append(err.value.code)
    assert codes == ["signing.pin_wrong", "signing.pin_wrong", "signing.pin_locked"]
    assert AuditEntry.objects.filter(action="signing.pin_locked", actor=leader).exists()
    with pytest.raises(DomainError) as err:
        _sign(input_pdf, leader)  # even the right PIN is refused while locked
    assert err.value.code == "signing.pin_locked"


def test_counter_clerk_has_no_authority(input_pdf, persona):
    clerk = persona("clerk.hoankiem")
    services.set_pin(clerk, "654321")
    with pytest.raises(DomainError) as err:
        _sign(input_pdf, clerk, pin="654321")
    assert err.value.code == "signing.no_authority"


def test_delegation_title_is_in_the_stamp(input_pdf, persona, tmp_path):
    doc = _sign(input_pdf, persona("leader.hoankiem"))
    assert doc.title_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    text = subprocess.run(
        ["pdftotext", doc.file.path, "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
    assert "Phạm Quang Huy" in text
    assert str(doc.public_id) in services.verification_url(doc.public_id)


def test_own_position_without_delegation(persona):
    assert services.authority_for(persona("leader.bavi")) == ["CHỦ TỊCH UBND XÃ"]


def test_batch_of_twenty_with_one_bad_item(input_pdf, persona):
    items = [{"pdf": input_pdf, "object_type": "test", "object_id": str(i)} for i in range(20)]
    items[7]["pdf"] = b"%PDF-1.7 this is not really a PDF"
    progress = []
    results = services.sign_batch(
        items,
        signer=persona("leader.bavi"),
        pin=DEMO_PIN,
        on_progress=lambda done, total: progress.append(done),
    )
    assert sum(r["ok"] for r in results) == 19
    bad = [r for r in results if not r["ok"]]
    assert len(bad) == 1 and bad[0]["index"] == 7 and bad[0]["code"] == "signing.bad_pdf"
    assert SignedDocument.objects.filter(object_type="test").count() == 19
    assert progress[-1] == 20


def test_batch_checks_the_pin_once_before_signing(input_pdf, persona):
    leader = persona("leader.bavi")
    before = SignedDocument.objects.count()
    with pytest.raises(DomainError):
        services.sign_batch([{"pdf": input_pdf}], signer=leader, pin="111111")
    assert SignedDocument.objects.count() == before


def test_verify_command_exit_codes(input_pdf, persona, tmp_path):
    doc = services.seal_document(
        _sign(input_pdf, persona("leader.hoankiem")), by=persona("seal.hoankiem"), pin=DEMO_PIN
    )
    call_command("verify", doc.file.path, stdout=_Out())  # valid: no exit
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(input_pdf)
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify", str(bad), stdout=_Out())
    assert exit_info.value.code == 1


class _Out:
    def write(self, *_):
        pass

    def flush(self):
        pass
