"""Issue 9 item 8: the admin is titled for the project and has audited screens for users, role
grants, units below the commune and the working calendar; the favicon; /api/v1/docs offline."""

import datetime as dt

import pytest

from danvan.audit.models import AuditEntry
from danvan.units.models import CalendarOverride, Unit, WorkingCalendar

pytestmark = pytest.mark.django_db


def test_the_admin_is_titled_for_the_project_and_lists_the_screens(client_as):
    page = client_as("admin").get("/quan-tri/").content.decode()
    assert "Dân Vận Số — Quản trị hệ thống" in page and "Trang quản trị cho Django" not in page
    for path in (
        "/quan-tri/accounts/user/",
        "/quan-tri/accounts/rolegrant/",
        "/quan-tri/units/unit/",
        "/quan-tri/units/workingcalendar/",
        "/quan-tri/units/calendaroverride/",
    ):
        assert path in page, path
        assert client_as("admin").get(path).status_code == 200, path


def test_a_village_added_below_the_commune_is_audited(client_as):
    ward = Unit.objects.current().get(code="00070")
    response = client_as("admin").post(
        "/quan-tri/units/unit/add/",
        {"code": "00070-TDP9", "name": "Tổ dân phố số 9", "kind": "village", "parent": ward.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    village = Unit.objects.get(code="00070-TDP9")
    assert village.path.startswith(ward.path) and village.depth == ward.depth + 1
    entry = AuditEntry.objects.get(action="admin.object.created", object_id=str(village.pk))
    assert entry.actor.username == "admin" and entry.data["object"] == "Tổ dân phố số 9"


def test_a_worked_saturday_and_a_role_grant_change_are_audited(client_as, persona):
    ward = Unit.objects.current().get(code="00070")
    admin = client_as("admin")
    saturday = dt.date(2026, 12, 19)
    response = admin.post(
        "/quan-tri/units/calendaroverride/add/",
        {"unit": ward.pk, "day": saturday.isoformat(), "kind": "working_day", "reason": "Làm bù"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    override = CalendarOverride.objects.get(unit=ward, day=saturday)
    assert AuditEntry.objects.filter(
        action="admin.object.created", object_id=str(override.pk)
    ).exists()
    grant = persona("clerk.hoankiem").grants.first()
    response = admin.post(f"/quan-tri/accounts/rolegrant/{grant.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(
        action="admin.object.deleted", object_id=str(grant.pk)
    ).exists()
    assert WorkingCalendar.objects.model._meta.verbose_name == "lịch làm việc"


def test_an_official_without_the_admin_flag_has_no_admin(client_as):
    response = client_as("clerk.hoankiem").get("/quan-tri/units/unit/")
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]


def test_every_page_names_the_favicon_and_favicon_ico_leads_to_it(client):
    page = client.get("/tra-cuu/").content.decode()
    assert 'rel="icon"' in page and "danvan/favicon.svg" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


def test_api_docs_load_swagger_from_the_app_not_a_cdn(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in page and "django-ninja.dev" not in page
    assert "/static/ninja/swagger-ui-bundle" in page


def test_next_work_on_the_home_page_carries_counts(client_as):
    from danvan.onestop.models import Dossier
    from danvan.onestop.states import Status, SubStatus

    page = client_as("clerk.hoankiem").get("/").content.decode()
    online = Dossier.objects.filter(unit__code="00070", status=Status.REGISTERED_ONLINE).count()
    assert online >= 1
    line = page.split("Hồ sơ trực tuyến chờ tiếp nhận")[1].split("</li>")[0]
    assert f'data-count="{online}"' in line
    leader = client_as("leader.hoankiem").get("/").content.decode()
    waiting = Dossier.objects.filter(
        handler__username="leader.hoankiem", sub_status=SubStatus.AWAITING_SIGNATURE
    ).count()
    line = leader.split("Kết quả chờ tôi ký duyệt")[1].split("</li>")[0]
    assert waiting >= 1 and f'data-count="{waiting}"' in line
    # An official with no one-stop work keeps the menu's links.
    mobilizer = client_as("mobilizer.hoankiem").get("/").content.decode()
    assert 'id="next-work"' not in mobilizer and "Việc tiếp theo" in mobilizer


def test_the_overdue_count_opens_the_list_it_counts(client_as):
    import re

    from danvan.onestop.models import Dossier

    clerk = client_as("clerk.hoankiem")
    home = clerk.get("/").content.decode()
    line = home.split("Hồ sơ quá hạn trong đơn vị")[0].rsplit("<li", 1)[1]
    count = int(
        re.search(r'data-count="(\d+)"', home.split("Hồ sơ quá hạn trong đơn vị")[1]).group(1)
    )
    url = re.search(r'href="([^"]*\?qua_han=1)"', line).group(1)
    listed = clerk.get(url).content.decode()
    codes = re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', listed)
    assert len(codes) == count >= 1
    overdue = Dossier.objects.filter(code__in=codes)
    assert all(d.due_at is not None for d in overdue)
    # Another ward's clerk sees none of them.
    other = client_as("clerk.bavi").get(url).content.decode()
    assert "Hồ sơ quá hạn trong đơn vị" in other
    assert not set(codes) & set(re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', other))
