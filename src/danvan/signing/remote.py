"""Two-step ("hash-only") signing for remote signing providers such as SmartCA.

SPEC §3: remote providers sign only a hash, behind one interface. The flow is
prepare (placeholder + /ByteRange digest) → digest of the CMS signed attributes →
raw signature from the provider → finish (embed the CMS). It follows pyHanko's
interrupted signing: ``PdfSigner.async_digest_doc_for_signing``, ``ExternalSigner``
and ``PdfTBSDocument.async_finish_signing``.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Protocol, runtime_checkable

import requests
from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from pyhanko.sign import signers, timestamps
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument, PostSignInstructions
from pyhanko_certvalidator.registry import SimpleCertificateStore

from danvan.signing.keys import PrivateKey, to_asn1
from danvan.signing.pades import PreparedSigner, SigningError, StampSpec, start_signing

DIGEST_ALGORITHM = "sha256"
# An RSA-4096 signature is 512 bytes; the placeholder only sizes the container.
_PLACEHOLDER_SIGNATURE = bytes(512)


@runtime_checkable
class RemoteSigningProvider(Protocol):
    """Signs a SHA-256 digest with a key it keeps; returns the raw signature value."""

    def certificate_chain(self) -> list[x509.Certificate]:
        """The signer's certificate first, then its CA certificates."""
        ...

    def sign_digest(self, digest: bytes, digest_algorithm: str = DIGEST_ALGORITHM) -> bytes: ...


@dataclass
class PendingSignature:
    """State kept between prepare and finish (may wait while the official confirms)."""

    output: BytesIO
    prepared_digest: PreparedByteRangeDigest
    signed_attrs: cms.CMSAttributes
    chain: list[x509.Certificate]
    timestamper: timestamps.TimeStamper | None = None
    post_sign_instr: PostSignInstructions | None = None
    digest_algorithm: str = DIGEST_ALGORITHM
    to_be_signed_digest: bytes = field(init=False, default=b"")

    def __post_init__(self) -> None:
        self.to_be_signed_digest = hashlib.sha256(self.signed_attrs.dump()).digest()


def _external_signer(chain: Sequence[x509.Certificate], value: bytes) -> signers.ExternalSigner:
    asn1_chain = [to_asn1(c) for c in chain]
    return signers.ExternalSigner(
        signing_cert=asn1_chain[0],
        cert_registry=SimpleCertificateStore.from_certs(asn1_chain),
        signature_value=value,
    )


async def _prepare(pdf_bytes, chain, field_name, profile, timestamper, stamp, is_test):
    ext = _external_signer(chain, _PLACEHOLDER_SIGNATURE)
    pdf_signer, writer, sign_kwargs = start_signing(
        pdf_bytes,
        ext,
        field_name=field_name,
        profile=profile,
        timestamper=timestamper,
        stamp=stamp,
        is_test=is_test,
        bytes_reserved=PreparedSigner.bytes_reserved_for(chain, with_timestamp=profile != "B-B"),
    )
    prep, tbs, output = await pdf_signer.async_digest_doc_for_signing(writer, **sign_kwargs)
    attrs = await ext.signed_attrs(prep.document_digest, DIGEST_ALGORITHM, use_pades=True)
    return PendingSignature(
        output=output,
        prepared_digest=prep,
        signed_attrs=attrs,
        chain=list(chain),
        timestamper=tbs.timestamper,
        post_sign_instr=tbs.post_sign_instructions,
    )


def prepare_remote_signature(
    pdf_bytes: bytes,
    chain: Sequence[x509.Certificate],
    *,
    field_name: str,
    profile: str = "B-T",
    timestamper: timestamps.TimeStamper | None = None,
    stamp: StampSpec | None = None,
    is_test: bool = False,
) -> PendingSignature:
    """Step 1: lay out the signature; ``pending.to_be_signed_digest`` goes to the provider."""
    if profile == "B-LT":
        raise SigningError("signing.bad_profile", "Ký từ xa hiện hỗ trợ hồ sơ B-B và B-T.")
    return asyncio.run(_prepare(pdf_bytes, chain, field_name, profile, timestamper, stamp, is_test))


