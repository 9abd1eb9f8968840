from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "danvan.ops"
    label = "ops"
    verbose_name = "Vận hành và an ninh"

    def ready(self):
        from danvan.audit.registry import register
        from danvan.ops import security  # noqa: F401 - connects the login signal

        register("ops.otp.enrolled", _("Bật xác thực hai bước (tài khoản {user})"))
        register("ops.otp.recovery_used", _("Dùng một mã khôi phục (tài khoản {user})"))
        register("ops.otp.recovery_renewed", _("Tạo lại mã khôi phục"))
        register("ops.reauthenticated", _("Xác nhận lại mật khẩu trước thao tác quản trị/ký số"))
