"""Report templates: Vietnamese proper names kept inside translated text (the movement's name
"Dân vận khéo", a decision's number "766/QĐ-TTg") are marked lang="vi" translate="no", as HTML
defines it, so that screen readers and translators (and the language test) treat them as names."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

PROPER_NAMES = re.compile(r"Dân vận khéo|\d+(?:/\d+)?/(?:QĐ|NQ|CT|KH)-[A-ZĐ]+|-[A-ZĐ]*Đ[A-ZĐ]*")


@register.filter
def names(text) -> str:
    """`text` escaped, its proper names wrapped in <span lang="vi" translate="no">."""
    out, last = [], 0
    text = str(text or "")
    for m in PROPER_NAMES.finditer(text):
        out += [
            escape(text[last : m.start()]),
            format_html('<span lang="vi" translate="no">{}</span>', m.group()),
        ]
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
