"""The same round trip on PostgreSQL: pg_dump (custom format, exported snapshot) → pg_restore."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from danvan.ops import backup, crypto

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL"
    ),
]

KEY = crypto.new_key()


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _danvan(db_name: str, media: Path, var: Path, *args, check=True):
    env = {
        **os.environ,
        "DATABASE_URL": _url(db_name),
        "MEDIA_ROOT": str(media),
        "DANVAN_VAR_DIR": str(var),
        "BACKUP_ENCRYPTION_KEY": KEY,
    }
    done = subprocess.run(
        [sys.executable, "-m", "danvan.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert done.returncode == 0, done.stderr + done.stdout
    return done


def _counts(db_name: str) -> dict[str, int]:
    with psycopg.connect(_url(db_name), autocommit=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_postgres_round_trip(tmp_path):
    source_db = settings.DATABASES["default"]["NAME"]
    media = tmp_path / "media"
    with connection.cursor() as cur:
        for table, column in backup._file_columns():
            cur.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')
            for (name,) in cur.fetchall():
                src = Path(settings.MEDIA_ROOT) / name
                if src.exists():
                    (media / name).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(src, media / name)
    _danvan(source_db, media, tmp_path / "var", "backup", "--dir", str(tmp_path / "bk"))
    archive = next((tmp_path / "bk").glob("*.dvsbak"))

    target_db = f"{source_db}_restored"
    with psycopg.connect(_url("postgres"), autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{target_db}"')
        con.execute(f'CREATE DATABASE "{target_db}"')
    try:
        target_media = tmp_path / "restored-media"
        out = _danvan(target_db, target_media, tmp_path / "var2", "restore", str(archive))
        assert "khớp" in out.stdout
        before, after = _counts(source_db), _counts(target_db)
        assert sum(before.values()) > 20_000
        assert {t: after[t] for t in before} == before
        assert sorted(p.name for p in target_media.rglob("*") if p.is_file()) == sorted(
            p.name for p in media.rglob("*") if p.is_file()
        )
        assert (
            "toàn vẹn"
            in _danvan(target_db, target_media, tmp_path / "var2", "audit", "verify").stdout
        )
        again = _danvan(
            target_db, target_media, tmp_path / "var2", "restore", str(archive), check=False
        )
        assert again.returncode != 0 and "không trống" in again.stderr
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{target_db}" WITH (FORCE)')
