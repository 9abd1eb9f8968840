"""The error format of SPEC §8 for every API error."""

from django.http import JsonResponse

STATUS_CODES = {
    400: ("request.bad", "Yêu cầu không hợp lệ."),
    401: ("auth.required", "Cần đăng nhập hoặc khóa API hợp lệ."),
    403: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không tìm thấy."),
    405: ("request.method_not_allowed", "Phương thức không được hỗ trợ."),
    409: ("conflict", "Dữ liệu đã thay đổi, vui lòng tải lại."),
    413: ("request.too_large", "Dữ liệu gửi lên quá lớn."),
    422: ("request.invalid", "Dữ liệu không hợp lệ."),
    429: ("rate_limited", "Quá nhiều yêu cầu, vui lòng thử lại sau."),
    500: ("server.error", "Lỗi hệ thống. Dữ liệu đã lưu không bị ảnh hưởng; vui lòng thử lại."),
}


def error_response(
    status: int,
    code: str | None = None,
    message: str | None = None,
    fields: dict | None = None,
    headers: dict | None = None,
) -> JsonResponse:
    default_code, default_message = STATUS_CODES.get(status, ("error", "Lỗi."))
    body = {
        "error": {
            "code": code or default_code,
            "message": message or default_message,
            "fields": fields or {},
        }
    }
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def validation_fields(errors: list[dict]) -> dict:
    fields: dict[str, str] = {}
    for err in errors:
        loc = [
            str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "form", "file")
        ]
        key = ".".join(loc) or "_"
        fields.setdefault(key, _vi_message(err))
    return fields


def _vi_message(err: dict) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return "Trường này là bắt buộc."
    if "json" in kind:
        return "Nội dung JSON không hợp lệ."
    if kind.startswith(("int", "float", "decimal")):
        return "Phải là một số."
    if kind.startswith(("date", "datetime")):
        return "Ngày giờ không hợp lệ."
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return "Giá trị nằm ngoài khoảng cho phép."
    if kind.startswith("string"):
        return "Chuỗi ký tự không hợp lệ (độ dài hoặc định dạng)."
    if kind == "value_error":  # a validator's own (Vietnamese) message, without pydantic's prefix
        return str((err.get("ctx") or {}).get("error") or "") or "Giá trị không hợp lệ."
    return "Giá trị không hợp lệ."
