"""danvan demo-otp: the current second-factor code of the demo personas (embedded demo only)."""

import time
from binascii import unhexlify

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from danvan.ops.demo import demo_key_hex


class Command(BaseCommand):
    help = "In mã xác thực hai lớp (TOTP) hiện tại của các tài khoản mẫu — chỉ ở chế độ mẫu."

    def handle(self, *args, **opts):
        if not settings.ALLOW_DEMO:
            raise CommandError("Chỉ dùng với dữ liệu mẫu (chế độ nhúng hoặc DEBUG).")
        totp = TOTP(unhexlify(demo_key_hex()), step=30, digits=6)
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"{totp.token():06d}")
        self.stderr.write(
            f"Mã còn hiệu lực khoảng {left} giây (bí mật mẫu trong docs/security.md)."
        )
