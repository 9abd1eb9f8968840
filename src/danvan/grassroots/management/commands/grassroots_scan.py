"""danvan grassroots_scan: re-apply the hot-spot rules to every matter with open petitions or an
open hot spot (the time rules, such as "overdue by 10 days", change with the clock). Run daily."""

from django.core.management.base import BaseCommand

from danvan.grassroots.hotspots import scan_all


class Command(BaseCommand):
    help = "Áp dụng lại quy tắc cảnh báo điểm nóng cho các vụ việc đang mở."

    def handle(self, *args, **opts):
        self.stdout.write(f"Đã rà soát {scan_all()} vụ việc.")
