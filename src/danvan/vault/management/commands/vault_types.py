from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.core.errors import DomainError
from danvan.vault.catalogue import CSV_PATH, import_types


class Command(BaseCommand):
    help = "Nhập danh mục loại giấy tờ của kho dữ liệu từ tệp CSV (mặc định: danh mục đi kèm)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(CSV_PATH))

    def handle(self, *args, **opts):
        try:
            result = import_types(Path(opts["file"]).read_text(encoding="utf-8"))
        except (OSError, DomainError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from None
        self.stdout.write(f"Loại giấy tờ: {result}")
