"""`danvan fakegateway [--port 8109] [--fail KIND[:N]] [--slow SECONDS] [--token T]
[--smtp-port 8125 [--smtp-user U --smtp-password P] [--smtp-tls]]`: serve the FAKE LGSP gateway
(portal, population database, national payment platform, SMS, Zalo) and, with --smtp-port, a FAKE
mail relay, for the demo. It is not a real connection; point CONNECTIONS_GATEWAY_URL (and
EMAIL_HOST/EMAIL_PORT) at it."""

from django.core.management.base import BaseCommand, CommandError

from danvan.connections.conf import FAKE_PORT
from danvan.connections.fake import FakeGateway


def parse_fault(spec: str) -> tuple[str, int]:
    """KIND[:TIMES], and error:CODE[:TIMES] (http500:3 → 3 × HTTP 500; error:1:2 → 2 × code 1)."""
    parts = spec.split(":")
    width = 2 if parts[0] == "error" else 1
    kind, rest = ":".join(parts[:width]), parts[width:]
    if len(rest) > 1 or (rest and not rest[0].isdigit()):
        raise CommandError(f"--fail {spec}: KIND[:TIMES] or error:CODE[:TIMES]")
    return kind, int(rest[0]) if rest else 1


class Command(BaseCommand):
    help = "Chạy cổng kết nối GIẢ LẬP (không phải hệ thống thật) để thử nghiệm và trình diễn."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=FAKE_PORT)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--secret", default="fake-secret")
        parser.add_argument("--token", default="", help="require Authorization: Bearer TOKEN")
        parser.add_argument(
            "--fail",
            action="append",
            default=[],
            help="KIND[:TIMES] or error:CODE[:TIMES], e.g. http500:3, error:1:2",
        )
        parser.add_argument("--slow", type=float, default=0.3)
        parser.add_argument("--smtp-port", type=int, default=0, help="also a FAKE mail relay")
        parser.add_argument("--smtp-user", default="")
        parser.add_argument("--smtp-password", default="")
        parser.add_argument("--smtp-tls", action="store_true", help="require STARTTLS")

    def handle(self, *args, **opts):
        fake = FakeGateway(
            port=opts["port"], host=opts["host"], secret=opts["secret"], token=opts["token"]
        )
        fake.state.slow_seconds = opts["slow"]
        for spec in opts["fail"]:
            kind, times = parse_fault(spec)
            fake.fail(kind, times=times)
        self.stdout.write(
            f"Cổng kết nối GIẢ LẬP tại http://{opts['host']}:{opts['port']} "
            "(không phải hệ thống thật). Ctrl-C để dừng."
        )
        if opts["smtp_port"]:
            fake.start_mail(
                port=opts["smtp_port"],
                user=opts["smtp_user"],
                password=opts["smtp_password"],
                tls=opts["smtp_tls"],
            )
            cert = f", chứng thư tự ký: {fake.mail_cert}" if fake.mail_cert else ""
            self.stdout.write(
                f"Máy chuyển thư GIẢ LẬP tại {opts['host']}:{opts['smtp_port']}{cert}."
            )
        try:
            fake.serve_forever()
        except KeyboardInterrupt:
            fake.stop()
