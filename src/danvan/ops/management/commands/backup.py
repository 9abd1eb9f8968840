"""danvan backup: one encrypted, consistent archive of the database and the stored files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from danvan.ops import crypto
from danvan.ops.backup import BackupError, apply_retention, create_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp lưu trữ vào một tệp mã hóa (AES-256-GCM)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="thư mục chứa bản sao lưu (BACKUP_DIR)")
        parser.add_argument("--keep-daily", type=int, default=settings.BACKUP_KEEP_DAILY)
        parser.add_argument("--keep-weekly", type=int, default=settings.BACKUP_KEEP_WEEKLY)
        parser.add_argument("--keep-monthly", type=int, default=settings.BACKUP_KEEP_MONTHLY)
        parser.add_argument("--no-prune", action="store_true", help="không xóa bản sao lưu cũ")
        parser.add_argument(
            "--generate-key", action="store_true", help="in ra một khóa mã hóa mới rồi dừng"
        )

    def handle(self, *args, **opts):
        if opts["generate_key"]:
            self.stdout.write(crypto.new_key())
            return
        try:
            key = crypto.parse_key(settings.BACKUP_ENCRYPTION_KEY)
            directory = Path(opts["dir"] or settings.BACKUP_DIR)
            result = create_backup(directory, key)
        except (BackupError, crypto.BackupKeyError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu: {result.path} ({result.size:,} byte; {result.rows:,} bản ghi "
                f"trong {result.tables} bảng; {result.files:,} tệp)."
            )
        )
        if result.missing:
            self.stderr.write(
                f"Cảnh báo: {len(result.missing)} tệp được cơ sở dữ liệu tham chiếu nhưng không có "
                f"trên đĩa lúc sao lưu, ví dụ {result.missing[0]}."
            )
        if not opts["no_prune"]:
            removed = apply_retention(
                directory,
                daily=opts["keep_daily"],
                weekly=opts["keep_weekly"],
                monthly=opts["keep_monthly"],
            )
            for path in removed:
                self.stdout.write(f"Đã xóa bản sao lưu cũ: {path.name}")
