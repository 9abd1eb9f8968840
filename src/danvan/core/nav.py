"""Navigation per role. Apps add their entries here; an entry whose URL is not installed is skipped."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from danvan.accounts import scope
from danvan.accounts.models import Role as R


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # empty: any signed-in official


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


def items_for(user) -> list[dict]:
    out = []
    for item in NAV:
        if item.roles and not scope.has_role(user, *item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        out.append({"label": item.label, "url": url, "name": item.url_name})
    return out
