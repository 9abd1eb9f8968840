"""POST /api/v1/public/payments/{provider}/notify: the gateway's server-to-server notification."""

from ninja import Field, Router, Schema

from danvan.onestop import payments

router = Router()


class NotifyIn(Schema):
    """The signed fields of a notification (the fake gateway's; a provider with other field names
    maps them in its Gateway.parse)."""

    reference: str = Field("", max_length=64)
    amount: str = Field("", max_length=20)
    result: str = Field("", max_length=10)
    transaction: str = Field("", max_length=100)
    signature: str = Field("", max_length=200)


class NotifyOut(Schema):
    reference: str
    state: str


@router.post(
    "/{provider}/notify",
    response=NotifyOut,
    auth=None,
    summary="Thông báo kết quả thanh toán từ cổng thanh toán (có chữ ký)",
)
def notify(request, provider: str, payload: NotifyIn):
    fields = {k: str(v)[:200] for k, v in payload.model_dump().items()}
    intent = payments.settle(provider[:32], fields)
    return {"reference": intent.reference, "state": intent.state}
