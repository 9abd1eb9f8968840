from django import template

from danvan.connections.conf import conf

register = template.Library()


@register.simple_tag
def population_second_factor() -> bool:
    """Whether the province asks for the officer's PIN before a population-data look-up."""
    return conf().population_second_factor


@register.filter
def as_json(value) -> str:
    """A message or an answer as the JSON that went over the wire (indented, diacritics kept)."""
    import json

    if value is None:
        return "—"
    return json.dumps(value, ensure_ascii=False, indent=2)


def _answers(value) -> list[dict]:
    """The receiver's answers in a stored response: one, or one per call of a portal step."""
    if not isinstance(value, dict):
        return []
    nested = [v for k, v in value.items() if k in ("dossier", "history") and isinstance(v, dict)]
    return nested or [value]


@register.filter
def answer_text(value) -> str:
    """What the receiver said, in its own words ("Đồng bộ thành công", "Hồ sơ … đã tồn tại")."""
    said = [str(a.get("message", "")).strip() for a in _answers(value)]
    return "; ".join(s for s in said if s)


@register.filter
def from_fake(value) -> bool:
    """The answer came from the FAKE gateway (it says "fake": true in every answer)."""
    return any(a.get("fake") is True for a in _answers(value))
