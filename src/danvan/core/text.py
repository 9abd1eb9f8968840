"""Small text helpers shared by the importer, the unit loader and look-ups."""

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def squash(value: object) -> str:
    """A cell or a form value as clean text: NFC, spaces collapsed, trimmed; None is ""."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """Without diacritics, case, spaces or punctuation: 'Ngày  bắt đầu' == 'ngay bat dau' ==
    'NGAY_BAT_DAU'. For matching headers and names that people type in many ways."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _NOT_ALNUM.sub("", text)


def loose(text: str) -> str:
    """Case and spacing ignored, diacritics kept ('Thôn Hạ' != 'Thôn Hà')."""
    return squash(text).casefold()
