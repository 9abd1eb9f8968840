"""The data generator (`danvan bench seed`, the demo's report data): its dossiers look like the
ward's own (real codes, office hours, nothing in the future), a dossier received at the counter
afterwards never takes one of their codes, and the portal holds those marked synced."""

import re

import pytest
from django.utils import timezone

from danvan.connections.models import PortalSync
from danvan.connections.services import portal
from danvan.onestop import intake
from danvan.onestop.models import Dossier
from danvan.reports import seed
from tests.onestop.conftest import NORMAL, full_request

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2,3}\.H\d{2}-\d{6}-\d{4}$")


@pytest.fixture
def seeded():
    before = Dossier.objects.count()
    result = seed.seed(300, years=1)
    assert result["dossiers"] == 300 and Dossier.objects.count() == before + 300
    return seed.generated()


def test_generated_dossiers_carry_real_codes_within_office_hours(seeded):
    now = timezone.now()
    rows = list(seeded.values_list("code", "received_at"))
    assert len(rows) == 300 and seed.generated_count() == 300
    assert all(CODE.match(code) for code, _ in rows), rows[:3]
    assert len({code for code, _ in rows}) == 300
    for code, received in rows:
        local = timezone.localtime(received)
        assert f"-{local:%y%m%d}-" in code  # the code's day is the local day of receipt
        assert received <= now and 7 <= local.hour <= 16, (code, local)


def test_a_dossier_received_afterwards_never_takes_a_generated_code(seeded, persona):
    from danvan.units.models import Unit

    today = timezone.localdate()
    unit_id = (
        seeded.filter(received_at__date__gte=today - timezone.timedelta(days=60))
        .values_list("unit_id", flat=True)
        .first()
    )
    unit = Unit.objects.get(pk=unit_id)
    generated = set(seeded.values_list("code", flat=True))
    for _ in range(3):
        dossier = intake.register(
            full_request(NORMAL), unit=unit, by=persona("admin"), received=True
        )
        assert dossier.code not in generated


def test_the_portal_holds_the_generated_dossiers_marked_synced(seeded):
    synced = seeded.filter(synced=True)
    assert 0 < synced.count() < 300
    assert PortalSync.objects.filter(dossier__in=synced).count() == synced.count()
    assert set(portal.unsynced(seeded).values_list("pk", flat=True)) == set(
        seeded.filter(synced=False).values_list("pk", flat=True)
    )


def test_a_second_run_adds_to_the_first(seeded):
    seed.seed(50, years=1, seed_value=1)
    assert seed.generated_count() == 350 and seed.generated().count() == 350
    codes = list(seed.generated().values_list("code", flat=True))
    assert len(set(codes)) == 350


def test_generated_applicants_are_men_or_women_as_their_names_and_national_ids_say(seeded):
    from danvan.core.identifiers import identity_mismatch, national_id_problem

    rows = list(
        Dossier.objects.filter(pk__in=seeded).values_list("applicant_name", "sex", "national_id")
    )
    women = set(seed.NAMES["Nữ"][1])
    for name, sex, national_id in rows:
        assert national_id_problem(national_id) is None, national_id
        assert identity_mismatch(national_id, sex=sex) == {}, (name, sex, national_id)
        assert (name.split()[-1] in women) == (sex == "Nữ"), name
        assert (" Thị " in f" {name} ") <= (sex == "Nữ"), name
    assert {sex for _, sex, _ in rows} == {"Nam", "Nữ"}
