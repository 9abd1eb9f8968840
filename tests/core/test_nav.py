"""The menu registry (core.nav): each app registers its entries from its AppConfig.ready."""

import pytest

from danvan.accounts import scope
from danvan.core import nav

BEFORE_THE_REGISTRY = [
    "core:home",
    "onestop:counter",
    "onestop:my_dossiers",
    "signing:queue",
    "procedures:list",
    "vault:search",
    "movement:practices",
    "movement:judging",
    "oversight:home",
    "grassroots:home",
    "reports:home",
    "core:units",
    "jobs:list",
    "core:audit",
]


def test_every_entry_of_the_old_list_is_registered_in_its_old_place():
    names = [item.url_name for item in nav.registered()]
    assert [n for n in names if n in BEFORE_THE_REGISTRY] == BEFORE_THE_REGISTRY


@pytest.fixture
def scratch(monkeypatch):
    monkeypatch.setattr(nav, "_ITEMS", {})


def test_an_app_registering_the_same_url_name_replaces_the_entry(scratch):
    nav.register_nav("core:home", "Trang chủ", order=0)
    nav.register_nav("core:units", "Đơn vị", order=5)
    nav.register_nav("core:home", "Trang đầu", order=10)
    assert [(i.label, i.order) for i in nav.registered()] == [("Đơn vị", 5), ("Trang đầu", 10)]


def test_entries_follow_roles_and_installed_urls(scratch):
    nav.register_nav("core:home", "Trang chủ")
    nav.register_nav("core:audit", "Nhật ký", ("admin",))
    nav.register_nav("chua_co:trang", "Phân hệ chưa cài")
    everyone = nav.items_for(object(), lambda user, *roles: False)
    admins = nav.items_for(object(), lambda user, *roles: "admin" in roles)
    assert [i["name"] for i in everyone] == ["core:home"]
    assert [i["name"] for i in admins] == ["core:home", "core:audit"]


@pytest.mark.django_db
def test_the_menu_of_a_counter_clerk(persona):
    names = [i["name"] for i in nav.items_for(persona("clerk.hoankiem"), scope.has_role)]
    assert "onestop:counter" in names and "vault:search" in names
    assert "core:audit" not in names and "signing:queue" not in names
