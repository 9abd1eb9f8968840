"""Public copies of the practice photos an official made public (the showcase's images).

The stored evidence file is never sent to the public as it is: it is decoded and re-encoded as
a JPEG with Pillow, in the upload sandbox's limited child process (danvan.core.sandbox: CPU,
memory and wall-clock limits; Image.MAX_IMAGE_PIXELS from UPLOAD_MAX_IMAGE_PIXELS), turned
upright from its EXIF orientation, bounded to SIZES and written into a fresh image, so no EXIF
(GPS position, camera, owner), XMP, ICC or PNG text chunk of the original survives. The copy is
kept on disk under MEDIA_ROOT/movement/public/, named after the evidence and a key of its
stored file, so each size is encoded once.
"""

import hashlib
import io
from pathlib import Path

from django.conf import settings

from danvan.core.sandbox import Refused
from danvan.core.storage import write_atomically

# URL size name -> longest side in pixels (never enlarged).
SIZES = {"nho": 640, "lon": 1600}
QUALITY = 82


def render(data: bytes, box: int, pixels: int) -> bytes:
    """Re-encode a JPEG or PNG as a JPEG whose longest side is at most `box` (no metadata).
    Runs in the sandbox's child: a bomb is refused by the pixel limit or runs out of limits."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = pixels
    try:
        with Image.open(io.BytesIO(data), formats=("JPEG", "PNG")) as img:
            width, height = img.size
            if width * height > pixels:
                raise Refused("upload.too_large_image", "Ảnh có kích thước điểm ảnh quá lớn.")
            img.draft("RGB", (box, box))  # JPEG: decode at a reduced scale (less memory, faster)
            upright = ImageOps.exif_transpose(img)
            if upright.mode in ("RGBA", "LA") or "transparency" in upright.info:
                rgba = upright.convert("RGBA")
                flat = Image.new("RGB", rgba.size, (255, 255, 255))
                flat.paste(rgba, mask=rgba.getchannel("A"))
            else:
                flat = upright.convert("RGB")
            flat.thumbnail((box, box), Image.Resampling.LANCZOS)
            clean = Image.new("RGB", flat.size)  # a fresh image: no info/EXIF carried over
            clean.paste(flat)
    except Image.DecompressionBombError as exc:
        raise Refused("upload.too_large_image", "Ảnh có kích thước điểm ảnh quá lớn.") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise Refused("upload.unreadable", "Không đọc được ảnh (tệp hỏng).") from exc
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def key(evidence, size: str) -> str:
    """Names the public copy: changes when the stored file would (name, size, time added)."""
    raw = f"{evidence.pk}|{evidence.file.name}|{evidence.size}|{evidence.added_at}|{size}|{QUALITY}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def cache_path(evidence, size: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "movement" / "public" / f"{evidence.pk}-{size}-{key(evidence, size)}.jpg"  # fmt: skip


def public_copy(evidence, size: str) -> bytes:
    """The re-encoded copy of one photo at one of SIZES (from the disk cache when made before).
    Raises Refused when the stored file cannot be decoded within the sandbox's limits."""
    path = cache_path(evidence, size)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    with evidence.file.open("rb") as fh:
        data = fh.read()
    pixels = settings.UPLOAD_MAX_IMAGE_PIXELS
    if settings.UPLOAD_SANDBOX:
        from danvan.core.sandbox import run_limited

        encoded = run_limited(render, data, SIZES[size], pixels)
    else:
        encoded = render(data, SIZES[size], pixels)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, encoded, mode=0o600)  # a concurrent reader sees the whole file or none
    return encoded


def forget(evidence_id: int) -> None:
    """Remove the public copies of one photo (taken off the showcase)."""
    for path in (Path(settings.MEDIA_ROOT) / "movement" / "public").glob(f"{evidence_id}-*.jpg"):
        path.unlink(missing_ok=True)
