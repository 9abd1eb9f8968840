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
