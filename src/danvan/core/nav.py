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
NAV: list[NavItem] = [
    NavItem("Trang chủ", "core:home"),
    NavItem("Quầy tiếp nhận", "onestop:counter", (R.COUNTER_CLERK,)),
    NavItem("Hồ sơ của tôi", "onestop:my_dossiers", (R.SPECIALIST, R.SIGNER, R.OFFICE_CLERK)),
    NavItem("Ký số", "signing:queue", (R.SIGNER, R.OFFICE_CLERK)),
    NavItem(
        "Thủ tục hành chính", "procedures:list", (R.COUNTER_CLERK, R.SPECIALIST, R.SIGNER, R.ADMIN)
    ),
    NavItem("Kho dữ liệu", "vault:search", (R.COUNTER_CLERK, R.SPECIALIST)),
    NavItem("Dân vận khéo", "movement:practices", (R.MOBILIZER, R.FRONT_OFFICER, R.REPORTER)),
    NavItem("Chấm thi Dân vận khéo", "movement:judging", (R.JUDGE,)),
    NavItem("Giám sát, phản biện", "oversight:home", (R.FRONT_OFFICER, R.MOBILIZER)),
    NavItem(
        "Đơn thư, điểm nóng", "grassroots:home", (R.PETITION_OFFICER, R.MOBILIZER, R.FRONT_OFFICER)
    ),
    NavItem(
        "Báo cáo", "reports:home", (R.REPORTER, R.MOBILIZER, R.FRONT_OFFICER, R.SIGNER, R.ADMIN)
    ),
    NavItem("Đơn vị hành chính", "core:units", ()),
    NavItem("Công việc nền", "jobs:list", ()),
    NavItem("Nhật ký", "core:audit", (R.ADMIN,)),
    NavItem("Kết nối", "connections:home", (R.ADMIN,)),
]


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
