from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "danvan.ops"
    label = "ops"
    verbose_name = "Vận hành và an ninh"

    def ready(self):
        from danvan.audit.registry import register
        from danvan.ops import security  # noqa: F401 - connects the login signal

        register("ops.otp.enrolled", "Bật xác thực hai bước (tài khoản {user})")
        register("ops.otp.recovery_used", "Dùng một mã khôi phục (tài khoản {user})")
        register("ops.otp.recovery_renewed", "Tạo lại mã khôi phục")
        register("ops.reauthenticated", "Xác nhận lại mật khẩu trước thao tác quản trị/ký số")
