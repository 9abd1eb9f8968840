"""Hash-only (two-step) signing against a fake SmartCA-like HTTP service on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from danvan.signing import pades, remote, verify


def _make_handler(provider: remote.LocalKeyProvider, seen: list):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server API
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length))
            seen.append(body)
            digest = base64.b64decode(body["hash"])
            signature = provider.sign_digest(digest, body["hash_algorithm"])
            payload = json.dumps({"signature": base64.b64encode(signature).decode()}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture()
def fake_signing_service(leader, ca):
    """Holds the leader's key like a remote HSM; only ever sees a 32-byte hash."""
    seen: list = []
    provider = remote.LocalKeyProvider(leader.key, [leader.cert, *ca.chain])
    server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(provider, seen))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sign", seen
    server.shutdown()
    server.server_close()


def test_http_hash_provider_signs_only_a_digest_and_result_validates(
    input_pdf, leader, ca, timestamper, trust_roots, fake_signing_service, leader_stamp
):
    url, seen = fake_signing_service
    provider = remote.HttpHashSigningProvider(url, [leader.cert, *ca.chain], key_id="leader-1")
    assert isinstance(provider, remote.RemoteSigningProvider)
    signed = remote.sign_pdf_remote(
        input_pdf,
        provider,
        field_name="ChuKyTuXa",
        profile="B-T",
        timestamper=timestamper,
        stamp=leader_stamp,
        is_test=True,
    )
    assert len(seen) == 1
    assert len(base64.b64decode(seen[0]["hash"])) == 32
    report = verify.verify_pdf(signed, trust_roots)
    assert report.status == "valid", report.to_dict()
    assert report.signatures[0].timestamp_present is True
    assert report.signatures[0].certificate_serial == format(leader.cert.serial_number, "x")


def test_two_step_flow_with_local_key_provider(input_pdf, leader, ca, trust_roots):
    provider = remote.LocalKeyProvider(leader.key, [leader.cert, *ca.chain])
    pending = remote.prepare_remote_signature(
        input_pdf, provider.certificate_chain(), field_name="Sig", profile="B-B"
    )
    raw = provider.sign_digest(pending.to_be_signed_digest)
    signed = remote.finish_remote_signature(pending, raw)
    assert verify.verify_pdf(signed, trust_roots).status == "valid"


def test_wrong_raw_signature_is_refused_before_embedding(input_pdf, leader, seal, ca):
    pending = remote.prepare_remote_signature(
        input_pdf, [leader.cert, *ca.chain], field_name="Sig", profile="B-B"
    )
    other = remote.LocalKeyProvider(seal.key, [seal.cert, *ca.chain])
    with pytest.raises(pades.SigningError) as err:
        remote.finish_remote_signature(pending, other.sign_digest(pending.to_be_signed_digest))
    assert err.value.code == "signing.remote_bad_signature"


def test_unreachable_service_raises_stable_code(input_pdf, leader, ca):
    provider = remote.HttpHashSigningProvider(
        "http://127.0.0.1:9/sign", [leader.cert, *ca.chain], timeout=2
    )
    with pytest.raises(pades.SigningError) as err:
        remote.sign_pdf_remote(input_pdf, provider, field_name="Sig", profile="B-B")
    assert err.value.code == "signing.remote_unavailable"
