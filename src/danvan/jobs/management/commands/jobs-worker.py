"""danvan jobs-worker: run background jobs (django-tasks-db's worker) and take over the jobs of
workers that died.

Run one or more beside the app processes on PostgreSQL (JOBS_RUNNER=worker, the default there);
SIGTERM/Ctrl+C lets the current job finish its step, a second one stops at once. In the embedded
mode the web process runs the same worker in a thread; this command still works there (e.g.
``--once`` from cron to finish what a stopped server left).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from danvan.jobs import lease, runner, worker


class Command(BaseCommand):
    help = _("Chạy các công việc nền; chạy tiếp các công việc bị gián đoạn.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help=_("chạy các công việc đang chờ rồi thoát")
        )
        parser.add_argument(
            "--poll", type=float, default=1.0, help=_("số giây giữa hai lần tìm việc mới")
        )
        parser.add_argument(
            "--stale-after",
            type=float,
            default=None,
            help=_("coi tiến trình chạy một công việc là đã dừng sau chừng ấy giây không báo"),
        )

    def handle(self, *args, once: bool, poll: float, stale_after: float | None, **kw):
        taken = lease.recover(stale_after)
        if taken:
            self.stdout.write(_("%(n)d công việc bị gián đoạn được chạy tiếp") % {"n": taken})
        if once:
            ran = worker.drain()
            self.stdout.write(_("%(n)d lượt chạy") % {"n": ran})
            return
        library = worker.library_worker(interval=poll)
        keeper = worker.LeaseKeeper(stale_after)
        keeper.start()
        self.stdout.write(
            _("Đang chờ công việc nền (thời hạn giữ việc %(s)s giây)")
            % {"s": stale_after if stale_after is not None else runner.lease_seconds()}
        )
        library.configure_signals()
        try:
            library.run()
        finally:
            keeper.stopped.set()
