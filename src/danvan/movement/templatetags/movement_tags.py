from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def points(value) -> str:
    """8.500 -> "8,5"; 26 -> "26" (Vietnamese decimal comma, no trailing zeros)."""
    if value is None or value == "":
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",")
