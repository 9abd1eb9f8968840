"""TOTP second factor: required for signers, office clerks and administrators; enrollment with a
QR made here, recovery codes usable once; other roles are not asked."""

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.models import Role, User
from danvan.accounts.services import grant_role
from danvan.ops.demo import DEMO_TOTP_SECRET, demo_key_hex
from danvan.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.OTP_REQUIRED = True


def _code(device: TOTPDevice, drift: int = 0) -> str:
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    totp.drift = drift
    return f"{totp.token():0{device.digits}d}"


def test_demo_signer_must_enter_a_code(client_as):
    client = client_as("leader.hoankiem")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/bao-mat/xac-thuc-hai-buoc/?next=")
    device = TOTPDevice.objects.get(user__username="leader.hoankiem")
    assert device.key == demo_key_hex() and len(DEMO_TOTP_SECRET) == 32
    wrong = client.post("/bao-mat/xac-thuc-hai-buoc/", {"code": "000000", "next": "/"})
    assert wrong.status_code == 400 and "không đúng" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code above started django-otp's back-off
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post("/bao-mat/xac-thuc-hai-buoc/", {"code": _code(device), "next": "/"})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert client.get("/").status_code == 200
    # the same code cannot be replayed in another session
    other = client_as("leader.hoankiem")
    replay = other.post("/bao-mat/xac-thuc-hai-buoc/", {"code": _code(device), "next": "/"})
    assert replay.status_code == 400


@pytest.mark.parametrize("username", ["seal.hoankiem", "admin"])
def test_office_clerk_and_admin_are_stopped_too(client_as, username):
    response = client_as(username).get("/")
    assert response.status_code == 302 and "/bao-mat/xac-thuc-hai-buoc/" in response["Location"]


def test_counter_clerk_is_not_asked(client_as):
    assert client_as("clerk.hoankiem").get("/mot-cua/quay/").status_code == 200


def test_api_tokens_are_not_redirected(api_as):
    assert api_as("leader.hoankiem").get("/api/v1/dossiers").status_code == 200


def test_enrollment_with_local_qr_and_recovery_codes():
    unit = Unit.objects.current().get(code="00070")
    user = User.objects.create_user("ky.moi", password="Mat-khau-moi-2026", full_name="Lê Ký Mới")
    grant_role(user, Role.SIGNER, unit)
    client = Client()
    login = client.post(
        "/tai-khoan/dang-nhap/", {"username": "ky.moi", "password": "Mat-khau-moi-2026"}
    )
    assert login.status_code == 302
    gate = client.get("/")
    assert gate["Location"].startswith("/bao-mat/xac-thuc-hai-buoc/dang-ky/")
    page = client.get(gate["Location"])
    html = page.content.decode()
    assert (
        page.status_code == 200 and "<svg" in html and "http" not in html.split("<svg", 1)[1][:200]
    )
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.config_url.startswith("otpauth://totp/")
    bad = client.post("/bao-mat/xac-thuc-hai-buoc/dang-ky/", {"code": "123"})
    assert bad.status_code == 400
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp's back-off after the wrong code
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post("/bao-mat/xac-thuc-hai-buoc/dang-ky/", {"code": _code(device), "next": "/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/").status_code == 200  # this session is verified

    # next login: a recovery code works once
    fresh = Client()
    fresh.post("/tai-khoan/dang-nhap/", {"username": "ky.moi", "password": "Mat-khau-moi-2026"})
    assert fresh.get("/")["Location"].startswith("/bao-mat/xac-thuc-hai-buoc/?")
    used = fresh.post("/bao-mat/xac-thuc-hai-buoc/", {"code": codes[0], "next": "/"})
    assert used.status_code == 302
    again = Client()
    again.post("/tai-khoan/dang-nhap/", {"username": "ky.moi", "password": "Mat-khau-moi-2026"})
    assert again.post("/bao-mat/xac-thuc-hai-buoc/", {"code": codes[0]}).status_code == 400


def test_enrolled_user_cannot_replace_device_without_a_code(client_as):
    client = client_as("leader.hoankiem")
    response = client.get("/bao-mat/xac-thuc-hai-buoc/dang-ky/")
    assert response.status_code == 302 and response["Location"] == "/bao-mat/xac-thuc-hai-buoc/"


def test_reauthentication_asks_for_the_code_too(client_as):
    import time

    from danvan.ops.security import AUTH_AT

    admin = User.objects.get(username="admin")
    admin.set_password("mat-khau-quan-tri-2026")
    admin.save()
    client = client_as("admin")
    device = TOTPDevice.objects.get(user=admin)
    assert client.post("/bao-mat/xac-thuc-hai-buoc/", {"code": _code(device)}).status_code == 302
    session = client.session
    session[AUTH_AT] = int(time.time()) - 16 * 60
    session.save()
    assert "/bao-mat/xac-nhan-lai/" in client.get("/quan-tri/")["Location"]
    no_code = client.post("/bao-mat/xac-nhan-lai/", {"password": "mat-khau-quan-tri-2026"})
    assert no_code.status_code == 400
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    ok = client.post(
        "/bao-mat/xac-nhan-lai/",
        {
            "password": "mat-khau-quan-tri-2026",
            "code": _code(device, drift=1),
            "next": "/quan-tri/",
        },
    )
    assert ok.status_code == 302 and ok["Location"] == "/quan-tri/"
