"""Generate the hostile-file corpus (nothing binary is committed): `python -m tests.ops.hostile DIR`
writes each file; the tests call `corpus()` directly."""

import io
import struct
import sys
import zlib
from pathlib import Path


def _png(width: int, height: int, idat: bytes, color_type: int = 2) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def png_bomb() -> bytes:
    """100 000 × 100 000 pixels (30 GB decoded) in a few kilobytes."""
    comp = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * 3 * 100_000
    idat = comp.compress(row * 20) + comp.flush()
    return _png(100_000, 100_000, idat)


def png_just_under_limit_but_big() -> bytes:
    """8 000 × 8 000 RGB (192 MB decoded): allowed by size, decoded within the memory limit."""
    comp = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * 3 * 8_000
    parts = [comp.compress(row) for _ in range(8_000)]
    return _png(8_000, 8_000, b"".join(parts) + comp.flush())


def jpeg_huge_dimensions() -> bytes:
    """A JPEG header claiming 65 500 × 65 500 pixels."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 65_500, 65_500)
    return bytes(data)


def truncated_jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (400, 400), "red").save(buf, "JPEG")
    return buf.getvalue()[:600]


def _pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, trailer_extra, xref)
    )
    return out.getvalue()


def pdf_deep_nesting() -> bytes:
    """A page whose /Annots is an array nested 200 000 levels deep."""
    deep = b"[" * 200_000 + b"]" * 200_000
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots " + deep + b" >>",
        ]
    )


def pdf_deep_page_tree() -> bytes:
    """A page tree 5 000 levels deep."""
    n = 5_000
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for i in range(n):
        objs.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (i + 3))
    objs.append(b"<< /Type /Page /MediaBox [0 0 595 842] >>")
    return _pdf(objs)


def pdf_huge_page() -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 9000000 9000000] >>",
        ]
    )


def pdf_million_pages() -> bytes:
    kids = b" ".join(b"3 0 R" for _ in range(1000))
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count 1000000 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def pdf_self_referencing_tree() -> bytes:
    """The page tree points back at itself (an endless loop for a naive walker)."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        ]
    )


def pdf_encrypted() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("mat-khau")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_html_polyglot() -> bytes:
    return (
        b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n"
        + _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])[9:]
    )


def pdf_zip_polyglot() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("payload.html", "<script>alert(1)</script>")
    return (
        _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
        + buf.getvalue()
    )


def png_garbage() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 50


# name → (bytes, content type, expected: "accepted" or the refusal code)
def corpus() -> dict[str, tuple[bytes, str, str]]:
    return {
        "png-bomb-100k-x-100k.png": (png_bomb(), "image/png", "upload.too_large_image"),
        "png-8000x8000.png": (png_just_under_limit_but_big(), "image/png", "accepted"),
        "jpeg-65500x65500.jpg": (jpeg_huge_dimensions(), "image/jpeg", "upload.too_large_image"),
        "jpeg-truncated.jpg": (truncated_jpeg(), "image/jpeg", "upload.unreadable"),
        "png-garbage.png": (png_garbage(), "image/png", "upload.unreadable"),
        "pdf-nesting-200k.pdf": (pdf_deep_nesting(), "application/pdf", "upload.too_complex"),
        "pdf-page-tree-5000-deep.pdf": (
            pdf_deep_page_tree(),
            "application/pdf",
            "upload.too_complex",
        ),
        "pdf-huge-page.pdf": (pdf_huge_page(), "application/pdf", "upload.huge_page"),
        "pdf-million-pages.pdf": (pdf_million_pages(), "application/pdf", "upload.too_many_pages"),
        "pdf-self-reference.pdf": (
            pdf_self_referencing_tree(),
            "application/pdf",
            "upload.too_complex",
        ),
        "pdf-encrypted.pdf": (pdf_encrypted(), "application/pdf", "upload.encrypted"),
        "pdf-html-polyglot.pdf": (pdf_html_polyglot(), "application/pdf", "upload.polyglot"),
        "pdf-zip-polyglot.pdf": (pdf_zip_polyglot(), "application/pdf", "upload.polyglot"),
    }


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    target.mkdir(parents=True, exist_ok=True)
    for name, (data, _, _) in corpus().items():
        (target / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")
