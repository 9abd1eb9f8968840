"""Parse untrusted files in a separate process with CPU-time, memory and wall-clock limits.

`run_limited(fn, *args)` runs `fn` in a child of a fork server (started once, single-threaded,
so forking is safe even from a threaded web process), with RLIMIT_CPU and RLIMIT_AS set in the
child. A hostile file can at worst burn its own child: the parent waits at most `timeout`
seconds, then kills it. `inspect_upload(data, content_type)` is the check every upload gets.
"""

import io
import multiprocessing
import resource
from dataclasses import dataclass

from django.conf import settings


class Refused(Exception):
    """The file was refused; `message` says why in Vietnamese."""

    def __init__(self, code: str, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.index = index  # which file of a batch (inspect_uploads), when known


_CONTEXT = None
# Imported once by the fork server, so each child starts with them instead of importing them per
# file (pyhanko's reader alone takes 0.3-0.6 s to import: that was most of an upload's cost).
# "__main__": the program's main module, which each child would otherwise run again.
_PRELOAD = ["__main__", "danvan.core.sandbox", "pyhanko.pdf_utils.reader", "PIL.Image"]


def preload(module: str) -> None:
    """Have the fork server import `module` (an app whose functions run in the sandbox calls this
    from its AppConfig.ready)."""
    if module not in _PRELOAD:
        _PRELOAD.append(module)
    if _CONTEXT is not None:
        _CONTEXT.set_forkserver_preload(list(_PRELOAD))


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(_PRELOAD))
        _CONTEXT = ctx
    return _CONTEXT


def _child(conn, fn, args, cpu_seconds: int, memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        conn.send(("ok", fn(*args)))
    except Refused as exc:
        conn.send(("refused", (exc.code, exc.message, exc.index)))
    except MemoryError:
        conn.send(("refused", ("upload.too_complex", "Tệp cần quá nhiều bộ nhớ để đọc.")))
    except RecursionError:
        conn.send(("refused", ("upload.too_complex", "Tệp có cấu trúc lồng nhau quá sâu.")))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()


def run_limited(fn, *args, cpu_seconds=None, memory_mb=None, timeout=None):
    """fn(*args) in a limited child; raises Refused when it is refused or runs out of limits."""
    cpu_seconds = cpu_seconds or settings.SANDBOX_CPU_SECONDS
    memory = (memory_mb or settings.SANDBOX_MEMORY_MB) * 1024 * 1024
    timeout = timeout or settings.SANDBOX_TIMEOUT_SECONDS
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args, cpu_seconds, memory), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise Refused(
                "upload.too_complex", "Tệp quá phức tạp, không đọc xong trong thời gian cho phép."
            )
        try:
            status, value = parent.recv()
        except EOFError as exc:  # killed by SIGXCPU / out of memory before it could answer
            raise Refused("upload.too_complex", "Tệp cần quá nhiều tài nguyên để đọc.") from exc
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if status == "refused":
        raise Refused(*value)
    if status == "error":
        raise Refused(
            "upload.unreadable", "Không đọc được tệp (tệp hỏng hoặc không đúng định dạng)."
        )
    return value


@dataclass
class Inspection:
    kind: str
    pages: int = 0
    width: int = 0
    height: int = 0


def _inspect_pdf(data: bytes, limits: dict) -> Inspection:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    except PdfReadError:
        # No readable cross-reference table: stored as bytes, never rendered here.
        return Inspection("pdf")
    if reader.encrypted:
        raise Refused("upload.encrypted", "Tệp PDF có mật khẩu; hãy nộp bản không đặt mật khẩu.")
    try:
        pages = reader.root["/Pages"]
        count = int(pages.get("/Count", 0))
    except (KeyError, TypeError, ValueError, PdfReadError):
        return Inspection("pdf")
    max_pages = limits["pages"]
    if count > max_pages:
        raise Refused(
            "upload.too_many_pages", f"Tệp PDF có {count} trang, quá giới hạn {max_pages} trang."
        )
    walked = _walk_pages(pages, 0, max_pages)
    return Inspection("pdf", pages=walked)


