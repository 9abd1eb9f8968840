"""Fast PAdES signing with a visible Vietnamese stamp.

Stock pyHanko (``SimpleSigner`` + ``signers.sign_pdf``) re-parses the private key for
every raw signature and signs a dummy CMS to size the signature container. A leader
signs many results at once (SPEC §3 batch signing), so :class:`PreparedSigner` keeps
the parsed key object and reserves the container size from the certificate sizes,
which skips the dry run.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Literal

from asn1crypto import algos, cms, core
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import init_xobject_dictionary
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import (
    as_signing_certificate,
    as_signing_certificate_v2,
    get_pyca_cryptography_hash,
    simple_cms_attribute,
)
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko.stamp import QRStamp, QRStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from danvan.documents.qr import qr_matrix, qr_runs
from danvan.signing.keys import Credential, PrivateKey, to_asn1
from danvan.signing.stampfont import stamp_font_factory

Profile = Literal["B-B", "B-T", "B-LT"]
PROFILES: tuple[str, ...] = ("B-B", "B-T", "B-LT")
# Decree 30/2020: times are written in ISO 8601 with +07:00. Vietnam has no DST.
VN_TZ = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")
STAMP_FONT_SIZE = 7
DEFAULT_STAMP_BOX = (330, 40, 570, 120)
# Any of the eight QR masks decodes the same; a fixed one skips the penalty search.
QR_MASK = 0
QR_QUIET_ZONE = 4  # modules, as pyHanko draws it
QR_MODULE_UNITS = 10  # QR canvas units per module, as pyHanko's stamp layout expects
# Room for the timestamp token (TSA certificate chain + TSTInfo) in a B-T/B-LT CMS.
_TIMESTAMP_ALLOWANCE = 12_000
_CMS_OVERHEAD = 3_000


class SigningError(Exception):
    def __init__(self, code: str, message_vi: str) -> None:
        super().__init__(code)
        self.code = code
        self.message_vi = message_vi


def now_vn() -> dt.datetime:
    return dt.datetime.now(VN_TZ).replace(microsecond=0)


class PreparedSigner(signers.Signer):
    """A pyHanko signer holding an already parsed private key; reuse it across documents."""

    def __init__(
        self,
        key: PrivateKey,
        cert: x509.Certificate,
        chain: Sequence[x509.Certificate] = (),
        *,
        is_test: bool = False,
    ) -> None:
        self._key = key
        self.is_test = is_test
        self.certificate = cert
        signing_cert = to_asn1(cert)
        self._chain = list(chain)
        self._chain_asn1 = [to_asn1(c) for c in chain]
        registry = SimpleCertificateStore.from_certs([signing_cert, *self._chain_asn1])
        super().__init__(signing_cert=signing_cert, cert_registry=registry)
        self._cms_parts: _CmsParts | None = None

    @classmethod
    def from_credential(cls, credential: Credential, *, is_test: bool = False) -> PreparedSigner:
        return cls(
            credential.private_key, credential.certificate, credential.chain, is_test=is_test
        )

    @property
    def chain_asn1(self) -> list[asn1_x509.Certificate]:
        return list(self._chain_asn1)

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
        algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), algorithm)
        return self._key.sign(data, ec.ECDSA(algorithm))

    async def async_sign(
        self,
        data_digest: bytes,
        digest_algorithm: str,
        dry_run=False,
        use_pades=False,
        timestamper=None,
        signed_attr_settings=None,
        is_pdf_sig=True,
        encap_content_info=None,
    ) -> cms.ContentInfo:
        """PAdES CMS assembled from DER pieces prepared once per signer.

        asn1crypto re-serializes the whole certificate chain and every nested value on
        each signature; this was about half of the B-B signing time. Anything other than
        the plain PAdES SHA-256 case goes through pyHanko's generic path.
        """
        if not _is_plain_pades(
            self, digest_algorithm, dry_run, use_pades, signed_attr_settings, encap_content_info
        ):
            return await super().async_sign(
                data_digest,
                digest_algorithm,
                dry_run=dry_run,
                use_pades=use_pades,
                timestamper=timestamper,
                signed_attr_settings=signed_attr_settings,
                is_pdf_sig=is_pdf_sig,
                encap_content_info=encap_content_info,
            )
        parts = self.cms_parts()
        signed_attrs = parts.signed_attrs(data_digest)
        signature = await self.async_sign_raw(signed_attrs, digest_algorithm)
        unsigned = b""
        if timestamper is not None:
            attrs = await self.unsigned_attrs(
                digest_algorithm, signature, cms.CMSAttributes.load(signed_attrs), timestamper
            )
            unsigned = _der(0xA1, attrs.contents) if attrs is not None else b""
        return cms.ContentInfo.load(parts.content_info(signed_attrs, signature, unsigned))

    def cms_parts(self) -> _CmsParts:
        if self._cms_parts is None:
            self._cms_parts = _CmsParts.for_signer(self)
        return self._cms_parts

    def bytes_reserved(self, *, with_timestamp: bool) -> int:
        return self.bytes_reserved_for(
            [self.certificate, *self._chain], with_timestamp=with_timestamp
        )

    @staticmethod
    def bytes_reserved_for(chain: Sequence[x509.Certificate], *, with_timestamp: bool) -> int:
        """Hex size of the /Contents placeholder; generous so no retry is ever needed."""
        certs = sum(len(c.tbs_certificate_bytes) + len(c.signature) + 64 for c in chain)
        key_size = getattr(chain[0].public_key(), "key_size", 4096)
        total = certs + 2 * (key_size // 8) + _CMS_OVERHEAD
        if with_timestamp:
            total += _TIMESTAMP_ALLOWANCE
        return 2 * total


def _der(tag: int, content: bytes) -> bytes:
    """One DER TLV (definite length)."""
    size = len(content)
    if size < 0x80:
        return bytes((tag, size)) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(length))) + length + content


def _der_set_of(items: Sequence[bytes], tag: int = 0x31) -> bytes:
    # X.690 11.6: the components of a DER SET OF are in ascending order of encoding.
    return _der(tag, b"".join(sorted(items)))


_DER_V1 = _der(0x02, b"\x01")
_ID_DATA = core.ObjectIdentifier("1.2.840.113549.1.7.1").dump()
_ID_SIGNED_DATA = core.ObjectIdentifier("1.2.840.113549.1.7.2").dump()
_ID_MESSAGE_DIGEST = core.ObjectIdentifier("1.2.840.113549.1.9.4").dump()


def _is_plain_pades(signer, digest_algorithm, dry_run, use_pades, attr_settings, encap) -> bool:
    """The case the DER fast path reproduces byte for byte (see tests/signing)."""
    return (
        use_pades
        and not dry_run
        and encap is None
        and digest_algorithm.lower() == "sha256"
        and not signer.attribute_certs
        and signer.signed_attr_prov_spec is None
        and signer.unsigned_attr_prov_spec is None
        and (
            attr_settings is None
            or (
                attr_settings.cades_signed_attrs is None
                and getattr(attr_settings, "adobe_revinfo_attr", None) is None
            )
        )
    )


@dataclass(frozen=True)
class _CmsParts:
    """DER of everything in a PAdES CMS that does not change between signatures."""

    content_type_attr: bytes
    signing_cert_attr: bytes
    signer_id: bytes
    digest_algorithm: bytes
    signature_algorithm: bytes
    certificates: bytes

    @classmethod
    def for_signer(cls, signer: PreparedSigner) -> _CmsParts:
        cert = signer.signing_cert
        certs = {c.dump(): None for c in [cert, *signer.chain_asn1]}
        sid = cms.IssuerAndSerialNumber(
            {"issuer": cert.issuer, "serial_number": cert.serial_number}
        )
        return cls(
            content_type_attr=simple_cms_attribute("content_type", "data").dump(),
            signing_cert_attr=simple_cms_attribute(
                "signing_certificate_v2", as_signing_certificate_v2(cert)
            ).dump(),
            signer_id=sid.dump(),
            digest_algorithm=algos.DigestAlgorithm({"algorithm": "sha256"}).dump(),
            signature_algorithm=signer.get_signature_mechanism_for_digest("sha256").dump(),
            certificates=_der_set_of(list(certs), tag=0xA0),
        )

    def signed_attrs(self, data_digest: bytes) -> bytes:
        """The SET OF signed attributes, DER as signed (RFC 5652 §5.4)."""
        digest_attr = _der(0x30, _ID_MESSAGE_DIGEST + _der(0x31, _der(0x04, data_digest)))
        return _der_set_of([self.content_type_attr, digest_attr, self.signing_cert_attr])

    def content_info(self, signed_attrs: bytes, signature: bytes, unsigned: bytes) -> bytes:
        # In SignerInfo the signed attributes are [0] IMPLICIT: same content, tag A0.
        attrs_content = _strip_tl(signed_attrs)
        signer_info = _der(
            0x30,
            _DER_V1
            + self.signer_id
            + self.digest_algorithm
            + _der(0xA0, attrs_content)
            + self.signature_algorithm
            + _der(0x04, signature)
            + unsigned,
        )
        signed_data = _der(
            0x30,
            _DER_V1
            + _der(0x31, self.digest_algorithm)
            + _der(0x30, _ID_DATA)
            + self.certificates
            + _der(0x31, signer_info),
        )
        return _der(0x30, _ID_SIGNED_DATA + _der(0xA0, signed_data))


def _strip_tl(der: bytes) -> bytes:
    """Content octets of one DER TLV."""
    first = der[1]
    header = 2 if first < 0x80 else 2 + (first & 0x7F)
    return der[header:]


@dataclass(frozen=True)
class StampSpec:
    """Visible stamp: who signed, for which organization, when, and the QR link."""

    signer_name: str
    organization: str
    verification_url: str
    title: str = ""  # Decree 30/2020 signature block: "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"...
    page: int = -1  # page index; -1 = last page
    box: tuple[int, int, int, int] = DEFAULT_STAMP_BOX
    signed_at: dt.datetime | None = None


class RunsQRStamp(QRStamp):
    """pyHanko's QR stamp, the symbol encoded with a fixed mask and drawn as merged runs.

    Stock pyHanko lets ``qrcode`` try all eight masks and draws one rectangle per
    module; both showed up in the signing profile.
    """

    def _qr_xobject(self):
        matrix = qr_matrix(self.url, mask=QR_MASK)
        n = len(matrix)
        unit, quiet = QR_MODULE_UNITS, QR_QUIET_ZONE * QR_MODULE_UNITS
        ops = [b"0 0 0 rg", b"%d 0 0 %d %d %d cm" % (unit, -unit, quiet, quiet + n * unit)]
        ops += [b"%d %d %d 1 re" % (col, row, width) for row, col, width in qr_runs(matrix)]
        ops.append(b"f")
        size = n * unit + 2 * quiet
        xobject = init_xobject_dictionary(b"\n".join(ops), size, size)
        xobject.compress()
        return self.writer.add_object(xobject), size


@dataclass(frozen=True)
class RunsQRStampStyle(QRStampStyle):
    def create_stamp(self, writer, box, text_params: dict) -> QRStamp:
        try:
            url = text_params.pop("url")
        except KeyError:
            raise layout.LayoutError("A QR stamp needs a 'url' text parameter.") from None
        return RunsQRStamp(writer, style=self, url=url, text_params=text_params, box=box)


def stamp_style_kwargs() -> dict:
    # Be Vietnam Pro has 1000 units per em, which pyHanko's glyph accumulator assumes.
    font = stamp_font_factory(STAMP_FONT_SIZE)
    text_style = TextBoxStyle(font=font, font_size=STAMP_FONT_SIZE, leading=9)
    return {
        "stamp_text": "%(body)s",
        "text_box_style": text_style,
        "border_width": 1,
        "background": None,
    }


@functools.cache
def stamp_style() -> QRStampStyle:
    return RunsQRStampStyle(**stamp_style_kwargs())


def human_time(moment: dt.datetime) -> str:
    """ "05:37:44 ngày 02/12/2026 (+07:00)": the stamp's time in words people read, offset kept
    (Decree 30/2020 asks for the time with its +07:00 offset)."""
    offset = moment.strftime("%z")
    return f"{moment:%H:%M:%S} ngày {moment:%d/%m/%Y} ({offset[:3]}:{offset[3:]})"


def stamp_text(spec: StampSpec, *, is_test: bool) -> str:
    signed_at = (spec.signed_at or now_vn()).astimezone(VN_TZ).replace(microsecond=0)
    lines = [spec.title] if spec.title else []
    lines += [
        f"Người ký: {spec.signer_name}",
        f"Cơ quan: {spec.organization}",
        f"Thời gian ký: {human_time(signed_at)}",
    ]
    if is_test:
        lines.append("TEST - chữ ký thử nghiệm, không có giá trị pháp lý")
    return "\n".join(lines)


class TestTimeStamper(timestamps.DummyTimeStamper):
    """In-process TSA for the TEST CA: pyHanko's ``DummyTimeStamper`` with the key parsed once.

    The stock class re-parses the TSA key for every token (RSA key checks cost ~10 ms).
    """

    __test__ = False  # not a pytest test class

    def __init__(self, tsa_key: rsa.RSAPrivateKey, tsa_cert: x509.Certificate, chain=()):
        der = tsa_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        super().__init__(
            tsa_cert=to_asn1(tsa_cert),
            tsa_key=asn1_keys.PrivateKeyInfo.load(der),
            certs_to_embed=SimpleCertificateStore.from_certs([to_asn1(c) for c in chain]),
        )
        self._parsed_key = tsa_key

    def _sign_tst_info(self, tst_info_data: bytes, md_algorithm: str, moment):
        signed_attrs = tst_signed_attributes(self.tsa_cert, tst_info_data, md_algorithm, moment)
        hash_algo = get_pyca_cryptography_hash(md_algorithm)
        signature = self._parsed_key.sign(signed_attrs.dump(), padding.PKCS1v15(), hash_algo)
        return signature, signed_attrs


def tst_signed_attributes(tsa_cert, tst_info_data: bytes, md_algorithm: str, moment):
    """Signed attributes of a timestamp token, as ``DummyTimeStamper`` builds them."""
    digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
    digest.update(tst_info_data)
    return cms.CMSAttributes(
        [
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(moment)})),
            simple_cms_attribute("signing_certificate", as_signing_certificate(tsa_cert)),
            simple_cms_attribute("message_digest", digest.finalize()),
        ]
    )


def make_test_timestamper(
    tsa_key: rsa.RSAPrivateKey, tsa_cert: x509.Certificate, chain: Sequence[x509.Certificate] = ()
) -> timestamps.TimeStamper:
    """In-process TSA for the TEST CA (B-T/B-LT in the embedded mode and the tests)."""
    return TestTimeStamper(tsa_key, tsa_cert, chain)


def make_http_timestamper(url: str, *, timeout: int = 10) -> timestamps.TimeStamper:
    """RFC 3161 timestamp authority reached over HTTP(S)."""
    return RequestsHTTPTimeStamper(url, timeout=timeout)


def signature_metadata(
    field_name: str,
    profile: str,
    validation_context: ValidationContext | None,
    reason: str | None = None,
) -> signers.PdfSignatureMetadata:
    if profile not in PROFILES:
        raise SigningError("signing.bad_profile", f"Hồ sơ chữ ký không hợp lệ: {profile}.")
    if profile == "B-LT" and validation_context is None:
        raise SigningError(
            "signing.revinfo_missing", "Hồ sơ B-LT cần dữ liệu thu hồi (CRL/OCSP) để nhúng."
        )
    return signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        embed_validation_info=profile == "B-LT",
        validation_context=validation_context if profile == "B-LT" else None,
        use_pades_lta=False,
    )


def field_spec(field_name: str, stamp: StampSpec | None, pdf_writer) -> fields.SigFieldSpec:
    if stamp is None:
        return fields.SigFieldSpec(field_name)
    page = stamp.page
    if page < 0:
        page = int(pdf_writer.root["/Pages"]["/Count"]) + page
    return fields.SigFieldSpec(field_name, on_page=page, box=stamp.box)


def appearance_params(stamp: StampSpec | None, *, is_test: bool) -> dict | None:
    if stamp is None:
        return None
    return {"body": stamp_text(stamp, is_test=is_test), "url": stamp.verification_url}


def build_pdf_signer(
    signer: signers.Signer,
    meta: signers.PdfSignatureMetadata,
    *,
    profile: str,
    timestamper: timestamps.TimeStamper | None,
    new_field: fields.SigFieldSpec,
    visible: bool,
    style: QRStampStyle | None = None,
) -> signers.PdfSigner:
    if profile != "B-B" and timestamper is None:
        raise SigningError(
            "signing.tsa_required", "Hồ sơ B-T/B-LT cần máy chủ cấp dấu thời gian (TSA)."
        )
    return signers.PdfSigner(
        meta,
        signer,
        timestamper=timestamper if profile != "B-B" else None,
        stamp_style=(style or stamp_style()) if visible else None,
        new_field_spec=new_field,
    )


def start_signing(
    pdf_bytes: bytes,
    signer: signers.Signer,
    *,
    field_name: str,
    profile: str,
    timestamper: timestamps.TimeStamper | None,
    stamp: StampSpec | None,
    is_test: bool,
    bytes_reserved: int,
    validation_context: ValidationContext | None = None,
    reason: str | None = None,
) -> tuple[signers.PdfSigner, IncrementalPdfFileWriter, dict]:
    """Writer and ``PdfSigner`` for one signature, plus the keyword arguments to sign with.

    Shared by local signing (:func:`sign_pdf`) and the two-step remote flow.
    """
    meta = signature_metadata(field_name, profile, validation_context, reason)
    writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes))
    pdf_signer = build_pdf_signer(
        signer,
        meta,
        profile=profile,
        timestamper=timestamper,
        new_field=field_spec(field_name, stamp, writer),
        visible=stamp is not None,
    )
    sign_kwargs = {
        "bytes_reserved": bytes_reserved,
        "appearance_text_params": appearance_params(stamp, is_test=is_test),
    }
    return pdf_signer, writer, sign_kwargs


def sign_pdf(
    pdf_bytes: bytes,
    signer: PreparedSigner,
    *,
    field_name: str,
    profile: Profile = "B-T",
    timestamper: timestamps.TimeStamper | None = None,
    validation_context: ValidationContext | None = None,
    stamp: StampSpec | None = None,
    reason: str | None = None,
) -> bytes:
    """Sign ``pdf_bytes`` in an incremental update and return the signed PDF."""
    pdf_signer, writer, sign_kwargs = start_signing(
        pdf_bytes,
        signer,
        field_name=field_name,
        profile=profile,
        timestamper=timestamper,
        stamp=stamp,
        is_test=signer.is_test,
        bytes_reserved=signer.bytes_reserved(with_timestamp=profile != "B-B"),
        validation_context=validation_context,
        reason=reason,
    )
    return pdf_signer.sign_pdf(writer, **sign_kwargs).getvalue()


def revocation_context(
    trust_roots: Sequence[x509.Certificate],
    *,
    intermediates: Sequence[x509.Certificate] = (),
    crls: Sequence[bytes] = (),
) -> ValidationContext:
    """Validation context for B-LT: trust roots plus preloaded CRLs, no network."""
    return ValidationContext(
        trust_roots=[to_asn1(c) for c in trust_roots],
        other_certs=[to_asn1(c) for c in intermediates],
        crls=list(crls),
        allow_fetching=False,
        revocation_mode="hard-fail",
    )
