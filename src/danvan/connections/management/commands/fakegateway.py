"""`danvan fakegateway [--port 8109] [--fail KIND[:N]] [--slow SECONDS]`: serve the FAKE LGSP
gateway (portal, population database, national payment platform, SMS, Zalo) for the demo.
It is not a real connection; point CONNECTIONS_GATEWAY_URL at it."""

from django.core.management.base import BaseCommand

from danvan.connections.conf import FAKE_PORT
from danvan.connections.fake import FakeGateway


class Command(BaseCommand):
    help = "Chạy cổng kết nối GIẢ LẬP (không phải hệ thống thật) để thử nghiệm và trình diễn."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=FAKE_PORT)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--secret", default="fake-secret")
        parser.add_argument(
            "--fail", action="append", default=[], help="KIND[:TIMES], e.g. http500:3"
        )
        parser.add_argument("--slow", type=float, default=0.3)

    def handle(self, *args, **opts):
        fake = FakeGateway(port=opts["port"], host=opts["host"], secret=opts["secret"])
        fake.state.slow_seconds = opts["slow"]
        for spec in opts["fail"]:
            kind, _, times = (
                spec.rpartition(":")
                if spec.count(":") and spec.split(":")[-1].isdigit()
                else (spec, "", "1")
            )
            fake.fail(kind, times=int(times or 1))
        self.stdout.write(
            f"Cổng kết nối GIẢ LẬP tại http://{opts['host']}:{opts['port']} "
            "(không phải hệ thống thật). Ctrl-C để dừng."
        )
        try:
            fake.serve_forever()
        except KeyboardInterrupt:
            fake.stop()
