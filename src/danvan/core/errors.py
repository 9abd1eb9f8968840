"""Domain errors: a stable code, a Vietnamese message, an HTTP status."""


class DomainError(Exception):
    status = 400

    def __init__(
        self, code: str, message: str, *, status: int | None = None, fields: dict | None = None
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class NotFound(DomainError):
    status = 404

    def __init__(self, code: str = "not_found", message: str = "Không tìm thấy.", **kw):
        super().__init__(code, message, **kw)


class Forbidden(DomainError):
    status = 403

    def __init__(
        self,
        code: str = "forbidden",
        message: str = "Bạn không có quyền thực hiện thao tác này.",
        **kw,
    ):
        super().__init__(code, message, **kw)


class Conflict(DomainError):
    status = 409


class Invalid(DomainError):
    status = 422
