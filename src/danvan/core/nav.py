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
    citizen: bool = False  # a citizen's page: shown to accounts with a national ID only


_ITEMS: dict[str, NavItem] = {}


def register_nav(
    url_name: str, label, roles=(), *, order: int = 100, citizen: bool = False
) -> None:
    """Add (or replace, by URL name) a menu entry. `label` may be a lazy translation; `citizen`
    entries (the portal's "Hồ sơ của tôi"…) are for accounts holding a national ID."""
    _ITEMS[url_name] = NavItem(label, url_name, tuple(roles), order, citizen)


def registered() -> list[NavItem]:
    return sorted(_ITEMS.values(), key=lambda item: item.order)


def items_for(user, has_role: Callable[..., bool]) -> list[dict]:
    """The entries this user may open: `has_role(user, *roles)` decides the role-bound ones."""
    out = []
    # A citizen's account (a national ID, no official role) gets the citizen's pages only.
    citizen_only = bool(getattr(user, "national_id", "")) and not has_role(user)
    for item in registered():
        if item.citizen and not getattr(user, "national_id", ""):
            continue
        if citizen_only and not item.citizen:
            continue
        if item.roles and not has_role(user, *item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        out.append({"label": str(item.label), "url": url, "name": item.url_name})
    return out


# --- "Việc tiếp theo" on the home page: each app registers what waits for whom, with a count ------


@dataclass(frozen=True)
class WorkItem:
    label: str
    url_name: str
    count: Callable  # (user) -> int: how many wait for this user now
    roles: tuple[str, ...] = ()
    order: int = 100


_WORK: dict[str, WorkItem] = {}


def register_work(key: str, label, url_name: str, count, roles=(), *, order: int = 100) -> None:
    """A line of the home page's "Việc tiếp theo": `count(user)` of what waits, linked to the page
    where it is done. Registered from an app's AppConfig.ready, as menu entries are."""
    _WORK[key] = WorkItem(label, url_name, count, tuple(roles), order)


def work_for(user, has_role: Callable[..., bool]) -> list[dict]:
    out = []
    for item in sorted(_WORK.values(), key=lambda i: i.order):
        if item.roles and not has_role(user, *item.roles):
            continue
        name, _sep, query = item.url_name.partition("?")  # "app:page?filter=1": a filtered list
        try:
            url = reverse(name) + (f"?{query}" if query else "")
        except NoReverseMatch:
            continue
        out.append({"label": str(item.label), "url": url, "count": item.count(user)})
    return out
