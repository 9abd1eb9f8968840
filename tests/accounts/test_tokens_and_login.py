import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from danvan.accounts.models import ApiToken, User
from danvan.audit.models import AuditEntry

PUBLIC_AND_PRIVATE = [
    "/api/v1/units?parent=01",
    "/api/v1/units/00070",
    "/api/v1/me",
    "/api/v1/nowhere",
]


def _get(path, token):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.django_db
def test_token_create_prints_the_token_alone_on_its_last_line():
    out = io.StringIO()
    call_command("token", "create", "clerk.hoankiem", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    assert raw.startswith("dvs_") and " " not in raw
    token = ApiToken.objects.get(user__username="clerk.hoankiem", key_hint=raw[:10])
    assert token.key_hash != raw and raw not in token.key_hash  # hashed at rest
    assert _get("/api/v1/me", raw).json()["username"] == "clerk.hoankiem"
    assert AuditEntry.objects.filter(action="accounts.token.created").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_AND_PRIVATE)
def test_invalid_expired_or_revoked_token_gets_401_everywhere(path):
    user = User.objects.get(username="clerk.hoankiem")
    _, expired = ApiToken.issue(user, expires_at=timezone.now() - dt.timedelta(seconds=1))
    revoked_obj, revoked = ApiToken.issue(user)
    revoked_obj.revoked_at = timezone.now()
    revoked_obj.save()
    for raw in ["dvs_not_a_real_token", expired, revoked, "x" * 500]:
        response = _get(path, raw)
        assert response.status_code == 401, (raw[:12], response.status_code)
        assert response.json()["error"]["code"] == "auth.invalid_token"


@pytest.mark.django_db
def test_malformed_authorization_header_gets_401():
    response = Client().get("/api/v1/units/00070", HTTP_AUTHORIZATION="Basic abc")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "auth.malformed"


@pytest.mark.django_db
def test_token_revoke_command_takes_effect():
    out = io.StringIO()
    call_command("token", "create", "leader.bavi", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    call_command("token", "revoke", raw[:10], stdout=io.StringIO())
    assert _get("/api/v1/me", raw).status_code == 401


@pytest.mark.django_db
def test_login_with_demo_password_and_logout():
    client = Client()
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": "clerk.hoankiem", "password": "demo12345"}
    )
    assert response.status_code == 302
    home = client.get("/")
    assert "Nguyễn Thị Lan" in home.content.decode()
    assert "Quầy tiếp nhận" in home.content.decode() or "Cán bộ tiếp nhận" in home.content.decode()
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert client.get("/nhat-ky/").status_code == 302


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(settings):
    settings.LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        response = client.post(
            "/tai-khoan/dang-nhap/", {"username": "leader.bavi", "password": "wrong"}
        )
        assert response.status_code == 200
        assert "không đúng" in response.content.decode()
    # Even the right password is refused while locked out.
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": "leader.bavi", "password": "demo12345"}
    )
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert AuditEntry.objects.filter(action="accounts.login_failed").count() >= 3