def _walk_pages(node, depth: int, max_pages: int) -> int:
    if depth > 32:
        raise Refused("upload.too_complex", "Tệp PDF có cây trang lồng nhau quá sâu.")
    kids = node.get("/Kids")
    if kids is None:
        box = node.get("/MediaBox")
        if box is not None:
            width, height = abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))
            if width > 14_400 or height > 14_400:  # the PDF limit: 200 inches
                raise Refused("upload.huge_page", "Tệp PDF có trang kích thước bất thường.")
        return 1
    total = 0
    for kid in kids:
        node = kid.get_object() if hasattr(kid, "get_object") else kid
        total += _walk_pages(node, depth + 1, max_pages)
        if total > max_pages:
            raise Refused("upload.too_many_pages", "Tệp PDF có quá nhiều trang.")
    return total


def _inspect_image(data: bytes, limits: dict) -> Inspection:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = limits["pixels"]
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            if width * height > limits["pixels"]:
                raise Refused("upload.too_large_image", "Ảnh có kích thước điểm ảnh quá lớn.")
            img.load()  # decode everything: a decompression bomb runs out of limits here
    except Image.DecompressionBombError as exc:
        raise Refused("upload.too_large_image", "Ảnh có kích thước điểm ảnh quá lớn.") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise Refused("upload.unreadable", "Không đọc được ảnh (tệp hỏng).") from exc
    return Inspection("image", width=width, height=height)


def _refuse_polyglot(data: bytes) -> None:
    head = data[:1024].lower()
    if any(tag in head for tag in (b"<html", b"<script", b"<svg", b"<!doctype")):
        raise Refused("upload.polyglot", "Tệp chứa mã trang web; không nhận tệp lai.")
    if b"PK\x05\x06" in data[-65_557:] or b"PK\x03\x04" in data[:1024]:
        raise Refused("upload.polyglot", "Tệp chứa một tệp nén ZIP bên trong; không nhận tệp lai.")


def inspect(data: bytes, content_type: str, limits: dict) -> Inspection:
    _refuse_polyglot(data)
    if content_type == "application/pdf":
        return _inspect_pdf(data, limits)
    return _inspect_image(data, limits)


def _limits() -> dict:
    return {"pages": settings.UPLOAD_MAX_PDF_PAGES, "pixels": settings.UPLOAD_MAX_IMAGE_PIXELS}


def inspect_upload(data: bytes, content_type: str) -> Inspection:
    """The structure check of one upload, in a limited child process."""
    return run_limited(inspect, data, content_type, _limits())


def _inspect_each(items: list[tuple[bytes, str]], limits: dict) -> list[Inspection]:
    out = []
    for index, (data, content_type) in enumerate(items):
        try:
            out.append(inspect(data, content_type, limits))
        except Refused as exc:
            raise Refused(exc.code, exc.message, index) from None
    return out


def inspect_uploads(items: list[tuple[bytes, str]]) -> list[Inspection]:
    """The structure check of several uploads (one dossier's files) in one limited child: one
    fork for the lot, not one per file (a fork and its answer cost about 10 ms). A file refused
    for what it holds is named by its `index`; when the child runs out of its limits the files
    are checked again one by one, so the refusal names the file that caused it — and files that
    only together exceed the limits are each accepted, as they would be alone."""
    if len(items) <= 1:
        return [inspect_upload(data, ct) for data, ct in items]
    try:
        return run_limited(_inspect_each, items, _limits())
    except Refused as exc:
        if exc.index is not None:
            raise
    out = []
    for index, (data, content_type) in enumerate(items):
        try:
            out.append(inspect_upload(data, content_type))
        except Refused as exc:
            raise Refused(exc.code, exc.message, index) from None
    return out
