"""Verification of signed results for the verification page and API (SPEC §3).

pyHanko's ``bottom_line`` alone is not enough: a form-field change made after the last
signature can leave it true. The overall status therefore also reads each signature's
coverage and modification level. Nothing raised while reading a hostile file escapes:
it becomes ``not_pdf`` / ``malformed``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from io import BytesIO

from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from danvan.signing.keys import to_asn1
from danvan.signing.pades import VN_TZ

logger = logging.getLogger(__name__)

STATUSES = (
    "valid",
    "invalid",
    "modified",
    "untrusted",
    "revoked",
    "no_signature",
    "not_pdf",
    "malformed",
)
# Worst first: the overall status is the worst status of any signature.
_SEVERITY = ("malformed", "invalid", "modified", "revoked", "untrusted", "valid")

_STATUS_VI = {
    "valid": "Tài liệu có {n} chữ ký số hợp lệ và không bị sửa đổi sau khi ký.",
    "invalid": "Chữ ký số không hợp lệ: nội dung đã bị thay đổi hoặc chữ ký bị hỏng.",
    "modified": "Tài liệu đã bị sửa đổi sau khi ký.",
    "untrusted": "Chứng thư số của người ký không do tổ chức chứng thực tin cậy cấp.",
    "revoked": (
        "Chứng thư số của người ký đã bị thu hồi, và không có dấu thời gian tin cậy "
        "chứng minh chữ ký được tạo trước thời điểm thu hồi."
    ),
    "no_signature": "Tài liệu không có chữ ký số.",
    "not_pdf": "Tệp tải lên không phải là tệp PDF.",
    "malformed": "Tệp PDF bị hỏng hoặc chữ ký số có cấu trúc không hợp lệ.",
}

# Signing keys may carry digitalSignature or nonRepudiation (Decree 68/2024 profiles).
_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})


@dataclass
class SignatureReport:
    field_name: str
    status: str
    signer_common_name: str | None = None
    organization: str | None = None
    certificate_serial: str | None = None
    certificate_sha256: str | None = None
    signing_time: str | None = None
    timestamp_present: bool = False
    timestamp_time: str | None = None
    trusted: bool = False
    revoked: bool = False
    revoked_later: bool = False
    revoked_at: str | None = None
    expired: bool = False
    expired_later: bool = False
    expired_at: str | None = None
    intact: bool = False
    coverage: str | None = None
    modification_level: str | None = None
    summary_vi: str = ""


@dataclass
class VerificationReport:
    status: str
    summary_vi: str
    signatures: list[SignatureReport] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _vn_iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VN_TZ).replace(microsecond=0).isoformat()


def _name_attr(cert, attr: str) -> str | None:
    value = cert.subject.native.get(attr)
    if isinstance(value, list):
        return ", ".join(value)
    return value


def _fill_certificate(report: SignatureReport, cert) -> None:
    report.signer_common_name = _name_attr(cert, "common_name")
    report.organization = _name_attr(cert, "organization_name")
    report.certificate_serial = format(cert.serial_number, "x")
    report.certificate_sha256 = hashlib.sha256(cert.dump()).hexdigest()


def classify_signature(status: PdfSignatureStatus, *, is_last: bool) -> str:
    """Status of one signature from integrity, coverage, changes after it and trust."""
    if not (status.intact and status.valid):
        return "invalid"
    level = status.modification_level
    # The last signature may only be followed by DSS/timestamp updates; earlier ones
    # also by form filling, which the later signature then covers (Decree 30/2020:
    # official first, organization seal second).
    allowed = ModificationLevel.LTA_UPDATES if is_last else ModificationLevel.FORM_FILLING
    if (
        status.coverage is None
        or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION
        or level is None
        or level > allowed
        or status.docmdp_ok is False
    ):
        return "modified"
    if status.revoked:
        return "revoked"
    if not status.trusted:
        return "untrusted"
    return "valid"


def _signature_summary(report: SignatureReport) -> str:
    who = report.signer_common_name or "(không rõ)"
    when = report.signing_time or "(không rõ thời điểm)"
    summary = f"Chữ ký của {who} lúc {when}: " + _STATUS_VI[report.status].format(n=1)
    if report.revoked_later:
        summary += (
            f" Chứng thư số đã bị thu hồi sau thời điểm ký (lúc {report.revoked_at}); "
            f"dấu thời gian {report.timestamp_time} chứng minh chữ ký có trước đó."
        )
    if report.expired_later:
        summary += (
            f" Chứng thư số đã hết hạn sau thời điểm ký (lúc {report.expired_at}); "
            "chữ ký vẫn hợp lệ vì có dấu thời gian tin cậy."
        )
    elif report.expired and report.timestamp_time and report.expired_at < report.timestamp_time:
        # Both in +07:00 with the same layout: the strings compare as the times do.
        summary += (
            f" Chứng thư số đã hết hạn (lúc {report.expired_at}) trước thời điểm ký "
            "theo dấu thời gian."
        )
    elif report.expired:
        summary += (
            f" Chứng thư số đã hết hạn (lúc {report.expired_at}) và không có dấu thời gian "
            "tin cậy chứng minh chữ ký được tạo khi chứng thư còn hiệu lực."
        )
    return summary


def _revocation_time(status: PdfSignatureStatus) -> dt.datetime | None:
    details = status.revocation_details
    return details.revocation_date if details is not None else None


def _not_after(status: PdfSignatureStatus) -> dt.datetime:
    return status.signing_cert.not_valid_after


def _not_before(status: PdfSignatureStatus) -> dt.datetime:
    return status.signing_cert.not_valid_before


def _expired_at(status: PdfSignatureStatus, at: dt.datetime) -> dt.datetime | None:
    """End of the signer certificate's validity if it lies before ``at``."""
    not_after = _not_after(status)
    return not_after if not_after < at else None


