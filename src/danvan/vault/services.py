"""Writes to the stores (a citizen's, by national ID; an organization's, by tax code): digitization at
intake, returned results, reuse, revocation, retention. An owner id's format tells its kind.

Other apps call these functions (ARCHITECTURE: cross-app calls go through the owning app's services):
onestop.intake checks and records reuses here; the result_returned receiver stores results here.
"""

import datetime as dt
import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core.errors import Conflict, Forbidden, Invalid, NotFound
from danvan.core.storage import atomic_with_files
from danvan.core.uploads import CheckedUpload
from danvan.vault import access, catalogue, dossiers
from danvan.vault.models import (
    AccessLog,
    ActivationCode,
    DocumentType,
    OwnerKind,
    Purpose,
    Reuse,
    Source,
    VaultDocument,
)

register(
    "vault.document.digitized", _("Số hóa {type} của công dân {citizen} vào kho dữ liệu ({signed})")
)
register(
    "vault.document.result_stored",
    _("Đưa kết quả hồ sơ {code} vào kho dữ liệu của công dân {citizen}"),
)
register(
    "vault.document.org_digitized",
    _("Số hóa {type} của tổ chức {organization} vào kho dữ liệu ({signed})"),
)
register(
    "vault.document.org_result_stored",
    _("Đưa kết quả hồ sơ {code} vào kho dữ liệu của tổ chức {organization}"),
)
register("vault.document.reused", _("Dùng giấy tờ trong kho ({type}) cho hồ sơ {code}"))
register("vault.document.revoked", _("Thu hồi giấy tờ {number} trong kho dữ liệu: {reason}"))
register("vault.document.purged", _("Xóa {count} giấy tờ hết thời hạn lưu trữ khỏi kho dữ liệu"))
register("vault.document.uploaded", _("Công dân tải {type} lên kho dữ liệu của mình"))
register("vault.exported", _("Công dân tải toàn bộ dữ liệu của mình ({count} giấy tờ)"))


@dataclass
class DocumentMeta:
    doc_type: str
    title: str = ""
    number: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    # Whose store a digitized component goes to: the applicant's, or (the clerk's choice, when the
    # dossier has a tax code) the organization's.
    owner_kind: str = OwnerKind.CITIZEN


# --- adding documents ------------------------------------------------------------------------


def _doc_type(code: str) -> DocumentType:
    found = DocumentType.objects.filter(code=(code or "")[:40], is_active=True).first()
    if found is None:
        raise Invalid(
            "vault.bad_type",
            "Loại giấy tờ không có trong danh mục.",
            fields={"doc_type": "Không hợp lệ."},
        )
    return found


