"""Action codes → sentences for display. Every app registers its own codes, each sentence a
lazy translation (``gettext_lazy``: Vietnamese msgid, English in the app's catalogue), so the
audit page reads it in the language of whoever looks at it."""

from string import Formatter

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

_SENTENCES: dict[str, str] = {}


def register(code: str, sentence) -> None:
    """Register a display sentence; placeholders come from the entry's data, e.g. '{code}'."""
    _SENTENCES[code] = sentence


def is_registered(code: str) -> bool:
    return code in _SENTENCES


def registered_codes() -> list[str]:
    return sorted(_SENTENCES)


def sentence(code: str):
    """The registered sentence as registered (a lazy translation), or None."""
    return _SENTENCES.get(code)


def _filled(code: str, data: dict, value) -> tuple[str, dict] | None:
    template = _SENTENCES.get(code)
    if template is None:
        return None
    template = str(template)  # a lazy translation is read in the current language
    fields = {name for _, name, _, _ in Formatter().parse(template) if name}
    return template, {name: value(data.get(name, "…")) for name in fields}


def describe(code: str, data: dict) -> str:
    filled = _filled(code, data, lambda v: v)
    if filled is None:
        return code
    template, values = filled
    return template.format(**values)


def describe_html(code: str, data: dict) -> SafeString:
    """``describe`` for a page: the sentence escaped, each value filled in (a name, a title, a
    code someone wrote) in ``<span translate="no">``, which is data, not UI text."""
    filled = _filled(code, data, lambda v: format_html('<span translate="no">{}</span>', v))
    if filled is None:
        return format_html('<span translate="no">{}</span>', code)
    template, values = filled
    return mark_safe(escape(template).format(**values))  # noqa: S308 - escaped above
