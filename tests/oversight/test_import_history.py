"""The oversight importer files supervisions, criticism sessions and dialogues at a pre-2025
district (by its code or its name) for records dated before 1 July 2025, as the city's
six-month reviews of those years count them (dialogues 2 city / 35 district / 525 commune), and
refuses a district for a later date with the row and the column."""

import datetime as dt

import pytest

from danvan.core.indicators import evaluate
from danvan.oversight import importer
from danvan.oversight.models import CriticismSession, Dialogue, Supervision
from danvan.units.models import Unit, UnitKind
from danvan.units.services import current_unit

pytestmark = pytest.mark.django_db
H1_2024 = (dt.date(2024, 1, 1), dt.date(2024, 6, 30))


def _districts():
    old = Unit.objects.filter(kind=UnitKind.DISTRICT, valid_to__isnull=False)
    return old.get(name="Huyện Ba Vì"), old.get(name="Quận Hoàn Kiếm")


def _dialogue(where, title, day):
    return [where, title, "Chủ tịch UBND huyện", day, "Hội trường", "", 120, ""]


def _supervision(where, title, day):
    return [where, "Ủy ban MTTQ", "Tổ chức đoàn giám sát", "Cơ quan, tổ chức", "UBND huyện",
            title, day, day, day, "", ""]  # fmt: skip


def _criticism(where, title, day):
    return [where, title, "Văn phòng HĐND và UBND huyện", "Hội nghị phản biện xã hội", day, ""]


def _per_level(city, code):
    return evaluate(code, unit=city, start=H1_2024[0], end=H1_2024[1]).value


def test_district_records_before_the_reform(persona):
    ba_vi, hoan_kiem = _districts()
    city = current_unit("01")
    before = {
        c: _per_level(city, c) for c in ("oversight.dialogues_district", "oversight.dialogues")
    }
    data = importer.workbook({
        "oversight.dialogues": [
            _dialogue("Huyện Ba Vì", "Đối thoại cấp huyện quý I/2024", "15/03/2024"),
            _dialogue(hoan_kiem.code, "Đối thoại của quận Hoàn Kiếm 2024", "20/04/2024"),
            _dialogue(int(hoan_kiem.code), "Đối thoại quận, mã ghi như số", "21/04/2024"),
        ],
        "oversight.supervisions": [_supervision("Huyện Ba Vì", "Giám sát cấp huyện 2024", "10/05/2024")],
        "oversight.criticisms": [_criticism("Quận Hoàn Kiếm", "Dự thảo đề án của quận 2024", "12/06/2024")],
    })  # fmt: skip
    done = importer.import_year(data, "mttq-2024.xlsx", unit=city, by=persona("front.hanoi"))
    assert [(r.errors, r.written) for r in done.values()] == [([], 1), ([], 1), ([], 3)]
    dialogues = Dialogue.objects.filter(title__in=["Đối thoại cấp huyện quý I/2024",
                                                   "Đối thoại của quận Hoàn Kiếm 2024",
                                                   "Đối thoại quận, mã ghi như số"])  # fmt: skip
    assert {(d.unit_id, d.level) for d in dialogues} == {(ba_vi.pk, "district"),
                                                       (hoan_kiem.pk, "district")}  # fmt: skip
    sup = Supervision.objects.get(title="Giám sát cấp huyện 2024")
    assert (sup.unit_id, sup.level) == (ba_vi.pk, "district")
    crit = CriticismSession.objects.get(draft_title="Dự thảo đề án của quận 2024")
    assert (crit.unit_id, crit.level) == (hoan_kiem.pk, "district")
    assert (
        _per_level(city, "oversight.dialogues_district")
        == before["oversight.dialogues_district"] + 3
    )
    assert _per_level(city, "oversight.dialogues") == before["oversight.dialogues"] + 3
    assert evaluate("oversight.dialogues", unit=ba_vi, start=H1_2024[0], end=H1_2024[1]).value >= 1


def test_a_district_after_the_reform_is_refused_by_row_and_column(persona):
    city = current_unit("01")
    data = importer.workbook({
        "oversight.dialogues": [
            _dialogue("Huyện Ba Vì", "Đối thoại trước cải cách", "15/03/2025"),
            _dialogue("Huyện Ba Vì", "Đối thoại sau cải cách", "01/07/2025"),
        ],
        "oversight.supervisions": [_supervision("Huyện Ba Vì", "Giám sát huyện năm 2025", "05/08/2025")],
    })  # fmt: skip
    done = importer.import_year(data, "mttq-2025.xlsx", unit=city, by=persona("front.hanoi"))
    errors = [(e.row, e.column, e.message) for r in done.values() for e in r.errors]
    assert len(errors) == 2, errors
    dialogue_error = next(e for e in done["oversight.dialogues"].errors)
    assert dialogue_error.row == 3 and dialogue_error.column == "Đơn vị"
    assert "01/7/2025" in dialogue_error.message and "01/07/2025" in dialogue_error.message
    assert "Ngày tổ chức" in dialogue_error.message
    sup_error = done["oversight.supervisions"].errors[0]
    assert sup_error.column == "Đơn vị" and "Ngày tiến hành" in sup_error.message
    assert not Dialogue.objects.filter(title="Đối thoại trước cải cách").exists()  # all or nothing


def test_a_commune_officer_cannot_file_at_a_district(commune, officer):
    data = importer.workbook({
        "oversight.dialogues": [_dialogue("Huyện Ba Vì", "Đối thoại ngoài phạm vi", "15/03/2024")],
    })  # fmt: skip
    done = importer.import_year(data, "xa-2024.xlsx", unit=commune, by=officer)
    error = done["oversight.dialogues"].errors[0]
    assert error.column == "Đơn vị" and "không thuộc" in error.message
    assert not Dialogue.objects.filter(title="Đối thoại ngoài phạm vi").exists()


def test_current_units_still_win(commune, officer):
    """A ward's code written as a number (70 for 00070) and today's ward names keep resolving to
    today's units; an old commune still leads to the commune that replaced it."""
    data = importer.workbook({
        "oversight.dialogues": [_dialogue(commune.name, "Đối thoại phường năm 2026", "15/03/2026")],
    })  # fmt: skip
    done = importer.import_year(data, "xa-2026.xlsx", unit=commune, by=officer)
    assert done["oversight.dialogues"].errors == []
    assert Dialogue.objects.get(title="Đối thoại phường năm 2026").level == "commune"
