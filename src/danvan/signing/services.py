"""The signing services other apps call: credentials, PINs, authority, signing, sealing, verifying.

Private keys are stored encrypted (keys.encrypt_key) and decrypted only for one signature.
In the embedded mode the TEST CA under VAR_DIR/test-ca is trusted and provides the TSA.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Role
from danvan.accounts.scope import has_role
from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core.errors import DomainError, Forbidden, NotFound
from danvan.signing import keys, pades, testca
from danvan.signing.models import (
    CredentialKind,
    Delegation,
    SignedDocument,
    SigningCredential,
    SigningPin,
)
from danvan.signing.verify import VerificationReport, verify_pdf_to_dict
from danvan.units.models import path_ids

log = logging.getLogger(__name__)

MAX_PIN_FAILURES = 3
PIN_LOCK = dt.timedelta(minutes=15)
OFFICIAL_FIELD, SEAL_FIELD = "ChuKyLanhDao", "DauCoQuan"
SEAL_BOX = (330, 130, 570, 200)

register("signing.credential_imported", _("Nhập chứng thư ký số ({kind}, {fingerprint})"))
register("signing.pin_set", _("Đặt mã PIN ký số"))
register("signing.pin_failed", _("Nhập sai mã PIN ký số (lần {failures})"))
register("signing.pin_locked", _("Khóa ký số 15 phút do nhập sai mã PIN nhiều lần"))
register("signing.signed", _("Ký số văn bản {public_id}"))
register("signing.sealed", _("Đóng dấu số văn bản {public_id}"))


@dataclass(frozen=True)
class Authorization:
    """Proof that ``user`` confirmed with their PIN at ``at``: for one signature, or one batch.

    Only ``confirm`` (after a PIN check) and the batch runner (from a batch row that was created
    after a PIN check) make one; the *_authorized functions below refuse anyone else's.
    """

    user: object
    at: dt.datetime
    batch_id: int | None = None
    profile: str = ""  # the PAdES profile of the batch; "" = SIGNING_PROFILE


# --- trust -----------------------------------------------------------------------------------


def test_ca_dir() -> Path:
    return Path(settings.VAR_DIR) / "test-ca"


@functools.cache
def _test_ca(directory: str) -> testca.TestCA:
    return testca.create_test_ca(directory)


def ensure_test_ca() -> testca.TestCA:
    """The embedded TEST CA (created on first use under VAR_DIR/test-ca)."""
    return _test_ca(str(test_ca_dir()))


def _configured_roots() -> list[x509.Certificate]:
    roots: list[x509.Certificate] = []
    for path in getattr(settings, "SIGNING_TRUST_ROOT_FILES", []) or []:
        roots += x509.load_pem_x509_certificates(Path(path).read_bytes())
    return roots


def trust_roots() -> list[x509.Certificate]:
    """The TEST CA root (embedded mode) plus any roots configured in SIGNING_TRUST_ROOT_FILES."""
    roots = _configured_roots()
    if settings.SIGNING_TRUST_TEST_CA:
        roots.insert(0, ensure_test_ca().root_cert)
    return roots


def _crls() -> list[bytes]:
    return [ensure_test_ca().crl_der()]


def _master_key() -> str:
    return (
        settings.SIGNING_KEY_ENCRYPTION_KEY
        or hashlib.sha256(("danvan.signing:" + settings.SECRET_KEY).encode()).hexdigest()
    )


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _pem(certs) -> str:
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in certs)


def _organization(cert: x509.Certificate) -> str:
    attrs = cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)
    return str(attrs[0].value) if attrs else ""


# --- credentials and PINs --------------------------------------------------------------------


def import_pkcs12(user, data: bytes, password: str, kind: str, *, by) -> SigningCredential:
    """Validate a PKCS#12 against the trust roots and store it (key encrypted at rest)."""
    if kind not in CredentialKind.values:
        raise DomainError("signing.bad_kind", "Loại chứng thư không hợp lệ.", status=422)
    try:
        cred = keys.load_pkcs12(data, password, trust_roots())
    except keys.CertificateError as exc:
        raise DomainError(exc.code, exc.message_vi, status=422) from None
    cert = cred.certificate
    with transaction.atomic():
        SigningCredential.objects.filter(user=user, kind=kind, active=True).update(active=False)
        stored = SigningCredential.objects.create(
            user=user,
            kind=kind,
            organization=_organization(cert),
            certificate_pem=_pem([cert]),
            chain_pem=_pem(cred.chain),
            encrypted_key=keys.encrypt_key(cred.private_key_pem(), _master_key()),
            fingerprint=fingerprint(cert),
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
            is_test=ensure_test_ca().is_test_certificate(cert),
        )
        record(
            "signing.credential_imported",
            actor=by,
            obj=stored,
            data={"kind": kind, "fingerprint": stored.fingerprint[:16], "for": user.get_username()},
        )
    return stored


