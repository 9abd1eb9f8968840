from danvan.accounts import scope
from danvan.core.nav import items_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_items": items_for(user, scope.has_role),
        "home_units": scope.home_units(user),
        "current_unit": getattr(request, "current_unit", None),
        "role_labels": sorted(g.get_role_display() for g in user.grants.active()),
    }
