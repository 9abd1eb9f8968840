import uuid

from django import template
from django.utils.html import format_html

from danvan.core import formatting, privacy

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ staged|get_item:c.pk }}``: a dict lookup by a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def file_error(errors, component_id):
    """``{{ errors|file_error:c.pk }}``: why that component's file was refused ("" if it wasn't)."""
    return errors.get(f"file_{component_id}", "") if hasattr(errors, "get") else ""


@register.filter
def vnd(amount) -> str:
    """100000 → "100.000 đ" (danvan.core.formatting.vnd)."""
    return formatting.vnd(amount)


@register.filter
def number(value, decimals=None) -> str:
    """1234567 → "1.234.567"; ``{{ x|number:1 }}`` rounds to one decimal."""
    return formatting.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(fraction, decimals=1) -> str:
    """0.705 → "70,5%"; None → "—"."""
    return formatting.percent(fraction, int(decimals))


@register.filter
def short_date(value) -> str:
    """A date or a datetime (local) → "02/12/2026"."""
    return formatting.short_date(value)


@register.filter
def date_line(value, place: str) -> str:
    """``{{ day|date_line:"Hoàn Kiếm" }}`` → "Hoàn Kiếm, ngày 02 tháng 12 năm 2026"."""
    return formatting.date_line(place, value)


@register.filter
def stamp_time(value) -> str:
    """A datetime → "05:37 ngày 02/12/2026 (+07:00)"."""
    return formatting.stamp_time(value)


@register.filter
def mask(value, kind: str = "id") -> str:
    """``{{ d.phone|mask:"phone" }}``: personal data masked (danvan.core.privacy.MASKS:
    national_id, tax_code, id, phone, email, address, name)."""
    return privacy.MASKS[kind](value)


@register.simple_tag(takes_context=True)
def once_field(context, fresh=False):
    """``{% once_field %}``: the hidden one-time token of a form (core.idempotency.run_once), so
    a second submit of the same form (double click, resent page) has one effect. The token is
    kept when the form comes back with errors, since it was not spent then."""
    request = context.get("request")
    token = ""
    if request is not None and request.method == "POST" and not fresh:
        token = request.POST.get("once_token", "")[:64]
    return format_html(
        '<input type="hidden" name="once_token" value="{}">', token or uuid.uuid4().hex
    )