def _credential(user, kind: str) -> SigningCredential:
    now = timezone.now()
    cred = SigningCredential.objects.filter(
        user=user, kind=kind, active=True, not_before__lte=now, not_after__gt=now
    ).first()
    if cred is None:
        raise DomainError(
            "signing.no_credential",
            "Chưa có chứng thư ký số còn hiệu lực cho loại chữ ký này.",
            status=409,
        )
    return cred


# Within a batch the decrypted, parsed key is kept for the batch's duration only (parsing an RSA
# key costs about 40 ms, a B-B signature about 10 ms); outside a batch nothing is kept.
_KEPT: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "danvan_signing_kept", default=None
)


@contextlib.contextmanager
def keep_signers():
    token = _KEPT.set({})
    try:
        yield
    finally:
        _KEPT.reset(token)


def _prepared_signer(cred: SigningCredential) -> pades.PreparedSigner:
    kept = _KEPT.get()
    key_id = (cred.pk, cred.fingerprint)
    if kept is not None and key_id in kept:
        return kept[key_id]
    key = keys.load_private_key_pem(keys.decrypt_key(bytes(cred.encrypted_key), _master_key()))
    cert = x509.load_pem_x509_certificate(cred.certificate_pem.encode())
    chain = x509.load_pem_x509_certificates(cred.chain_pem.encode()) if cred.chain_pem else []
    prepared = pades.PreparedSigner(key, cert, chain, is_test=cred.is_test)
    if kept is not None:
        kept[key_id] = prepared
    return prepared


def set_pin(user, pin: str) -> None:
    if not (pin.isdigit() and 6 <= len(pin) <= 8):
        raise DomainError("signing.pin_format", "Mã PIN phải gồm 6 đến 8 chữ số.", status=422)
    with transaction.atomic():
        SigningPin.objects.update_or_create(
            user=user,
            defaults={"pin_hash": make_password(pin), "failures": 0, "locked_until": None},
        )
        record("signing.pin_set", actor=user)


def check_pin(user, pin: str, *, obj=None) -> None:
    """Raise signing.pin_locked / pin_wrong / pin_not_set; 3 failures lock signing for 15 minutes.

    ``obj``: what the signature was for (a dossier), named in the audit entry of a failure.
    """
    with transaction.atomic():
        row = SigningPin.objects.select_for_update().filter(user=user).first()
        error = _pin_error(user, row, pin or "", obj)
    if error is not None:
        raise error


def confirm(user, pin: str, *, obj=None) -> Authorization:
    """Check the PIN (audited, committed even if the caller's work fails later) and authorize."""
    check_pin(user, pin, obj=obj)
    return Authorization(user, timezone.now())


def _pin_error(user, row: SigningPin | None, pin: str, obj=None) -> DomainError | None:
    now = timezone.now()
    if row is None:
        return Forbidden("signing.pin_not_set", "Bạn chưa đặt mã PIN ký số.")
    if row.locked_until and row.locked_until > now:
        when = timezone.localtime(row.locked_until).strftime("%H:%M")
        return Forbidden(
            "signing.pin_locked", f"Chức năng ký số tạm khóa đến {when} do nhập sai mã PIN."
        )
    if check_password(pin, row.pin_hash):
        SigningPin.objects.filter(pk=row.pk).update(failures=0, locked_until=None)
        return None
    row.failures += 1
    record("signing.pin_failed", actor=user, obj=obj, data={"failures": row.failures})
    if row.failures >= MAX_PIN_FAILURES:
        row.failures, row.locked_until = 0, now + PIN_LOCK
        record("signing.pin_locked", actor=user, data={"until": row.locked_until.isoformat()})
        row.save(update_fields=["failures", "locked_until"])
        return Forbidden(
            "signing.pin_locked", "Nhập sai mã PIN 3 lần: chức năng ký số bị khóa 15 phút."
        )
    row.save(update_fields=["failures"])
    left = MAX_PIN_FAILURES - row.failures
    return Forbidden("signing.pin_wrong", f"Mã PIN không đúng (còn {left} lần thử).")


