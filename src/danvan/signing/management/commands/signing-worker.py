"""danvan signing-worker: sign pending batches (and resume batches whose worker died).

Run one or more beside the app processes when SIGNING_BATCH_RUNNER=worker (PostgreSQL, city
scale). In the embedded mode batches run in a thread of the web process; this command still
resumes a batch that was cut off by a restart.
"""

import time

from django.core.management.base import BaseCommand

from danvan.signing import batches


class Command(BaseCommand):
    help = "Ký các lô ký số đang chờ; chạy tiếp các lô bị gián đoạn."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="xử lý các lô đang chờ rồi thoát")
        parser.add_argument(
            "--poll", type=float, default=2.0, help="số giây giữa hai lần tìm lô mới"
        )
        parser.add_argument(
            "--stale-after",
            type=float,
            default=batches.LEASE_SECONDS,
            help="coi người chạy lô là đã dừng sau chừng ấy giây không báo tiến độ",
        )

    def handle(self, *args, once: bool, poll: float, stale_after: float, **kw):
        while True:
            ran = 0
            for batch_pk in batches.resumable(stale_after):
                if batches.run_batch(batch_pk, stale_after=stale_after):
                    ran += 1
                    self.stdout.write(f"batch {batch_pk} finished")
            if once:
                self.stdout.write(f"{ran} batch(es) run")
                return
            if not ran:
                time.sleep(poll)
