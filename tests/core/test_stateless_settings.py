"""Issue 16: app servers keep no state of their own in production — the cache (rate limits, cached
calendar rules) is shared (database or Redis), sessions are in the database, uploaded files go
through the storage API (an S3-compatible backend by setting)."""

import json
import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.db import connection


def settings_under(env: dict) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'cache': s.CACHES['default']['BACKEND'], "
        "'session': s.SESSION_ENGINE, 'storage': s.STORAGES['default']}))"
    )
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "danvan.settings", "SECRET_KEY": "x" * 50,
            **env}  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True,
                         check=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_settings_share_the_cache_and_sessions():
    pg = settings_under({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/danvan_x",
                         "CACHE_URL": ""})  # fmt: skip
    assert pg["cache"].endswith("DatabaseCache")
    assert pg["session"] == "django.contrib.sessions.backends.db"
    assert pg["storage"]["BACKEND"].endswith("FileSystemStorage")
    redis = settings_under({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/danvan_x",
                            "CACHE_URL": "redis://127.0.0.1:6379/1"})  # fmt: skip
    assert redis["cache"].endswith("RedisCache")
    s3 = settings_under({"FILE_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
                         "FILE_STORAGE_OPTIONS": '{"bucket_name": "danvan"}'})  # fmt: skip
    assert s3["storage"] == {"BACKEND": "storages.backends.s3.S3Storage",
                             "OPTIONS": {"bucket_name": "danvan"}}  # fmt: skip


@pytest.mark.django_db
def test_the_database_cache_table_exists_after_migrate():
    if not cache.__class__.__name__.endswith("DatabaseCache"):
        pytest.skip("locmem cache (embedded SQLite mode)")
    assert "danvan_cache" in connection.introspection.table_names()
    cache.set("k", 1)
    assert cache.get("k") == 1
