"""danvan report mobilization|service-quality --unit 01 --from 2024-01-01 --to 2024-06-30
--format json|xlsx|docx|pdf [--output FILE]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from danvan.core.errors import DomainError
from danvan.reports import access, exports, periods


class Command(BaseCommand):
    help = "Lập báo cáo công tác dân vận hoặc chất lượng phục vụ cho một đơn vị và một kỳ."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=exports.REPORTS)
        parser.add_argument("--unit", required=True, help="Mã đơn vị (01 Hà Nội, 00070 …)")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", default="json", choices=list(exports.FORMATS))
        parser.add_argument(
            "--output", help="Tệp kết quả (mặc định: tên theo báo cáo; json ra màn hình)"
        )

    def handle(self, *args, report, unit, start, end, format, output, **options):
        try:
            period = periods.from_dates(start, end)
            where = access.unit_from_code(unit, period.start)
            built = exports.build(report, where, period)
            name, _ct, data = exports.render(built, format)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if format == "json" and not output:
            self.stdout.write(data.decode())
            return
        path = output or name
        with open(path, "wb") as fh:
            fh.write(data)
        sys.stderr.write(f"Đã ghi {path} ({len(data):,} byte)\n")
