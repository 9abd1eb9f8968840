"""Guards for every /api/ path: bad bearer tokens → 401, oversize bodies → 413,
and any non-JSON error page → the JSON error format. Never an HTML page on an API path."""

import logging

from django.conf import settings

from danvan.accounts.models import ApiToken
from danvan.api.errors import error_response
from danvan.core.middleware import NUL_MESSAGE, carries_nul

log = logging.getLogger(__name__)
API_PREFIX = "/api/"


class ApiGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        early = self._check(request)
        if early is not None:
            return early
        try:
            response = self.get_response(request)
        except Exception:
            log.exception("Unhandled error on %s", request.path)
            return error_response(500)
        return self._jsonify(response)

    def _check(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header:
            scheme, _, raw = header.partition(" ")
            if scheme.lower() != "bearer" or not raw.strip():
                return error_response(
                    401, "auth.malformed", "Tiêu đề Authorization không đúng dạng 'Bearer <khóa>'."
                )
            token = ApiToken.objects.resolve(raw.strip())
            if token is None:
                return error_response(
                    401,
                    "auth.invalid_token",
                    "Khóa API không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
                )
            request._danvan_token = token
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = self._limit(request)
        if length.isdigit() and int(length) > limit:
            return error_response(
                413, message=f"Dữ liệu gửi lên quá lớn (tối đa {limit // (1024 * 1024)} MB)."
            )
        if carries_nul(request):
            return error_response(422, "request.nul_character", NUL_MESSAGE)
        return None

    @staticmethod
    def _limit(request) -> int:
        if request.META.get("CONTENT_TYPE", "").startswith("multipart/"):
            return settings.UPLOAD_MAX_BYTES + 64 * 1024
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    @staticmethod
    def _jsonify(response):
        if response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        return error_response(response.status_code)
