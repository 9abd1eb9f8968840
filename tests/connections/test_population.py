"""Population-data look-up at the counter: fills the form, refused to a role without the right,
in the citizen's access log; the dossier is marked "used population data" (766 4.5b)."""

import pytest
from django.utils import timezone

from danvan.connections.models import PopulationLookup
from danvan.connections.services import population
from danvan.core.errors import Conflict, Forbidden, Invalid, NotFound
from danvan.core.indicators import evaluate
from danvan.onestop.models import Dossier
from danvan.units.services import current_unit
from danvan.vault.models import AccessLog, Purpose
from tests.onestop.conftest import applicant

HANG = {"national_id": "001190012345", "name": "Nguyễn Thị Hằng", "date_of_birth": "1990-03-15"}
REASON = "Xác minh người nộp hồ sơ tại quầy"
URL = "/ket-noi/dan-cu/tra-cuu/"


def ask(user, unit=None, **kw):
    args = {**HANG, "reason": REASON, **kw}
    return population.lookup(user, unit=unit or current_unit("00070"), **args)


@pytest.mark.django_db
def test_lookup_fills_the_form_and_is_in_the_citizens_access_log(connected, persona):
    fake = connected
    clerk = persona("clerk.hoankiem")
    values = ask(clerk)
    assert values["name"] == "Nguyễn Thị Hằng" and values["date_of_birth"] == "1990-03-15"
    assert values["sex"] == "Nữ" and "Hàng Trống" in values["address"]
    sent = fake.requests("ChiaSeThongTinCongDan")[-1]["body"]
    assert sent["HoVaTen"] == "NGUYEN THI HANG" and sent["NgayThangNam"] == "19900315"
    assert sent["MaDonVi"] == "00070" and sent["MaCanBo"] == "clerk.hoankiem"
    log = AccessLog.objects.filter(owner_id="001190012345", purpose=Purpose.POPULATION).first()
    assert log.allowed and log.actor == clerk and log.reason == REASON
    row = PopulationLookup.objects.get(request_code=values["request_code"])
    assert row.found and row.officer == clerk and row.unit.code == "00070"


@pytest.mark.django_db
def test_lookup_by_year_of_birth(connected, persona):
    values = ask(persona("clerk.hoankiem"), date_of_birth="1990")
    assert values["national_id"] == "001190012345"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["mobilizer.hoankiem", "front.hoankiem", "leader.hoankiem"])
def test_refused_to_a_role_without_the_right_and_logged(connected, persona, who):
    fake = connected
    with pytest.raises(Forbidden) as err:
        ask(persona(who))
    assert err.value.code == "population.forbidden"
    assert not fake.requests("ChiaSeThongTinCongDan")
    log = AccessLog.objects.filter(owner_id="001190012345", purpose=Purpose.POPULATION).first()
    assert log is not None and not log.allowed


@pytest.mark.django_db
def test_refused_outside_the_officers_units(connected, persona):
    with pytest.raises(Forbidden):
        ask(persona("clerk.bavi"), unit=current_unit("00070"))


@pytest.mark.django_db
def test_reason_and_inputs_are_required(connected, persona):
    with pytest.raises(Invalid) as err:
        ask(persona("clerk.hoankiem"), reason="xem", national_id="123")
    assert {"reason", "national_id"} <= set(err.value.fields)


@pytest.mark.django_db
def test_not_found_and_gateway_down(connected, persona):
    fake = connected
    with pytest.raises(NotFound):
        ask(persona("clerk.hoankiem"), date_of_birth="1991-03-15")
    fake.stop()
    with pytest.raises(Conflict) as err:
        ask(persona("clerk.hoankiem"))
    assert err.value.code == "population.unavailable"


@pytest.mark.django_db
def test_second_factor_when_the_province_asks(connected, persona, settings):
    settings.CONNECTIONS = {**settings.CONNECTIONS, "POPULATION_SECOND_FACTOR": True}
    with pytest.raises(Forbidden):
        ask(persona("clerk.hoankiem"), pin="000000")
    assert ask(persona("clerk.hoankiem"), pin="123456")["name"] == "Nguyễn Thị Hằng"


@pytest.mark.django_db
def test_dossier_received_after_a_lookup_used_population_data(
    connected, persona, receive, django_capture_on_commit_callbacks
):
    ask(persona("clerk.hoankiem"))
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(applicant=applicant(name="Nguyễn Thị Hằng", national_id="001190012345"))
    d = Dossier.objects.get(pk=d.pk)
    assert d.uses_population_data
    assert PopulationLookup.objects.get(dossier=d).found
    with django_capture_on_commit_callbacks(execute=True):
        other = receive(applicant=applicant(name="Trần Văn Bình", national_id="001085067890"))
    assert not PopulationLookup.objects.filter(dossier=other).exists()
    today = timezone.localdate()
    result = evaluate(
        "connections.dossiers_population_data", unit=current_unit("00070"), start=today, end=today
    )
    assert result.numerator >= 1 and result.denominator >= 2


@pytest.mark.django_db
def test_counter_page_offers_the_lookup_and_the_endpoint_fills(connected, client_as):
    clerk = client_as("clerk.hoankiem")
    page = clerk.get("/mot-cua/quay/")
    assert "Tra cứu CSDL quốc gia về dân cư" in page.content.decode()
    answer = clerk.post(URL, {**HANG, "population_reason": REASON}, HTTP_HX_REQUEST="true")
    body = answer.content.decode()
    assert answer.status_code == 200 and 'data-name="Nguyễn Thị Hằng"' in body
    refused = client_as("mobilizer.hoankiem").post(URL, {**HANG, "population_reason": REASON})
    assert refused.status_code == 403