def check_raw_signature(cert: x509.Certificate, digest: bytes, signature: bytes) -> None:
    """Refuse a provider answer that does not verify with the signer's certificate."""
    public_key = cert.public_key()
    prehashed = utils.Prehashed(hashes.SHA256())
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, digest, padding.PKCS1v15(), prehashed)
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, digest, ec.ECDSA(prehashed))
        else:
            raise InvalidSignature
    except InvalidSignature:
        raise SigningError(
            "signing.remote_bad_signature", "Chữ ký do dịch vụ ký từ xa trả về không hợp lệ."
        ) from None


async def _finish(pending: PendingSignature, raw_signature: bytes) -> bytes:
    ext = _external_signer(pending.chain, raw_signature)
    sig_cms = await ext.async_sign_prescribed_attributes(
        pending.digest_algorithm,
        signed_attrs=pending.signed_attrs,
        timestamper=pending.timestamper,
    )
    await PdfTBSDocument.async_finish_signing(
        pending.output,
        pending.prepared_digest,
        sig_cms,
        post_sign_instr=pending.post_sign_instr,
    )
    return pending.output.getvalue()


def finish_remote_signature(pending: PendingSignature, raw_signature: bytes) -> bytes:
    """Step 2: embed the provider's raw signature; returns the signed PDF."""
    check_raw_signature(pending.chain[0], pending.to_be_signed_digest, raw_signature)
    return asyncio.run(_finish(pending, raw_signature))


def sign_pdf_remote(pdf_bytes: bytes, provider: RemoteSigningProvider, **options) -> bytes:
    """Both steps in one call, for providers that answer synchronously.

    ``options``: the keyword arguments of :func:`prepare_remote_signature`.
    """
    pending = prepare_remote_signature(pdf_bytes, provider.certificate_chain(), **options)
    raw = provider.sign_digest(pending.to_be_signed_digest, pending.digest_algorithm)
    return finish_remote_signature(pending, raw)


class LocalKeyProvider:
    """Provider over a key held in this process (embedded mode, tests)."""

    def __init__(self, key: PrivateKey, chain: Sequence[x509.Certificate]) -> None:
        self._key = key
        self._chain = list(chain)

    def certificate_chain(self) -> list[x509.Certificate]:
        return list(self._chain)

    def sign_digest(self, digest: bytes, digest_algorithm: str = DIGEST_ALGORITHM) -> bytes:
        if digest_algorithm != DIGEST_ALGORITHM:
            raise SigningError("signing.bad_digest", "Chỉ hỗ trợ SHA-256.")
        prehashed = utils.Prehashed(hashes.SHA256())
        if isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(digest, padding.PKCS1v15(), prehashed)
        return self._key.sign(digest, ec.ECDSA(prehashed))


class HttpHashSigningProvider:
    """Provider that POSTs the digest to a signing service (SmartCA-like) as JSON.

    Request: ``{"hash": b64, "hash_algorithm": "sha256", "key_id": ...}``;
    response: ``{"signature": b64}``.
    """

    def __init__(
        self,
        url: str,
        chain: Sequence[x509.Certificate],
        *,
        key_id: str = "",
        token: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.url = url
        self.key_id = key_id
        self._chain = list(chain)
        self._token = token
        self.timeout = timeout

    def certificate_chain(self) -> list[x509.Certificate]:
        return list(self._chain)

    def sign_digest(self, digest: bytes, digest_algorithm: str = DIGEST_ALGORITHM) -> bytes:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        body = {
            "hash": base64.b64encode(digest).decode(),
            "hash_algorithm": digest_algorithm,
            "key_id": self.key_id,
        }
        try:
            response = requests.post(self.url, json=body, headers=headers, timeout=self.timeout)
            response.raise_for_status()
            return base64.b64decode(response.json()["signature"], validate=True)
        except (requests.RequestException, ValueError, KeyError, TypeError):
            raise SigningError(
                "signing.remote_unavailable", "Không nhận được chữ ký từ dịch vụ ký từ xa."
            ) from None
