"""Public verification API (no login, rate limited):

POST /api/v1/public/verify          multipart field ``file`` → verification report.
    A file that is not a PDF is answered 200 with status ``not_pdf`` (the report is the answer);
    over 20 MB → 413; no file → 422. Never 500: the verifier never raises.
GET  /api/v1/public/trust-roots     the trusted root certificates (PEM, subject, SHA-256).
GET  /api/v1/public/results/{id}    the verification of a result signed here, by its public id.
"""

import dataclasses
import typing
import uuid

from cryptography.hazmat.primitives import serialization
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from pydantic import create_model

from danvan.core.errors import DomainError, NotFound
from danvan.core.ratelimit import limit_public
from danvan.signing import services
from danvan.signing.verify import SignatureReport

router = Router(auth=None)

MAX_VERIFY_BYTES = 20 * 1024 * 1024


def schema_of(report_class, *, name: str, exclude: tuple[str, ...] = ()) -> type[Schema]:
    """Response schema with the fields (types, defaults) of a report dataclass.

    The verifier's dataclass stays the one definition of what a report holds.
    """
    hints = typing.get_type_hints(report_class)
    fields = {
        f.name: (hints[f.name], ... if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(report_class)
        if f.name not in exclude
    }
    return create_model(name, __base__=Schema, **fields)


# Internal diagnostics (pyHanko coverage and modification levels) stay off the public API.
SignatureOut = schema_of(
    SignatureReport,
    name="SignatureOut",
    exclude=("certificate_serial", "coverage", "modification_level"),
)


class ReportOut(Schema):
    status: str
    summary_vi: str
    signatures: list[SignatureOut]
    public_id: str | None = None


class TrustRootOut(Schema):
    subject: str
    sha256: str
    pem: str
    not_after: str


class ResultOut(ReportOut):
    signed_at: str
    sealed_at: str | None = None
    signer: str
    title_lines: list[str]
    verification_count: int


def read_upload(file: UploadedFile) -> bytes:
    if file.size and file.size > MAX_VERIFY_BYTES:
        raise DomainError("verify.too_large", "Tệp quá lớn (tối đa 20 MB).", status=413)
    data = file.read(MAX_VERIFY_BYTES + 1)
    if len(data) > MAX_VERIFY_BYTES:
        raise DomainError("verify.too_large", "Tệp quá lớn (tối đa 20 MB).", status=413)
    return data


@router.post("/verify", response=ReportOut, summary="Kiểm tra chữ ký số của một tệp PDF")
def verify_upload(request, file: File[UploadedFile]):
    limit_public(request, "verify")
    return services.verify(read_upload(file))


@router.get("/trust-roots", response=list[TrustRootOut], summary="Chứng thư gốc được tin cậy")
def trust_roots(request):
    return [
        {
            "subject": c.subject.rfc4514_string(),
            "sha256": services.fingerprint(c),
            "pem": c.public_bytes(serialization.Encoding.PEM).decode(),
            "not_after": c.not_valid_after_utc.isoformat(),
        }
        for c in services.trust_roots()
    ]


def parse_public_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound(
            "signing.result_not_found", "Không tìm thấy văn bản với mã xác thực này."
        ) from None


@router.get(
    "/results/{public_id}", response=ResultOut, summary="Kết quả xác thực theo mã trên tem chữ ký"
)
def result(request, public_id: str):
    limit_public(request, "verify")
    doc = services.document_by_public_id(parse_public_id(public_id))
    report = services.verify_stored(doc)
    return {
        **report,
        "signed_at": doc.signed_at.isoformat(),
        "sealed_at": doc.sealed_at.isoformat() if doc.sealed_at else None,
        "signer": doc.signer.full_name or doc.signer.get_username(),
        "title_lines": doc.title_lines,
        "verification_count": doc.verification_count,
    }
