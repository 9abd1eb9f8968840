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
            exception.status if exception.status in (400, 403, 404, 409, 413, 422, 429) else 400
        )
        context = {"title": exception.message, "status": status}
        return render(request, "core/error.html", context, status=status)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Vietnamese unless the visitor chose another language with the header's switch
    (the language cookie): a browser's Accept-Language is no such choice (many browsers here say
    en-US). The API still honours Accept-Language for its clients."""

    def process_request(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