# --- authority -------------------------------------------------------------------------------


def authority_for(user, procedure_code: str = "", at: dt.datetime | None = None) -> list[str]:
    """Title lines of the signature block: a valid delegation, else the user's own position."""
    if not has_role(user, Role.SIGNER):
        raise Forbidden("signing.no_authority", "Bạn không có thẩm quyền ký văn bản này.")
    at = at or timezone.now()
    delegations = (
        Delegation.objects.filter(delegate=user, valid_from__lte=at)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
        .order_by("-valid_from")
    )
    for delegation in delegations:
        if delegation.covers(procedure_code, at):
            return list(delegation.title_lines)
    return [user.position.upper()] if user.position else []


# --- signing ---------------------------------------------------------------------------------


def default_profile() -> str:
    return getattr(settings, "SIGNING_PROFILE", "") or "B-T"


def verification_url(public_id) -> str:
    return f"{settings.SITE_URL}/kiem-tra-chu-ky/{public_id}/"


def _timestamper():
    url = getattr(settings, "SIGNING_TSA_URL", "")
    if url:
        return pades.make_http_timestamper(url)
    ca = ensure_test_ca()
    return pades.make_test_timestamper(ca.tsa_key, ca.tsa_cert, ca.chain)


def _apply(
    pdf: bytes, cred: SigningCredential, stamp: pades.StampSpec, field: str, profile: str
) -> bytes:
    try:
        return pades.sign_pdf(
            pdf,
            _prepared_signer(cred),
            field_name=field,
            profile=profile,
            timestamper=_timestamper() if profile != "B-B" else None,
            stamp=stamp,
        )
    except pades.SigningError as exc:
        raise DomainError(exc.code, exc.message_vi, status=422) from None
    except keys.CertificateError as exc:
        raise DomainError(exc.code, exc.message_vi, status=409) from None
    except Exception:  # noqa: BLE001 - hostile or broken PDFs raise anything inside pyHanko
        log.info("signing failed", exc_info=True)
        raise DomainError(
            "signing.bad_pdf", "Không ký được: tệp PDF bị hỏng hoặc không hợp lệ.", status=422
        ) from None


@dataclass
class _Job:
    pdf: bytes
    object_type: str
    object_id: str
    procedure_code: str = ""
    box: tuple | None = None  # (page, x1, y1, x2, y2) of the document's signature area


def _sign_one(job: _Job, *, signer, title: list[str], profile: str) -> SignedDocument:
    cred = _credential(signer, CredentialKind.OFFICIAL)
    public_id = uuid.uuid4()
    now = timezone.now()
    where = {"page": job.box[0], "box": tuple(round(v) for v in job.box[1:])} if job.box else {}
    stamp = pades.StampSpec(
        signer.full_name or signer.get_username(),
        cred.organization,
        verification_url(public_id),
        title="\n".join(title),
        signed_at=now,
        **where,
    )
    signed = _apply(job.pdf, cred, stamp, OFFICIAL_FIELD, profile)
    with transaction.atomic():
        doc = SignedDocument(
            public_id=public_id,
            sha256=hashlib.sha256(signed).hexdigest(),
            signer=signer,
            signed_at=now,
            profile=profile,
            title_lines=title,
            object_type=job.object_type,
            object_id=str(job.object_id),
        )
        doc.file.save(f"{public_id}.pdf", ContentFile(signed), save=False)
        doc.save()
        record(
            "signing.signed",
            actor=signer,
            obj=doc,
            data={
                "public_id": str(public_id),
                "object_type": job.object_type,
                "object_id": str(job.object_id),
            },
        )
    return doc


def sign_document(
    pdf_bytes: bytes,
    *,
    signer,
    pin: str,
    object_type: str,
    object_id: str,
    procedure_code: str = "",
    profile: str = "B-T",
) -> SignedDocument:
    """The competent official's signature with a visible stamp and the verification QR link."""
    title = authority_for(signer, procedure_code)
    check_pin(signer, pin)
    job = _Job(pdf_bytes, object_type, str(object_id), procedure_code)
    return _sign_one(job, signer=signer, title=title, profile=profile)