def image_to_pdf(data: bytes) -> bytes:
    """A scanned JPEG/PNG on an A4 page, so it can carry a PAdES signature."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    image = ImageReader(io.BytesIO(data))
    width, height = image.getSize()
    page_w, page_h = A4
    scale = min((page_w - 60) / width, (page_h - 160) / height, 1.0)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.drawImage(image, 30, page_h - 30 - height * scale, width * scale, height * scale)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _store(
    owner_id: str,
    doc_type: DocumentType,
    meta: DocumentMeta,
    data: bytes,
    name: str,
    *,
    source: str,
    by,
    unit=None,
    dossier=None,
    signed_document=None,
    signed=False,
) -> VaultDocument:
    issued = meta.issued_on
    expires = catalogue.expiry_for(doc_type, issued, meta.expires_on)
    doc = VaultDocument(
        owner_kind=access.kind_of(owner_id),
        owner_id=owner_id,
        doc_type=doc_type,
        title=(meta.title or doc_type.name)[:300],
        issuer=meta.issuer[:200],
        number=meta.number[:60],
        issued_on=issued,
        expires_on=expires,
        file_name=name[:200],
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
        added_by=by if getattr(by, "is_authenticated", False) else None,
        unit=unit,
        source_dossier=dossier,
        signed=signed,
        signed_document=signed_document,
        retain_until=catalogue.retain_until(doc_type, issued, expires, timezone.localdate()),
    )
    doc.file.save(name, ContentFile(data), save=False)
    doc.save()
    return doc


@atomic_with_files()
def digitize(
    upload: CheckedUpload, meta: DocumentMeta, *, owner_id: str, unit, by, dossier=None
) -> VaultDocument:
    """A scanned paper becomes a vault document, sealed by the unit as a certified electronic copy."""
    from danvan.signing.seal import system_seal

    owner_id = access.check_owner(owner_id)
    doc_type = _doc_type(meta.doc_type)
    pdf = upload.data if upload.content_type == "application/pdf" else image_to_pdf(upload.data)
    sealed = system_seal(
        pdf,
        unit=unit,
        by=by,
        object_type="vault.document",
        object_id=f"{doc_type.code}:{upload.sha256[:16]}",
    )
    if sealed is not None:
        with sealed.file.open("rb") as fh:
            pdf = fh.read()
    name = upload.name.rsplit(".", 1)[0] + ".pdf"
    doc = _store(
        owner_id,
        doc_type,
        meta,
        pdf,
        name,
        source=Source.DIGITIZED,
        by=by,
        unit=unit,
        dossier=dossier,
        signed_document=sealed,
        signed=sealed is not None,
    )
    access.log(by, owner_id, Purpose.DIGITIZE, document=doc, dossier=dossier)
    signed = "đã đóng dấu số của đơn vị" if sealed else "đơn vị chưa có con dấu số, chưa ký"
    if doc.owner_kind == OwnerKind.ORGANIZATION:
        record(
            "vault.document.org_digitized",
            actor=by,
            unit=unit,
            obj=doc,
            data={"type": doc_type.name, "organization": access.mask(owner_id), "signed": signed},
        )
    else:
        record(
            "vault.document.digitized",
            actor=by,
            unit=unit,
            obj=doc,
            data={"type": doc_type.name, "citizen": access.mask(owner_id), "signed": signed},
        )
    return doc


@atomic_with_files()
def upload_by_citizen(user, upload: CheckedUpload, meta: DocumentMeta) -> VaultDocument:
    """The citizen keeps a document in their own store. It is not certified, so it is never offered
    for reuse; the counter digitizes it (with the seal) when the citizen shows the original."""
    owner_id = access.require_citizen(user)
    doc_type = _doc_type(meta.doc_type)
    pdf = upload.data if upload.content_type == "application/pdf" else image_to_pdf(upload.data)
    doc = _store(
        owner_id,
        doc_type,
        meta,
        pdf,
        upload.name.rsplit(".", 1)[0] + ".pdf",
        source=Source.UPLOADED,
        by=user,
    )
    record("vault.document.uploaded", actor=user, obj=doc, data={"type": doc_type.name})
    return doc


def digitize_component(
    row, upload: CheckedUpload | None, meta: DocumentMeta, *, by
) -> VaultDocument:
    """Digitize one component of a dossier (the dossier page, or right after intake at the counter)."""
    dossier = row.dossier
    if not (by.is_superuser or scope.covers(by, dossier.unit, [Role.COUNTER_CLERK])):
        raise Forbidden(
            "vault.digitize_forbidden",
            "Chỉ cán bộ một cửa của đơn vị tiếp nhận được số hóa giấy tờ.",
        )
    if not dossier.is_open:
        raise Conflict("vault.dossier_closed", "Hồ sơ đã kết thúc; không số hóa thêm giấy tờ.")
    if (
        row.component
        and row.component.vault_types
        and meta.doc_type not in row.component.vault_types
    ):
        raise Invalid(
            "vault.type_mismatch",
            "Loại giấy tờ không khớp với thành phần hồ sơ.",
            fields={"doc_type": "Không khớp thành phần."},
        )
    owner_id = dossier.national_id
    if meta.owner_kind == OwnerKind.ORGANIZATION:
        if not access.TAX_CODE.match(dossier.tax_code or ""):
            raise Invalid(
                "vault.no_tax_code",
                "Hồ sơ không nộp thay tổ chức (chưa có mã số thuế); "
                "không lưu được vào kho dữ liệu của tổ chức.",
                fields={"owner_kind": "Không hợp lệ."},
            )
        owner_id = dossier.tax_code
    if upload is None:
        upload = _component_upload(row)
    with atomic_with_files():
        doc = digitize(upload, meta, owner_id=owner_id, unit=dossier.unit, by=by, dossier=dossier)
        if not row.sha256:
            row.file.save(upload.name, ContentFile(upload.data), save=False)
            row.file_name, row.content_type, row.size, row.sha256 = (
                upload.name,
                upload.content_type,
                upload.size,
                upload.sha256,
            )
        row.provided, row.vault_document_id = True, doc.pk
        row.digitization = "digitized"
        row.save()
    return doc


def _component_upload(row) -> CheckedUpload:
    if not row.sha256:
        raise Invalid(
            "vault.no_file",
            "Thành phần chưa có tệp quét; hãy chọn tệp để số hóa.",
            fields={"file": "Bắt buộc."},
        )
    with row.file.open("rb") as fh:
        data = fh.read()
    return CheckedUpload(
        row.file_name or "ban-quet.pdf", row.content_type, len(data), row.sha256, data
    )


def store_result(dossier, *, by, now, title: str = "") -> VaultDocument | None:
    """A returned result lands in the store as a reusable document (once per dossier): the
    organization's when the dossier was filed for one (its tax code), the citizen's otherwise.
    `title` is the certificate's own title as printed (the one-stop app sends it); without one,
    the document type's name, never the catalogue's result text with its notes."""
    from danvan.signing.models import SignedDocument

    owner_id = (
        dossier.tax_code if access.TAX_CODE.match(dossier.tax_code or "") else dossier.national_id
    )
    if (
        not dossier.result_file
        or dossier.outcome == "refused"
        or not (access.TAX_CODE.match(owner_id) or access.NATIONAL_ID.match(owner_id))
    ):
        return None
    existing = VaultDocument.objects.filter(source_dossier=dossier, source=Source.RESULT).first()
    if existing is not None:
        return existing
    with dossier.result_file.open("rb") as fh:
        data = fh.read()
    digest = hashlib.sha256(data).hexdigest()
    signed_doc = SignedDocument.objects.filter(sha256=digest).first()
    doc_type = catalogue.type_for_result(dossier.procedure.code)
    meta = DocumentMeta(
        doc_type.code,
        title=(title or doc_type.name)[:300],
        number=dossier.result_code,
        issuer=f"Ủy ban nhân dân {dossier.unit.name}",
        issued_on=timezone.localtime(now).date(),
    )
    doc = _store(
        owner_id,
        doc_type,
        meta,
        data,
        f"{dossier.code}-ket-qua.pdf",
        source=Source.RESULT,
        by=by,
        unit=dossier.unit,
        dossier=dossier,
        signed_document=signed_doc,
        signed=bool(dossier.result_signed or signed_doc),
    )
    dossier.result_sent_to_store = True
    if doc.owner_kind == OwnerKind.ORGANIZATION:
        record(
            "vault.document.org_result_stored",
            actor=by,
            unit=dossier.unit,
            obj=doc,
            data={"code": dossier.code, "organization": access.mask(owner_id)},
        )
    else:
        record(
            "vault.document.result_stored",
            actor=by,
            unit=dossier.unit,
            obj=doc,
            data={"code": dossier.code, "citizen": access.mask(owner_id)},
        )
    return doc


# --- reuse -----------------------------------------------------------------------------------


def _owner_ids(owners) -> list[str]:
    """Well-formed owner ids (a national ID, a tax code, or a list of them)."""
    owners = [owners] if isinstance(owners, str) else list(owners or [])
    return [
        o for o in owners if access.NATIONAL_ID.match(o or "") or access.TAX_CODE.match(o or "")
    ]


def reusable(owners, types, today: dt.date | None = None):
    """Valid documents of these owners (a citizen, and the organization the dossier is filed for)
    whose type is one of ``types``; expired or revoked never appear."""
    owner_ids = _owner_ids(owners)
    if not types or not owner_ids:
        return VaultDocument.objects.none()
    match = models.Q()
    for owner_id in owner_ids:
        match |= models.Q(owner_kind=access.kind_of(owner_id), owner_id=owner_id)
    return (
        VaultDocument.objects.valid(today)
        .exclude(source=Source.UPLOADED)
        .filter(match, doc_type__code__in=list(types))
        .select_related("doc_type")
        .order_by("-signed", "-issued_on", "-id")
    )


def find_reusable(
    procedure, owners, today: dt.date | None = None
) -> dict[int, list[VaultDocument]]:
    """For each component of the procedure, the stored documents that can stand in for it."""
    offers: dict[int, list[VaultDocument]] = {}
    for comp in procedure.components.all():
        if comp.vault_types:
            docs = list(reusable(owners, comp.vault_types, today)[:5])
            if docs:
                offers[comp.pk] = docs
    return offers


def offers_for(
    user, procedure, owner_id: str, *, unit=None, tax_code: str = ""
) -> dict[int, list[VaultDocument]]:
    """Offers shown at intake: to a counter clerk of the unit (the citizen's documents, and the
    organization's when a tax code is given), or to the citizen themself (their own only: online,
    nobody has checked that they represent the organization); each store shown is logged."""
    if not access.NATIONAL_ID.match(owner_id or "") or procedure is None:
        return {}
    clerk = unit is not None and (
        user.is_superuser or scope.covers(user, unit, [Role.COUNTER_CLERK])
    )
    if not (clerk or access.is_owner(user, owner_id)):
        return {}
    owners = [owner_id] + ([tax_code] if clerk and access.TAX_CODE.match(tax_code or "") else [])
    offers = find_reusable(procedure, owners)
    shown = {doc.owner_id for docs in offers.values() for doc in docs}
    for shown_id in sorted(shown):
        if not access.is_owner(user, shown_id):
            access.log(
                user, shown_id, Purpose.OFFER, reason=f"Tiếp nhận hồ sơ thủ tục {procedure.code}"
            )
    return offers


def stored_document(owner_id: str, doc_type: str) -> VaultDocument | None:
    """The owner's first stored document of this type (the demo files a dossier that reuses it)."""
    return VaultDocument.objects.filter(owner_id=owner_id, doc_type__code=doc_type).first()


