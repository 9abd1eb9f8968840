"""danvan restore ARCHIVE: bring an archive back into an empty instance (or any, with --force)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from danvan.ops import crypto
from danvan.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào hệ thống trống (--force để ghi đè hệ thống đang có dữ liệu)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true", help="ghi đè cả khi hệ thống có dữ liệu"
        )

    def handle(self, *args, **opts):
        try:
            key = crypto.parse_key(settings.BACKUP_ENCRYPTION_KEY)
            result = restore_backup(Path(opts["archive"]), key, force=opts["force"])
        except (BackupError, crypto.BackupKeyError, crypto.ArchiveCorrupt) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result.rows_expected.values())
        self.stdout.write(
            f"Đã khôi phục ({result.engine}): {rows:,} bản ghi trong "
            f"{len(result.rows_expected)} bảng, {result.files:,} tệp."
        )
        if result.previous_media:
            self.stdout.write(f"Tệp cũ của hệ thống được giữ lại ở {result.previous_media}.")
        problems = []
        for label, (want, got) in sorted(result.row_mismatches.items()):
            problems.append(f"bảng {label}: sao lưu {want} bản ghi, khôi phục {got}")
        problems += [f"tệp {path} sai mã băm" for path in result.file_mismatches]
        if not result.audit_ok:
            problems.append(f"nhật ký không toàn vẹn: {result.audit_reason}")
        if problems:
            raise CommandError("Khôi phục không khớp: " + "; ".join(problems[:20]))
        self.stdout.write(f"Nhật ký toàn vẹn: {result.audit_checked} bản ghi.")
        # The archive may predate the code: bring its schema up to date.
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Khôi phục xong; số bản ghi và mã băm tệp khớp."))
