"""One consistent, encrypted backup archive of the database and the stored files, and its restore.

The archive (`danvan-YYYYMMDDTHHMMSSZ.dvsbak`) is a tar stream encrypted with AES-256-GCM
(`danvan.ops.crypto`) holding:

- `database/db.sqlite3` — a copy made through SQLite's online backup API (the app keeps running),
  or `database/db.pgdump` — `pg_dump --format=custom` run on a snapshot exported from a
  REPEATABLE READ transaction, so the dump, the row counts and the file list see the same instant;
- `media/…` — every stored file;
- `manifest.json` (last) — engine, migrations, row counts per table, SHA-256 and size of the
  database copy and of every file, the audit chain's length and head, and the files the database
  referenced that were missing on disk at backup time.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connection, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from danvan.ops import crypto

FORMAT = 1
SUFFIX = ".dvsbak"
NAME_FORMAT = "danvan-%Y%m%dT%H%M%SZ"
# Tables whose rows do not make an instance "non-empty" (created by `migrate` itself).
IGNORED_FOR_EMPTINESS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class BackupError(Exception):
    """A clear, Vietnamese reason why a backup or restore cannot proceed."""


# ---------------------------------------------------------------- database facts


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    return vendor


def _tables() -> dict[str, str]:
    """label → table of every concrete model, with the auto-created many-to-many tables."""
    out = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        out[meta.label_lower] = meta.db_table
    return out


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every FileField."""
    cols = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        for f in meta.concrete_fields:
            if isinstance(f, models.FileField):
                cols.append((meta.db_table, f.column))
    return cols


def _facts(cursor, existing_tables: set[str]) -> dict:
    """Row counts, referenced file names and the audit head, read through one DB-API cursor."""
    qn = connection.ops.quote_name
    rows = {}
    for label, table in sorted(_tables().items()):
        if table in existing_tables:
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608 (names from models)
            rows[label] = cursor.fetchone()[0]
    referenced = set()
    for table, column in _file_columns():
        if table in existing_tables:
            cursor.execute(
                f"SELECT {qn(column)} FROM {qn(table)} WHERE {qn(column)} <> ''"  # noqa: S608
            )
            referenced.update(name for (name,) in cursor.fetchall() if name)
    audit = {"entries": rows.get("audit.auditentry", 0), "last_hash": ""}
    if "audit_audithead" in existing_tables:
        cursor.execute("SELECT last_hash FROM audit_audithead WHERE id = 1")
        got = cursor.fetchone()
        audit["last_hash"] = got[0] if got else ""
    return {"rows": rows, "referenced": sorted(referenced), "audit": audit}


def _migrations() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        out.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(out.items())}


# ---------------------------------------------------------------- hashing helpers


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


class _HashingReader:
    def __init__(self, fh) -> None:
        self._fh = fh
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self.digest.update(data)
        return data


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


# ---------------------------------------------------------------- backup


@dataclass
class BackupResult:
    path: Path
    size: int
    rows: int
    tables: int
    files: int
    missing: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def _snapshot_sqlite(work: Path) -> tuple[Path, dict]:
    source_path = settings.DATABASES["default"]["NAME"]
    if str(source_path) in ("", ":memory:") or "mode=memory" in str(source_path):
        raise BackupError("Không sao lưu được cơ sở dữ liệu SQLite trong bộ nhớ.")
    target = work / "db.sqlite3"
    src = sqlite3.connect(source_path, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=4096)  # online: writers wait only while a step copies its pages
    finally:
        src.close()
    try:
        cur = dst.cursor()
        cur.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        cur.execute("SELECT name FROM sqlite_master WHERE type='table'")
        existing = {name for (name,) in cur.fetchall()}
        facts = _facts(cur, existing)
    finally:
        dst.close()
    return target, facts


def pg_connection_args(db: dict) -> tuple[list[str], dict]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _snapshot_postgres(work: Path) -> tuple[Path, dict]:
    db = settings.DATABASES["default"]
    target = work / "db.pgdump"
    args, env = pg_connection_args(db)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SELECT pg_export_snapshot()")
        snapshot = cur.fetchone()[0]
        existing = set(connection.introspection.table_names(cur))
        facts = _facts(cur, existing)
        # The dump sees exactly what this transaction sees: it stays open until pg_dump is done.
        done = subprocess.run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                str(db["NAME"]),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=settings.BACKUP_COMMAND_TIMEOUT,
            check=False,
        )
    if done.returncode != 0:
        raise BackupError(f"pg_dump thất bại: {done.stderr.strip()[:500]}")
    return target, facts


