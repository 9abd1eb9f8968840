from django.core.management.base import BaseCommand

from danvan.vault.services import purge_past_retention


class Command(BaseCommand):
    help = (
        "Xóa giấy tờ đã quá thời hạn lưu trữ theo loại giấy tờ khỏi kho dữ liệu (chạy hằng ngày)."
    )

    def handle(self, *args, **opts):
        count = purge_past_retention()
        self.stdout.write(f"Đã xóa {count} giấy tờ quá thời hạn lưu trữ.")
