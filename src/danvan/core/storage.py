"""Stored files that are never half-written and never outlive a change that failed.

`SafeFileSystemStorage` (the default storage) writes a file under a temporary name beside its
place, flushes it to disk, and only then links it under its final name: a write that fails in the
middle (the disk full, a quota) leaves nothing behind, and the failure becomes `StorageFull` (a
clear Vietnamese message; in the API `storage.full`, 507) instead of a 500.

`atomic_with_files()` is `transaction.atomic()` that also removes the files stored inside it when
the block fails: without it a dossier whose second file could not be written rolled back its rows
but left its first file on disk, pointed to by nothing.

`write_atomically(path, data)` replaces a file outside the storage (a cache, the TEST CA's keys)
so that a reader sees the old file or the whole new one, never part of it.
"""

import contextlib
import contextvars
import errno
import os
import tempfile

from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError


def write_atomically(path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` under a unique temporary name beside `path`, then rename it over `path`."""
    directory, name = os.path.split(os.fspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory or ".", prefix=f".{name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_stored: contextvars.ContextVar[tuple[list, ...]] = contextvars.ContextVar(
    "danvan_stored_files", default=()
)


class StorageFull(DomainError):
    """The file store cannot take the file (disk full, quota): nothing was saved."""

    status = 507

    def __init__(self, code: str = "storage.full", message: str | None = None, **kw):
        super().__init__(
            code,
            str(
                message
                or _(
                    "Kho lưu trữ tệp đã đầy nên chưa lưu được tệp; chưa có gì được ghi. "
                    "Vui lòng thử lại sau hoặc báo quản trị hệ thống."
                )
            ),
            **kw,
        )


class StorageUnavailable(DomainError):
    """Writing the file failed for another reason of the file store (I/O error, permissions)."""

    status = 503

    def __init__(self, code: str = "storage.unavailable", message: str | None = None, **kw):
        super().__init__(
            code,
            str(
                message
                or _(
                    "Kho lưu trữ tệp đang gặp sự cố nên chưa lưu được tệp; chưa có gì được ghi. "
                    "Vui lòng thử lại sau hoặc báo quản trị hệ thống."
                )
            ),
            **kw,
        )


def storage_error(exc: OSError) -> DomainError:
    return StorageFull() if exc.errno in FULL_ERRNOS else StorageUnavailable()


class SafeFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        try:
            os.makedirs(directory, exist_ok=True)
            fd, partial = tempfile.mkstemp(dir=directory, prefix=".partial-")
        except OSError as exc:
            raise storage_error(exc) from exc
        try:
            with os.fdopen(fd, "wb") as fh:
                self._write_chunks(fh, content)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(partial, self.file_permissions_mode or 0o644)
            while True:
                try:
                    _place(partial, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        except OSError as exc:
            raise storage_error(exc) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        name = str(name).replace("\\", "/")
        for names in _stored.get():
            names.append((self, name))
        return name

    def _write_chunks(self, fh, content) -> None:
        if hasattr(content, "seek"):
            with contextlib.suppress(AttributeError, OSError, ValueError):
                content.seek(0)
        for chunk in content.chunks():
            fh.write(chunk.encode() if isinstance(chunk, str) else chunk)


NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


def _place(partial: str, full_path: str) -> None:
    """Put the written file under its name, never replacing a file stored there meanwhile
    (FileExistsError then). A hard link where the file system has them; elsewhere the name is
    reserved first (an empty file, O_EXCL) and the written file renamed over it."""
    try:
        os.link(partial, full_path)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in NO_HARD_LINKS:
            raise
    os.close(os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    os.replace(partial, full_path)


@contextlib.contextmanager
def atomic_with_files():
    """`transaction.atomic()`; when the block fails, the files stored inside it are removed."""
    names: list = []
    token = _stored.set((*_stored.get(), names))
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in names:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise
    finally:
        _stored.reset(token)
