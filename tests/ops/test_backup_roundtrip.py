"""`danvan backup` then `danvan restore` on a populated instance (the demo world: units, personas,
dossiers with files, signed and sealed results, a signing batch, vault documents, the audit log):
every table's row count, every file's SHA-256 and the audit chain must come back."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from danvan.ops import backup, crypto

pytestmark = [
    pytest.mark.django_db,  # so that the session's test database (the demo world) is set up
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite round trip"
    ),
]

KEY = crypto.new_key()


def _danvan(var: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DANVAN_VAR_DIR": str(var),
        "BACKUP_ENCRYPTION_KEY": KEY,
        "SECRET_KEY": "roundtrip-test",
        "DJANGO_SETTINGS_MODULE": "danvan.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("MEDIA_ROOT", None)
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


def _counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def _checksums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def source(tmp_path_factory, django_db_setup, django_db_blocker):
    """A stand-alone instance (SQLite file + media) holding the session's demo world."""
    var = tmp_path_factory.mktemp("source")
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(var / "danvan.sqlite3")
        connection.connection.backup(target)
        target.close()
        referenced = set()
        with connection.cursor() as cur:
            for table, column in backup._file_columns():
                cur.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')
                referenced.update(name for (name,) in cur.fetchall())
    media = var / "media"
    copied = 0
    for name in referenced:
        src = Path(settings.MEDIA_ROOT) / name
        if src.exists():
            (media / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, media / name)
            copied += 1
    assert copied >= 10, "the demo world should hold stored files"
    return var


@pytest.fixture(scope="module")
def archive(source):
    made = _danvan(source, "backup")
    assert "Đã sao lưu" in made.stdout
    return next((source / "backups").glob("danvan-*.dvsbak"))


def test_round_trip_restores_rows_files_and_audit_chain(source, archive, tmp_path):
    assert archive.stat().st_mode & 0o077 == 0
    # a PDF inside is not readable in the archive: it is encrypted
    assert b"%PDF-" not in archive.read_bytes()

    target = tmp_path / "target"
    restored = _danvan(target, "restore", str(archive))
    assert "khớp" in restored.stdout

    before, after = _counts(source / "danvan.sqlite3"), _counts(target / "danvan.sqlite3")
    assert sum(before.values()) > 20_000
    for table in ("onestop_dossier", "signing_signeddocument", "vault_storeddocument"):
        if table in before:
            assert before[table] > 0, table
    assert before["audit_auditentry"] > 50
    assert after == before  # every table, row for row count
    files_before, files_after = _checksums(source / "media"), _checksums(target / "media")
    assert files_after == files_before and len(files_before) >= 10
    assert "toàn vẹn" in _danvan(target, "audit", "verify").stdout

    # a second restore into the now populated instance is refused, and changes nothing
    refused = _danvan(target, "restore", str(archive), check=False)
    assert refused.returncode != 0 and "không trống" in refused.stderr
    assert _counts(target / "danvan.sqlite3") == before


def test_force_overwrites_and_keeps_previous_files(source, archive, tmp_path):
    target = tmp_path / "target"
    (target / "media").mkdir(parents=True)
    (target / "media" / "stray.txt").write_text("old")
    refused = _danvan(target, "restore", str(archive), check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr
    _danvan(target, "restore", str(archive), "--force")
    assert _counts(target / "danvan.sqlite3") == _counts(source / "danvan.sqlite3")
    assert not (target / "media" / "stray.txt").exists()
    kept = list(target.glob("media.before-restore-*/stray.txt"))
    assert len(kept) == 1


def test_tampered_or_wrong_key_archive_is_refused_before_touching_the_target(archive, tmp_path):
    bad = tmp_path / "bad.dvsbak"
    blob = bytearray(archive.read_bytes())
    blob[len(blob) // 2] ^= 0x40
    bad.write_bytes(bytes(blob))
    target = tmp_path / "target"
    refused = _danvan(target, "restore", str(bad), check=False)
    assert refused.returncode != 0 and "sửa đổi" in refused.stderr
    assert not (target / "danvan.sqlite3").exists() or not _counts(target / "danvan.sqlite3").get(
        "accounts_user"
    )
    env_key = KEY
    try:
        globals()["KEY"] = crypto.new_key()
        wrong = _danvan(target, "restore", str(archive), check=False)
    finally:
        globals()["KEY"] = env_key
    assert wrong.returncode != 0 and "không phải khóa" in wrong.stderr
