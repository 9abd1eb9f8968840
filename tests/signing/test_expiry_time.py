"""SPEC §3: a certificate valid *at signing time*, the time a trusted timestamp proves.

Expiry is judged like revocation (test_revocation_time.py): expired after a trusted
timestamp → still valid with a note; expired or not yet valid at the timestamp's time,
or expired with no trusted timestamp at all → not valid.
"""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.signing import pades, verify

TIMESTAMP_AGE = dt.timedelta(minutes=2)
# Verification "later": the one-day certificate has expired, the TEST CA and TSA have not.
LATER = dt.timedelta(days=3)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _signer(ca, cert_and_key) -> pades.PreparedSigner:
    key, cert = cert_and_key
    return pades.PreparedSigner(key, cert, ca.chain, is_test=True)


def _sign_bt(input_pdf, signer, tsa_ca, at: dt.datetime) -> bytes:
    tsa = pades.make_test_timestamper(tsa_ca.tsa_key, tsa_ca.tsa_cert, tsa_ca.chain)
    tsa.fixed_dt = at
    return pades.sign_pdf(input_pdf, signer, field_name="Sig", profile="B-T", timestamper=tsa)


@pytest.fixture()
def short_lived(ca):
    """A one-day certificate valid from five minutes ago."""
    return ca.issue_person("Phạm Thị Ngắn Hạn", "UBND phường Bến Nghé", days=1)


@pytest.fixture()
def timestamped_at() -> dt.datetime:
    return _now() - TIMESTAMP_AGE


def test_expired_after_the_timestamp_is_still_valid_with_a_note(
    input_pdf, ca, short_lived, timestamped_at
):
    signed = _sign_bt(input_pdf, _signer(ca, short_lived), ca, timestamped_at)
    report = verify.verify_pdf(signed, [ca.root_cert], at=_now() + LATER)
    assert report.status == "valid", report.to_dict()
    (sig,) = report.signatures
    assert sig.trusted is True
    assert sig.expired is False
    assert sig.expired_later is True
    assert sig.expired_at.endswith("+07:00")
    _, cert = short_lived
    assert dt.datetime.fromisoformat(sig.expired_at) == cert.not_valid_after_utc
    assert "hết hạn sau thời điểm ký" in sig.summary_vi
    assert "dấu thời gian tin cậy" in sig.summary_vi


def test_valid_certificate_has_no_expiry_note(input_pdf, ca, short_lived, timestamped_at):
    signed = _sign_bt(input_pdf, _signer(ca, short_lived), ca, timestamped_at)
    report = verify.verify_pdf(signed, [ca.root_cert])
    assert report.status == "valid", report.to_dict()
    (sig,) = report.signatures
    assert (sig.expired, sig.expired_later, sig.expired_at) == (False, False, None)
    assert "hết hạn" not in sig.summary_vi


def test_without_a_timestamp_an_expired_certificate_is_not_valid(input_pdf, ca, short_lived):
    # The signer's own clock proves nothing: an expired key could be used with any date.
    signed = pades.sign_pdf(input_pdf, _signer(ca, short_lived), field_name="Sig", profile="B-B")
    report = verify.verify_pdf(signed, [ca.root_cert], at=_now() + LATER)
    assert report.status == "untrusted", report.to_dict()
    (sig,) = report.signatures
    assert sig.trusted is False
    assert sig.expired is True and sig.expired_later is False
    assert sig.expired_at.endswith("+07:00")
    assert "đã hết hạn" in sig.summary_vi


def test_untrusted_timestamp_does_not_rescue_an_expired_certificate(
    input_pdf, ca, other_ca, short_lived, timestamped_at
):
    signed = _sign_bt(input_pdf, _signer(ca, short_lived), other_ca, timestamped_at)
    report = verify.verify_pdf(signed, [ca.root_cert], at=_now() + LATER)
    assert report.status != "valid", report.to_dict()
    (sig,) = report.signatures
    assert sig.expired is True and sig.expired_later is False


def test_expired_before_the_timestamp_is_not_valid(input_pdf, ca, timestamped_at):
    # Valid for one day, ending four minutes ago: two minutes before the timestamp.
    not_before = _now() - dt.timedelta(days=1, minutes=4)
    expired = ca.issue_person(
        "Hoàng Văn Hết Hạn", "UBND phường Bến Nghé", days=1, not_before=not_before
    )
    signed = _sign_bt(input_pdf, _signer(ca, expired), ca, timestamped_at)
    report = verify.verify_pdf(signed, [ca.root_cert])
    assert report.status == "untrusted", report.to_dict()
    (sig,) = report.signatures
    assert sig.expired is True and sig.expired_later is False
    assert "trước thời điểm ký" in sig.summary_vi


def test_not_yet_valid_at_the_timestamp_is_not_valid(input_pdf, ca, timestamped_at):
    # Valid now, but issued a minute after the time the trusted timestamp proves.
    later_cert = ca.issue_person(
        "Vũ Thị Chưa Hiệu Lực",
        "UBND phường Bến Nghé",
        not_before=timestamped_at + dt.timedelta(minutes=1),
    )
    signed = _sign_bt(input_pdf, _signer(ca, later_cert), ca, timestamped_at)
    report = verify.verify_pdf(signed, [ca.root_cert])
    assert report.status == "untrusted", report.to_dict()
    (sig,) = report.signatures
    assert sig.trusted is False
    assert sig.expired is False and sig.expired_later is False
    assert "chưa có hiệu lực" in sig.summary_vi
