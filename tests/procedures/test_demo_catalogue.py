from decimal import Decimal

from danvan.procedures import demo
from danvan.procedures.models import CopyKind, Procedure, ProcedureComponent, ProcedureStep

NO_WAIT = {"1.001193", "1.000894", "1.000656", "2.000635", "2.000815", "2.000884", "2.000913"}


def test_demo_loads_the_21_commune_procedures(catalogue):
    assert Procedure.objects.count() == 21
    assert Procedure.objects.filter(field="Chứng thực").count() == 5
    assert Procedure.objects.get(code="1.001193").name == "Thủ tục đăng ký khai sinh"


def test_loading_again_changes_nothing(catalogue):
    before = list(ProcedureComponent.objects.order_by("id").values())
    steps = list(ProcedureStep.objects.order_by("id").values())
    result = demo.load()
    assert result == {"procedures": 21, "created": 0, "no_wait": 7}
    assert list(ProcedureComponent.objects.order_by("id").values()) == before
    assert list(ProcedureStep.objects.order_by("id").values()) == steps


def test_chung_thuc_no_wait_procedures_are_flagged(catalogue):
    for code in ("2.000815", "2.000884"):
        p = Procedure.objects.get(code=code)
        assert p.field == "Chứng thực"
        assert p.is_no_wait and p.has_no_appointment
        assert p.time_unit == "same_day" and p.time_value == 0
    assert not Procedure.objects.get(code="2.001035").is_no_wait
    assert set(Procedure.objects.filter(is_no_wait=True).values_list("code", flat=True)) == NO_WAIT


def test_empty_cells_stay_unconfirmed(catalogue):
    p = Procedure.objects.get(code="1.001776")
    assert p.time_value is None and p.time_unit == "" and p.fee_vnd is None
    assert p.statutory_time_text() == "Chưa xác nhận"
    assert Procedure.objects.get(code="2.000986").fee_vnd is None
    assert Procedure.objects.get(code="1.001193").fee_vnd == 0  # exempt: a real 0


def test_components_are_parsed_with_kind_quantity_and_shown_only(catalogue):
    marriage = list(Procedure.objects.get(code="1.000894").components.all())
    assert [c.position for c in marriage] == [1, 2]
    assert marriage[1].quantity == 2 and marriage[1].shown_only
    assert marriage[1].vault_types == ["id_card"]
    assert not marriage[0].shown_only and marriage[0].vault_types == []
    deal = list(Procedure.objects.get(code="2.001035").components.all())
    assert deal[2].copy_kind == CopyKind.CERTIFIED_COPY
    assert deal[2].vault_types == ["land_use_certificate"] and not deal[2].shown_only
    assert Procedure.objects.get(code="2.000913").components.count() == 0


def test_vault_types_by_keyword():
    assert demo.vault_types_for("Giấy báo tử hoặc giấy tờ thay Giấy báo tử") == [
        "death_certificate"
    ]
    assert demo.vault_types_for("Bản sao Giấy khai sinh của trẻ") == ["birth_certificate"]
    assert demo.vault_types_for("Giấy xác nhận tình trạng hôn nhân") == ["marriage_status"]
    assert demo.vault_types_for("Giấy tờ về cư trú/căn cước") == ["id_card", "residence"]
    assert demo.vault_types_for("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân") == []


def test_component_names_may_contain_semicolons():
    parsed = demo.parse_components(
        "A (xuất trình; từ 2026 thay bằng dữ liệu) [original] x1; B [copy] x3"
    )
    assert [(c.name, c.copy_kind, c.quantity, c.shown_only) for c in parsed] == [
        ("A (xuất trình; từ 2026 thay bằng dữ liệu)", "original", 1, True),
        ("B", "copy", 3, False),
    ]


def test_default_steps_split_the_statutory_time(catalogue):
    steps = list(Procedure.objects.get(code="1.004884").steps.all())  # 5 working days
    assert [s.role for s in steps] == [
        "counter_clerk",
        "specialist",
        "signer",
        "office_clerk",
        "counter_clerk",
    ]
    assert sum(s.budget_hours for s in steps) == Decimal(40)
    assert all(s.note == "" for s in steps)


def test_same_day_steps_fit_the_no_wait_target(catalogue):
    p = Procedure.objects.get(code="2.000815")
    minutes = sum(s.budget_hours for s in p.steps.all()) * 60
    assert 0 < minutes <= p.no_wait_target_minutes


def test_unconfirmed_time_gets_provisional_budgets_with_a_note(catalogue):
    steps = list(Procedure.objects.get(code="1.001731").steps.all())
    assert len(steps) == 5
    assert all(s.budget_hours == 8 for s in steps)
    assert all("chưa xác nhận" in s.note for s in steps)
