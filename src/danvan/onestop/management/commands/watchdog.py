from django.core.management.base import BaseCommand

from danvan.core.uploads import purge_staged
from danvan.onestop.watchdog import flag_idle


class Command(BaseCommand):
    help = "Cảnh báo hồ sơ quá thời gian của bước xử lý hiện tại."

    def handle(self, *args, **opts):
        codes = flag_idle()
        purged = purge_staged()
        if purged:
            self.stdout.write(f"Đã xóa {purged} tệp tạm của biểu mẫu chưa nộp quá 24 giờ.")
        self.stdout.write(
            f"Đã cảnh báo {len(codes)} hồ sơ chậm xử lý."
            + (f" {', '.join(codes)}" if codes else "")
        )
