"""Vault API (SPEC §8): a citizen's (or an organization's) documents for the official handling their
dossier, attaching a stored document to a dossier component, and the citizen's own endpoints under /me."""

import datetime as dt

from django.http import HttpResponse
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from danvan.accounts import scope
from danvan.api.pagination import PageParams, paginate
from danvan.core.errors import NotFound
from danvan.signing.services import verification_url
from danvan.vault import access, export, services
from danvan.vault.dossiers import source as dossiers_source
from danvan.vault.models import AccessLog, OwnerKind, Purpose, VaultDocument

router = citizens = Router()
organizations = Router()
dossiers = Router()
me = Router()


class DocumentOut(Schema):
    id: int
    owner: str = Field(description="số định danh (hoặc mã số thuế) đã che, ví dụ 0011•••••345")
    owner_kind: str = Field(description="citizen | organization")
    type: str
    type_name: str
    title: str
    number: str
    issuer: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    source: str
    source_label: str
    signed: bool
    verification_url: str | None
    valid: bool
    state: str
    sha256: str
    size: int
    added_at: dt.datetime


class DocumentPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[DocumentOut]


class AccessOut(Schema):
    at: dt.datetime
    who: str
    purpose: str
    purpose_label: str
    document: str | None
    dossier: str | None
    allowed: bool


class AccessPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[AccessOut]


class ReuseIn(Schema):
    vault_document_id: int = Field(..., ge=1, le=2**62)


class ReuseOut(Schema):
    dossier: str
    component_id: int
    vault_document_id: int
    digitization: str
    at: dt.datetime


class NationalIdPath(Schema):
    national_id: str = Field(..., max_length=20)


class TaxCodePath(Schema):
    tax_code: str = Field(..., max_length=20)


def document_row(doc: VaultDocument) -> dict:
    public_id = doc.signed_document.public_id if doc.signed_document_id else None
    return {
        "id": doc.pk,
        "owner": access.mask(doc.owner_id),
        "owner_kind": doc.owner_kind,
        "type": doc.doc_type.code,
        "type_name": doc.doc_type.name,
        "title": doc.title,
        "number": doc.number,
        "issuer": doc.issuer,
        "issued_on": doc.issued_on,
        "expires_on": doc.expires_on,
        "source": doc.source,
        "source_label": doc.get_source_display(),
        "signed": doc.signed,
        "verification_url": verification_url(public_id) if public_id else None,
        "valid": doc.is_valid(),
        "state": doc.state_label,
        "sha256": doc.sha256,
        "size": doc.size,
        "added_at": doc.added_at,
    }


def access_row(row: AccessLog) -> dict:
    return {
        "at": row.at,
        "who": row.actor_label,
        "purpose": row.purpose,
        "purpose_label": row.get_purpose_display(),
        "document": row.document.title if row.document_id else None,
        "dossier": row.dossier.code if row.dossier_id else None,
        "allowed": row.allowed,
    }


def _documents(owner_id: str):
    return (
        VaultDocument.objects.filter(owner_kind=access.kind_of(owner_id), owner_id=owner_id)
        .select_related("doc_type", "signed_document")
        .order_by("-added_at", "-id")
    )


def _file(doc: VaultDocument) -> HttpResponse:
    with doc.file.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type=doc.content_type)
    response["Content-Disposition"] = f'attachment; filename="{doc.file_name}"'
    return response


PDF_RESPONSE = {"responses": {200: {"content": {"application/pdf": {}}}}}


@citizens.get(
    "/{national_id}/documents",
    response=DocumentPage,
    summary="Giấy tờ trong kho dữ liệu của công dân (khi đang xử lý hồ sơ của công dân đó)",
)
def citizen_documents(
    request,
    path: Path[NationalIdPath],
    page: Query[PageParams],
    dossier: str = Query("", max_length=60),
):
    owner_id = access.check_national_id(path.national_id)
    access.open_store(
        request.auth, owner_id, purpose=Purpose.STORE, dossier_code=dossier, kind=OwnerKind.CITIZEN
    )
    return paginate(_documents(owner_id), page, document_row)


