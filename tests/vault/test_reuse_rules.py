"""What is offered and what may be attached: valid documents of the same citizen only."""

import pytest

from danvan.core.errors import Forbidden, Invalid
from danvan.onestop import intake
from danvan.onestop.models import Channel
from danvan.vault import services
from danvan.vault.models import AccessLog, Reuse
from tests.vault.conftest import (
    CITIZEN_A,
    CITIZEN_B,
    applicant,
    component,
    days_ago,
    stored,
    upload,
)


def _request(proc, national_id, doc_ids: dict, channel=Channel.IN_PERSON):
    comps = [
        intake.ComponentInput(c.pk, upload()) for c in proc.components.all() if not c.vault_types
    ]
    comps += [
        intake.ComponentInput(component(proc, t).pk, vault_document_id=d)
        for t, d in doc_ids.items()
    ]
    return intake.IntakeRequest(
        procedure=proc, applicant=applicant(national_id), components=comps, channel=channel
    )


def test_expired_and_revoked_documents_are_never_offered(proc_y, persona):
    stored(CITIZEN_A, "marriage_status", issued=days_ago(250))  # valid 6 months: expired
    revoked = stored(CITIZEN_A, "id_card")
    services.revoke(revoked, by=persona("clerk.hoankiem"), reason="Công an báo mất")
    assert services.find_reusable(proc_y, CITIZEN_A) == {}
    fresh = stored(CITIZEN_A, "marriage_status", issued=days_ago(10))
    assert services.find_reusable(proc_y, CITIZEN_A) == {
        component(proc_y, "marriage_status").pk: [fresh]
    }


def test_expired_document_in_a_crafted_request_is_refused(proc_y, hoan_kiem, persona):
    old = stored(CITIZEN_A, "marriage_status", issued=days_ago(250))
    card = stored(CITIZEN_A, "id_card")
    with pytest.raises(Invalid) as exc:
        intake.register(
            _request(proc_y, CITIZEN_A, {"id_card": card.pk, "marriage_status": old.pk}),
            unit=hoan_kiem,
            by=persona("clerk.hoankiem"),
            received=True,
        )
    message = exc.value.fields[f"components.{component(proc_y, 'marriage_status').pk}"]
    assert "hết hiệu lực" in message
    assert not Reuse.objects.filter(document=old).exists()


def test_another_citizens_document_is_never_offered_nor_attachable(proc_y, hoan_kiem, persona):
    theirs = stored(CITIZEN_B, "id_card")
    mine = stored(CITIZEN_A, "marriage_status", issued=days_ago(3))
    assert component(proc_y, "id_card").pk not in services.find_reusable(proc_y, CITIZEN_A)
    with pytest.raises(Invalid) as exc:
        intake.register(
            _request(proc_y, CITIZEN_A, {"id_card": theirs.pk, "marriage_status": mine.pk}),
            unit=hoan_kiem,
            by=persona("clerk.hoankiem"),
            received=True,
        )
    assert exc.value.fields[f"components.{component(proc_y, 'id_card').pk}"] == (
        "Giấy tờ được chọn không có trong kho dữ liệu của người nộp hồ sơ."
    )
    assert not Reuse.objects.filter(dossier__national_id=CITIZEN_A).exists()


def test_a_document_of_the_wrong_type_is_refused(proc_y, hoan_kiem, persona):
    card = stored(CITIZEN_A, "id_card")
    with pytest.raises(Invalid) as exc:
        intake.register(
            _request(proc_y, CITIZEN_A, {"id_card": card.pk, "marriage_status": card.pk}),
            unit=hoan_kiem,
            by=persona("clerk.hoankiem"),
            received=True,
        )
    assert (
        "không thay thế được"
        in exc.value.fields[f"components.{component(proc_y, 'marriage_status').pk}"]
    )


def test_anonymous_online_form_cannot_fill_from_a_store(proc_y, hoan_kiem):
    card = stored(CITIZEN_A, "id_card")
    status = stored(CITIZEN_A, "marriage_status", issued=days_ago(3))
    req = _request(
        proc_y, CITIZEN_A, {"id_card": card.pk, "marriage_status": status.pk}, Channel.ONLINE
    )
    with pytest.raises(Forbidden):
        intake.register(req, unit=hoan_kiem, by=None, received=False)
    assert AccessLog.objects.filter(owner_id=CITIZEN_A, allowed=False, purpose="reuse").exists()


def test_signed_in_citizen_files_online_with_own_documents(proc_y, hoan_kiem, django_user_model):
    citizen = django_user_model.objects.create(username="an.citizen", national_id=CITIZEN_A)
    card = stored(CITIZEN_A, "id_card")
    status = stored(CITIZEN_A, "marriage_status", issued=days_ago(3))
    req = _request(
        proc_y, CITIZEN_A, {"id_card": card.pk, "marriage_status": status.pk}, Channel.ONLINE
    )
    dossier = intake.register(req, unit=hoan_kiem, by=citizen, received=False)
    assert Reuse.objects.filter(dossier=dossier).count() == 2
    other = django_user_model.objects.create(username="binh.citizen", national_id=CITIZEN_B)
    with pytest.raises(Forbidden):
        intake.register(req, unit=hoan_kiem, by=other, received=False)


def test_clerk_of_another_ward_cannot_fill_a_dossier_here(proc_y, hoan_kiem, persona):
    card = stored(CITIZEN_A, "id_card")
    status = stored(CITIZEN_A, "marriage_status", issued=days_ago(3))
    req = _request(proc_y, CITIZEN_A, {"id_card": card.pk, "marriage_status": status.pk})
    with pytest.raises(Forbidden):
        intake.register(req, unit=hoan_kiem, by=persona("clerk.bavi"), received=True)


def test_offers_at_the_counter_are_logged_and_limited_to_clerks_and_the_owner(
    proc_y, hoan_kiem, persona
):
    stored(CITIZEN_A, "id_card")
    assert (
        services.offers_for(persona("mobilizer.hoankiem"), proc_y, CITIZEN_A, unit=hoan_kiem) == {}
    )
    assert services.offers_for(persona("clerk.bavi"), proc_y, CITIZEN_A, unit=hoan_kiem) == {}
    offers = services.offers_for(persona("clerk.hoankiem"), proc_y, CITIZEN_A, unit=hoan_kiem)
    assert list(offers) == [component(proc_y, "id_card").pk]
    row = AccessLog.objects.get(owner_id=CITIZEN_A, purpose="offer")
    assert row.actor == persona("clerk.hoankiem") and row.allowed
