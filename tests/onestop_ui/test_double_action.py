"""No double action: a form sent twice (double click, Ctrl+Enter twice, two tabs) has one effect."""

import pytest

from danvan.onestop.models import Dossier
from danvan.onestop.services import Command, allowed_for, transition
from danvan.procedures.models import Procedure
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
