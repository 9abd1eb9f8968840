"""danvan verify FILE.pdf: print the verification summary; exit 0 when valid, 1 otherwise."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.signing import services


class Command(BaseCommand):
    help = "Kiểm tra chữ ký số của một tệp PDF (mã thoát 0: hợp lệ, 1: không hợp lệ)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        report = services.verify(path.read_bytes())
        self.stdout.write(f"Kết quả: {report['status']} — {report['summary_vi']}")
        for index, sig in enumerate(report["signatures"], 1):
            self.stdout.write(
                f"  {index}. {sig['signer_common_name'] or 'Không rõ'} · {sig['organization'] or 'Không rõ'}"
                f" · {sig['signing_time'] or '?'} · tin cậy: {'có' if sig['trusted'] else 'không'}"
                f" · nguyên vẹn: {'có' if sig['intact'] else 'không'}"
            )
        if report["status"] != "valid":
            sys.exit(1)