def seal_document(signed_doc: SignedDocument, *, by, pin: str) -> SignedDocument:
    """The organization's seal as the second signature, applied by the office clerk."""
    _may_seal(by, signed_doc)
    check_pin(by, pin)
    return _seal(signed_doc, by)


def _may_seal(by, signed_doc: SignedDocument) -> None:
    if not has_role(by, Role.OFFICE_CLERK):
        raise Forbidden("signing.no_authority", "Chỉ văn thư được đóng dấu số của cơ quan.")
    if signed_doc.sealed_at:
        raise DomainError("signing.already_sealed", "Văn bản đã được đóng dấu số.", status=409)


def _seal(signed_doc: SignedDocument, by) -> SignedDocument:
    cred = _credential(by, CredentialKind.SEAL)
    with signed_doc.file.open("rb") as fh:
        pdf = fh.read()
    stamp = pades.StampSpec(
        cred.organization,
        cred.organization,
        verification_url(signed_doc.public_id),
        box=SEAL_BOX,
        signed_at=timezone.now(),
    )
    sealed = _apply(pdf, cred, stamp, SEAL_FIELD, signed_doc.profile)
    with transaction.atomic():
        signed_doc.file.save(f"{signed_doc.public_id}-sealed.pdf", ContentFile(sealed), save=False)
        signed_doc.sha256 = hashlib.sha256(sealed).hexdigest()
        signed_doc.seal_by, signed_doc.sealed_at = by, timezone.now()
        signed_doc.save()
        record(
            "signing.sealed",
            actor=by,
            obj=signed_doc,
            data={"public_id": str(signed_doc.public_id)},
        )
    return signed_doc


def _as_job(item) -> _Job:
    if isinstance(item, _Job):
        return item
    return _Job(
        item["pdf"],
        item.get("object_type", ""),
        str(item.get("object_id", "")),
        item.get("procedure_code", ""),
    )


def sign_batch(items, *, signer, pin: str, on_progress=None, profile: str = "B-T") -> list[dict]:
    """Sign many PDFs after one PIN check; each item commits alone (signed or untouched).

    ``items``: dicts with pdf, object_type, object_id, procedure_code. Returns one result per item.
    """
    authority_for(signer)
    check_pin(signer, pin)
    results: list[dict] = []
    for index, item in enumerate(items):
        job = _as_job(item)
        try:
            title = authority_for(signer, job.procedure_code)
            doc = _sign_one(job, signer=signer, title=title, profile=profile)
            results.append(
                {"index": index, "ok": True, "public_id": str(doc.public_id), "id": doc.pk}
            )
        except DomainError as exc:
            results.append({"index": index, "ok": False, "code": exc.code, "message": exc.message})
        if on_progress is not None:
            on_progress(index + 1, len(items))
    return results


# --- signing for another app's object (the dossier result flow, batches) ---------------------


def _require_own(authorization: Authorization, user) -> None:
    if not isinstance(authorization, Authorization) or authorization.user.pk != user.pk:
        raise Forbidden(
            "signing.not_confirmed", "Chưa xác nhận ký số bằng mã PIN của chính người ký."
        )


def sign_authorized(
    pdf_bytes: bytes,
    *,
    authorization: Authorization,
    title: list[str],
    object_type: str,
    object_id,
    profile: str = "",
    box: tuple | None = None,
) -> SignedDocument:
    """The competent official's signature, after ``confirm`` (or a batch) checked the PIN.

    ``title``: the authority lines from ``authority_for``, computed by the caller because the
    document's own signature block shows them too.
    """
    signer = authorization.user
    _require_own(authorization, signer)
    job = _Job(pdf_bytes, object_type, str(object_id), box=box)
    return _sign_one(
        job,
        signer=signer,
        title=title,
        profile=profile or authorization.profile or default_profile(),
    )


def seal_authorized(signed_doc: SignedDocument, *, authorization: Authorization) -> SignedDocument:
    """The office clerk's organization seal on a document the official already signed."""
    by = authorization.user
    _require_own(authorization, by)
    _may_seal(by, signed_doc)
    return _seal(signed_doc, by)