def home_unit_id(owner_id: str) -> int | None:
    """The unit that last stored a document for this citizen, else the one that verified her
    account at the counter: the ward of her store (the online form's default)."""
    if not owner_id:
        return None
    stored = (
        VaultDocument.objects.filter(owner_id=owner_id, unit__isnull=False)
        .order_by("-added_at", "-id")
        .values_list("unit_id", flat=True)
        .first()
    )
    if stored:
        return stored
    return (
        ActivationCode.objects.filter(national_id=owner_id)
        .order_by("-issued_at", "-id")
        .values_list("unit_id", flat=True)
        .first()
    )


def has_documents(owner_id: str) -> bool:
    return VaultDocument.objects.filter(owner_id=owner_id).exists()


def owners_of(document_ids) -> list[str]:
    """The distinct owners of these stored documents (unknown ids are left to the intake checks)."""
    ids = [i for i in document_ids if isinstance(i, int) and 0 < i < 2**62]
    return sorted(set(VaultDocument.objects.filter(pk__in=ids).values_list("owner_id", flat=True)))


def document_error(doc: VaultDocument | None, owners, comp, today: dt.date | None = None) -> str:
    """Why this document cannot stand in for this component ("" when it can). ``owners``: the
    dossier's applicant, and the organization it is filed for (a national ID, or a list)."""
    today = today or timezone.localdate()
    owner_ids = _owner_ids(owners)
    if (
        doc is None
        or doc.owner_id not in owner_ids
        or doc.owner_kind != access.kind_of(doc.owner_id)
    ):
        return "Giấy tờ được chọn không có trong kho dữ liệu của người nộp hồ sơ."
    if doc.revoked_at:
        return f"Giấy tờ “{doc.title}” đã bị thu hồi."
    if doc.source == Source.UPLOADED:
        return f"Giấy tờ “{doc.title}” do công dân tự tải lên, chưa được số hóa có chứng thực tại Bộ phận Một cửa."
    if doc.expires_on and doc.expires_on < today:
        return f"Giấy tờ “{doc.title}” đã hết hiệu lực từ {doc.expires_on:%d/%m/%Y}."
    if doc.doc_type.code not in (comp.vault_types or []):
        return f"Giấy tờ “{doc.title}” không thay thế được thành phần này."
    return ""


