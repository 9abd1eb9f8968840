import pytest

from danvan.audit.models import AuditEntry
from danvan.audit.registry import describe, is_registered
from danvan.core.errors import Invalid
from danvan.procedures.catalogue import (
    SHEET_COMPONENTS,
    SHEET_PROCEDURES,
    SHEET_STEPS,
    CatalogueInvalid,
    export_catalogue,
    import_catalogue,
)
from danvan.procedures.models import Procedure, ProcedureComponent, ProcedureStep
from tests.procedures.conftest import workbook_bytes


def snapshot() -> list:
    skip = {"id", "procedure_id", "updated_at"}
    rows = []
    for p in Procedure.objects.order_by("code"):
        rows.append(
            (
                {k: v for k, v in vars(p).items() if k not in skip and not k.startswith("_")},
                [{k: v for k, v in c.items() if k not in skip} for c in p.components.values()],
                [{k: v for k, v in s.items() if k not in skip} for s in p.steps.values()],
            )
        )
    return rows


def test_export_has_three_sheets_with_vietnamese_headers(exported_workbook):
    assert exported_workbook.sheetnames == [SHEET_PROCEDURES, SHEET_COMPONENTS, SHEET_STEPS]
    header = [c.value for c in exported_workbook[SHEET_PROCEDURES][1]]
    assert header[:3] == ["Mã thủ tục", "Tên thủ tục", "Lĩnh vực"]
    assert exported_workbook[SHEET_PROCEDURES].max_row == 22
    assert exported_workbook[SHEET_STEPS].max_row == 1 + 21 * 5


def test_round_trip_gives_the_same_catalogue(catalogue):
    before = snapshot()
    data = export_catalogue()
    from danvan.onestop.models import Dossier, Payment

    Payment.objects.all().delete()  # receipts protect their dossiers
    Dossier.objects.all().delete()  # demo dossiers refer to the catalogue
    ProcedureComponent.objects.all().delete()
    ProcedureStep.objects.all().delete()
    Procedure.objects.all().delete()
    result = import_catalogue(data)
    assert (result.created, result.updated) == (21, 0)
    assert snapshot() == before
    assert export_catalogue() and import_catalogue(export_catalogue()).updated == 21
    assert snapshot() == before


def test_import_is_audited(catalogue, persona):
    admin = persona("admin")
    import_catalogue(export_catalogue(), by=admin, filename="danh-muc.xlsx")
    entry = AuditEntry.objects.filter(action="procedures.catalogue.imported").latest("id")
    assert entry.actor == admin and entry.data["count"] == 21 and entry.data["updated"] == 21
    assert is_registered("procedures.catalogue.imported")
    assert describe(entry.action, entry.data).startswith("Nhập danh mục thủ tục hành chính")


def _break_three_rows(wb):
    procedures = wb[SHEET_PROCEDURES]
    procedures.append(["9.000001", "Thủ tục mới hợp lệ", "Hộ tịch"])  # valid: must not be created
    procedures.cell(row=2, column=2).value = "Tên đã sửa"  # valid edit: must not be saved
    procedures.cell(row=3, column=11).value = "ba nghìn"  # fee: not a number
    wb[SHEET_COMPONENTS].cell(row=4, column=4).value = "bản nháp"  # copy kind: unknown
    wb[SHEET_STEPS].cell(row=6, column=4).value = "bảo vệ"  # role: unknown
    return workbook_bytes(wb)


def test_import_with_three_bad_rows_saves_nothing_and_names_each(exported_workbook):
    before = snapshot()
    with pytest.raises(CatalogueInvalid) as info:
        import_catalogue(_break_three_rows(exported_workbook))
    errors = {(e.sheet, e.row, e.column) for e in info.value.errors}
    assert errors == {
        (SHEET_PROCEDURES, 3, "Phí, lệ phí (đồng)"),
        (SHEET_COMPONENTS, 4, "Loại bản"),
        (SHEET_STEPS, 6, "Vai trò thực hiện"),
    }
    assert all(e.message for e in info.value.errors)
    assert "không hợp lệ" in str(info.value.errors[1])
    assert not Procedure.objects.filter(code="9.000001").exists()
    assert snapshot() == before


