"""POST /api/v1/public/national-payment/confirm: the national payment platform's CONFIRM callback
(server to server, signed with MaXacThuc)."""

from ninja import Field, Router, Schema

from danvan.connections.services import payments

router = Router()


class ConfirmIn(Schema):
    MaThamChieu: str = Field("", max_length=64)
    SoTien: str = Field("", max_length=20)
    MaLoi: str = Field("", max_length=10)
    MaGiaoDich: str = Field("", max_length=100)
    ThoiGianThanhToan: str = Field("", max_length=14)
    MaXacThuc: str = Field("", max_length=128)


class ConfirmOut(Schema):
    MaLoi: str
    MoTa: str
    TrangThai: str


@router.post(
    "/confirm",
    response=ConfirmOut,
    auth=None,
    summary="Nền tảng thanh toán quốc gia báo kết quả giao dịch (CONFIRM, có mã xác thực)",
)
def confirm(request, payload: ConfirmIn):
    return payments.confirm({k: str(v) for k, v in payload.model_dump().items()})
