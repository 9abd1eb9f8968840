"""danvan demo: load every unit, the demo organizations and personas, then each app's demo data."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from danvan.audit.services import record

# Apps whose demo.py has a load() that adds demo data; run in this order.
# signing before onestop: the demo dossiers are signed and sealed with the demo credentials.
DEMO_MODULES = [
    "danvan.procedures.demo",
    "danvan.signing.demo",
    "danvan.onestop.demo",
    "danvan.signing.demo_batch",
    "danvan.vault.demo",
    "danvan.onestop.demo_vault",  # dossiers that reuse the stores vault.demo filled
    "danvan.connections.demo",
    "danvan.movement.demo",
    "danvan.oversight.demo",
    "danvan.grassroots.demo",
    "danvan.reports.demo",
    "danvan.ops.demo",  # last: TOTP devices for the personas that need a second factor
]


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính, tổ chức và tài khoản mẫu (chỉ dùng ở chế độ nhúng)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="cho phép cả khi DEBUG tắt trên PostgreSQL"
        )
        parser.add_argument("--units-only", action="store_true")

    def handle(self, *args, **opts):
        if not settings.ALLOW_DEMO and not opts["force"]:
            raise CommandError(
                "Dữ liệu mẫu chỉ dùng ở chế độ nhúng (SQLite) hoặc khi DEBUG bật; thêm --force nếu chắc chắn."
            )
        from danvan.core.demo import load_people
        from danvan.units.loader import load_official_units

        counts = load_official_units()
        self.stdout.write(f"Đơn vị hành chính: {counts}")
        if opts["units_only"]:
            return
        self.stdout.write(f"Tài khoản, tổ chức: {load_people()}")
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as exc:
                # an app not installed yet (or without a demo) is skipped; any other import error is real
                if not exc.name or not (name == exc.name or name.startswith(exc.name + ".")):
                    raise
                continue
            self.stdout.write(f"{name}: {module.load()}")
        record("core.demo.loaded")
        self.stdout.write(
            self.style.SUCCESS("Đã nạp dữ liệu mẫu. Mật khẩu các tài khoản mẫu: demo12345")
        )
