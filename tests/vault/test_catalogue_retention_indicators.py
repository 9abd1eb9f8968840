"""Document-type catalogue import, retention, the result receiver, and the indicators feed."""

import datetime as dt

import pytest
from django.utils import timezone

from danvan.core.errors import Invalid
from danvan.core.indicators import Result, evaluate
from danvan.onestop import indicators, intake, signals
from danvan.onestop.models import Digitization, Dossier
from danvan.vault import catalogue, services
from danvan.vault.models import DocumentType, Reuse, VaultDocument
from tests.vault.conftest import CITIZEN_A, applicant, days_ago, stored, upload

pytestmark = pytest.mark.django_db

HEADER = "code,name,validity_months,retention_years,result_of,legal_basis\n"


def test_import_names_every_bad_row_and_imports_nothing():
    before = DocumentType.objects.count()
    with pytest.raises(Invalid) as exc:
        catalogue.import_types(
            HEADER + "x_new,Loại mới,abc,,,\n,Không mã,,,,\ny_new,Loại khác,,,,\n"
        )
    assert "Dòng 2, cột validity_months" in exc.value.message and "Dòng 3" in exc.value.message
    assert DocumentType.objects.count() == before


def test_import_creates_and_updates():
    result = catalogue.import_types(HEADER + "z_permit,Giấy phép thử,12,3,9.999;9.998,Luật\n")
    assert result["created"] == 1
    doc_type = DocumentType.objects.get(code="z_permit")
    assert doc_type.validity_months == 12 and doc_type.result_of == ["9.999", "9.998"]
    assert catalogue.type_for_result("9.998") == doc_type


def test_expiry_and_retention_from_the_type():
    marriage = DocumentType.objects.get(code="marriage_status")
    assert catalogue.expiry_for(marriage, dt.date(2026, 8, 31), None) == dt.date(2027, 2, 28)
    assert catalogue.retain_until(
        marriage, dt.date(2026, 8, 31), dt.date(2027, 2, 28), dt.date(2026, 9, 1)
    ) == dt.date(2032, 2, 28)
    permanent = DocumentType.objects.get(code="birth_certificate")
    assert catalogue.retain_until(permanent, dt.date(1990, 1, 1), None, dt.date(2026, 1, 1)) is None


def test_purge_past_retention_keeps_documents_a_dossier_reused(dossier_of_a):
    old = stored(CITIZEN_A, "id_card")
    kept = stored(CITIZEN_A, "id_card")
    row = dossier_of_a.components.first()
    Reuse.objects.create(dossier=dossier_of_a, component=row, document=kept)
    VaultDocument.objects.filter(pk__in=[old.pk, kept.pk]).update(retain_until=dt.date(2020, 1, 1))
    assert services.purge_past_retention() == 1
    assert list(VaultDocument.objects.filter(owner_id=CITIZEN_A)) == [kept]


def test_result_receiver_ignores_refusals_and_stores_once(dossier_of_a, persona):
    from django.core.files.base import ContentFile

    from tests.vault.conftest import PDF

    dossier_of_a.result_file.save("kq.pdf", ContentFile(PDF), save=False)
    dossier_of_a.outcome = "refused"
    kw = {
        "dossier": dossier_of_a,
        "by": persona("clerk.hoankiem"),
        "now": timezone.now(),
        "delivery": "paper",
    }
    signals.result_returned.send(sender=Dossier, **kw)
    assert not VaultDocument.objects.filter(source_dossier=dossier_of_a).exists()
    dossier_of_a.outcome = "granted"
    signals.result_returned.send(sender=Dossier, **kw)
    signals.result_returned.send(sender=Dossier, **kw)
    doc = VaultDocument.objects.get(source_dossier=dossier_of_a)
    assert (
        doc.doc_type.code == "previous_result"
        and not doc.signed
        and dossier_of_a.result_sent_to_store
    )


