"""The relay recipes of docs/connections.md, run as written: each block is read from the doc, the
province's addresses, tokens and passwords are replaced by the fake's, the settings are loaded the
way the platform loads them (the environment; settings.py run again for what it reads at start),
and something is sent through them and answered. A recipe in the doc that is not run here fails
the first test."""

import datetime as dt
import io
import json
import re
import runpy
import shlex
import socket
from pathlib import Path

import pytest
import requests
from django.core.management import call_command, get_commands
from django.test import Client
from django.utils import timezone

import danvan.settings as django_settings_module
from danvan.connections.client import SendError
from danvan.connections.fake import FakeGateway
from danvan.connections.management.commands import fakegateway as fakegateway_command
from danvan.connections.models import MessageState, OutboxMessage, ProviderMessage
from danvan.connections.services import outbox, population, portal, providers
from danvan.onestop import payments
from danvan.onestop.models import Payment
from danvan.onestop.services import Command, transition
from danvan.units.services import current_unit

DOC = Path(__file__).resolve().parents[2] / "docs" / "connections.md"
RUN_HERE = {"lgsp", "mail-relay", "demo", "faults"}
PROVINCE = "https://lgsp.tinh.gov.vn"
CONFIRM = "/api/v1/public/national-payment/confirm"
LGSP_TOKEN, OA_TOKEN, RELAY_PASSWORD = "lgsp-t0ken", "oa-t0ken", "r3lay-pass"
SETTINGS = Path(django_settings_module.__file__)
EMAIL_KEYS = (
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
    "DEFAULT_FROM_EMAIL",
    "PAYMENT_GATEWAYS",
)


def recipes() -> dict[str, list[str]]:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- recipe: ([\w-]+) -->\n```sh\n(.*?)```", text, re.S)
    return {
        name: [line for line in body.splitlines() if line.strip() and not line.startswith("#")]
        for name, body in blocks
    }


def assignments(lines: list[str]) -> dict[str, str]:
    return dict(line.split("=", 1) for line in lines)


