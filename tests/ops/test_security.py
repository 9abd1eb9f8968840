"""Web hardening: headers, no inline code in any template, idle expiry, re-authentication,
password rules, and `check --deploy` clean with the production environment."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.models import User
from danvan.ops.security import AUTH_AT, LAST_SEEN

SRC = Path(__file__).resolve().parents[2] / "src" / "danvan"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"\shx-on", re.I), "hx-on (evaluated code)"),
]


def test_no_template_has_inline_script_or_style():
    found = []
    templates = [p for p in SRC.rglob("*.html") if "templates" in p.parts]
    assert len(templates) > 30
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{path.relative_to(SRC)}:{line}: {what}")
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_security_headers_on_pages_and_api(client_as):
    for client, path in [
        (Client(), "/"),
        (Client(), "/tai-khoan/dang-nhap/"),
        (client_as("clerk.hoankiem"), "/mot-cua/quay/"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, path
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp and "form-action 'self'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Request-ID"]
    api = Client().get("/api/v1/public/procedures")
    assert api["X-Content-Type-Options"] == "nosniff" and api["X-Request-ID"]


@pytest.mark.django_db
def test_hsts_only_over_tls(settings, client):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    plain = client.get("/tai-khoan/dang-nhap/")
    assert "Strict-Transport-Security" not in plain
    tls = client.get("/tai-khoan/dang-nhap/", secure=True)
    assert tls["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_idle_session_expires(client_as):
    client = client_as("clerk.hoankiem")
    assert client.get("/mot-cua/quay/").status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/mot-cua/quay/")
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
    assert client.get("/mot-cua/quay/").status_code == 302  # logged out for good


@pytest.mark.django_db
def test_admin_asks_for_the_password_again_after_reauth_minutes(client_as, persona):
    admin = persona("admin")
    admin.set_password("mat-khau-quan-tri-2026")
    admin.save()
    TOTPDevice.objects.filter(user=admin).delete()  # password only here; the code: test_otp.py
    client = client_as("admin")
    assert client.get("/quan-tri/").status_code == 200  # just logged in
    session = client.session
    session[AUTH_AT] = int(time.time()) - 16 * 60
    session.save()
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and response["Location"].startswith("/bao-mat/xac-nhan-lai/")
    wrong = client.post("/bao-mat/xac-nhan-lai/", {"password": "sai", "next": "/quan-tri/"})
    assert wrong.status_code == 400 and "Mật khẩu không đúng" in wrong.content.decode()
    evil = client.post(
        "/bao-mat/xac-nhan-lai/",
        {"password": "mat-khau-quan-tri-2026", "next": "https://evil.example/"},
    )
    assert evil.status_code == 302, evil.content.decode()[-1500:]
    assert evil["Location"] == "/"
    session = client.session
    session[AUTH_AT] = int(time.time()) - 16 * 60
    session.save()
    ok = client.post(
        "/bao-mat/xac-nhan-lai/", {"password": "mat-khau-quan-tri-2026", "next": "/quan-tri/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/").status_code == 200


@pytest.mark.django_db
def test_signing_posts_need_recent_authentication(client_as):
    client = client_as("leader.hoankiem")
    session = client.session
    session[AUTH_AT] = int(time.time()) - 16 * 60
    session.save()
    response = client.post(
        "/chu-ky-so/", {"dossier": ["1"]}, HTTP_REFERER="http://testserver/chu-ky-so/"
    )
    assert response.status_code == 302 and "/bao-mat/xac-nhan-lai/" in response["Location"]


@pytest.mark.django_db
def test_password_rules():
    user = User(username="nguyen.van.an", full_name="Nguyễn Văn An")
    for bad in ("12345678901", "password123", "ngắn", "nguyen.van.an1"):
        with pytest.raises(ValidationError):
            validate_password(bad, user)
    validate_password("Hồ-Gươm-mùa-thu-2026", user)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://danvan@db.invalid:5432/danvan",
        "SECRET_KEY": "k" * 30 + "production-secret-" + "x9Z" * 10,
        "ALLOWED_HOSTS": "dvs.hanoi.gov.vn",
        "SITE_URL": "https://dvs.hanoi.gov.vn",
        "BEHIND_TLS_PROXY": "1",
        "DANVAN_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "danvan.settings",
    }
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests in this process, never in production.
    for name in (
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "OTP_REQUIRED",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    ):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