def test_indicator_counts_on_hand_counted_data(hoan_kiem, ba_vi, persona, proc_y):
    """D1 (Hoàn Kiếm): 3 uploads, e-result sent to the store. D2 (Hoàn Kiếm): 1 upload + 2 reused.
    D3 (Ba Vì): 3 uploads. D4 (Hoàn Kiếm) received the day after the period: not counted."""
    day = dt.date(2026, 10, 5)
    at = timezone.make_aware(dt.datetime(2026, 10, 5, 9, 0))
    comps = list(proc_y.components.all())

    def file(unit, clerk, components, when=at):
        req = intake.IntakeRequest(procedure=proc_y, applicant=applicant(), components=components)
        return intake.register(req, unit=unit, by=persona(clerk), received=True, now=when)

    uploads = [intake.ComponentInput(c.pk, upload()) for c in comps]
    d1 = file(hoan_kiem, "clerk.hoankiem", uploads)
    Dossier.objects.filter(pk=d1.pk).update(result_file="results/x.pdf", result_sent_to_store=True)
    card, status = (
        stored(CITIZEN_A, "id_card"),
        stored(CITIZEN_A, "marriage_status", issued=days_ago(1)),
    )
    d2 = file(
        hoan_kiem,
        "clerk.hoankiem",
        [
            intake.ComponentInput(comps[0].pk, upload()),
            intake.ComponentInput(comps[1].pk, vault_document_id=card.pk),
            intake.ComponentInput(comps[2].pk, vault_document_id=status.pk),
        ],
    )
    file(ba_vi, "clerk.bavi", uploads)
    file(hoan_kiem, "clerk.hoankiem", uploads, at + dt.timedelta(days=1))
    assert d2.components.filter(digitization=Digitization.REUSED_DOCUMENT).count() == 2

    counts = indicators.digitization_counts(day, day, hoan_kiem)
    total = counts["total"]
    assert (total["dossiers"], total["digitized_components"], total["reused_components"]) == (
        2,
        4,
        2,
    )
    assert (total["dossiers_with_reuse"], total["dossiers_from_store"], total["e_results"]) == (
        1,
        2,
        1,
    )
    assert total["digitized_results"] == 1 and total["dossiers_digitized"] == 2
    assert counts["units"][0]["per_dossier"] == sorted(
        [
            {"code": d1.code, "digitized": 3, "reused": 0},
            {"code": d2.code, "digitized": 1, "reused": 2},
        ],
        key=lambda r: r["code"],
    )
    city = indicators.digitization_counts(day, day)
    assert city["total"]["dossiers"] >= 3 and {u["unit"] for u in city["units"]} >= {
        "00070",
        "09700",
    }
    assert indicators.reuse_by_dossier(day, day, hoan_kiem) == {d2.code: 2}
    # The registry's figures are the feed's totals (D1, D2 received in Hoàn Kiếm that day).
    figures = {
        code: evaluate(f"onestop.{code}", unit=hoan_kiem, start=day, end=day)
        for code in ("dossiers_received", "components_digitized", "components_reused",
                     "dossiers_with_reuse", "dossiers_from_store", "e_results_to_store")
    }  # fmt: skip
    assert figures["dossiers_received"] == Result(2, None, 2)
    assert (figures["components_digitized"].value, figures["components_reused"].value) == (4, 2)
    assert figures["dossiers_with_reuse"] == Result(1, 2, 0.5)
    assert figures["dossiers_from_store"] == Result(2, 2, 1.0)
    assert figures["e_results_to_store"] == Result(1, 1, 1.0)
    city = evaluate("onestop.dossiers_received", unit=hoan_kiem.parent, start=day, end=day)
    # Hoàn Kiếm's two and Ba Vì's one roll up to Hà Nội.
    assert city.value >= 3
    assert (
        city.value
        == indicators.digitization_counts(day, day, hoan_kiem.parent)["total"]["dossiers"]
    )


def test_commands_import_types_and_purge(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "types.csv"
    path.write_text(HEADER + "w_card,Thẻ thử,,1,,\n", encoding="utf-8")
    out = StringIO()
    call_command("vault_types", str(path), stdout=out)
    assert DocumentType.objects.filter(code="w_card", retention_years=1).exists()
    doc = stored(CITIZEN_A, "w_card")
    VaultDocument.objects.filter(pk=doc.pk).update(retain_until=dt.date(2000, 1, 1))
    call_command("vault_retention", stdout=out)
    assert (
        "Đã xóa 1 giấy tờ" in out.getvalue()
        and not VaultDocument.objects.filter(pk=doc.pk).exists()
    )


def test_the_stores_own_indicators_count_over_the_subtree(hoan_kiem, ba_vi):
    """Two documents digitized in Hoàn Kiếm and a result stored in Ba Vì on 5 October 2026, one
    digitized in Hoàn Kiếm the next day."""
    day = dt.date(2026, 10, 5)
    at = timezone.make_aware(dt.datetime(2026, 10, 5, 9, 0))
    added = [
        (stored(CITIZEN_A), hoan_kiem, at),
        (stored(CITIZEN_A), hoan_kiem, at),
        (stored(CITIZEN_A, source="result"), ba_vi, at),
        (stored(CITIZEN_A), hoan_kiem, at + dt.timedelta(days=1)),
    ]
    for doc, unit, when in added:
        VaultDocument.objects.filter(pk=doc.pk).update(unit=unit, added_at=when)
    period = {"start": day, "end": day}
    assert evaluate("vault.documents_added", unit=hoan_kiem, **period).value == 2
    assert evaluate("vault.documents_digitized", unit=hoan_kiem, **period).value == 2
    assert evaluate("vault.results_stored", unit=ba_vi, **period).value == 1
    city = hoan_kiem.parent
    assert evaluate("vault.documents_added", unit=city, **period).value >= 3
    assert evaluate("vault.results_stored", unit=hoan_kiem, **period).value == 0
