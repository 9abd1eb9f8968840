"""danvan bench seed --dossiers N [--years 2]: fill the database with a Hà Nội-sized data set."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from danvan.reports import seed
from danvan.units.models import Unit


class Command(BaseCommand):
    help = "Sinh dữ liệu thử quy mô thành phố (hồ sơ một cửa, 126 xã, phường, hai năm) để đo hiệu năng."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        s = sub.add_parser("seed", help="Thêm hồ sơ thử bằng COPY")
        s.add_argument("--dossiers", type=int, required=True)
        s.add_argument("--years", type=int, default=2)
        s.add_argument("--city", default="01")

    def handle(self, *args, action, dossiers, years, city, **options):
        if dossiers <= 0:
            raise CommandError("--dossiers phải là số dương.")
        began = time.perf_counter()
        if not Unit.objects.filter(code=city).exists():
            # A fresh database: the seed needs the unit tree, procedures and staff (as the benches do).
            self.stdout.write("Cơ sở dữ liệu chưa có đơn vị hành chính: nạp dữ liệu mẫu trước …")
            call_command("demo", force=True, verbosity=0)

        def progress(done, total):
            self.stdout.write(f"  {done:,}/{total:,} hồ sơ", ending="\r")
            self.stdout.flush()

        try:
            result = seed.seed(dossiers, years=years, city_code=city, progress=progress)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        spent = time.perf_counter() - began
        self.stdout.write("")
        self.stdout.write(
            f"Đã thêm {result['dossiers']:,} hồ sơ, {result['components']:,} thành phần "
            f"({result['communes']} xã/phường, {result['legacy_communes']} đơn vị cũ) "
            f"trong {spent:.1f} giây: {result['dossiers_per_second']:,} hồ sơ/giây khi ghi, "
            f"{result['overall_per_second']:,} hồ sơ/giây cả bảng tổng hợp; "
            f"từng bước (giây): {result['seconds']}."
        )