def _build_signature_report(
    status: PdfSignatureStatus,
    name: str,
    is_last: bool,
    revoked_at: dt.datetime | None = None,
    *,
    expired_at: dt.datetime | None = None,
    expired_later: bool = False,
):
    report = SignatureReport(field_name=name, status=classify_signature(status, is_last=is_last))
    report.revoked_later = revoked_at is not None
    report.revoked_at = _vn_iso(revoked_at or _revocation_time(status))
    report.expired = expired_at is not None and not expired_later
    report.expired_later = expired_later
    report.expired_at = _vn_iso(expired_at)
    _fill_certificate(report, status.signing_cert)
    report.signing_time = _vn_iso(status.signer_reported_dt)
    ts = status.timestamp_validity
    report.timestamp_present = ts is not None
    report.timestamp_time = _vn_iso(ts.timestamp) if ts is not None else None
    report.trusted = bool(status.trusted)
    report.revoked = bool(status.revoked)
    report.intact = bool(status.intact)
    report.coverage = status.coverage.name if status.coverage is not None else None
    level = status.modification_level
    report.modification_level = level.name if level is not None else None
    report.summary_vi = _signature_summary(report)
    return report


def _validation_context(reader, trust_roots, crls, moment=None) -> ValidationContext:
    kwargs = {
        "trust_roots": [to_asn1(c) for c in trust_roots],
        "crls": list(crls or ()),
        "allow_fetching": False,
        "revocation_mode": "soft-fail",
    }
    if moment is not None:
        # Point-in-time validation: revocation dated after ``moment`` does not count, and
        # the CRLs we hold (issued later) may speak about that earlier time.
        kwargs.update(moment=moment, retroactive_revinfo=True)
    try:
        return DocumentSecurityStore.read_dss(reader).as_validation_context(kwargs)
    except NoDSSFoundError:
        return ValidationContext(**kwargs)


def _trusted_timestamp(status: PdfSignatureStatus) -> dt.datetime | None:
    """Signing time we can rely on: a valid timestamp token from a trusted TSA.

    The time the signer's own software wrote (/M, signingTime) proves nothing: a
    holder of a revoked key could backdate it.
    """
    ts = status.timestamp_validity
    if ts is None or not (ts.intact and ts.valid and ts.trusted):
        return None
    return ts.timestamp


async def _validate_at(embedded, reader, trust_roots, crls, moment=None) -> PdfSignatureStatus:
    """Validate one signature as of ``moment`` (``None``: now)."""
    # A fresh context per validation: contexts cache path validation results.
    return await async_validate_pdf_signature(
        embedded,
        signer_validation_context=_validation_context(reader, trust_roots, crls, moment),
        key_usage_settings=_KEY_USAGE,
    )


