"""danvan serve: migrate, then serve with gunicorn on 127.0.0.1:$PORT (default 8000)."""

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ ứng dụng."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", default=os.environ.get("WEB_WORKERS", "1"))

    def handle(self, *args, host, port, workers, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Dân Vận Số đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)")
        sys.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "danvan.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            # no gunicorn access log: it would print query strings (which may hold a phone
            # number); danvan.ops.logs writes one JSON line per request instead
        ]
        os.execvp(argv[0], argv)  # noqa: S606 - replaces this process with the server
