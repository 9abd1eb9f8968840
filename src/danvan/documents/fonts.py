"""Embedded TrueType fonts for generated documents (no system fonts).

Noto Serif ships as a variable font; reportlab only draws the default instance of a
variable font, so bold would silently look like regular. We cut static instances with
fontTools once, cache them on disk and register those.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
from pathlib import Path

import fontpkg
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from danvan.core.storage import write_atomically

SERIF = "NotoSerif"
SANS = "BeVietnamPro"

_STYLES: dict[str, tuple[int, str]] = {
    "": (400, "normal"),
    "-Bold": (700, "bold"),
    "-Italic": (400, "italic"),
    "-BoldItalic": (700, "bolditalic"),
}
_FAMILIES = {SERIF: "Noto Serif", SANS: "Be Vietnam Pro"}
_lock = threading.Lock()
_registered = False


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(tempfile.gettempdir(), "danvan-cache")
    return Path(base) / "danvan" / "fonts"


def _instance_bytes(source: Path, weight: int) -> bytes:
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib import instancer

    font = FTFont(str(source))
    axes = {a.axisTag: a.defaultValue for a in font["fvar"].axes}
    axes["wght"] = float(weight)
    static = instancer.instantiateVariableFont(font, axes, updateFontNames=True)
    out = io.BytesIO()
    static.save(out)
    return out.getvalue()


def _static_file(family: str, weight: int, style: str) -> Path | io.BytesIO:
    """Path of a static TTF for (family, weight, style), instancing a variable font."""
    chosen = fontpkg.select_file(fontpkg.family(family), weight, style, nearest=True)
    if not chosen.variable:
        return chosen.path
    stat = chosen.path.stat()
    key = hashlib.sha256(f"{chosen.path}|{stat.st_size}|{weight}".encode()).hexdigest()[:16]
    target = _cache_dir() / f"{fontpkg.slugify(family)}-{style}-{weight}-{key}.ttf"
    if target.exists():
        return target
    data = _instance_bytes(chosen.path, weight)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    except OSError:
        return io.BytesIO(data)  # read-only cache: keep the instance in memory only
    return target


def font_file(name: str) -> Path | io.BytesIO:
    """Static TTF behind a registered font name, e.g. ``NotoSerif-Bold`` (for pyHanko stamps)."""
    for base, family in _FAMILIES.items():
        if name.startswith(base) and name[len(base) :] in _STYLES:
            weight, style = _STYLES[name[len(base) :]]
            return _static_file(family, weight, "italic" if "italic" in style else "normal")
    raise KeyError(name)


def register_fonts() -> None:
    """Register Noto Serif and Be Vietnam Pro (4 styles each) with reportlab, once."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for base in _FAMILIES:
            for suffix in _STYLES:
                pdfmetrics.registerFont(TTFont(base + suffix, font_file(base + suffix)))
            pdfmetrics.registerFontFamily(
                base,
                normal=base,
                bold=f"{base}-Bold",
                italic=f"{base}-Italic",
                boldItalic=f"{base}-BoldItalic",
            )
            for bold, italic, suffix in (
                (0, 0, ""),
                (1, 0, "-Bold"),
                (0, 1, "-Italic"),
                (1, 1, "-BoldItalic"),
            ):
                addMapping(base, bold, italic, base + suffix)
        _registered = True