async def _validate_one(embedded, reader, trust_roots, crls, is_last, at) -> SignatureReport:
    """SPEC §3: trusted and not revoked *at signing time*.

    A certificate revoked after a trusted timestamp leaves the signature valid (with a
    note); revoked before it, or revoked with no trusted timestamp at all, it is not.
    Expiry is judged the same way: expired after a trusted timestamp → valid with a note;
    expired (or not yet valid) at the timestamp's time, or expired with no trusted
    timestamp at all (a self-declared signing time can be backdated) → not valid.
    """
    name = embedded.field_name
    try:
        status = await _validate_at(embedded, reader, trust_roots, crls, at)
        now = at or dt.datetime.now(dt.UTC)
        expired_at = _expired_at(status, now)
        moment = _trusted_timestamp(status)
        if moment is not None and (
            status.revoked
            or expired_at is not None
            or _not_before(status) > moment
            or _not_after(status) < moment
        ):
            at_signing = await _validate_at(embedded, reader, trust_roots, crls, moment)
            if at_signing.trusted and not at_signing.revoked:
                return _build_signature_report(
                    at_signing,
                    name,
                    is_last,
                    revoked_at=_revocation_time(status) if status.revoked else None,
                    expired_at=expired_at,
                    expired_later=expired_at is not None,
                )
            if not status.revoked:
                # Not trusted at the time the trusted timestamp proves (expired, not yet
                # valid, revoked by then): that judgement stands, whatever holds now.
                report = _build_signature_report(
                    at_signing, name, is_last, expired_at=_expired_at(at_signing, moment)
                )
                if _not_before(at_signing) > moment:
                    report.summary_vi += (
                        " Chứng thư số chưa có hiệu lực tại thời điểm ký theo dấu thời gian "
                        f"(hiệu lực từ {_vn_iso(_not_before(at_signing))})."
                    )
                return report
        return _build_signature_report(status, name, is_last, expired_at=expired_at)
    except Exception:  # noqa: BLE001 - a hostile file must never become a server error
        logger.info("signature %s could not be validated", name, exc_info=True)
        report = SignatureReport(field_name=name, status="malformed")
        report.summary_vi = f"Chữ ký {name}: " + _STATUS_VI["malformed"]
        return report


def _open_reader(pdf_bytes: bytes) -> tuple[PdfFileReader | None, str | None]:
    if not pdf_bytes.lstrip()[:5].startswith(b"%PDF-"):
        return None, "not_pdf"
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes))
        _ = reader.embedded_signatures  # listing can raise on a malformed dictionary
    except Exception:  # noqa: BLE001
        logger.info("PDF could not be read for verification", exc_info=True)
        return None, "malformed"
    return reader, None


def _overall(reports: Sequence[SignatureReport]) -> str:
    if not reports:
        return "no_signature"
    present = {r.status for r in reports}
    return next(s for s in _SEVERITY if s in present)


async def _verify(pdf_bytes, trust_roots, crls, at=None) -> VerificationReport:
    reader, problem = _open_reader(pdf_bytes)
    if reader is None:
        return VerificationReport(status=problem, summary_vi=_STATUS_VI[problem])
    embedded = list(reader.embedded_signatures)
    reports = []
    for index, sig in enumerate(embedded):
        is_last = index == len(embedded) - 1
        reports.append(await _validate_one(sig, reader, trust_roots, crls, is_last, at))
    status = _overall(reports)
    return VerificationReport(
        status=status,
        summary_vi=_STATUS_VI[status].format(n=len(reports)),
        signatures=reports,
    )


def verify_pdf(
    pdf_bytes: bytes,
    trust_roots: Sequence[x509.Certificate],
    *,
    crls: Sequence[bytes] | None = None,
    at: dt.datetime | None = None,
) -> VerificationReport:
    """Verify every signature of ``pdf_bytes``; never raises on bad input.

    ``at`` (aware datetime) verifies as of another moment than now; for tests only.
    """
    try:
        return asyncio.run(_verify(pdf_bytes, trust_roots, crls, at))
    except Exception:  # noqa: BLE001
        logger.warning("verification failed unexpectedly", exc_info=True)
        return VerificationReport(status="malformed", summary_vi=_STATUS_VI["malformed"])


def verify_pdf_to_dict(
    pdf_bytes: bytes, roots_der: Sequence[bytes], crls: Sequence[bytes] | None = None
) -> dict:
    """verify_pdf with picklable arguments and result: what a sandboxed child process runs.

    pyHanko logs a warning with a traceback for every revision it cannot reconcile (an overlay,
    a shadow attack): for a tampered file that is the verdict itself, already in the report, so
    the child keeps pyHanko's warnings out of the server log and the `danvan verify` output."""
    roots = [x509.load_der_x509_certificate(der) for der in roots_der]
    logging.getLogger("pyhanko").setLevel(logging.ERROR)  # this child process only
    return verify_pdf(pdf_bytes, roots, crls=crls).to_dict()
