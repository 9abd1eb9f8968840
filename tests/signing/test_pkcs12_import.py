from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest
from cryptography.hazmat.primitives import hashes

from danvan.signing import keys, testca


def test_valid_pkcs12_gives_a_credential_with_chain(ca, trust_roots):
    key, cert = ca.issue_person("Lê Văn Tám", "UBND xã Tân Phú")
    blob = ca.export_pkcs12(key, cert, "mật-khẩu-1")
    credential = keys.load_pkcs12(blob, "mật-khẩu-1", trust_roots)
    assert credential.certificate == cert
    assert ca.ca_cert in credential.chain
    assert "private_key" not in repr(credential)


def test_wrong_password_is_pkcs12_invalid(ca, leader, trust_roots):
    blob = ca.export_pkcs12(leader.key, leader.cert, "dung")
    with pytest.raises(keys.CertificateError) as err:
        keys.load_pkcs12(blob, "sai", trust_roots)
    assert err.value.code == "signing.pkcs12_invalid"


def test_malformed_bytes_are_pkcs12_invalid(trust_roots):
    with pytest.raises(keys.CertificateError) as err:
        keys.load_pkcs12(b"not a pkcs12", "x", trust_roots)
    assert err.value.code == "signing.pkcs12_invalid"


def test_expired_certificate_is_refused(ca, trust_roots):
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    key, cert = ca.issue_person("Hết Hạn", "UBND xã Tân Phú", days=10, not_before=past)
    blob = ca.export_pkcs12(key, cert, "p")
    with pytest.raises(keys.CertificateError) as err:
        keys.load_pkcs12(blob, "p", trust_roots)
    assert err.value.code == "signing.cert_expired"
    assert err.value.message_vi == "Chứng thư số đã hết hạn."


def test_certificate_from_unknown_ca_is_untrusted(other_ca, trust_roots):
    key, cert = other_ca.issue_person("Giả Mạo", "UBND xã Tân Phú")
    blob = other_ca.export_pkcs12(key, cert, "p")
    with pytest.raises(keys.CertificateError) as err:
        keys.load_pkcs12(blob, "p", trust_roots)
    assert err.value.code == "signing.cert_untrusted"


def test_certificate_without_signing_usage_is_refused(ca, trust_roots):
    # The issuing CA certificate only has keyCertSign/cRLSign.
    blob = ca.export_pkcs12(ca.ca_key, ca.ca_cert, "p")
    with pytest.raises(keys.CertificateError) as err:
        keys.load_pkcs12(blob, "p", trust_roots)
    assert err.value.code == "signing.cert_bad_usage"


def test_test_ca_is_created_once_and_reloaded(ca):
    again = testca.create_test_ca(ca.directory)
    assert again.root_cert == ca.root_cert
    assert again.ca_cert == ca.ca_cert
    for cert in (ca.root_cert, ca.ca_cert, ca.tsa_cert):
        assert "TEST" in cert.subject.rfc4514_string()
    assert "KHÔNG DÙNG THẬT" in ca.root_cert.subject.rfc4514_string()


def test_revoked_certificate_is_listed_in_the_crl(ca, revoked_leader, leader):
    crl = ca.crl()
    assert crl.get_revoked_certificate_by_serial_number(revoked_leader.cert.serial_number)
    assert crl.get_revoked_certificate_by_serial_number(leader.cert.serial_number) is None
    assert crl.is_signature_valid(ca.ca_cert.public_key())


def _create_at_once(directory: str, start, out) -> None:
    start.wait()
    out.put(testca.create_test_ca(directory).root_cert.fingerprint(hashes.SHA256()).hex())


def test_processes_starting_together_share_one_test_ca(tmp_path):
    # A fresh checkout's test workers all create the CA at once; each must end with the one on disk.
    ctx = multiprocessing.get_context("fork")
    start, out = ctx.Barrier(6), ctx.Queue()
    workers = [
        ctx.Process(target=_create_at_once, args=(str(tmp_path), start, out)) for _ in range(6)
    ]
    for worker in workers:
        worker.start()
    prints = [out.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
    on_disk = testca.load_test_ca(tmp_path).root_cert.fingerprint(hashes.SHA256()).hex()
    assert set(prints) == {on_disk}
