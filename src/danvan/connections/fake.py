"""A local FAKE of the province's integration gateway (LGSP) and what lies behind it: the National
Public Service Portal (DongBoHoSoMC, CapNhatTienDoHoSoMC), the population database
(ChiaSeThongTinCongDan), the national payment platform (INIT, QUERY, GET_BILL and the payer's page
that sends CONFIRM), the brand-name SMS and Zalo OA APIs and, when asked (``start_mail``), the
province's SMTP mail relay.

It is a stand-in for tests and the demo, NEVER a real connection: every answer says "fake": true
and its pages say "GIẢ LẬP". It checks field names, types and code lists (connections.formats),
records what it received, is idempotent like the portal (create-or-update by MaHoSo; a repeated
X-Idempotency-Key is answered from memory), and can be told to misbehave:

    fake = FakeGateway().start()          # a thread server on 127.0.0.1, any free port
    fake.fail("http500", times=2)         # or "timeout", "slow", "refuse", "drop", "exists",
                                          # "error:-1" (any error_code), on one path or all
    fake.stop(); fake.start()             # same port, same memory: "stopped for a while"
    fake.start_mail(user="u", password="p", tls=True)   # + an SMTP relay (STARTTLS, AUTH)
    fake.fail("timeout", path="smtp")     # the relay takes the mail but its 250 never comes

`danvan fakegateway --port 8109` serves the same thing from the command line for the demo.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import secrets
import socket
import threading
import time
import zoneinfo
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from danvan.connections import formats as F
from danvan.connections import signing

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SERVICES = {"DongBoHoSoMC", "CapNhatTienDoHoSoMC"}
FAULTS = ("http500", "timeout", "slow", "refuse", "drop", "exists", "error")

# Citizens the fake population database knows (the demo applicants).
CITIZENS = {
    "001190012345": {
        "SoDinhDanh": "001190012345",
        "HoVaTen": "Nguyễn Thị Hằng",
        "GioiTinh": "2",
        "NgayThangNamSinh": "19900315",
        "DanToc": "01",
        "QuocTich": "VN",
        "ThuongTru": {"MaTinhThanh": "01", "MaPhuongXa": "00070", "ChiTiet": "12 Hàng Trống"},
        "NoiOHienTai": {"MaTinhThanh": "01", "MaPhuongXa": "00070", "ChiTiet": "12 Hàng Trống"},
        "QueQuan": {"MaTinhThanh": "36", "MaPhuongXa": "", "ChiTiet": "Nam Định"},
        "ChuHo": {"HoVaTen": "Trần Văn Nam", "SoDinhDanh": "001085001111", "QuanHe": "Chồng"},
        "ThanhVienHo": [{"HoVaTen": "Trần Minh An", "SoDinhDanh": "", "QuanHe": "Con"}],
    },
    "001085067890": {
        "SoDinhDanh": "001085067890",
        "HoVaTen": "Trần Văn Bình",
        "GioiTinh": "1",
        "NgayThangNamSinh": "19850704",
        "DanToc": "01",
        "QuocTich": "VN",
        "ThuongTru": {"MaTinhThanh": "01", "MaPhuongXa": "09700", "ChiTiet": "Thôn Vân Sơn"},
        "NoiOHienTai": {"MaTinhThanh": "01", "MaPhuongXa": "09700", "ChiTiet": "Thôn Vân Sơn"},
        "QueQuan": {"MaTinhThanh": "01", "MaPhuongXa": "09700", "ChiTiet": "Ba Vì"},
        "ChuHo": {"HoVaTen": "Trần Văn Bình", "SoDinhDanh": "001085067890", "QuanHe": "Chủ hộ"},
        "ThanhVienHo": [],
    },
}


def ascii_upper(name: str) -> str:
    from danvan.core.text import fold

    return " ".join(fold(word).upper() for word in name.split())


@dataclass
class Fault:
    kind: str
    times: int
    path: str = ""
    arg: str = ""


@dataclass
class State:
    """The fake's memory: kept across stop() and start()."""

    dossiers: dict = field(default_factory=dict)  # MaHoSo -> the last record received
    versions: dict = field(default_factory=dict)  # MaHoSo -> how many times it was written
    history: dict = field(default_factory=dict)  # MaHoSo -> [rows]
    received: list = field(default_factory=list)  # every request: path, key, body, answer
    answers: dict = field(default_factory=dict)  # idempotency key -> the answer given
    payments: dict = field(default_factory=dict)  # MaThamChieu -> transaction
    messages: list = field(default_factory=list)  # SMS and Zalo messages
    mails: list = field(default_factory=list)  # emails the SMTP relay took (headers, envelope)
    faults: list = field(default_factory=list)
    slow_seconds: float = 0.3
    stall_seconds: float = 5.0  # a "timeout": how long the fake keeps the client waiting
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeGateway:
    def __init__(
        self,
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        secret: str = "fake-secret",  # noqa: S107 - the fake's own
        token: str = "",
        tokens: dict[str, str] | None = None,
    ):
        self.host, self.port, self.secret = host, port, secret
        # When set, a call without "Authorization: Bearer <token>" gets 401; ``tokens`` names
        # another token for one service (the last part of the path: "zalo" → the OA's token).
        self.token, self.tokens = token, dict(tokens or {})
        self.state = State()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._mail = None  # the SMTP relay's aiosmtpd controller
        self.mail_port = 0
        self.mail_cert = ""  # the relay's self-signed certificate (PEM file) when it offers TLS

    # --- control ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FakeGateway:
        handler = type("Handler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer((self.host, self.port), handler)
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self.stop_mail()

    def start_mail(
        self, *, port: int = 0, user: str = "", password: str = "", tls: bool = False
    ) -> int:
        """Also serve a FAKE SMTP relay (aiosmtpd) on ``port`` (a free one when 0): AUTH LOGIN/PLAIN
        required when ``user`` is given, STARTTLS required when ``tls`` (a self-signed certificate
        for 127.0.0.1 and localhost, written to ``mail_cert``: trust it with SSL_CERT_FILE). It
        takes every mail (``state.mails``) and drops none: SMTP has no idempotency key, so a mail
        sent twice is kept twice, as a real relay would. Faults on path "smtp": ``refuse`` (451),
        ``error`` (554), ``timeout`` (the mail is taken but the 250 comes too late)."""
        from aiosmtpd.controller import Controller

        if not port:
            with socket.socket() as probe:
                probe.bind((self.host, 0))
                port = probe.getsockname()[1]
        kwargs: dict = {"auth_require_tls": tls}
        if user:
            kwargs.update(auth_required=True, authenticator=_Authenticator(user, password))
        if tls:
            self.mail_cert, context = _self_signed(self.host)
            kwargs.update(tls_context=context, require_starttls=True)
        self._mail = Controller(
            _Relay(self), hostname=self.host, port=port, server_hostname="fake-relay", **kwargs
        )
        self._mail.start()
        self.mail_port = port
        return port

    def stop_mail(self) -> None:
        if self._mail is not None:
            self._mail.stop()
            self._mail = None

    def serve_forever(self) -> None:
        self.start()
        if self._thread is not None:
            self._thread.join()

    def fail(self, kind: str, *, times: int = 1, path: str = "", arg: str = "") -> None:
        if kind.startswith("error:"):
            kind, arg = "error", kind.split(":", 1)[1]
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind}")
        with self.state.lock:
            self.state.faults.append(Fault(kind, times, path, arg))

    def clear(self) -> None:
        with self.state.lock:
            self.state.faults.clear()

    def requests(self, path: str = "") -> list[dict]:
        return [r for r in self.state.received if not path or r["path"].endswith(path)]

    # --- faults ----------------------------------------------------------------------------

    def _take_fault(self, path: str) -> Fault | None:
        with self.state.lock:
            for fault in self.state.faults:
                if fault.path and not path.endswith(fault.path):
                    continue
                fault.times -= 1
                if fault.times <= 0:
                    self.state.faults.remove(fault)
                return fault
        return None

    # --- the services ----------------------------------------------------------------------

    def handle(self, path: str, body: dict, key: str) -> tuple[int, dict]:
        name = path.rstrip("/").rsplit("/", 1)[-1]
        if key and key in self.state.answers:
            return 200, {**self.state.answers[key], "duplicate": True}
        handler = {
            "DongBoHoSoMC": self._dossier,
            "CapNhatTienDoHoSoMC": self._history,
            "ChiaSeThongTinCongDan": self._population,
            "INIT": self._pay_init,
            "QUERY": self._pay_query,
            "GET_BILL": self._pay_bill,
            "sms": self._sms,
            "zalo": self._zalo,
        }.get(name)
        if handler is None:
            return 404, answer(F.SYSTEM_ERROR, "Không có dịch vụ này")
        status, reply = handler(body)
        if key and reply.get("error_code") == F.OK:
            self.state.answers[key] = reply
        return status, reply

    def _dossier(self, body: dict) -> tuple[int, dict]:
        updating = str(body.get("isUpdating", "")).lower()
        if updating not in ("true", "false"):
            return 200, answer(F.INVALID, "isUpdating phải là true hoặc false")
        rows = body.get("data")
        if not isinstance(rows, list) or not rows:
            return 200, answer(F.INVALID, "data phải là danh sách hồ sơ")
        bad = [p for row in rows for p in F.problems(row, F.DOSSIER)]
        if bad:
            return 200, answer(F.INVALID, "; ".join(bad[:10]))
        with self.state.lock:
            for row in rows:
                code = row["MaHoSo"]
                exists = code in self.state.dossiers
                if updating == "false" and exists:
                    return 200, answer(F.EXISTS, f"Hồ sơ {code} đã tồn tại")
                if updating == "true" and not exists:
                    return 200, answer(F.NOT_FOUND, f"Hồ sơ {code} không tồn tại")
            for row in rows:
                self.state.dossiers[row["MaHoSo"]] = row
                self.state.versions[row["MaHoSo"]] = self.state.versions.get(row["MaHoSo"], 0) + 1
        return 200, answer(F.OK, "Đồng bộ thành công")

    def _history(self, body: dict) -> tuple[int, dict]:
        rows = body.get("data")
        if not isinstance(rows, list) or not rows:
            return 200, answer(F.INVALID, "data phải là danh sách tiến độ")
        bad = [p for row in rows for p in F.problems(row, F.HISTORY)]
        if bad:
            return 200, answer(F.INVALID, "; ".join(bad[:10]))
        with self.state.lock:
            missing = [r["MaHoSo"] for r in rows if r["MaHoSo"] not in self.state.dossiers]
            if missing:
                return 200, answer(F.NOT_FOUND, f"Hồ sơ {missing[0]} không tồn tại")
            for row in rows:
                self.state.history.setdefault(row["MaHoSo"], []).append(row)
        return 200, answer(F.OK, "Cập nhật tiến độ thành công")

    def _population(self, body: dict) -> tuple[int, dict]:
        bad = F.problems(body, F.POPULATION_REQUEST)
        if not body.get("NgayThangNam") and not body.get("Nam"):
            bad.append("NgayThangNam hoặc Nam: thiếu trường")
        if bad:
            return 200, answer(F.INVALID, "; ".join(bad[:10]))
        person = CITIZENS.get(body["SoDinhDanh"])
        born = (person or {}).get("NgayThangNamSinh", "")
        matches = (
            person is not None
            and ascii_upper(person["HoVaTen"]) == body["HoVaTen"]
            and (born == body.get("NgayThangNam") or born[:4] == body.get("Nam"))
        )
        if not matches:
            return 200, answer(F.NOT_FOUND, "Không tìm thấy công dân khớp thông tin")
        return 200, {**answer(F.OK, "Thành công"), "data": person}

    # --- payment platform ------------------------------------------------------------------

    def _pay_init(self, body: dict) -> tuple[int, dict]:
        bad = F.problems(body, F.PAYMENT_INIT)
        if bad:
            return 200, answer(F.INVALID, "; ".join(bad[:10]))
        if not signing.verify(body, signing.INIT_FIELDS, self.secret):
            return 200, answer("5", "Sai mã xác thực (MaXacThuc)")
        ref = body["MaThamChieu"]
        with self.state.lock:
            tx = self.state.payments.setdefault(
                ref, {"init": body, "TrangThaiGD": "3", "MaGiaoDich": "", "callbacks": 0}
            )
        return 200, {**answer(F.OK, "Khởi tạo thành công"), "UrlThanhToan": self._pay_url(tx)}

    def _pay_url(self, tx) -> str:
        return f"{self.url}/thanh-toan/{tx['init']['MaThamChieu']}"

    def _pay_query(self, body: dict) -> tuple[int, dict]:
        if not signing.verify(body, signing.QUERY_FIELDS, self.secret):
            return 200, answer("5", "Sai mã xác thực (MaXacThuc)")
        tx = self.state.payments.get(str(body.get("MaThamChieu", "")))
        if tx is None:
            return 200, answer(F.NOT_FOUND, "Không có giao dịch")
        return 200, {
            **answer(F.OK, "Thành công"),
            "MaThamChieu": body["MaThamChieu"],
            "TrangThaiGD": tx["TrangThaiGD"],
            "MaGiaoDich": tx["MaGiaoDich"],
            "SoTien": tx["init"]["SoTien"],
        }

    def _pay_bill(self, body: dict) -> tuple[int, dict]:
        if not signing.verify(body, signing.QUERY_FIELDS, self.secret):
            return 200, answer("5", "Sai mã xác thực (MaXacThuc)")
        tx = self.state.payments.get(str(body.get("MaThamChieu", "")))
        if tx is None or tx["TrangThaiGD"] != "1":
            return 200, answer(F.NOT_FOUND, "Giao dịch chưa thanh toán")
        pdf = receipt_pdf(tx)
        return 200, {
            **answer(F.OK, "Thành công"),
            "SoBienLai": f"GL-{tx['MaGiaoDich']}",
            "BienLai": base64.b64encode(pdf).decode(),
        }

    def pay(self, ref: str, *, paid: bool = True) -> dict:
        """The payer finished on the platform's page: the transaction's state and the CONFIRM
        message it sends to the merchant (returned, and posted to UrlThongBao by the page)."""
        tx = self.state.payments[ref]
        with self.state.lock:
            if paid:
                tx["TrangThaiGD"] = "1"
                tx["MaGiaoDich"] = tx["MaGiaoDich"] or f"GD{secrets.token_hex(5).upper()}"
            elif tx["TrangThaiGD"] != "1":
                tx["TrangThaiGD"] = "4"
        return self.confirm_message(ref, "00" if paid else "24")

    def confirm_message(self, ref: str, code: str) -> dict:
        tx = self.state.payments[ref]
        message = {
            "MaThamChieu": ref,
            "SoTien": tx["init"]["SoTien"],
            "MaLoi": code,
            "MaGiaoDich": tx["MaGiaoDich"],
            "ThoiGianThanhToan": dt.datetime.now(HANOI).strftime("%Y%m%d%H%M%S"),
        }
        message["MaXacThuc"] = signing.sign(message, signing.CONFIRM_FIELDS, self.secret)
        return message

    # --- message providers -----------------------------------------------------------------

    def _sms(self, body: dict) -> tuple[int, dict]:
        spec = {"Brandname": "str", "Phone": "str", "Message": "str", "RequestId": "str"}
        bad = F.problems(body, spec)
        if bad:
            return 200, answer(F.INVALID, "; ".join(bad))
        with self.state.lock:
            self.state.messages.append({"channel": "sms", **body})
        return 200, {**answer(F.OK, "Đã nhận tin"), "MessageId": secrets.token_hex(6)}

    def _zalo(self, body: dict) -> tuple[int, dict]:
        spec = {
            "phone": "str",
            "template_id": "str",
            "template_data": ("obj", {}),
            "tracking_id": "str",
        }
        data = body.get("template_data")
        bad = F.problems({**body, "template_data": {}}, spec)
        if not isinstance(data, dict):
            bad.append("template_data: phải là đối tượng JSON")
        if bad:
            return 200, answer(F.INVALID, "; ".join(bad))
        with self.state.lock:
            self.state.messages.append({"channel": "zalo", **body})
        return 200, {**answer(F.OK, "Đã nhận tin"), "msg_id": secrets.token_hex(6)}


