from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ staged|get_item:c.pk }}``: a dict lookup by a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def vnd(amount) -> str:
    """100000 → "100.000 đ" (Vietnamese thousands separator)."""
    try:
        return f"{int(amount):,} đ".replace(",", ".")
    except (TypeError, ValueError):
        return ""