def seal_credential_for(unit) -> SigningCredential:
    """The unit's organization seal: the valid seal credential of an office clerk covering the unit.

    One query (issue 16): a live OFFICE_CLERK grant on the unit or one of its ancestors (the unit's
    materialized path lists their ids), or a superuser holder, as accounts.scope.covers decides."""
    now = timezone.now()
    live_grant = (
        Q(user__grants__role=Role.OFFICE_CLERK)
        & Q(user__grants__unit_id__in=path_ids(unit.path))
        & Q(user__grants__revoked_at__isnull=True)
        & (Q(user__grants__valid_until__isnull=True) | Q(user__grants__valid_until__gt=now))
    )
    cred = (
        SigningCredential.objects.filter(
            live_grant | Q(user__is_superuser=True),
            kind=CredentialKind.SEAL,
            active=True,
            not_before__lte=now,
            not_after__gt=now,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("-created_at", "-pk")
        .first()
    )
    if cred is not None:
        return cred
    raise DomainError(
        "signing.no_unit_seal",
        "Đơn vị chưa có văn thư giữ chứng thư chữ ký số cơ quan (con dấu số) còn hiệu lực.",
        status=409,
    )


def seal_on_spot(
    pdf_bytes: bytes,
    *,
    authorization: Authorization,
    credential: SigningCredential,
    object_type: str,
    object_id,
    profile: str = "",
) -> SignedDocument:
    """A no-wait result: the unit's seal applied at the counter, confirmed with the clerk's own PIN.

    The clerk is recorded as the person who applied it (signer and seal_by); the certificate in
    the PDF is the organization's.
    """
    by = authorization.user
    _require_own(authorization, by)
    if credential.kind != CredentialKind.SEAL:
        raise DomainError("signing.bad_kind", "Chứng thư không phải chữ ký số cơ quan.", status=422)
    public_id, now, profile = uuid.uuid4(), timezone.now(), profile or default_profile()
    stamp = pades.StampSpec(
        credential.organization,
        credential.organization,
        verification_url(public_id),
        box=SEAL_BOX,
        signed_at=now,
    )
    sealed = _apply(pdf_bytes, credential, stamp, SEAL_FIELD, profile)
    with transaction.atomic():
        doc = SignedDocument(
            public_id=public_id,
            sha256=hashlib.sha256(sealed).hexdigest(),
            signer=by,
            signed_at=now,
            seal_by=by,
            sealed_at=now,
            profile=profile,
            object_type=object_type,
            object_id=str(object_id),
        )
        doc.file.save(f"{public_id}-sealed.pdf", ContentFile(sealed), save=False)
        doc.save()
        record(
            "signing.sealed",
            actor=by,
            obj=doc,
            data={
                "public_id": str(public_id),
                "object_type": object_type,
                "object_id": str(object_id),
                "credential": credential.fingerprint[:16],
            },
        )
    return doc


def document_for(object_type: str, object_id) -> SignedDocument | None:
    return (
        SignedDocument.objects.filter(object_type=object_type, object_id=str(object_id))
        .order_by("-signed_at", "-id")
        .first()
    )


# --- verification ----------------------------------------------------------------------------


def verify(pdf_bytes: bytes) -> dict:
    """Verification report (dict) against the trust roots and the TEST CA's CRL; never raises.

    pyHanko reads the (untrusted) PDF in a child process with CPU, memory and time limits
    (danvan.core.sandbox): a hostile file gets a "malformed" answer within the limit and never
    ties up the web worker."""
    from danvan.core.sandbox import Refused, run_limited

    roots_der = [c.public_bytes(serialization.Encoding.DER) for c in trust_roots()]
    try:
        report = run_limited(verify_pdf_to_dict, pdf_bytes, roots_der, _crls())
    except Refused as exc:
        report = VerificationReport(status="malformed", summary_vi=exc.message).to_dict()
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    doc = SignedDocument.objects.filter(sha256=digest).first()
    report["public_id"] = str(doc.public_id) if doc else None
    if doc is not None:
        SignedDocument.objects.filter(pk=doc.pk).update(
            verification_count=F("verification_count") + 1
        )
    return report


def document_by_public_id(public_id) -> SignedDocument:
    doc = (
        SignedDocument.objects.select_related("signer", "seal_by")
        .filter(public_id=public_id)
        .first()
    )
    if doc is None:
        raise NotFound("signing.result_not_found", "Không tìm thấy văn bản với mã xác thực này.")
    return doc


def verify_stored(doc: SignedDocument) -> dict:
    with doc.file.open("rb") as fh:
        return verify(fh.read())