def reuse_errors(procedure, owners, wanted: dict[int, int]) -> dict[str, str]:
    """Field errors for the components the applicant wants filled from the store ({component: document})."""
    if not wanted:
        return {}
    comps = {c.pk: c for c in procedure.components.all()}
    docs = VaultDocument.objects.select_related("doc_type").in_bulk(list(wanted.values()))
    errors = {}
    for comp_id, doc_id in wanted.items():
        comp = comps.get(comp_id)
        if comp is None:
            errors[f"components.{comp_id}"] = "Thành phần hồ sơ không thuộc thủ tục này."
            continue
        message = document_error(docs.get(doc_id), owners, comp)
        if message:
            errors[f"components.{comp_id}"] = message
    return errors


def check_reuse_actor(by, owner_id: str, unit) -> None:
    """Only a counter clerk of the receiving unit (who checks the ID card, and the mandate to act for
    an organization) or the citizen signed in as themself may fill a dossier from a store: an
    anonymous online form may not, nor may a citizen draw from an organization's store."""
    if getattr(by, "is_authenticated", False):
        if (
            by.is_superuser
            or scope.covers(by, unit, [Role.COUNTER_CLERK])
            or access.is_owner(by, owner_id)
        ):
            return
    access.log(by, owner_id, Purpose.REUSE, allowed=False, reason="Không có quyền dùng kho dữ liệu")
    key = "organization" if access.kind_of(owner_id) == OwnerKind.ORGANIZATION else "citizen"
    record(
        "vault.org_access_refused" if key == "organization" else "vault.access_refused",
        actor=by,
        unit=unit,
        data={key: access.mask(owner_id), "purpose": "reuse", "reason": "actor"},
    )
    raise Forbidden(
        "vault.reuse_forbidden",
        "Chỉ công dân đã đăng nhập (đúng số định danh) hoặc cán bộ tiếp nhận mới dùng được kho dữ liệu.",
    )


