"""The project's URLs plus one view that fails, to see what a 500 logs."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from danvan.urls import urlpatterns as project_urls


def boom(request):
    # the message carries personal data on purpose: the log must scrub it from the traceback too
    raise RuntimeError("failed for citizen 001190012345, phone 0912345678")


def forbidden(request):
    raise PermissionDenied("not yours")


urlpatterns = [path("__boom__/", boom), path("__forbidden__/", forbidden), *project_urls]