def test_time_without_unit_and_child_of_unknown_code_are_refused(exported_workbook):
    wb = exported_workbook
    wb[SHEET_PROCEDURES].cell(row=2, column=6).value = None  # unit gone, value stays
    wb[SHEET_STEPS].append(["0.000000", 1, "Tiếp nhận", "counter_clerk", 1])
    with pytest.raises(CatalogueInvalid) as info:
        import_catalogue(workbook_bytes(wb))
    found = {(e.sheet, e.column) for e in info.value.errors}
    assert found == {(SHEET_PROCEDURES, "Đơn vị thời hạn"), (SHEET_STEPS, "Mã thủ tục")}


def test_a_missing_column_is_reported(exported_workbook):
    exported_workbook[SHEET_COMPONENTS].cell(row=1, column=5).value = "SL"
    with pytest.raises(CatalogueInvalid) as info:
        import_catalogue(workbook_bytes(exported_workbook))
    assert [(e.sheet, e.row, e.column) for e in info.value.errors] == [
        (SHEET_COMPONENTS, 1, "Số lượng")
    ]


def test_a_file_that_is_not_xlsx_is_refused(db):
    with pytest.raises(Invalid) as info:
        import_catalogue(b"not a workbook")
    assert info.value.code == "procedures.catalogue_unreadable"


def _procedure_of(wb, sheet: str, row: int) -> str:
    return wb[sheet].cell(row=row, column=1).value


def test_import_valid_rows_saves_the_other_procedures(exported_workbook):
    """The same three bad rows: their procedures stay as they were, every other one is saved."""
    wb = exported_workbook
    tainted = {
        _procedure_of(wb, SHEET_PROCEDURES, 3),
        _procedure_of(wb, SHEET_COMPONENTS, 4),
        _procedure_of(wb, SHEET_STEPS, 6),
    }
    assert tainted == {
        _procedure_of(wb, SHEET_PROCEDURES, 2),
        _procedure_of(wb, SHEET_PROCEDURES, 3),
    }
    wb[SHEET_PROCEDURES].cell(row=5, column=2).value = "Tên sửa ở dòng 5"  # valid: saved
    before = {p.code: p.name for p in Procedure.objects.filter(code__in=tainted)}
    report = import_catalogue(_break_three_rows(wb), mode="valid_rows")
    assert {(e.sheet, e.row, e.column) for e in report.errors} == {
        (SHEET_PROCEDURES, 3, "Phí, lệ phí (đồng)"),
        (SHEET_COMPONENTS, 4, "Loại bản"),
        (SHEET_STEPS, 6, "Vai trò thực hiện"),
    }
    assert Procedure.objects.filter(code="9.000001", name="Thủ tục mới hợp lệ").exists()
    assert {p.code: p.name for p in Procedure.objects.filter(code__in=tainted)} == before
    saved = 22 - len(tainted)  # 21 exported + 1 new, less those with a bad row
    assert (report.created, report.updated) == (1, saved - 1) and report.total == 22
    assert (
        Procedure.objects.get(code=_procedure_of(wb, SHEET_PROCEDURES, 5)).name
        == "Tên sửa ở dòng 5"
    )
    assert not Procedure.objects.filter(name="Tên đã sửa").exists()  # its component row is bad


def test_dry_run_saves_nothing_and_counts_what_would_be_saved(exported_workbook):
    before = snapshot()
    report = import_catalogue(_break_three_rows(exported_workbook), mode="valid_rows", dry_run=True)
    assert report.dry_run and len(report.errors) == 3 and report.written == 0
    assert snapshot() == before and not Procedure.objects.filter(code="9.000001").exists()