class _Authenticator:
    def __init__(self, user: str, password: str):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == self.user
            and auth_data.password == self.password
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


class _Relay:
    """The FAKE mail relay's aiosmtpd handler: records each mail it takes."""

    def __init__(self, fake: FakeGateway):
        self.fake = fake

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        import email
        from email import policy

        fault = self.fake._take_fault("smtp")
        if fault is not None and fault.kind == "refuse":
            return "451 4.3.0 FAKE relay busy, try again later"
        if fault is not None and fault.kind == "error":
            return "554 5.7.1 FAKE relay rejected the message"
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        body = message.get_body(("plain",))
        mail = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "message_id": str(message["Message-ID"] or ""),
            "request_id": str(message["X-Danvan-Request-Id"] or ""),
            "subject": str(message["Subject"] or ""),
            "text": body.get_content().strip() if body is not None else "",
            "login": getattr(session.auth_data, "login", b"").decode()
            if session.authenticated
            else "",
            "tls": session.ssl is not None,
            "at": time.time(),
        }
        with self.fake.state.lock:
            self.fake.state.mails.append(mail)
        if fault is not None and fault.kind in ("timeout", "slow"):
            stall = self.fake.state.slow_seconds if fault.kind == "slow" else None
            await asyncio.sleep(stall or self.fake.state.stall_seconds)
        return "250 2.0.0 OK: queued by the FAKE relay (not a real mail server)"


