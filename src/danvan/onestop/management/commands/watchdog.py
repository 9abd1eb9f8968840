from django.core.management.base import BaseCommand

from danvan.onestop.watchdog import flag_idle


class Command(BaseCommand):
    help = "Cảnh báo hồ sơ quá thời gian của bước xử lý hiện tại."

    def handle(self, *args, **opts):
        codes = flag_idle()
        self.stdout.write(f"Đã cảnh báo {len(codes)} hồ sơ chậm xử lý." + (f" {', '.join(codes)}" if codes else ""))