def archive_name(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime(NAME_FORMAT) + SUFFIX


def create_backup(directory: Path, key: bytes, *, now: dt.datetime | None = None) -> BackupResult:
    """Write one archive into `directory` (atomically: a temporary name, then a rename)."""
    now = now or timezone.now()
    directory.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    final = directory / archive_name(now)
    if final.exists():
        raise BackupError(f"Đã có bản sao lưu cùng thời điểm: {final.name}.")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="danvan-backup-", dir=directory) as tmp:
        work = Path(tmp)
        db_file, facts = (_snapshot_sqlite if engine == "sqlite" else _snapshot_postgres)(work)
        partial = directory / (final.name + ".partial")
        manifest = {
            "format": FORMAT,
            "created_at": now.astimezone(dt.UTC).isoformat(),
            "engine": engine,
            "migrations": _migrations(),
            "rows": facts["rows"],
            "audit": facts["audit"],
            "database": {},
            "files": [],
            "missing_at_backup": [],
        }
        with partial.open("wb") as raw:
            writer = crypto.EncryptingWriter(raw, key)
            with tarfile.open(fileobj=writer, mode="w|gz", format=tarfile.PAX_FORMAT) as tar:
                arcname = f"database/{db_file.name}"
                manifest["database"] = {
                    "path": arcname,
                    "sha256": _add_file(tar, db_file, arcname),
                    "size": db_file.stat().st_size,
                }
                for path in _media_files(media_root):
                    rel = path.relative_to(media_root).as_posix()
                    try:
                        digest = _add_file(tar, path, f"media/{rel}")
                    except FileNotFoundError:  # deleted while we walked: not referenced any more
                        continue
                    manifest["files"].append(
                        {"path": rel, "sha256": digest, "size": path.stat().st_size}
                    )
                stored = {f["path"] for f in manifest["files"]}
                manifest["missing_at_backup"] = [
                    name for name in facts["referenced"] if name not in stored
                ]
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(data)
                info.mtime = int(now.timestamp())
                tar.addfile(info, io.BytesIO(data))
            writer.close()
            raw.flush()
            os.fsync(raw.fileno())
        partial.chmod(0o600)
        partial.rename(final)
    return BackupResult(
        path=final,
        size=final.stat().st_size,
        rows=sum(manifest["rows"].values()),
        tables=len(manifest["rows"]),
        files=len(manifest["files"]),
        missing=manifest["missing_at_backup"],
    )


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> str:
    with path.open("rb") as fh:
        info = tar.gettarinfo(fileobj=fh, arcname=arcname)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o600
        reader = _HashingReader(fh)
        tar.addfile(info, reader)
    return reader.digest.hexdigest()


# ---------------------------------------------------------------- retention


def _archive_time(path: Path) -> dt.datetime | None:
    try:
        stamp = path.name.removesuffix(SUFFIX).removesuffix("Z") + "+0000"
        return dt.datetime.strptime(stamp, "danvan-%Y%m%dT%H%M%S%z")
    except ValueError:
        return None


def apply_retention(directory: Path, *, daily: int, weekly: int, monthly: int) -> list[Path]:
    """Keep the newest archive of each of the last `daily` days, `weekly` ISO weeks and
    `monthly` months (grandfather-father-son); delete the other `danvan-*.dvsbak` files."""
    dated = sorted(
        ((t, p) for p in directory.glob(f"danvan-*{SUFFIX}") if (t := _archive_time(p))),
        reverse=True,
    )
    keep: set[Path] = set()
    for count, bucket in (
        (daily, lambda t: t.date()),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ):
        seen = []
        for moment, path in dated:
            b = bucket(moment)
            if b in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(b)
            keep.add(path)
    if dated:
        keep.add(dated[0][1])  # never delete the newest archive
    removed = [p for _, p in dated if p not in keep]
    for path in removed:
        path.unlink()
    return removed


# ---------------------------------------------------------------- restore


@dataclass
class RestoreResult:
    engine: str
    rows_expected: dict
    rows_found: dict
    files: int
    file_mismatches: list[str]
    audit_ok: bool
    audit_checked: int
    audit_reason: str = ""
    previous_media: Path | None = None

    @property
    def row_mismatches(self) -> dict:
        return {
            label: (n, self.rows_found.get(label))
            for label, n in self.rows_expected.items()
            if self.rows_found.get(label) != n
        }

    @property
    def ok(self) -> bool:
        return self.audit_ok and not self.file_mismatches and not self.row_mismatches


def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise crypto.ArchiveCorrupt(f"Bản sao lưu chứa đường dẫn không an toàn: {name!r}.")
    if path.parts[0] not in ("database", "media", "manifest.json"):
        raise crypto.ArchiveCorrupt(f"Bản sao lưu chứa mục lạ: {name!r}.")
    return path