def _self_signed(host: str) -> tuple[str, object]:
    """A throw-away certificate for the fake relay: (PEM file path, server SSL context)."""
    import ipaddress
    import ssl
    import tempfile

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "FAKE mail relay")])
    now = dt.datetime.now(dt.UTC)
    names: list[x509.GeneralName] = [x509.DNSName("localhost")]
    try:
        names.append(x509.IPAddress(ipaddress.ip_address(host)))
    except ValueError:
        names.append(x509.DNSName(host))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tempfile.mkdtemp(prefix="danvan-fake-relay-")
    cert_path, key_path = f"{folder}/relay.pem", f"{folder}/relay.key"
    with open(cert_path, "wb") as out:
        out.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as out:
        out.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return cert_path, context


def answer(code: str, message: str) -> dict:
    return {"error_code": code, "message": message, "fake": True}


def receipt_pdf(tx) -> bytes:
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas

    from danvan.core.formatting import vnd

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A5)
    info = tx["init"]["ThongTinBienLai"]
    lines = [
        "BIEN LAI DIEN TU - GIA LAP (FAKE)",
        f"Ma tham chieu: {tx['init']['MaThamChieu']}",
        f"Ma giao dich: {tx['MaGiaoDich']}",
        f"Ma ho so: {info['MaHoSo']}",
        f"So tien: {vnd(int(tx['init']['SoTien']))}",
    ]
    for i, line in enumerate(lines):
        pdf.drawString(40, 540 - 20 * i, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGateway
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        parts = urlparse(self.path)
        if parts.path.startswith("/thanh-toan/"):
            return self._pay_page(parts.path.rsplit("/", 1)[-1])
        if parts.path == "/_fake/state":
            state = self.fake.state
            body = {"dossiers": state.dossiers, "history": state.history, "fake": True}
            return self._send(200, body)
        return self._send(200, {"fake": True, "name": "LGSP GIẢ LẬP (không phải hệ thống thật)"})

    def do_POST(self):
        parts = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if parts.path.startswith("/thanh-toan/"):
            return self._pay_done(parts.path.rsplit("/", 1)[-1], parse_qs(raw.decode()))
        key = self.headers.get("X-Idempotency-Key", "")
        bearer = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        entry = {"path": parts.path, "key": key, "token": bearer, "at": time.time()}
        wanted = self.fake.tokens.get(parts.path.rstrip("/").rsplit("/", 1)[-1], self.fake.token)
        if wanted and not secrets.compare_digest(bearer.encode(), wanted.encode()):
            entry["answer"] = answer("401", "Sai hoặc thiếu mã truy cập (Authorization: Bearer)")
            self.fake.state.received.append(entry)
            return self._send(401, entry["answer"])
        fault = self.fake._take_fault(parts.path)
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = None
        entry["body"] = body
        if fault is not None:
            entry["fault"] = fault.kind
            self.fake.state.received.append(entry)
            if self._misbehave(fault):
                return None
        if not isinstance(body, dict):
            status, reply = 400, answer(F.INVALID, "Nội dung không phải JSON")
        else:
            status, reply = self.fake.handle(parts.path, body, key)
        entry["answer"] = reply
        if fault is None:
            self.fake.state.received.append(entry)
        return self._send(status, reply)

    def _misbehave(self, fault: Fault) -> bool:
        """True when the request gets no proper answer."""
        if fault.kind == "http500":
            self._send(500, {"fake": True, "message": "Internal Server Error"})
            return True
        if fault.kind == "refuse":
            self._send(503, answer(F.SYSTEM_ERROR, "Hệ thống đang bận, từ chối yêu cầu"))
            return True
        if fault.kind == "error":
            self._send(
                200, answer(fault.arg or F.SYSTEM_ERROR, F.ERROR_CODES.get(fault.arg, "Lỗi"))
            )
            return True
        if fault.kind == "exists":
            self._send(200, answer(F.EXISTS, "Hồ sơ đã tồn tại"))
            return True
        if fault.kind == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return True
        if fault.kind in ("timeout", "slow"):
            stall = self.fake.state.stall_seconds
            time.sleep(self.fake.state.slow_seconds if fault.kind == "slow" else stall)
            if fault.kind == "timeout":
                self.close_connection = True
                return True
        return False

    def _send(self, status: int, body: dict, content_type="application/json") -> None:
        data = json.dumps(body, ensure_ascii=False).encode() if isinstance(body, dict) else body
        try:
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass

    def _pay_page(self, ref: str) -> None:
        tx = self.fake.state.payments.get(ref)
        if tx is None:
            return self._send(404, b"Khong co giao dich", "text/plain")
        amount = tx["init"]["SoTien"]
        html = f"""<!doctype html><html lang="vi"><meta charset="utf-8">
<title>Nền tảng thanh toán quốc gia — GIẢ LẬP</title>
<body style="font-family:sans-serif;max-width:36em;margin:2em auto">
<p style="background:#fde68a;padding:.5em"><strong>GIẢ LẬP</strong> — trang thử nghiệm, không phải
nền tảng thanh toán thật; không có tiền nào được chuyển.</p>
<h1>Thanh toán phí, lệ phí</h1>
<p>Mã tham chiếu: {ref}<br>Hồ sơ: {tx["init"]["ThongTinBienLai"]["MaHoSo"]}<br>
Số tiền: {amount} đồng</p>
<form method="post"><button name="ket_qua" value="00">Thanh toán</button>
<button name="ket_qua" value="24">Hủy giao dịch</button></form></body></html>"""
        return self._send(200, html.encode(), "text/html")

    def _pay_done(self, ref: str, form: dict) -> None:
        import requests

        if ref not in self.fake.state.payments:
            return self._send(404, b"Khong co giao dich", "text/plain")
        paid = (form.get("ket_qua") or [""])[0] == "00"
        message = self.fake.pay(ref, paid=paid)
        init = self.fake.state.payments[ref]["init"]
        try:
            requests.post(init["UrlThongBao"], json=message, timeout=10)
        except requests.RequestException:
            pass  # the merchant reconciles with QUERY
        self.send_response(303)
        self.send_header("Location", init["UrlTraVe"])
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None
