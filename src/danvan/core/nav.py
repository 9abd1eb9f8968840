"""The menu: each app registers its entries from its AppConfig.ready with `register_nav`; an entry
whose URL is not installed is skipped. Part of the base library, so it imports no app: the caller
passes the role check (`accounts.context` passes `accounts.scope.has_role`)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # empty: any signed-in official
    order: int = 100  # position in the menu; ties keep the order of registration


_ITEMS: dict[str, NavItem] = {}


def register_nav(url_name: str, label, roles=(), *, order: int = 100) -> None:
    """Add (or replace, by URL name) a menu entry. `label` may be a lazy translation."""
    _ITEMS[url_name] = NavItem(label, url_name, tuple(roles), order)


def registered() -> list[NavItem]:
    return sorted(_ITEMS.values(), key=lambda item: item.order)


def items_for(user, has_role: Callable[..., bool]) -> list[dict]:
    """The entries this user may open: `has_role(user, *roles)` decides the role-bound ones."""
    out = []
    for item in registered():
        if item.roles and not has_role(user, *item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        out.append({"label": str(item.label), "url": url, "name": item.url_name})
    return out
