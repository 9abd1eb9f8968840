"""Dossier API: intake, lists, detail, transitions, slips and the result (SPEC §8)."""

import base64
import binascii
import datetime as dt

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from danvan.accounts import scope
from danvan.accounts.models import Role, User
from danvan.api.pagination import CursorParams
from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core.errors import Invalid, NotFound
from danvan.core.identifiers import clean_tax_code
from danvan.core.uploads import check_uploads
from danvan.onestop import drafting, fees, files, intake, lists, search, services
from danvan.onestop.models import Dossier
from danvan.onestop.serializers import DossierDetailOut, DossierOut, dossier_detail, dossier_row
from danvan.onestop.slips import SLIP_FORMS_PDF, TITLES, render_slip
from danvan.procedures.services import active_procedure
from danvan.units.services import current_unit

register("onestop.receipt_downloaded", _("Tải biên lai {receipt} của hồ sơ {dossier} qua API"))
router = Router()
READERS = services.READERS


class ApplicantIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    national_id: str = Field(..., max_length=20)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)
    date_of_birth: dt.date | None = None
    sex: str = Field("", max_length=8)
    owner_name: str = Field("", max_length=150)


class ComponentIn(Schema):
    component_id: int
    file_name: str = Field("", max_length=200)
    file_base64: str | None = Field(None, description="nội dung tệp PDF/JPEG/PNG, mã hóa base64")
    vault_document_id: int | None = None


class DossierIn(Schema):
    unit: str = Field(..., max_length=20)
    procedure: str = Field(..., max_length=40)
    channel: str = Field("api", pattern="^(in_person|online|post|api)$")
    applicant: ApplicantIn
    components: list[ComponentIn] = Field(default_factory=list, max_length=50)
    summary: str = Field("", max_length=2000)
    sets_count: int = Field(1, ge=1, le=50)
    tax_code: str = Field(
        "",
        max_length=20,
        description="mã số thuế của tổ chức khi nộp thay tổ chức: "
        "10 chữ số, hoặc 10 chữ số-3 chữ số (đơn vị phụ thuộc)",
    )


class DossierPage(Schema):
    """One page in the default order (open first by due date, then closed newest first). Pass
    `next_cursor` as `cursor` for the next page (empty on the last). With `from`/`to`: open
    first, then closed, each the most recently received first. `count` is exact when
    `count_exact`, else PostgreSQL's estimate (beyond 1,000 rows); both on the first page only
    (null on the pages a cursor asks for). `page`/`pages` only when the
    request used `page=` (kept for compatibility; OFFSET, slow on deep pages)."""

    count: int | None
    count_exact: bool | None
    page: int | None
    pages: int | None
    page_size: int
    next_cursor: str
    search_capped: bool = Field(
        False,
        description="`q` khớp hơn 1.000 hồ sơ: chỉ liệt kê 1.000 hồ sơ tìm thấy đầu tiên, "
        "hãy thêm từ để thu hẹp",
    )
    items: list[DossierOut]


class DossierFilter(Schema):
    unit: str | None = Field(None, max_length=20)
    status: int | None = Field(None, ge=1, le=10)
    received_from: dt.date | None = Field(None, alias="from")
    received_to: dt.date | None = Field(None, alias="to")
    mine: bool = False
    q: str | None = Field(
        None,
        max_length=100,
        description="mã hồ sơ (đủ hoặc đuôi), tên người nộp (có hoặc không dấu), số định danh, "
        "số điện thoại hoặc vài số cuối",
    )


class TransitionIn(Schema):
    action: str = Field(..., max_length=40)
    expected_version: int = Field(..., ge=1)
    reason: str = Field("", max_length=2000)
    what_to_do: str = Field("", max_length=2000)
    items: list[str] = Field(default_factory=list, max_length=30)
    handler: str | None = Field(None, max_length=150, description="tên đăng nhập người được giao")
    new_due_at: dt.datetime | None = None
    payment_method: str = Field("", max_length=16)
    amount_vnd: int | None = Field(None, ge=0)
    delivery: str = Field("", max_length=16, description="trả kết quả: electronic | paper")
    pin: str = Field(
        "", max_length=16, description="mã PIN ký số (approve, refuse, seal, complete_on_spot)"
    )


