from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from danvan.accounts import views as accounts_views
from danvan.api.main import api

handler400 = "danvan.core.views.bad_request"
handler403 = "danvan.core.views.permission_denied"
handler404 = "danvan.core.views.page_not_found"
handler500 = "danvan.core.views.server_error"

admin.site.site_header = _("Dân Vận Số — Quản trị hệ thống")
admin.site.site_title = _("Quản trị Dân Vận Số")
admin.site.index_title = _("Người dùng, phân quyền, đơn vị, lịch làm việc và danh mục")

urlpatterns = [
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
    path("tai-khoan/", include("danvan.accounts.urls")),
    # the header's switch: Django's set_language, and a signed-in person's choice saved
    path("ngon-ngu/setlang/", accounts_views.set_language, name="set_language"),
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
