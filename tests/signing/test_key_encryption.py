from __future__ import annotations

import pytest

from danvan.signing import keys

MASTER = "khóa-chủ-của-máy-chủ"


def test_round_trip_restores_the_same_key(leader):
    pem = keys.Credential(leader.key, leader.cert).private_key_pem()
    blob = keys.encrypt_key(pem, MASTER)
    assert b"PRIVATE KEY" not in blob
    assert keys.decrypt_key(blob, MASTER) == pem
    assert keys.encrypt_key(pem, MASTER) != blob  # fresh salt and nonce


def test_wrong_master_key_fails_without_leaking_the_key(leader):
    pem = keys.Credential(leader.key, leader.cert).private_key_pem()
    blob = keys.encrypt_key(pem, MASTER)
    with pytest.raises(keys.CertificateError) as err:
        keys.decrypt_key(blob, "khóa khác")
    assert err.value.code == "signing.key_decrypt_failed"
    assert "PRIVATE" not in str(err.value) and err.value.__cause__ is None


def test_altered_blob_is_refused(leader):
    blob = bytearray(keys.encrypt_key(b"-----BEGIN PRIVATE KEY-----", MASTER))
    blob[-1] ^= 1
    with pytest.raises(keys.CertificateError):
        keys.decrypt_key(bytes(blob), MASTER)
    with pytest.raises(keys.CertificateError) as err:
        keys.decrypt_key(b"garbage", MASTER)
    assert err.value.code == "signing.key_blob_invalid"
