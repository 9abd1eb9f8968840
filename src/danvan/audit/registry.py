"""Action codes → Vietnamese sentences for display. Every app registers its own codes."""

from string import Formatter

_SENTENCES: dict[str, str] = {}


def register(code: str, sentence: str) -> None:
    """Register a display sentence; placeholders come from the entry's data, e.g. '{code}'."""
    _SENTENCES[code] = sentence


def is_registered(code: str) -> bool:
    return code in _SENTENCES


def registered_codes() -> list[str]:
    return sorted(_SENTENCES)


def describe(code: str, data: dict) -> str:
    template = _SENTENCES.get(code)
    if template is None:
        return code
    template = str(template)  # a lazy translation is read in the current language
    fields = {name for _, name, _, _ in Formatter().parse(template) if name}
    values = {name: data.get(name, "…") for name in fields}
    return template.format(**values)
