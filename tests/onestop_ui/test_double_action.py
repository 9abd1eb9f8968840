"""No double action: a form sent twice (double click, Ctrl+Enter twice, two tabs) has one effect."""

import pytest

from danvan.onestop.models import Dossier
from danvan.onestop.services import Command, allowed_for, transition
from danvan.procedures.models import Procedure
from tests.helpers import save_result_draft
from tests.onestop_ui.helpers import NO_WAIT, files_for, intake_post

pytestmark = pytest.mark.django_db


def _token(page: str) -> str:
    marker = 'name="intake_token" value="'
    return page.split(marker, 1)[1].split('"', 1)[0]


def test_the_counter_form_sent_twice_creates_one_dossier(client_as):
    client = client_as("clerk.hoankiem")
    token = _token(client.get("/mot-cua/quay/").content.decode())
    assert len(token) == 32
    procedure = Procedure.objects.get(code=NO_WAIT)
    before = Dossier.objects.count()
    body = {**intake_post(NO_WAIT), "intake_token": token}
    first = client.post("/mot-cua/quay/", {**body, **files_for(procedure)})
    second = client.post("/mot-cua/quay/", {**body, **files_for(procedure)})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Dossier.objects.count() == before + 1
    page = client.get(second["Location"]).content.decode()
    assert "không tạo hồ sơ thứ hai" in page
    fresh = _token(client.get("/mot-cua/quay/").content.decode())
    assert fresh != token


def _act(d, action, user, **kw):
    if action == "propose":
        save_result_draft(d, user)
    return transition(d.pk, Command(action, d.version, **kw), by=user)


@pytest.mark.parametrize(
    ("steps", "action", "who"),
    [
        ([], "assign", "clerk.hoankiem"),
        (["assign"], "propose", "specialist.hoankiem"),
        (["assign", "propose"], "approve", "leader.hoankiem"),
        (["assign", "propose", "approve"], "seal", "seal.hoankiem"),
        (["assign", "propose", "approve", "seal"], "return_result", "clerk.hoankiem"),
    ],
)
def test_each_transition_done_twice_gives_one_event(client_as, persona, steps, action, who):
    from danvan.onestop import intake
    from danvan.units.services import current_unit
    from tests.onestop.conftest import NORMAL, full_request

    actors = {
        "assign": "clerk.hoankiem",
        "propose": "specialist.hoankiem",
        "approve": "leader.hoankiem",
        "seal": "seal.hoankiem",
    }
    d = intake.register(
        full_request(NORMAL),
        unit=current_unit("00070"),
        by=persona("clerk.hoankiem"),
        received=True,
    )
    for step in steps:
        d = _act(d, step, persona(actors[step]), pin="123456")
    if action == "propose":
        save_result_draft(d, persona(who))
    client = client_as(who)
    form = {"action": action, "expected_version": d.version, "pin": "123456"}
    url = f"/mot-cua/ho-so/{d.code}/thao-tac/"
    first, second = client.post(url, form), client.post(url, form)
    assert first.status_code == 302
    assert second.status_code == 409
    assert "đã được người khác cập nhật" in second.content.decode()
    assert d.events.filter(action=action).count() == 1


def test_a_proposed_result_is_not_proposed_again(persona):
    from danvan.onestop import intake
    from danvan.units.services import current_unit
    from tests.onestop.conftest import NORMAL, full_request

    d = intake.register(
        full_request(NORMAL),
        unit=current_unit("00070"),
        by=persona("clerk.hoankiem"),
        received=True,
    )
    d = _act(d, "assign", persona("clerk.hoankiem"))
    specialist = persona("specialist.hoankiem")
    d = _act(d, "propose", specialist)
    assert "propose" not in {a.action for a in allowed_for(d, specialist)}
    with pytest.raises(Exception) as exc:
        _act(d, "propose", specialist)
    assert getattr(exc.value, "code", "") == "dossier.already_proposed"
    assert d.events.filter(action="propose").count() == 1


def test_propose_without_a_saved_draft_is_refused_then_done_twice_gives_one_event(
    client_as, persona
):
    from danvan.core.errors import Conflict
    from danvan.onestop import drafting, intake
    from danvan.units.services import current_unit
    from tests.onestop.conftest import NORMAL, full_request

    clerk, specialist = persona("clerk.hoankiem"), persona("specialist.hoankiem")
    d = intake.register(full_request(NORMAL), unit=current_unit("00070"), by=clerk, received=True)
    d = _act(d, "assign", clerk)
    with pytest.raises(Conflict) as exc:
        transition(d.pk, Command("propose", d.version), by=specialist)
    assert exc.value.code == "dossier.no_result_draft"
    assert Dossier.objects.get(pk=d.pk).version == d.version

    client = client_as("specialist.hoankiem")
    url = f"/mot-cua/ho-so/{d.code}/"
    page = client.get(url).content.decode()
    assert 'id="needs-draft"' in page and 'value="propose"' not in page
    refused = client.post(url + "thao-tac/", {"action": "propose", "expected_version": d.version})
    assert refused.status_code == 409
    assert "Chưa có dự thảo kết quả" in refused.content.decode()
    assert not d.events.filter(action="propose").exists()

    # The specialist checks the draft and types what the dossier cannot fill (the business name).
    values = {k: v or "Hộ kinh doanh Bình An" for k, v in drafting.current(d)[1].items()}
    saved = client.post(url + "ket-qua/soan/", {**values, "draft_version": "0"})
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="needs-draft"' not in page and 'value="propose"' in page
    form = {"action": "propose", "expected_version": d.version}
    first, second = client.post(url + "thao-tac/", form), client.post(url + "thao-tac/", form)
    assert first.status_code == 302 and second.status_code == 409
    assert d.events.filter(action="propose").count() == 1


def test_a_counter_clerk_without_a_specialist_drafts_then_proposes(persona):
    """Xã Ba Vì has no specialist: its counter clerk drafts the result from receipt and proposes."""
    from danvan.onestop import drafting, intake
    from danvan.units.services import current_unit
    from tests.onestop.conftest import NORMAL, full_request

    clerk = persona("clerk.bavi")
    d = intake.register(full_request(NORMAL), unit=current_unit("09700"), by=clerk, received=True)
    assert drafting.may_draft(d, clerk) and not drafting.may_draft(d, persona("clerk.hoankiem"))
    save_result_draft(d, clerk)
    d = transition(d.pk, Command("propose", d.version), by=clerk)
    assert d.handler.username == "leader.bavi"
