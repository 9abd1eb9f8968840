from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.units.importers import import_villages, template


class Command(BaseCommand):
    help = (
        "Nhập thôn, tổ dân phố từ tệp .xlsx/.csv (docs/units.md), hoặc ghi tệp mẫu với --template."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="tệp cần nhập")
        parser.add_argument("--template", metavar="OUT.xlsx", help="ghi tệp mẫu rồi dừng")
        parser.add_argument("--valid-rows", action="store_true", help="chỉ nhập các dòng hợp lệ")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")

    def handle(self, *args, **opts):
        if opts["template"]:
            Path(opts["template"]).write_bytes(template())
            self.stdout.write(f"Đã ghi tệp mẫu {opts['template']}")
            return
        if not opts["file"]:
            raise CommandError("Cần tên tệp (hoặc --template OUT.xlsx).")
        mode = "valid_rows" if opts["valid_rows"] else "all"
        report = import_villages(Path(opts["file"]), mode=mode, dry_run=opts["dry_run"])
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(report.summary())
        if report.errors and not report.written and not report.dry_run:
            raise CommandError("Chưa nhập được tệp.")
