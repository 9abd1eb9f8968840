"""`danvan outbox list [--state failed] [--limit 50]`, `show ID`, `retry ID|--all-failed`,
`run` (drain what is due now, in this process), `resync` (queue a portal message for every
received dossier the portal does not hold as it is)."""

import json

from django.core.management.base import BaseCommand, CommandError

from danvan.connections import services
from danvan.connections.models import MessageState, OutboxMessage
from danvan.connections.services import outbox
from danvan.core.errors import DomainError


class Command(BaseCommand):
    help = "Hộp thư đi: liệt kê, xem, gửi lại, chạy gửi, đồng bộ lại."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list")
        ls.add_argument("--state", choices=MessageState.values)
        ls.add_argument("--limit", type=int, default=50)
        show = sub.add_parser("show")
        show.add_argument("id", type=int)
        retry = sub.add_parser("retry")
        retry.add_argument("id", type=int, nargs="?")
        retry.add_argument("--all-failed", action="store_true")
        sub.add_parser("run")
        sub.add_parser("resync")

    def handle(self, *args, **opts):
        try:
            getattr(self, f"do_{opts['action']}")(opts)
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc

    def do_list(self, opts):
        qs = OutboxMessage.objects.order_by("-id")
        if opts["state"]:
            qs = qs.filter(state=opts["state"])
        for m in qs[: opts["limit"]]:
            when = m.sent_at or m.next_attempt_at
            self.stdout.write(
                f"{m.pk:>7}  {m.state:<8} {m.attempts}/{m.max_attempts}  "
                f"{when:%Y-%m-%d %H:%M:%S}  {m.label or m.kind}  {m.last_error[:80]}"
            )
        counts = outbox.counts()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))

    def do_show(self, opts):
        m = outbox.get(opts["id"])
        facts = {
            "id": m.pk,
            "public_id": str(m.public_id),
            "kind": m.kind,
            "key": m.key,
            "label": m.label,
            "state": m.state,
            "attempts": f"{m.attempts}/{m.max_attempts}",
            "created_at": m.created_at.isoformat(),
            "next_attempt_at": m.next_attempt_at.isoformat(),
            "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            "last_error": m.last_error,
            "response": m.response,
            "payload": m.payload,
        }
        self.stdout.write(json.dumps(facts, ensure_ascii=False, indent=2))

    def do_retry(self, opts):
        if opts["all_failed"]:
            rows = list(OutboxMessage.objects.filter(state=MessageState.FAILED).order_by("id"))
        elif opts["id"]:
            rows = [outbox.get(opts["id"])]
        else:
            raise CommandError("Cần ID của tin hoặc --all-failed.")
        for m in rows:
            outbox.retry(m)
        self.stdout.write(f"Đã xếp {len(rows)} tin để gửi lại.")

    def do_run(self, opts):
        counts = outbox.drain()
        self.stdout.write(
            f"Đã gửi {counts['sent']}, chờ gửi lại {counts['retry']}, "
            f"không thành công {counts['failed']}."
        )

    def do_resync(self, opts):
        from danvan.accounts.models import User

        admin = User(is_superuser=True)
        n = services.resync(services.unsynced_for(admin).select_related("unit"))
        self.stdout.write(f"Đã xếp {n} hồ sơ để đồng bộ lại.")