def _decode(c: ComponentIn) -> bytes | None:
    if not c.file_base64:
        return None
    try:
        return base64.b64decode(c.file_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise Invalid("upload.bad_base64", "Nội dung tệp không đúng mã hóa base64.") from exc


def _files(components) -> list:
    """Each component's checked file (None without one); the files' structure checked in one
    sandbox child for the whole dossier."""
    sent = [(c.file_name or "tep", _decode(c)) for c in components]
    checked = iter(check_uploads([(name, data) for name, data in sent if data is not None]))
    return [next(checked) if data is not None else None for _name, data in sent]


def _request(payload: DossierIn) -> intake.IntakeRequest:
    procedure = active_procedure(payload.procedure)
    if procedure is None:
        raise NotFound("procedure.not_found", f"Không có thủ tục mã {payload.procedure}.")
    files = _files(payload.components)
    comps = [
        intake.ComponentInput(c.component_id, f, c.vault_document_id)
        for c, f in zip(payload.components, files, strict=True)
    ]
    return intake.IntakeRequest(
        procedure=procedure,
        applicant=intake.Applicant(**payload.applicant.dict()),
        components=comps,
        channel=payload.channel,
        summary=payload.summary,
        sets_count=payload.sets_count,
        tax_code=clean_tax_code(payload.tax_code),
    )


@router.post("", response={201: DossierDetailOut}, summary="Tiếp nhận hồ sơ (API, quầy, bưu chính)")
def create_dossier(request, payload: DossierIn):
    user = request.auth
    unit = current_unit(payload.unit)
    scope.require_unit(user, unit, [Role.COUNTER_CLERK])

    # A repeat with the same Idempotency-Key is answered by core.idempotency before this runs.
    dossier = intake.register(_request(payload), unit=unit, by=user, received=True)
    return Status(201, dossier_detail(dossier, user))


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


@router.get("", response=DossierPage, summary="Danh sách hồ sơ trong phạm vi được giao")
def list_dossiers(request, f: Query[DossierFilter], page: Query[CursorParams]):
    user = request.auth
    under = current_unit(f.unit) if f.unit else None
    rows = Dossier.objects.select_related("unit", "procedure", "handler")
    qs = rows.filter(lists.unit_ids_q(user, READERS, under=under))
    if f.status:
        qs = qs.filter(status=f.status)
    # Local days as ranges on the indexed column: a `__date` filter casts every row's time.
    if f.received_from:
        qs = qs.filter(received_at__gte=local_midnight(f.received_from))
    if f.received_to:
        qs = qs.filter(received_at__lt=local_midnight(f.received_to + dt.timedelta(days=1)))
    if f.mine:
        qs = qs.filter(handler=user)
    capped, ids = False, None
    if f.q:  # matched once, in scope and under the filters; the list then pages those ids
        found = search.find(qs, f.q)
        qs, capped, ids = rows, found.capped, found.ids
    keyset = lists.RECEIVED_LIST if f.received_from or f.received_to else lists.DOSSIER_LIST
    body = keyset.paginate(qs, page, lambda d: dossier_row(d, user), ids=ids)
    body["search_capped"] = capped
    return body


def get_visible(user, code: str) -> Dossier:
    return services.visible_dossier(user, code)


@router.get("/{code}", response=DossierDetailOut, summary="Chi tiết hồ sơ")
def get_dossier(request, code: str):
    return dossier_detail(get_visible(request.auth, code), request.auth)


@router.post("/{code}/transitions", response=DossierDetailOut, summary="Chuyển trạng thái hồ sơ")
def post_transition(request, code: str, payload: TransitionIn):
    user = request.auth
    dossier = get_visible(user, code)
    handler = None
    if payload.handler:
        handler = User.objects.filter(username=payload.handler).first()
        if handler is None:
            raise Invalid("dossier.bad_handler", f"Không có cán bộ {payload.handler}.")
    cmd = services.Command(**{**payload.dict(), "handler": handler})
    dossier = services.transition(dossier.pk, cmd, by=user)
    return dossier_detail(dossier, user)


@router.get(
    "/{code}/slips/{form}.pdf",
    summary="Phiếu theo mẫu 01–07 (PDF)",
    response={200: bytes},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def get_slip(request, code: str, form: str):
    dossier = get_visible(request.auth, code)
    if form not in SLIP_FORMS_PDF:
        raise NotFound("slip.unknown_form", "Mẫu phiếu không tồn tại (01–07).")
    pdf = render_slip(dossier, form)
    return _pdf(pdf, f"{dossier.code}-{TITLES[form]}.pdf")


@router.get(
    "/{code}/result.pdf",
    summary="Kết quả giải quyết (PDF)",
    response={200: bytes},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def get_result(request, code: str):
    dossier = get_visible(request.auth, code)
    if not dossier.result_file:
        raise NotFound("result.not_ready", "Hồ sơ chưa có kết quả.")
    with dossier.result_file.open("rb") as fh:
        return _pdf(fh.read(), f"{dossier.code}-ket-qua.pdf")


class FileOut(Schema):
    id: str = Field(..., description="mã tệp trong hồ sơ (số), hoặc «ket-qua» cho kết quả")
    kind: str = Field(..., description="component | result")
    name: str = Field(..., description="tên giấy tờ")
    component_id: int | None = Field(None, description="thành phần hồ sơ của thủ tục")
    file_name: str
    content_type: str
    size: int
    sha256: str
    from_store: bool
    url: str


@router.get(
    "/{code}/files",
    response=list[FileOut],
    summary="Các tệp của hồ sơ (giấy tờ đính kèm và kết quả)",
)
def list_dossier_files(request, code: str):
    dossier = get_visible(request.auth, code)
    return [
        {
            **{k: getattr(f, k) for k in FileOut.model_fields if k != "url"},
            "url": f"/api/v1/dossiers/{dossier.code}/files/{f.id}",
        }
        for f in files.list_files(dossier, request.auth)
    ]


@router.get(
    "/{code}/files/{file_id}",
    summary="Tải một tệp của hồ sơ (ghi nhật ký truy cập)",
    response={200: bytes},
    openapi_extra={
        "responses": {200: {"content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}}
    },
)
def get_dossier_file(request, code: str, file_id: str):
    dossier = get_visible(request.auth, code)
    meta, data = files.open_file(request.auth, dossier, file_id[:20], purpose="download")
    response = HttpResponse(data, content_type=meta.content_type)
    response["Content-Disposition"] = files.disposition(meta.file_name, download=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class DraftFieldOut(Schema):
    name: str
    label: str
    kind: str = Field(..., description="text | textarea | date (yyyy-mm-dd)")
    required: bool


class ResultDraftOut(Schema):
    template: str = Field(..., description="mẫu kết quả của thủ tục (marital_status, generic…)")
    label: str
    fields: list[DraftFieldOut]
    values: dict[str, str] = Field(..., description="bản đã lưu, hoặc giá trị điền sẵn từ hồ sơ")
    version: int = Field(..., description="0: chưa lưu dự thảo; gửi lại khi lưu (expected_version)")
    may_draft: bool


class ResultDraftIn(Schema):
    values: dict[str, str] = Field(..., description="giá trị các trường của mẫu kết quả")
    expected_version: int = Field(..., ge=0)


# The draft carries the applicant's name, ID and address: the one-stop roles of the unit only.
DRAFT_ROLES = (Role.COUNTER_CLERK, Role.SPECIALIST, Role.SIGNER, Role.OFFICE_CLERK)


def _draft_out(dossier: Dossier, user) -> dict:
    template, values, version = drafting.current(dossier)
    return {
        "template": template.code,
        "label": template.label,
        "fields": [
            {"name": f.name, "label": f.label, "kind": f.kind, "required": f.required}
            for f in template.fields
        ],
        "values": values,
        "version": version,
        "may_draft": drafting.may_draft(dossier, user),
    }


@router.get(
    "/{code}/result-draft",
    response=ResultDraftOut,
    summary="Dự thảo kết quả của hồ sơ (mẫu, các trường, giá trị)",
)
def get_result_draft(request, code: str):
    dossier = services.visible_dossier(request.auth, code, DRAFT_ROLES)
    return _draft_out(dossier, request.auth)


@router.put(
    "/{code}/result-draft",
    response=ResultDraftOut,
    summary="Lưu dự thảo kết quả (trước khi trình lãnh đạo ký duyệt)",
)
def put_result_draft(request, code: str, payload: ResultDraftIn):
    """The specialist's draft (or the counter clerk's where the unit has no specialist); a stale
    `expected_version` (another tab, a retry) is refused with 409 and changes nothing."""
    dossier = services.visible_dossier(request.auth, code, DRAFT_ROLES)
    drafting.save(
        dossier.pk, payload.values, by=request.auth, expected_version=payload.expected_version
    )
    return _draft_out(Dossier.objects.get(pk=dossier.pk), request.auth)


# Receipts carry the payer's name and address: the one-stop roles of the unit, not its reporters.
RECEIPT_ROLES = (Role.COUNTER_CLERK, Role.SPECIALIST, Role.SIGNER, Role.OFFICE_CLERK)


class ReceiptOut(Schema):
    receipt_no: str = Field(..., description="số biên lai (BL26-00070-000001)")
    amount_vnd: int
    amount_in_words: str
    fee_name: str
    method: str = Field(..., description="cash | card | transfer | online")
    method_label: str
    reference: str = Field(..., description="mã giao dịch của cổng thanh toán (nếu có)")
    paid_at: dt.datetime
    refunded_at: dt.datetime | None
    refund_reason: str
    url: str


def _receipt_dossier(user, code: str) -> Dossier:
    return services.visible_dossier(user, code, RECEIPT_ROLES)


@router.get(
    "/{code}/receipts",
    response=list[ReceiptOut],
    summary="Biên lai thu phí, lệ phí của hồ sơ",
)
def list_receipts(request, code: str):
    dossier = _receipt_dossier(request.auth, code)
    return [
        {
            "receipt_no": p.receipt_no,
            "amount_vnd": p.amount_vnd,
            "amount_in_words": fees.amount_in_words(p.amount_vnd),
            "fee_name": fees.fee_name(dossier),
            "method": p.method,
            "method_label": p.get_method_display(),
            "reference": p.reference,
            "paid_at": p.paid_at,
            "refunded_at": p.refunded_at,
            "refund_reason": p.refund_reason,
            "url": f"/api/v1/dossiers/{dossier.code}/receipts/{p.receipt_no}.pdf",
        }
        for p in dossier.payments.order_by("paid_at", "id")
    ]


@router.get(
    "/{code}/receipts/{receipt_no}.pdf",
    summary="Tải biên lai thu phí, lệ phí (PDF)",
    response={200: bytes},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def get_receipt(request, code: str, receipt_no: str):
    dossier = _receipt_dossier(request.auth, code)
    payment = dossier.payments.filter(receipt_no=receipt_no[:40]).first()
    if payment is None:
        raise NotFound("payment.receipt_not_found", "Không tìm thấy biên lai này của hồ sơ.")
    with transaction.atomic():
        record(
            "onestop.receipt_downloaded",
            actor=request.auth,
            unit=dossier.unit,
            obj=dossier,
            data={"receipt": payment.receipt_no, "dossier": dossier.code},
        )
    response = _pdf(fees.receipt_pdf(payment), f"bien-lai-{payment.receipt_no}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
