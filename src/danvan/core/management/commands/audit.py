"""danvan audit verify: walk the hash chain and name the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from danvan.audit.services import verify_chain


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của nhật ký (chuỗi băm SHA-256)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **opts):
        report = verify_chain()
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"Nhật ký toàn vẹn: {report.checked} bản ghi."))
            return
        where = f"bản ghi #{report.broken_id}" if report.broken_id else "cuối chuỗi"
        raise CommandError(
            f"Nhật ký bị sai lệch tại {where}: {report.reason} (đã kiểm {report.checked} bản ghi hợp lệ)."
        )
