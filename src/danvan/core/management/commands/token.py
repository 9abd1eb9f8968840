"""danvan token create USERNAME [--days N] | danvan token revoke HINT | danvan token list USERNAME"""

from django.core.management.base import BaseCommand, CommandError

from danvan.accounts.models import ApiToken, User
from danvan.accounts.services import create_token, revoke_token


class Command(BaseCommand):
    help = "Tạo, liệt kê, thu hồi khóa API của cán bộ."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "revoke", "list"])
        parser.add_argument(
            "target", help="tên đăng nhập (create, list) hoặc phần đầu khóa (revoke)"
        )
        parser.add_argument("--days", type=int, default=None, help="hết hạn sau N ngày")
        parser.add_argument("--name", default="")

    def handle(self, *args, action, target, days, name, **opts):
        if action == "revoke":
            token = ApiToken.objects.filter(key_hint=target[:10], revoked_at__isnull=True).first()
            if token is None:
                raise CommandError(f"Không tìm thấy khóa còn hiệu lực bắt đầu bằng {target[:10]}")
            revoke_token(token)
            self.stdout.write(f"Đã thu hồi khóa {token.key_hint}…")
            return
        user = User.objects.filter(username=target).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {target}")
        if action == "list":
            for t in user.api_tokens.order_by("created_at"):
                state = (
                    "đã thu hồi" if t.revoked_at else ("còn hiệu lực" if t.is_live else "hết hạn")
                )
                self.stdout.write(f"{t.key_hint}…  {t.created_at:%Y-%m-%d}  {state}  {t.name}")
            return
        raw = create_token(user, name=name, days=days)
        self.stdout.write(f"Khóa API cho {user.username} (chỉ hiện một lần):")
        self.stdout.write(raw)
