"""SPEC §3: trusted and not revoked *at signing time*, the time a trusted timestamp proves."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from danvan.signing import pades, verify

# Before now, yet inside the validity of the TEST CA and of a certificate issued in the
# test (both back-dated five minutes).
TIMESTAMP_AGE = dt.timedelta(minutes=2)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def crl_revoking(ca, cert: x509.Certificate, revoked_at: dt.datetime) -> bytes:
    """A CRL of the TEST issuing CA, published now, revoking ``cert`` as of ``revoked_at``."""
    now = _now()
    entry = (
        x509.RevokedCertificateBuilder()
        .serial_number(cert.serial_number)
        .revocation_date(revoked_at)
        .build()
    )
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.ca_cert.subject)
        .last_update(now - dt.timedelta(seconds=30))
        .next_update(now + dt.timedelta(days=7))
        .add_extension(x509.CRLNumber(secrets.randbits(32)), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.ca_key.public_key()),
            critical=False,
        )
        .add_revoked_certificate(entry)
        .sign(ca.ca_key, hashes.SHA256())
    )
    return crl.public_bytes(serialization.Encoding.DER)


@pytest.fixture()
def official(ca):
    key, cert = ca.issue_person("Lê Văn Thu Hồi", "UBND phường Bến Nghé")
    return cert, pades.PreparedSigner(key, cert, ca.chain, is_test=True)


@pytest.fixture()
def timestamped_at() -> dt.datetime:
    return _now() - TIMESTAMP_AGE


@pytest.fixture()
def timestamped(input_pdf, ca, official, timestamped_at) -> bytes:
    """B-T signature whose TEST timestamp says it existed at ``timestamped_at``."""
    tsa = pades.make_test_timestamper(ca.tsa_key, ca.tsa_cert, ca.chain)
    tsa.fixed_dt = timestamped_at
    _, signer = official
    return pades.sign_pdf(input_pdf, signer, field_name="Sig", profile="B-T", timestamper=tsa)


def test_revoked_after_the_timestamp_is_still_valid_with_a_note(
    ca, official, timestamped, timestamped_at
):
    cert, _ = official
    crl = crl_revoking(ca, cert, timestamped_at + dt.timedelta(minutes=1))
    report = verify.verify_pdf(timestamped, [ca.root_cert], crls=[crl])
    assert report.status == "valid", report.to_dict()
    (sig,) = report.signatures
    assert sig.trusted is True
    assert sig.revoked is False
    assert sig.revoked_later is True
    assert sig.revoked_at.endswith("+07:00")
    assert "thu hồi sau thời điểm ký" in sig.summary_vi


def test_revoked_before_the_timestamp_is_revoked(ca, official, timestamped, timestamped_at):
    cert, _ = official
    crl = crl_revoking(ca, cert, timestamped_at - dt.timedelta(minutes=1))
    report = verify.verify_pdf(timestamped, [ca.root_cert], crls=[crl])
    assert report.status == "revoked", report.to_dict()
    (sig,) = report.signatures
    assert sig.revoked is True and sig.revoked_later is False


def test_without_a_timestamp_any_revocation_counts(input_pdf, ca, official):
    # The signer's own clock proves nothing: a revoked key could be used with any date.
    cert, signer = official
    signed = pades.sign_pdf(input_pdf, signer, field_name="Sig", profile="B-B")
    crl = crl_revoking(ca, cert, _now() - dt.timedelta(seconds=10))
    report = verify.verify_pdf(signed, [ca.root_cert], crls=[crl])
    assert report.status == "revoked", report.to_dict()
    assert report.signatures[0].revoked_later is False