def extract(archive: Path, key: bytes, into: Path) -> dict:
    """Decrypt and unpack into `into`; check every checksum against the manifest."""
    try:
        with archive.open("rb") as raw:
            reader = crypto.DecryptingReader(raw, key)
            with tarfile.open(fileobj=reader, mode="r|gz") as tar:
                for member in tar:
                    rel = _safe_member(member.name)
                    if member.isdir():
                        continue
                    if not member.isfile():
                        raise crypto.ArchiveCorrupt(f"Mục không phải tệp thường: {member.name!r}.")
                    target = into.joinpath(*rel.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    src = tar.extractfile(member)
                    with target.open("wb") as out:
                        shutil.copyfileobj(src, out, 1024 * 1024)
    except (tarfile.TarError, EOFError, OSError) as exc:
        if isinstance(exc, FileNotFoundError) and not archive.exists():
            raise BackupError(f"Không tìm thấy tệp sao lưu {archive}.") from exc
        raise crypto.ArchiveCorrupt(f"Bản sao lưu hỏng: {exc}") from exc
    manifest_path = into / "manifest.json"
    if not manifest_path.exists():
        raise crypto.ArchiveCorrupt("Bản sao lưu thiếu manifest.json (bị cắt cụt?).")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng bản sao lưu {manifest.get('format')} chưa được hỗ trợ.")
    db = manifest["database"]
    if sha256_file(into / db["path"]) != db["sha256"]:
        raise crypto.ArchiveCorrupt("Tệp cơ sở dữ liệu trong bản sao lưu sai mã băm.")
    for entry in manifest["files"]:
        path = into / "media" / entry["path"]
        if not path.exists() or sha256_file(path) != entry["sha256"]:
            raise crypto.ArchiveCorrupt(f"Tệp {entry['path']} trong bản sao lưu sai mã băm.")
    return manifest


def instance_contents() -> tuple[int, int]:
    """(rows in the application's tables, stored files) of the running instance."""
    existing = set(connection.introspection.table_names())
    qn = connection.ops.quote_name
    rows = 0
    with connection.cursor() as cur:
        for label, table in _tables().items():
            if label in IGNORED_FOR_EMPTINESS or table not in existing:
                continue
            cur.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608
            rows += cur.fetchone()[0]
    return rows, len(_media_files(Path(settings.MEDIA_ROOT)))


def _restore_sqlite(db_file: Path) -> None:
    target = settings.DATABASES["default"]["NAME"]
    connections.close_all()
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(db_file)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)  # replaces every page of the target in one transaction
    finally:
        src.close()
        dst.close()


def _restore_postgres(dump: Path) -> None:
    db = settings.DATABASES["default"]
    args, env = pg_connection_args(db)
    connections.close_all()
    done = subprocess.run(
        [
            "pg_restore",
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={db['NAME']}",
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=settings.BACKUP_COMMAND_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore thất bại: {done.stderr.strip()[:500]}")


def _swap_media(staged: Path) -> Path | None:
    """Put the restored files in place; the files that were there are kept beside, renamed."""
    media_root = Path(settings.MEDIA_ROOT)
    previous = None
    if media_root.exists() and any(media_root.iterdir()):
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
        previous = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
        media_root.rename(previous)
    elif media_root.exists():
        media_root.rmdir()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    if staged.exists():
        shutil.move(str(staged), str(media_root))
    else:
        media_root.mkdir()
    return previous


def restore_backup(archive: Path, key: bytes, *, force: bool = False) -> RestoreResult:
    from danvan.audit.services import verify_chain

    engine = _engine()
    if not force:
        rows, files = instance_contents()
        if rows or files:
            raise BackupError(
                f"Hệ thống đích không trống ({rows} bản ghi, {files} tệp). "
                "Chỉ khôi phục vào hệ thống trống, hoặc thêm --force để ghi đè."
            )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Unpack beside the media folder, so putting the files in place is a rename.
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media_root.parent) as tmp:
        work = Path(tmp)
        manifest = extract(archive, key, work)
        if manifest["engine"] != engine:
            raise BackupError(
                f"Bản sao lưu của {manifest['engine']} không khôi phục được vào {engine}."
            )
        db_file = work / manifest["database"]["path"]
        (_restore_sqlite if engine == "sqlite" else _restore_postgres)(db_file)
        previous = _swap_media(work / "media")
    connections.close_all()
    found = {}
    with connection.cursor() as cur:
        existing = set(connection.introspection.table_names(cur))
        found = _facts(cur, existing)["rows"]
    mismatches = [
        entry["path"]
        for entry in manifest["files"]
        if not (media_root / entry["path"]).exists()
        or sha256_file(media_root / entry["path"]) != entry["sha256"]
    ]
    chain = verify_chain()
    return RestoreResult(
        engine=engine,
        rows_expected=manifest["rows"],
        rows_found=found,
        files=len(manifest["files"]),
        file_mismatches=mismatches,
        audit_ok=chain.ok,
        audit_checked=chain.checked,
        audit_reason=chain.reason,
        previous_media=previous,
    )
