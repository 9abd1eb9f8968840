"""The applicant's ID, phone and address: unmasked only for reception and the specialist of the
dossier's unit while it is open, and for the applicant herself (danvan.core.privacy)."""

from danvan.accounts.models import User
from danvan.core import privacy
from danvan.onestop.models import Dossier
from danvan.onestop.privacy import APPLICANT
from danvan.onestop.serializers import dossier_detail
from danvan.onestop.workflow import Status
from tests.onestop_ui.helpers import COMMON, make_dossier


def test_dossier_page_masks_for_the_leader_and_after_closing(client_as, persona):
    dossier = make_dossier("00070", COMMON, by=persona("clerk.hoankiem"))
    url = f"/mot-cua/ho-so/{dossier.code}/"
    clerk = client_as("clerk.hoankiem").get(url).content.decode()
    assert "001190012345" in clerk and "0912345678" in clerk and "12 Hàng Bạc, Hoàn Kiếm" in clerk
    leader = client_as("leader.hoankiem").get(url).content.decode()
    assert "0011•••••345" in leader and "091•••678" in leader and "•••, Hoàn Kiếm" in leader
    assert "0912345678" not in leader and "12 Hàng Bạc" not in leader
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.RETURNED)
    closed = client_as("clerk.hoankiem").get(url).content.decode()
    assert "0011•••••345" in closed and "0912345678" not in closed


def test_api_detail_follows_the_same_rule(persona):
    dossier = make_dossier("00070", COMMON, by=persona("clerk.hoankiem"))
    assert dossier_detail(dossier, persona("specialist.hoankiem"))["national_id"] == "001190012345"
    masked = dossier_detail(dossier, persona("leader.hoankiem"))
    assert masked["national_id"] == "0011•••••345" and masked["phone_masked"] == "091•••678"


def test_the_applicant_sees_her_own_dossier_unmasked(persona):
    dossier = make_dossier("00070", COMMON, by=persona("clerk.hoankiem"))
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.RETURNED)
    dossier.refresh_from_db()
    citizen = User.objects.get(username="congdan.hang")  # 001190012345
    assert privacy.may_see(citizen, APPLICANT, obj=dossier)
    assert not privacy.may_see(persona("clerk.bavi"), APPLICANT, obj=dossier)


def test_onestop_registers_its_purpose():
    assert APPLICANT in {p.code for p in privacy.purposes()}
