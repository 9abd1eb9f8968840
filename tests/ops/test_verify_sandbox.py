"""Public verification runs pyHanko in the limited child: a genuine result still verifies, every
hostile file gets an answer within the limit."""

import time

import pytest

from danvan.signing import services
from danvan.signing.models import SignedDocument
from tests.ops.hostile import corpus
from tests.ops.sleepy import sleepy

pytestmark = pytest.mark.django_db


def test_genuine_result_verifies_through_the_sandbox():
    doc = SignedDocument.objects.exclude(file="").first()
    report = services.verify(doc.file.read())
    assert report["status"] == "valid", report
    assert report["public_id"] == str(doc.public_id)


def test_hostile_pdfs_are_answered_in_time(settings):
    for name, (data, content_type, _) in corpus().items():
        if content_type != "application/pdf":
            continue
        started = time.monotonic()
        report = services.verify(data)
        assert time.monotonic() - started < settings.SANDBOX_TIMEOUT_SECONDS + 2, name
        assert report["status"] in ("malformed", "no_signature"), (name, report["status"])


def test_runaway_verification_is_cut_off(settings, monkeypatch):
    settings.SANDBOX_TIMEOUT_SECONDS = 2
    monkeypatch.setattr(services, "verify_pdf_to_dict", sleepy)
    started = time.monotonic()
    report = services.verify(b"%PDF-1.7\n")
    assert time.monotonic() - started < 4
    assert report["status"] == "malformed" and "thời gian" in report["summary_vi"]
