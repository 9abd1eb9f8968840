from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from danvan.api.main import api

handler400 = "danvan.core.views.bad_request"
handler403 = "danvan.core.views.permission_denied"
handler404 = "danvan.core.views.page_not_found"
handler500 = "danvan.core.views.server_error"

urlpatterns = [
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
    path("tai-khoan/", include("danvan.accounts.urls")),
    path("ngon-ngu/", include("django.conf.urls.i18n")),  # set_language: the header's switch
    path("bao-mat/", include("danvan.ops.urls")),
    path("thu-tuc/", include("danvan.procedures.urls")),
    path("chu-ky-so/", include("danvan.signing.urls")),
    path("cong-viec/", include("danvan.jobs.urls")),
    path("kiem-tra-chu-ky/", include("danvan.signing.public_urls")),
    path("mot-cua/", include("danvan.onestop.urls")),
    path("dan-van-kheo/", include("danvan.movement.urls")),
    path("giam-sat/", include("danvan.oversight.urls")),
    path("don-thu/", include("danvan.grassroots.urls")),
    path("gui-kien-nghi/", include("danvan.grassroots.public_urls")),
    path("open311/v2/", include("danvan.grassroots.open311_urls")),
    path("bao-cao/", include("danvan.reports.urls")),
    path("ket-noi/", include("danvan.connections.urls")),
    path("kho-cua-toi/thong-bao/", include("danvan.connections.citizen_urls")),
    path("", include("danvan.vault.urls")),
    path("", include("danvan.portal.urls")),
    path("", include("danvan.core.urls")),
]

if settings.BENCH_BASELINE:  # bench/bench_http.py only: the bare views its figures compare with
    urlpatterns.insert(0, path("_bench/", include("danvan.core.bench_urls")))
