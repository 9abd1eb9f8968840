"""danvan oversight-reminders: queue the background job that flags overdue recommendation
answers and notifies the Front officers (run it daily from cron; --now runs it here)."""

from django.core.management.base import BaseCommand

from danvan.jobs import services as jobs
from danvan.oversight.jobs import KIND, send_reminders


class Command(BaseCommand):
    help = "Nhắc kiến nghị sau giám sát quá hạn trả lời (công việc nền)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="chạy ngay trong tiến trình này")

    def handle(self, *args, **opts):
        if opts["now"]:
            self.stdout.write(f"Đã nhắc {send_reminders()} kiến nghị quá hạn.")
            return
        job = jobs.start(KIND, title="Nhắc kiến nghị quá hạn trả lời")
        self.stdout.write(f"Đã xếp công việc nền {job.public_id}.")
