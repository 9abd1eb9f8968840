"""Upload checks shared by every app: allowed types by content, size, safe names, checksum."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings

from danvan.core.errors import DomainError

ALLOWED = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
}


@dataclass
class CheckedUpload:
    name: str
    content_type: str
    size: int
    sha256: str
    data: bytes


def safe_name(name: str, ext: str) -> str:
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].replace("đ", "d").replace("Đ", "D")
    base = unicodedata.normalize("NFKD", base)  # "đ" has no decomposition: replaced above
    base = base.encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._")[:80] or "tep"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem}{ext}"


def check_upload(name: str, data: bytes, *, max_bytes: int | None = None) -> CheckedUpload:
    """Refuse anything that is not really a PDF, JPEG or PNG, or is too large, or whose structure
    the sandbox refuses (bombs, deep nesting, huge or countless pages, encrypted PDFs)."""
    return check_uploads([(name, data)], max_bytes=max_bytes)[0]


def check_uploads(files: list[tuple[str, bytes]], *, max_bytes: int | None = None) -> list:
    """check_upload for each of one request's files; the first refusal is raised, naming its
    file. See check_each."""
    results = check_each(files, max_bytes=max_bytes)
    for result in results:
        if isinstance(result, DomainError):
            raise result
    return results


def check_each(files: list[tuple[str, bytes]], *, max_bytes: int | None = None) -> list:
    """For each (name, data): its CheckedUpload, or the DomainError refusing it (a form shows
    each file's own error). The files' structure is checked in one sandbox child for the lot
    (danvan.core.sandbox.inspect_uploads: one fork, not one per file); after a refusal the files
    behind it are checked in another."""
    results: list = []
    for name, data in files:
        try:
            results.append(_checked(name, data, max_bytes))
        except DomainError as exc:
            results.append(exc)
    if not settings.UPLOAD_SANDBOX:
        return results
    from danvan.core.sandbox import Refused, inspect_uploads

    waiting = [i for i, r in enumerate(results) if isinstance(r, CheckedUpload)]
    while waiting:
        try:
            inspect_uploads([(results[i].data, results[i].content_type) for i in waiting])
            break
        except Refused as exc:
            bad = waiting[exc.index or 0]
            message = f"Tệp {files[bad][0]}: {exc.message}"
            results[bad] = DomainError(exc.code, message, status=422)
            waiting = waiting[(exc.index or 0) + 1 :]  # those before it passed
    return results


def _checked(name: str, data: bytes, max_bytes: int | None) -> CheckedUpload:
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise DomainError(
            "upload.too_large",
            f"Tệp {name} quá lớn (tối đa {limit // (1024 * 1024)} MB).",
            status=413,
        )
    if not data:
        raise DomainError("upload.empty", f"Tệp {name} rỗng.", status=422)
    kind = next((v for magic, v in ALLOWED.items() if data.startswith(magic)), None)
    if kind is None:
        raise DomainError(
            "upload.type_not_allowed",
            f"Tệp {name} không phải PDF, JPEG hoặc PNG (đã kiểm tra nội dung tệp).",
            status=422,
        )
    content_type, ext = kind
    return CheckedUpload(
        safe_name(name, ext), content_type, len(data), hashlib.sha256(data).hexdigest(), data
    )


# --- staged uploads: keep what was already sent when a form fails on something else ----------

STAGE_TTL_HOURS = 24


def stage(upload: CheckedUpload) -> str:
    """Keep a checked upload; returns the token the form carries in a hidden field."""
    import secrets

    from django.core.files.base import ContentFile

    from danvan.core.models import StagedUpload

    token = secrets.token_urlsafe(24)
    row = StagedUpload(
        token=token,
        name=upload.name,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
    )
    row.file.save(upload.name, ContentFile(upload.data), save=False)
    row.save()
    return token


def unstage(token: str) -> CheckedUpload | None:
    """The upload kept under ``token``, re-checked, or None if unknown, expired or altered."""
    import datetime as dt

    from django.utils import timezone

    from danvan.core.models import StagedUpload

    if not token or len(token) > 64:
        return None
    since = timezone.now() - dt.timedelta(hours=STAGE_TTL_HOURS)
    row = StagedUpload.objects.filter(token=token, created_at__gte=since).first()
    if row is None:
        return None
    try:
        with row.file.open("rb") as fh:
            data = fh.read()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != row.sha256:
        return None
    return CheckedUpload(row.name, row.content_type, row.size, row.sha256, data)


def purge_staged(now=None) -> int:
    import datetime as dt

    from django.utils import timezone

    from danvan.core.models import StagedUpload

    old = StagedUpload.objects.filter(
        created_at__lt=(now or timezone.now()) - dt.timedelta(hours=STAGE_TTL_HOURS)
    )
    count = 0
    for row in old:
        row.file.delete(save=False)
        row.delete()
        count += 1
    return count
