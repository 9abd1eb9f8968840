"""MaXacThuc of the national payment platform: SHA-256 (hex) over the ``|``-joined fields and the
shared secret, in the order each message names (docs/connections.md)."""

import hashlib
import hmac

INIT_FIELDS = ("MaThamChieu", "SoTien", "MaHoSo", "MaTTHC", "HoTenNguoiNop")
CONFIRM_FIELDS = ("MaThamChieu", "SoTien", "MaLoi", "MaGiaoDich")
QUERY_FIELDS = ("MaThamChieu",)


def mac(values, secret: str) -> str:
    text = "|".join([*(str(v) for v in values), secret])
    return hashlib.sha256(text.encode()).hexdigest()


def flat(message: dict) -> dict:
    """INIT keeps MaHoSo, MaTTHC and HoTenNguoiNop inside ThongTinBienLai."""
    receipt = message.get("ThongTinBienLai") or {}
    return {**receipt, **message} if isinstance(receipt, dict) else dict(message)


def sign(message: dict, fields, secret: str) -> str:
    values = flat(message)
    return mac([values.get(f, "") for f in fields], secret)


def verify(message: dict, fields, secret: str) -> bool:
    given = str(message.get("MaXacThuc", ""))
    # Bytes: compare_digest refuses str with non-ASCII characters (a forged callback may send any).
    expected = sign(message, fields, secret)
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())