@citizens.get(
    "/{national_id}/documents/{document_id}/file",
    response={200: bytes},
    openapi_extra=PDF_RESPONSE,
    summary="Tải một giấy tờ trong kho dữ liệu của công dân",
)
def citizen_document_file(
    request, path: Path[NationalIdPath], document_id: int = Path(..., ge=1, le=2**62)
):
    owner_id = access.check_national_id(path.national_id)
    return _owner_file(request.auth, owner_id, document_id, OwnerKind.CITIZEN)


def _owner_file(user, owner_id: str, document_id: int, kind: str) -> HttpResponse:
    doc = VaultDocument.objects.filter(pk=document_id, owner_kind=kind, owner_id=owner_id).first()
    access.open_store(user, owner_id, purpose=Purpose.DOCUMENT, document=doc, kind=kind)
    if doc is None:
        raise NotFound("vault.document_not_found", "Không tìm thấy giấy tờ trong kho dữ liệu.")
    return _file(doc)


@organizations.get(
    "/{tax_code}/documents",
    response=DocumentPage,
    summary="Giấy tờ trong kho dữ liệu của tổ chức (khi đang xử lý hồ sơ của tổ chức đó)",
)
def organization_documents(
    request,
    path: Path[TaxCodePath],
    page: Query[PageParams],
    dossier: str = Query("", max_length=60),
):
    owner_id = access.check_tax_code(path.tax_code)
    access.open_store(
        request.auth,
        owner_id,
        purpose=Purpose.STORE,
        dossier_code=dossier,
        kind=OwnerKind.ORGANIZATION,
    )
    return paginate(_documents(owner_id), page, document_row)


@organizations.get(
    "/{tax_code}/documents/{document_id}/file",
    response={200: bytes},
    openapi_extra=PDF_RESPONSE,
    summary="Tải một giấy tờ trong kho dữ liệu của tổ chức",
)
def organization_document_file(
    request, path: Path[TaxCodePath], document_id: int = Path(..., ge=1, le=2**62)
):
    owner_id = access.check_tax_code(path.tax_code)
    return _owner_file(request.auth, owner_id, document_id, OwnerKind.ORGANIZATION)


@dossiers.post(
    "/{code}/components/{component_id}/reuse",
    response={201: ReuseOut},
    summary="Dùng giấy tờ trong kho dữ liệu cho một thành phần hồ sơ",
)
def attach_document(request, code: str, component_id: int, payload: ReuseIn):
    dossier = dossiers_source().visible(request.auth, code[:60])
    scope.require_unit(request.auth, dossier.unit, access.HANDLING_ROLES)
    reuse = services.attach(dossier, component_id, payload.vault_document_id, by=request.auth)
    return Status(
        201,
        {
            "dossier": dossier.code,
            "component_id": reuse.component_id,
            "vault_document_id": reuse.document_id,
            "digitization": reuse.component.digitization,
            "at": reuse.at,
        },
    )


@me.get("/documents", response=DocumentPage, summary="Kho dữ liệu của tôi (công dân)")
def my_documents(request, page: Query[PageParams]):
    owner_id = access.require_citizen(request.auth)
    return paginate(_documents(owner_id), page, document_row)


@me.get(
    "/documents/{document_id}/file",
    response={200: bytes},
    openapi_extra=PDF_RESPONSE,
    summary="Tải giấy tờ của tôi",
)
def my_document_file(request, document_id: int = Path(..., ge=1, le=2**62)):
    owner_id = access.require_citizen(request.auth)
    doc = VaultDocument.objects.filter(pk=document_id, owner_id=owner_id).first()
    if doc is None:
        raise NotFound(
            "vault.document_not_found", "Không tìm thấy giấy tờ trong kho dữ liệu của bạn."
        )
    return _file(doc)


@me.get(
    "/access-log",
    response=AccessPage,
    summary="Ai đã mở kho dữ liệu của tôi, khi nào, cho hồ sơ nào",
)
def my_access_log(request, page: Query[PageParams]):
    owner_id = access.require_citizen(request.auth)
    qs = (
        AccessLog.objects.filter(owner_id=owner_id)
        .select_related("document", "dossier")
        .order_by("-at", "-id")
    )
    return paginate(qs, page, access_row)


@me.get(
    "/export.zip",
    response={200: bytes},
    summary="Tải toàn bộ dữ liệu của tôi (.zip)",
    openapi_extra={"responses": {200: {"content": {"application/zip": {}}}}},
)
def my_export(request):
    data = export.export_zip(request.auth)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="kho-du-lieu-cua-toi.zip"'
    return response