def load(monkeypatch, settings, env: dict[str, str]) -> dict:
    """Put the recipe in the environment and apply what settings.py makes of it."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    loaded = runpy.run_path(str(SETTINGS), run_name="danvan_settings_recipe")
    for key in EMAIL_KEYS:
        setattr(settings, key, loaded[key])
    settings.CONNECTIONS = {}  # conf() reads the environment
    return loaded


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def command(monkeypatch):
    """Run `danvan fakegateway …` as the recipe writes it (its own argument parsing, faults and
    mail relay), in this process: only its blocking loop is replaced by a background thread."""
    started: list[FakeGateway] = []

    class Started(FakeGateway):
        def serve_forever(self):
            started.append(self.start())

    monkeypatch.setattr(fakegateway_command, "FakeGateway", Started)

    def start(line: str, ports: dict[str, int]) -> str:
        args = shlex.split(line)
        assert args[:2] == ["danvan", "fakegateway"] and "fakegateway" in get_commands()
        out = io.StringIO()
        call_command(*[str(ports.get(a, a)) for a in args[1:]], stdout=out)
        assert "GIẢ LẬP" in out.getvalue()  # it says it is a fake
        url = started[-1].url
        assert requests.get(url, timeout=3).json()["fake"] is True
        return url

    yield start
    for fake in started:
        fake.stop()


@pytest.fixture
def clean_outbox(db):
    OutboxMessage.objects.all().delete()  # the demo's messages (rolled back with the test)


def fee_due(receive, persona, amount=50_000):
    d = receive()
    return transition(
        d.pk,
        Command(action="request_payment", expected_version=d.version, amount_vnd=amount),
        by=persona("clerk.hoankiem"),
    )


def test_every_recipe_in_the_docs_is_run_here():
    assert set(recipes()) == RUN_HERE


@pytest.mark.django_db
def test_lgsp_recipe_sends_everything_through_the_gateway(
    monkeypatch, settings, clean_outbox, receive, persona
):
    fake = FakeGateway(token=LGSP_TOKEN, tokens={"zalo": OA_TOKEN}).start()
    try:
        env = {
            key: value.replace(PROVINCE, fake.url)
            .replace("<LGSP token>", LGSP_TOKEN)
            .replace("<Zalo OA token>", OA_TOKEN)
            .replace("<MaXacThuc secret>", fake.secret)
            for key, value in assignments(recipes()["lgsp"]).items()
        }
        env["CONNECTIONS_TIMEOUT"] = "3"  # the tests' client timeout
        assert load(monkeypatch, settings, env)["PAYMENT_GATEWAYS"] == [
            "danvan.connections.services.payments.NationalPlatformGateway"
        ]
        # The portal: a received dossier, with the token and the province's unit.
        d = receive()
        outbox.drain()
        dossier_calls = fake.requests("/dvc/DongBoHoSoMC")
        assert dossier_calls and {c["token"] for c in dossier_calls} == {LGSP_TOKEN}
        assert {c["body"]["madonvi"] for c in dossier_calls} == {"000.00.00.H26"}
        assert fake.state.dossiers[d.code]["TrangThaiHoSo"] == str(d.status)
        assert len(fake.state.history[d.code]) == d.events.count()
        # The population database.
        clerk = persona("clerk.hoankiem")
        values = population.lookup(
            clerk,
            unit=current_unit("00070"),
            national_id="001190012345",
            name="Nguyễn Thị Hằng",
            date_of_birth="1990-03-15",
            reason="Xác minh người nộp hồ sơ tại quầy",
        )
        assert values["name"] == "Nguyễn Thị Hằng"
        assert fake.requests("/dvc/ChiaSeThongTinCongDan")[-1]["token"] == LGSP_TOKEN
        # The national payment platform: INIT signed with the secret, CONFIRM settles once.
        due = fee_due(receive, persona)
        intent, url = payments.start(due, "national")
        assert url == f"{fake.url}/thanh-toan/{intent.reference}"
        assert fake.requests("/thanhtoan/INIT")[-1]["answer"]["error_code"] == "0"
        confirm = fake.pay(intent.reference)
        for _ in range(2):
            reply = Client().post(CONFIRM, json.dumps(confirm), content_type="application/json")
            assert reply.status_code == 200, reply.content
        assert Payment.objects.filter(dossier=due).count() == 1
        # SMS with the brand name, Zalo with the OA's token.
        assert providers.send_sms("0912345678", "Hồ sơ đã có kết quả", "lgsp-sms")["MessageId"]
        assert fake.state.messages[-1]["Brandname"] == "UBND.TINH"
        assert providers.send_zalo("0912345678", "Hồ sơ đã có kết quả", "lgsp-zalo")["msg_id"]
        assert fake.requests("/zalo")[-1]["token"] == OA_TOKEN
        # A wrong token: refused; the message fails with the gateway's answer until it is fixed.
        monkeypatch.setenv("CONNECTIONS_TOKEN", "expired")
        other = receive()
        outbox.drain()
        refused = OutboxMessage.objects.filter(object_id=str(other.pk), kind=portal.KIND).first()
        assert refused.state == MessageState.FAILED and "HTTP 401" in refused.last_error
        assert refused.response["error_code"] == "401" and other.code not in fake.state.dossiers
        monkeypatch.setenv("CONNECTIONS_TOKEN", LGSP_TOKEN)
        outbox.retry(refused)
        outbox.drain()
        refused.refresh_from_db()
        assert refused.state == MessageState.SENT and other.code in fake.state.dossiers
    finally:
        fake.stop()


@pytest.mark.django_db
def test_mail_relay_recipe_sends_over_tls_with_the_account(monkeypatch, settings):
    fake = FakeGateway()
    user = assignments(recipes()["mail-relay"])["EMAIL_HOST_USER"]
    port = fake.start_mail(user=user, password=RELAY_PASSWORD, tls=True)
    try:
        env = assignments(recipes()["mail-relay"])
        assert env["EMAIL_PORT"] == "587" and env["EMAIL_USE_TLS"] == "1"
        env.update(
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(port),
            EMAIL_HOST_PASSWORD=env["EMAIL_HOST_PASSWORD"].replace(
                "<relay password>", RELAY_PASSWORD
            ),
            SSL_CERT_FILE=fake.mail_cert,  # trust the fake relay's own certificate
        )
        load(monkeypatch, settings, env)
        assert settings.EMAIL_USE_TLS is True and settings.EMAIL_TIMEOUT == 30
        providers.send_email("hang@example.vn", "Kết quả hồ sơ", "Hồ sơ đã có kết quả", "m1-email")
        mail = fake.state.mails[-1]
        assert mail["tls"] is True and mail["login"] == user
        assert mail["mail_from"] == "no-reply@dichvucong.tinh.gov.vn"
        assert mail["rcpt_tos"] == ["hang@example.vn"] and mail["text"] == "Hồ sơ đã có kết quả"
        assert mail["message_id"] == providers.message_id("m1-email")
        assert mail["message_id"].endswith("@dichvucong.tinh.gov.vn>")
        assert mail["request_id"] == "m1-email"
        # The relay took the mail but its answer was lost: the retry arrives as a second copy
        # with the same Message-ID (SMTP cannot do better; docs/connections.md).
        settings.EMAIL_TIMEOUT = 1
        fake.state.stall_seconds = 2.0
        fake.fail("timeout", path="smtp")
        with pytest.raises(SendError):
            providers.send_email("hang@example.vn", "Kết quả", "Lần 1", "m2-email")
        providers.send_email("hang@example.vn", "Kết quả", "Lần 1", "m2-email")
        copies = [m for m in fake.state.mails if m["request_id"] == "m2-email"]
        assert len(copies) == 2 and copies[0]["message_id"] == copies[1]["message_id"]
        # A wrong password: a failed attempt with the relay's answer.
        settings.EMAIL_TIMEOUT = 3
        settings.EMAIL_HOST_PASSWORD = "wrong"
        with pytest.raises(SendError) as refused:
            providers.send_email("hang@example.vn", "Kết quả", "x", "m3-email")
        assert "535" in str(refused.value)
        assert ProviderMessage.objects.get(request_id="m3-email").state == "failed"
        assert len(fake.state.mails) == 3
    finally:
        fake.stop()


@pytest.mark.django_db
def test_demo_recipe_starts_the_fake_and_the_platform_talks_to_it(
    monkeypatch, settings, command, clean_outbox, receive, persona
):
    fake_line, serve_line = recipes()["demo"]
    ports = {"8109": free_port(), "8125": free_port()}
    url = command(fake_line, ports)
    words = shlex.split(serve_line)
    env = assignments([w for w in words if re.match(r"^[A-Z_]+=", w)])
    assert words[len(env) :] == ["danvan", "serve", "--port", "8108"] and "serve" in get_commands()
    env = {
        k: v.replace("8109", str(ports["8109"])).replace("8125", str(ports["8125"]))
        for k, v in env.items()
    }
    settings.ALLOW_DEMO = True
    monkeypatch.setenv("ALLOW_DEMO", "1")
    loaded = load(monkeypatch, settings, env)
    assert (
        "danvan.connections.services.payments.NationalPlatformGateway"
        in (loaded["PAYMENT_GATEWAYS"])
    )
    monkeypatch.setenv("CONNECTIONS_TIMEOUT", "3")
    d = receive()
    outbox.drain()
    held = requests.get(f"{url}/_fake/state", timeout=3).json()
    assert held["fake"] is True and held["dossiers"][d.code]["TrangThaiHoSo"] == str(d.status)
    assert providers.send_sms("0912345678", "Thử", "demo-sms")["fake"] is True
    providers.send_email("hang@example.vn", "Thử", "Thử", "demo-email")  # the fake relay: 250
    assert ProviderMessage.objects.get(request_id="demo-email").state == "accepted"
    due = fee_due(receive, persona)
    intent, pay_url = payments.start(due, "national")  # signed with the fake's secret
    assert pay_url == f"{url}/thanh-toan/{intent.reference}"


@pytest.mark.django_db
def test_faults_recipe_backs_off_and_sends_once(settings, command, clean_outbox, receive):
    (line,) = recipes()["faults"]
    url = command(line, {"8109": free_port()})
    settings.CONNECTIONS = {
        "GATEWAY_URL": url,
        "PORTAL_SYNC": True,
        "TIMEOUT": 3.0,
        "BACKOFF_SECONDS": 10.0,
        "SMS_URL": "",  # only the portal's messages meet the faults
        "ZALO_URL": "",
    }
    d = receive()
    message = OutboxMessage.objects.filter(object_id=str(d.pk), kind=portal.KIND).order_by("id")[0]
    errors, waits, shown, minutes = [], [], "", 0
    for _ in range(8):
        now = timezone.now() + dt.timedelta(minutes=minutes)
        outbox.drain(now=now)
        message.refresh_from_db()
        if message.state == MessageState.SENT:
            break
        errors.append(message.last_error)
        waits.append((message.next_attempt_at - now).total_seconds())
        if message.attempts == 4:
            out = io.StringIO()
            call_command("outbox", "show", str(message.pk), stdout=out)
            shown = out.getvalue()
        minutes += 10
    assert message.state == MessageState.SENT and message.attempts == 5
    assert all("HTTP 500" in e for e in errors[:3]) and "ngắt kết nối" in errors[3]
    assert all(later > earlier * 0.6 for earlier, later in zip(waits, waits[1:], strict=False))
    assert waits[-1] > waits[0] * 2  # 10 s doubling: 8× from the first wait, within the jitter
    assert errors[3] in shown and "4" in shown
    held = requests.get(f"{url}/_fake/state", timeout=3).json()
    assert len(held["history"][d.code]) == d.events.count()
    assert held["dossiers"][d.code]["TrangThaiHoSo"] == str(d.status)


def test_fault_specs_of_the_command():
    from django.core.management import CommandError

    parse = fakegateway_command.parse_fault
    assert parse("http500:3") == ("http500", 3) and parse("drop") == ("drop", 1)
    assert parse("error:1") == ("error:1", 1) and parse("error:-1:2") == ("error:-1", 2)
    with pytest.raises(CommandError):
        parse("http500:x")
