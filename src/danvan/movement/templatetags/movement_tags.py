from decimal import Decimal

from django import template
from django.utils.translation import get_language

from danvan.core.templatetags.danvan_tags import once_field as shared_once_field

register = template.Library()


@register.filter
def points(value) -> str:
    """8.500 -> "8,5" in Vietnamese, "8.5" in English; 26 -> "26" (no trailing zeros). Points
    stay under 1,000, so no thousands separator (the score sheet reads either mark back)."""
    if value is None or value == "":
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text if (get_language() or "").startswith("en") else text.replace(".", ",")


# The shared one-time token tag (core), so movement's templates need only their own library.
register.simple_tag(shared_once_field, takes_context=True, name="once_field")


@register.filter
def vnd(value) -> str:
    """62000000 -> "62.000.000" (Vietnamese thousands separator); None -> "—"."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}".replace(",", ".")
