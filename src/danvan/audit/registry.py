"""Action codes → Vietnamese sentences for display. Every app registers its own codes."""

from string import Formatter

_SENTENCES: dict[str, str] = {}


def register(code: str, sentence: str) -> None:
    """Register a display sentence; placeholders come from the entry's data, e.g. '{code}'."""
    _SENTENCES[code] = sentence


def is_registered(code: str) -> bool:
    return code in _SENTENCES


def registered_codes() -> list[str]:
    return sorted(_SENTENCES)


def describe(code: str, data: dict) -> str:
    template = _SENTENCES.get(code)
    if template is None:
        return code
    fields = {name for _, name, _, _ in Formatter().parse(template) if name}
    values = {name: data.get(name, "…") for name in fields}
    return template.format(**values)


register("accounts.login", "Đăng nhập")
register("accounts.login_failed", "Đăng nhập không thành công (tài khoản {username})")
register("accounts.logout", "Đăng xuất")
register("accounts.token.created", "Tạo khóa API {hint}")
register("accounts.token.revoked", "Thu hồi khóa API {hint}")
register("accounts.grant.added", "Cấp vai trò {role} tại {unit_code}")
register("accounts.grant.revoked", "Thu hồi vai trò {role} tại {unit_code}")
register("accounts.access_denied", "Truy cập bị từ chối: {path}")
register("units.imported", "Nhập danh sách đơn vị ({count} dòng)")
register("units.village.created", "Thêm thôn/tổ dân phố {name}")
register("core.demo.loaded", "Nạp dữ liệu mẫu")
