from django import template

from danvan.connections.conf import conf

register = template.Library()


@register.simple_tag
def population_second_factor() -> bool:
    """Whether the province asks for the officer's PIN before a population-data look-up."""
    return conf().population_second_factor
