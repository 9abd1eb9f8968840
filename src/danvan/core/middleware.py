"""Pages: a DomainError raised in a view becomes the matching error page, never a 500."""

from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render

from danvan.core.errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        status = (
            exception.status
            if exception.status in (400, 403, 404, 409, 413, 422, 429, 503, 507)
            else 400
        )
        context = {"title": exception.message, "status": status}
        return render(request, "core/error.html", context, status=status)


NUL_MESSAGE = "Dữ liệu gửi lên chứa ký tự rỗng (NUL), không thể lưu; vui lòng nhập lại."


def carries_nul(request) -> bool:
    """A NUL character in the query, a form field or a JSON body: PostgreSQL cannot store it,
    so such a request is refused up front instead of failing deep in a query (a 500)."""
    if "\x00" in request.path or _nul_in(request.GET):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        return _nul_in(request.POST)
    if content_type.startswith("application/json"):
        body = request.body
        return b"\x00" in body or b"\\u0000" in body.lower()
    return False


def _nul_in(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in query.getlist(key)) for key in query)


class NulGuardMiddleware:
    """Pages: a request carrying a NUL character gets the 400 page (the API guard answers 422)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and carries_nul(request):
            context = {"title": NUL_MESSAGE, "status": 400}
            return render(request, "core/error.html", context, status=400)
        return self.get_response(request)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Vietnamese unless the visitor chose another language with the header's switch
    (the language cookie): a browser's Accept-Language is no such choice (many browsers here say
    en-US). The API still honours Accept-Language for its clients."""

    def process_request(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