def record_reuse(row, document_id: int, *, by) -> Reuse:
    """Link a dossier component to the stored document standing in for it (already checked)."""
    doc = VaultDocument.objects.select_related("doc_type").get(pk=document_id)
    row.provided, row.from_store, row.vault_document_id = True, True, doc.pk
    row.digitization = "reused_result" if doc.source == Source.RESULT else "reused_document"
    if not row.sha256:
        row.file_name, row.content_type, row.size, row.sha256 = (
            doc.file_name,
            doc.content_type,
            doc.size,
            doc.sha256,
        )
        row.file.name = doc.file.name
    row.save()
    actor = by if getattr(by, "is_authenticated", False) else None
    reuse = Reuse.objects.create(dossier=row.dossier, component=row, document=doc, by=actor)
    access.log(by, doc.owner_id, Purpose.REUSE, document=doc, dossier=row.dossier)
    record(
        "vault.document.reused",
        actor=by,
        unit=row.dossier.unit,
        obj=reuse,
        data={"type": doc.doc_type.name, "code": row.dossier.code, "document": doc.pk},
    )
    return reuse


@transaction.atomic
def attach(dossier, component_id: int, document_id: int, *, by) -> Reuse:
    """Attach a stored document to a component of an existing open dossier (API, dossier page)."""
    row = dossiers.source().lock_component(dossier, component_id)
    if row is None:
        raise NotFound("vault.component_not_found", "Hồ sơ không có thành phần này.")
    if not dossier.is_open:
        raise Conflict("vault.dossier_closed", "Hồ sơ đã kết thúc; không bổ sung giấy tờ.")
    if row.from_store or Reuse.objects.filter(component=row).exists():
        raise Conflict(
            "vault.already_attached", "Thành phần này đã dùng giấy tờ trong kho dữ liệu."
        )
    owners = access.dossier_owners(dossier)
    doc = VaultDocument.objects.select_related("doc_type").filter(pk=document_id).first()
    check_reuse_actor(
        by,
        doc.owner_id if doc is not None and doc.owner_id in owners else dossier.national_id,
        dossier.unit,
    )
    message = (
        document_error(doc, owners, row.component) if row.component else "Thành phần không hợp lệ."
    )
    if message:
        raise Invalid("vault.reuse_refused", message, fields={"vault_document_id": message})
    return record_reuse(row, doc.pk, by=by)


# --- revocation, retention, export -----------------------------------------------------------


@transaction.atomic
def revoke(doc: VaultDocument, *, by, reason: str) -> VaultDocument:
    if doc.revoked_at:
        raise Conflict("vault.already_revoked", "Giấy tờ đã bị thu hồi.")
    doc.revoked_at, doc.revoked_reason = timezone.now(), reason[:300]
    doc.save(update_fields=["revoked_at", "revoked_reason"])
    record(
        "vault.document.revoked",
        actor=by,
        obj=doc,
        data={"number": doc.number or doc.pk, "reason": reason},
    )
    return doc


@transaction.atomic
def purge_past_retention(today: dt.date | None = None) -> int:
    """Delete documents past their type's retention (never one still linked to a reuse)."""
    today = today or timezone.localdate()
    qs = VaultDocument.objects.filter(retain_until__lt=today).exclude(reuses__isnull=False)
    count = 0
    for doc in qs:
        doc.file.delete(save=False)
        AccessLog.objects.filter(document=doc).update(document=None)
        doc.delete()
        count += 1
    if count:
        record("vault.document.purged", data={"count": count})
    return count


def log_dossier_file_opened(user, dossier, component) -> None:
    """An official opened a paper attached to a dossier (onestop.files checked the right): the
    citizen's access log shows who opened which paper, for which dossier."""
    document = (
        VaultDocument.objects.filter(pk=component.vault_document_id).first()
        if component.vault_document_id
        else None
    )
    owner = dossier.national_id if access.NATIONAL_ID.match(dossier.national_id or "") else ""
    if not owner:
        return
    access.log(
        user,
        owner,
        Purpose.DOCUMENT,
        document=document,
        dossier=dossier,
        reason=f"Mở giấy tờ «{component.name[:120]}» của hồ sơ {dossier.code}",
    )
