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


@register.simple_tag(takes_context=True)
def once_field(context, fresh=False):
    """The hidden one-time token of a form: a second submit of the same form gives one effect.
    Kept when the form comes back with errors (the token was not spent then)."""
    import uuid

    from django.utils.html import format_html

    request = context.get("request")
    token = ""
    if request is not None and request.method == "POST" and not fresh:
        token = request.POST.get("once_token", "")[:64]
    return format_html(
        '<input type="hidden" name="once_token" value="{}">', token or uuid.uuid4().hex
    )


@register.filter
def vnd(value) -> str:
    """62000000 -> "62.000.000" (Vietnamese thousands separator); None -> "—"."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}".replace(",", ".")
