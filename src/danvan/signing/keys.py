"""Officials' keys: PKCS#12 import with certificate checks, and encryption at rest.

SPEC §3: keys are imported as PKCS#12 and encrypted at rest. The plaintext key never
appears in logs or in exception messages; errors carry a stable code and a Vietnamese
message for the user.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, ValidationError

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

_KEY_BLOB_MAGIC = b"DVK1"
_HKDF_INFO = b"danvan.signing.key-at-rest.v1"
_SALT_LEN = 16
_NONCE_LEN = 12


class CertificateError(Exception):
    """A certificate or key cannot be used for signing; ``code`` is stable for the API."""

    def __init__(self, code: str, message_vi: str) -> None:
        super().__init__(code)
        self.code = code
        self.message_vi = message_vi

    def __str__(self) -> str:
        return f"{self.code}: {self.message_vi}"


@dataclass(frozen=True)
class Credential:
    """A validated signing credential: key, certificate and the chain to a trust root."""

    private_key: PrivateKey = field(repr=False)
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    def private_key_pem(self) -> bytes:
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    """Convert a ``cryptography`` certificate to the asn1crypto type pyHanko uses."""
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def load_pkcs12(
    data: bytes,
    password: str | bytes,
    trust_roots: Sequence[x509.Certificate],
    *,
    at: dt.datetime | None = None,
) -> Credential:
    """Import a PKCS#12 and check validity period, key usage and chain of trust."""
    key, cert, extra = _parse_pkcs12(data, password)
    moment = at or dt.datetime.now(dt.UTC)
    check_validity_period(cert, moment)
    check_signing_usage(cert)
    chain = tuple(extra)
    check_chain(cert, chain, trust_roots, moment)
    return Credential(private_key=key, certificate=cert, chain=chain)


def _parse_pkcs12(data: bytes, password: str | bytes):
    secret = password.encode() if isinstance(password, str) else password
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, secret or None)
    except (ValueError, TypeError):
        # Deliberately no detail: the message could echo key material.
        raise CertificateError(
            "signing.pkcs12_invalid",
            "Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp không hợp lệ.",
        ) from None
    if key is None or cert is None:
        raise CertificateError(
            "signing.pkcs12_invalid", "Tệp PKCS#12 không chứa khóa bí mật và chứng thư số."
        )
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise CertificateError(
            "signing.pkcs12_invalid", "Loại khóa không được hỗ trợ (chỉ RSA hoặc ECDSA)."
        )
    return key, cert, list(extra)


def check_validity_period(cert: x509.Certificate, moment: dt.datetime) -> None:
    if moment < cert.not_valid_before_utc:
        raise CertificateError(
            "signing.cert_not_yet_valid", "Chứng thư số chưa đến thời hạn có hiệu lực."
        )
    if moment > cert.not_valid_after_utc:
        raise CertificateError("signing.cert_expired", "Chứng thư số đã hết hạn.")


def check_signing_usage(cert: x509.Certificate) -> None:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is None or not (usage.digital_signature or usage.content_commitment):
        raise CertificateError(
            "signing.cert_bad_usage",
            "Chứng thư số không được cấp cho mục đích ký số (thiếu digitalSignature/"
            "nonRepudiation).",
        )


def check_chain(
    cert: x509.Certificate,
    intermediates: Sequence[x509.Certificate],
    trust_roots: Sequence[x509.Certificate],
    moment: dt.datetime,
) -> None:
    context = ValidationContext(
        trust_roots=[to_asn1(c) for c in trust_roots],
        other_certs=[to_asn1(c) for c in intermediates],
        moment=moment,
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    validator = CertificateValidator(to_asn1(cert), validation_context=context)
    try:
        asyncio.run(validator.async_validate_usage(set()))
    except (PathBuildingError, PathValidationError, ValidationError):
        raise CertificateError(
            "signing.cert_untrusted",
            "Chứng thư số không được cấp bởi tổ chức chứng thực tin cậy.",
        ) from None


def _derive_key(master_key: str | bytes, salt: bytes) -> bytes:
    secret = master_key.encode() if isinstance(master_key, str) else master_key
    if not secret:
        raise ValueError("master key must not be empty")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_HKDF_INFO)
    return hkdf.derive(secret)


def encrypt_key(pem_bytes: bytes, master_key: str | bytes) -> bytes:
    """Encrypt a private key (PEM) for storage: magic | salt | nonce | AES-256-GCM."""
    salt, nonce = os.urandom(_SALT_LEN), os.urandom(_NONCE_LEN)
    aead = AESGCM(_derive_key(master_key, salt))
    return _KEY_BLOB_MAGIC + salt + nonce + aead.encrypt(nonce, pem_bytes, _KEY_BLOB_MAGIC)


def decrypt_key(blob: bytes, master_key: str | bytes) -> bytes:
    """Reverse :func:`encrypt_key`; a wrong master key or altered blob is refused."""
    head = len(_KEY_BLOB_MAGIC)
    if blob[:head] != _KEY_BLOB_MAGIC or len(blob) < head + _SALT_LEN + _NONCE_LEN + 16:
        raise CertificateError("signing.key_blob_invalid", "Dữ liệu khóa lưu trữ không hợp lệ.")
    salt = blob[head : head + _SALT_LEN]
    nonce = blob[head + _SALT_LEN : head + _SALT_LEN + _NONCE_LEN]
    aead = AESGCM(_derive_key(master_key, salt))
    try:
        return aead.decrypt(nonce, blob[head + _SALT_LEN + _NONCE_LEN :], _KEY_BLOB_MAGIC)
    except InvalidTag:
        raise CertificateError(
            "signing.key_decrypt_failed", "Không giải mã được khóa đã lưu (sai khóa chủ?)."
        ) from None


def load_private_key_pem(pem_bytes: bytes) -> PrivateKey:
    key = serialization.load_pem_private_key(pem_bytes, password=None)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise CertificateError("signing.pkcs12_invalid", "Loại khóa không được hỗ trợ.")
    return key
