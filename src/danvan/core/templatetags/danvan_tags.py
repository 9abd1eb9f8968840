from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ staged|get_item:c.pk }}``: a dict lookup by a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None
