"""The bare baseline views of bench/bench_http.py exist only when DANVAN_BENCH_BASELINE is set."""

import importlib

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import Resolver404, clear_url_caches, resolve

import danvan.urls
from danvan.core.bench_urls import TABLE


def reload_urls() -> None:
    importlib.reload(danvan.urls)
    clear_url_caches()


@pytest.fixture
def baseline_on():
    with override_settings(BENCH_BASELINE=True):
        reload_urls()
        yield
    reload_urls()


def test_setting_is_off_by_default(settings):
    assert settings.BENCH_BASELINE is False


@pytest.mark.django_db
def test_baseline_urls_404_without_the_setting():
    client = Client()
    assert client.get("/_bench/read?id=1").status_code == 404
    assert client.post("/_bench/insert", "x", content_type="text/plain").status_code == 404
    for path in ("/_bench/read", "/_bench/insert"):
        with pytest.raises(Resolver404):
            resolve(path)


@pytest.mark.django_db
def test_baseline_views_insert_and_read_when_enabled(baseline_on):
    key = (
        "serial PRIMARY KEY"
        if connection.vendor == "postgresql"
        else "integer PRIMARY KEY AUTOINCREMENT"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {TABLE} (id {key}, body text)")
    client = Client()
    made = client.post("/_bench/insert", "một hồ sơ", content_type="text/plain")
    assert made.status_code == 201
    row_id = made.json()["id"]
    read = client.get(f"/_bench/read?id={row_id}")
    assert read.status_code == 200
    assert read.json() == {"id": row_id, "body": "một hồ sơ"}
    assert client.get("/_bench/read?id=999").json() == {}


@pytest.mark.django_db
def test_urls_gone_again_after_the_setting(baseline_on):
    assert resolve("/_bench/read")
    with override_settings(BENCH_BASELINE=False):
        reload_urls()
        with pytest.raises(Resolver404):
            resolve("/_bench/read")
