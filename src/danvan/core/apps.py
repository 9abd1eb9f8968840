from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = "Lõi dùng chung"

    def ready(self) -> None:
        from danvan.accounts.models import Role as R
        from danvan.audit.registry import register
        from danvan.core.nav import register_nav

        register("core.demo.loaded", "Nạp dữ liệu mẫu")

        register_nav("core:home", "Trang chủ", order=0)
        register_nav("core:units", "Đơn vị hành chính", order=900)
        register_nav("core:audit", "Nhật ký", (R.ADMIN,), order=990)
        # Entries of the register apps being written now; each app registers its own from its
        # AppConfig.ready (same URL name replaces these) and the lines here go.
        register_nav(
            "movement:practices",
            "Dân vận khéo",
            (R.MOBILIZER, R.FRONT_OFFICER, R.REPORTER),
            order=500,
        )
        register_nav("movement:judging", "Chấm thi Dân vận khéo", (R.JUDGE,), order=510)
        register_nav(
            "oversight:home", "Giám sát, phản biện", (R.FRONT_OFFICER, R.MOBILIZER), order=600
        )
        register_nav(
            "grassroots:home",
            "Đơn thư, điểm nóng",
            (R.PETITION_OFFICER, R.MOBILIZER, R.FRONT_OFFICER),
            order=700,
        )
        register_nav(
            "reports:home",
            "Báo cáo",
            (R.REPORTER, R.MOBILIZER, R.FRONT_OFFICER, R.SIGNER, R.ADMIN),
            order=800,
        )
