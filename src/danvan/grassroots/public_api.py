"""POST /api/v1/public/petitions, GET /api/v1/public/petitions/{tracking_code} and the citizen's
rating: no account, rate-limited, no personal data in any answer."""

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from danvan.core.ratelimit import limit_public
from danvan.grassroots import public, services
from danvan.units.services import current_unit

router = Router()


class PublicPetitionIn(Schema):
    unit: str = Field(..., max_length=20, description="mã đơn vị hành chính (phường, xã)")
    kind: str = Field("feedback", max_length=20)
    category: str = Field(..., max_length=20)
    title: str = Field("", max_length=300)
    description: str = Field(..., min_length=1, max_length=10000)
    address: str = Field("", max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    name: str = Field("", max_length=150)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)


class PublicPetitionOut(Schema):
    tracking_code: str
    kind: str
    kind_label: str
    category: str
    category_label: str
    unit_code: str
    unit_name: str
    state: str
    state_label: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    handling_body: str
    answer: str
    answered_at: dt.datetime | None
    satisfaction: int | None
    can_rate: bool


class RatingIn(Schema):
    satisfaction: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=1000)


@router.post(
    "", response={201: PublicPetitionOut}, auth=None, summary="Gửi phản ánh, kiến nghị (công khai)"
)
def submit(request, payload: PublicPetitionIn):
    public.throttle(request)
    key = (request.headers.get("Idempotency-Key") or "")[:200]
    token = f"api:{request.META.get('REMOTE_ADDR', '')}:{key}" if key else ""
    done = public.already_filed(token)
    if done is not None:  # the same request again: the petition it made
        return Status(201, services.public_view(done))
    unit = current_unit(payload.unit)
    data = services.PetitionInput(
        kind=payload.kind,
        category=payload.category,
        title=payload.title,
        description=payload.description,
        address=payload.address,
        latitude=payload.latitude,
        longitude=payload.longitude,
        petitioner_name=payload.name,
        petitioner_phone=payload.phone,
        petitioner_email=payload.email,
    )
    petition = public.submit(data, unit=unit, channel="api", token=token)
    return Status(201, services.public_view(petition))


@router.get(
    "/{tracking_code}", response=PublicPetitionOut, auth=None, summary="Theo dõi đơn (công khai)"
)
def track(request, tracking_code: str):
    limit_public(request, "petition-lookup")
    return services.public_view(services.public_lookup(tracking_code))


@router.post(
    "/{tracking_code}/rating", response=PublicPetitionOut, auth=None, summary="Đánh giá trả lời"
)
def rate(request, tracking_code: str, payload: RatingIn):
    limit_public(request, "petition-rate")
    petition = services.rate(tracking_code, payload.satisfaction, payload.comment)
    return services.public_view(petition)
