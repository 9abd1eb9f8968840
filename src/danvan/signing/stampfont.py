"""Be Vietnam Pro for signature stamps, subset once per process.

pyHanko's ``GlyphAccumulator`` subsets the whole font with fontTools for every
signature; profiling showed that step at about half of the signing time. We subset
Be Vietnam Pro once to the Latin + Vietnamese repertoire (no hinting) and embed that
small font as is. Be Vietnam Pro has 1000 units per em, as pyHanko's text layout
assumes.
"""

from __future__ import annotations

import functools
import tempfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import fontpkg
import uharfbuzz as hb
from fontTools import subset
from fontTools.ttLib import TTFont
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.api import FontEngine
from pyhanko.pdf_utils.font.opentype import (
    CIDFontType2,
    GlyphAccumulator,
    GlyphAccumulatorFactory,
    _check_ot_tag,
    _read_ps_name,
)

STAMP_FONT_FAMILY = "Be Vietnam Pro"
# ASCII, Latin-1 and Latin Extended-A/B (ơ, ư, đ), combining marks for non-NFC input,
# Vietnamese precomposed letters, general punctuation and currency signs (₫).
_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x1A0, 0x1B0),
    (0x300, 0x323),
    (0x1EA0, 0x1EF9),
    (0x2010, 0x2026),
    (0x2030, 0x20AB),
)


def source_font_path() -> Path:
    return Path(fontpkg.path(STAMP_FONT_FAMILY, weight=400))


@functools.cache
def vietnamese_font_path() -> str:
    """Path of the one-off Vietnamese subset (in a private temporary directory)."""
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["kern", "mark", "mkmk", "ccmp", "liga", "locl"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(source_font_path()))
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=[c for low, high in _RANGES for c in range(low, high + 1)])
    subsetter.subset(font)
    target = Path(tempfile.mkdtemp(prefix="danvan-stampfont-")) / "BeVietnamPro-vi.ttf"
    font.save(str(target))
    return str(target)


@functools.cache
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


@functools.cache
def _deflated_font(path: str) -> bytes:
    return zlib.compress(_font_bytes(path))


class _RawCIDFontType2(CIDFontType2):
    """Embeds the font file bytes as they are, compressed once per process.

    The stock ``set_font_file`` re-saves the font with fontTools, which decompiles and
    recompiles every glyph to recompute bounding boxes.
    """

    font_path: str = ""

    def set_font_file(self, writer):
        stream = generic.StreamObject(
            dict_data={generic.pdf_name("/Filter"): generic.pdf_name("/FlateDecode")},
            encoded_data=_deflated_font(self.font_path),
        )
        font_stream_ref = writer.add_object(stream)
        self._font_descriptor[generic.pdf_name("/FontFile2")] = font_stream_ref
        return font_stream_ref


@dataclass(frozen=True)
class _ParsedFont:
    """The font parsed once per process and then only read (shaping, metrics, names).

    Every table is decompiled up front, so signatures made in parallel threads never
    trigger fontTools' lazy loading on the shared object.
    """

    tt: TTFont
    hb_font: hb.Font
    ps_name: str
    glyph_set: object
    reverse_cmap: dict

    @classmethod
    @functools.cache
    def load(cls, path: str) -> _ParsedFont:
        tt = TTFont(BytesIO(_font_bytes(path)))
        tt.ensureDecompiled()
        return cls(
            tt=tt,
            hb_font=hb.Font(hb.Face(_font_bytes(path))),
            ps_name=_read_ps_name(tt),
            glyph_set=tt.getGlyphSet(preferCFF=True),
            reverse_cmap=tt["cmap"].buildReversed(),
        )


class _PresubsetGlyphAccumulator(GlyphAccumulator):
    """pyHanko's accumulator over the shared parsed font (a TrueType font, as ours is).

    The stock constructor parses the font file again for every signature (about a
    third of the signing time); this one sets the same attributes from
    :class:`_ParsedFont`. Written against pyHanko 0.38's ``GlyphAccumulator.__init__``.
    """

    def __init__(self, writer, *, font_path: str, font_size, obj_stream=None, **tags) -> None:
        font = _ParsedFont.load(font_path)
        FontEngine.__init__(
            self,
            writer,
            font.ps_name,
            embedded_subset=True,
            obj_stream=obj_stream,
            font_size=font_size,
        )
        self.hb_font, self.tt = font.hb_font, font.tt
        self._font_ref = writer.allocate_placeholder()
        cidfont = _RawCIDFontType2(font.tt, font.ps_name, self.subset_prefix)
        cidfont.font_path = font_path
        self.cidfont_obj = cidfont
        self.cff_charset, self.use_raw_gids = None, True
        self.features = None
        self.units_per_em = font.tt["head"].unitsPerEm
        self._glyphs = {}
        self._glyph_set = font.glyph_set
        self._cid_to_unicode = {}
        self._GlyphAccumulator__reverse_cmap = font.reverse_cmap
        self.ot_language_tag = _check_ot_tag(tags.get("ot_language_tag"))
        self.ot_script_tag = _check_ot_tag(tags.get("ot_script_tag"))
        self.writing_direction = tags.get("writing_direction")
        self.bcp47_lang_code = tags.get("bcp47_lang_code")
        self._subset_created = self._write_prepared = False

    def _extract_subset(self, options=None):
        # The font file is already a small subset: embed it unchanged.
        return None


@dataclass(frozen=True)
class PresubsetFontFactory(GlyphAccumulatorFactory):
    """``GlyphAccumulatorFactory`` that embeds a pre-subset font without re-subsetting.

    Also reads the font from memory: the stock factory opens the file per signature
    and never closes it.
    """

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _PresubsetGlyphAccumulator(
            writer,
            font_path=self.font_file,
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


def stamp_font_factory(font_size: int) -> GlyphAccumulatorFactory:
    return PresubsetFontFactory(vietnamese_font_path(), font_size=font_size)
