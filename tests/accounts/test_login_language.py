"""Signing in restores the language she chose (saved on her account by the header's switch): the
language cookie becomes hers and the next pages are in it — for officials at the staff sign-in
and for citizens at the portal's; Vietnamese for an account that never chose."""

import pytest
from django.conf import settings
from django.test import Client

from danvan.accounts.models import User

COOKIE = settings.LANGUAGE_COOKIE_NAME


def signed_in(path: str, username: str, cookie: str) -> tuple[Client, object]:
    client = Client()
    client.cookies[COOKIE] = cookie  # the language this browser was on before signing in
    response = client.post(path, {"username": username, "password": "demo12345"})
    assert response.status_code == 302, response.content.decode()[:500]
    return client, response


@pytest.mark.django_db
def test_staff_sign_in_restores_her_english():
    User.objects.filter(username="clerk.hoankiem").update(language="en")
    client, response = signed_in("/tai-khoan/dang-nhap/", "clerk.hoankiem", "vi")
    assert response.cookies[COOKIE].value == "en"
    assert '<html lang="en"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_staff_sign_in_restores_vietnamese_on_an_english_browser():
    User.objects.filter(username="clerk.hoankiem").update(language="vi")  # she chose Vietnamese
    client, response = signed_in("/tai-khoan/dang-nhap/", "clerk.hoankiem", "en")
    assert response.cookies[COOKIE].value == "vi"
    assert '<html lang="vi"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_account_that_never_chose_keeps_the_browsers_english_and_saves_it():
    assert User.objects.get(username="clerk.hoankiem").language == ""
    client, response = signed_in("/tai-khoan/dang-nhap/", "clerk.hoankiem", "en")
    assert response.cookies[COOKIE].value == "en"
    assert '<html lang="en"' in client.get("/").content.decode()
    assert User.objects.get(username="clerk.hoankiem").language == "en"


@pytest.mark.django_db
def test_an_account_that_never_chose_reads_vietnamese_on_a_new_browser():
    client = Client()
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": "clerk.hoankiem", "password": "demo12345"}
    )
    assert response.status_code == 302 and response.cookies[COOKIE].value == "vi"
    assert '<html lang="vi"' in client.get("/").content.decode()
    assert User.objects.get(username="clerk.hoankiem").language == ""


@pytest.mark.django_db
def test_citizen_sign_in_restores_her_english():
    User.objects.filter(username="congdan.hang").update(language="en")
    client, response = signed_in("/nop-truc-tuyen/dang-nhap/", "congdan.hang", "vi")
    assert response.cookies[COOKIE].value == "en"
    assert '<html lang="en"' in client.get("/kho-cua-toi/").content.decode()


@pytest.mark.django_db
def test_a_failed_sign_in_leaves_the_language_alone():
    client = Client()
    client.cookies[COOKIE] = "en"
    response = client.post("/tai-khoan/dang-nhap/", {"username": "clerk.hoankiem", "password": "x"})
    assert response.status_code == 200 and COOKIE not in response.cookies
    assert '<html lang="en"' in response.content.decode()
