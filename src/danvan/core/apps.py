from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = "Lõi dùng chung"

    def ready(self) -> None:
        from danvan.accounts.models import Role as R
        from danvan.audit.registry import register
        from danvan.core.nav import register_nav

        register("core.demo.loaded", _("Nạp dữ liệu mẫu"))
        post_migrate.connect(_cache_table, sender=self)

        register_nav("core:home", _("Trang chủ"), order=0)
        register_nav("core:units", _("Đơn vị hành chính"), order=900)
        register_nav("core:audit", _("Nhật ký"), (R.ADMIN,), order=990)
        # Entries of the register apps being written now; each app registers its own from its
        # AppConfig.ready (same URL name replaces these) and the lines here go.
        register_nav(
            "movement:practices",
            _("Dân vận khéo"),
            (R.MOBILIZER, R.FRONT_OFFICER, R.REPORTER),
            order=500,
        )
        register_nav("movement:judging", _("Chấm thi Dân vận khéo"), (R.JUDGE,), order=510)
        register_nav(
            "oversight:home", _("Giám sát, phản biện"), (R.FRONT_OFFICER, R.MOBILIZER), order=600
        )
        register_nav(
            "grassroots:home",
            _("Đơn thư, điểm nóng"),
            (R.PETITION_OFFICER, R.MOBILIZER, R.FRONT_OFFICER),
            order=700,
        )
        register_nav(
            "reports:home",
            _("Báo cáo"),
            (R.REPORTER, R.MOBILIZER, R.FRONT_OFFICER, R.SIGNER, R.ADMIN),
            order=800,
        )


def _cache_table(using="default", **kwargs) -> None:
    """`danvan migrate` also creates the shared cache's table (CACHE_URL=db, the default on
    PostgreSQL): rate limits and cached rules live in the database, not in one process."""
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
