from danvan.audit.models import AuditEntry
from danvan.procedures.catalogue import SHEET_PROCEDURES, export_catalogue
from danvan.procedures.models import Procedure
from tests.procedures.conftest import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(data: bytes, name: str = "danh-muc.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=XLSX)


def test_public_catalogue_renders_with_diacritics_and_badges(client, catalogue):
    response = client.get("/thu-tuc/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thủ tục hành chính cấp xã" in html
    assert "Thủ tục đăng ký khai sinh" in html
    assert "Không chờ" in html and "Toàn trình" in html
    assert "Chưa xác nhận" in html and "Phí: 2.000 đ" in html
    assert "Tìm thấy 21 thủ tục" in html


def test_public_catalogue_search_and_field_filter(client, catalogue):
    html = client.get("/thu-tuc/", {"q": "di chúc"}).content.decode()
    assert "Chứng thực di chúc" in html and "Tìm thấy 1 thủ tục" in html
    html = client.get("/thu-tuc/", {"field": "Bảo trợ xã hội", "no_wait": "1"}).content.decode()
    assert "Tìm thấy 0 thủ tục" in html


def test_detail_shows_unconfirmed_time_and_fee(client, catalogue):
    html = client.get("/thu-tuc/1.001776/").content.decode()
    assert "Thời hạn giải quyết" in html and "Chưa xác nhận" in html
    assert "Phí, lệ phí</dt><dd>Chưa xác nhận" in html
    assert "Thành phần hồ sơ" in html and "Mẫu số 1a" in html


def test_detail_shows_components_legal_basis_and_sources(client, catalogue):
    html = client.get("/thu-tuc/2.000815/").content.decode()
    assert "Chỉ xuất trình, không nộp" in html
    assert "NĐ 23/2015/NĐ-CP" in html and "Miễn" not in html
    assert 'href="https://github.com/tnt305/' in html
    assert "Hồ sơ nhận sau 15 giờ" in html


def test_unknown_procedure_page_is_404(client, catalogue):
    assert client.get("/thu-tuc/9.999999/").status_code == 404


def test_officials_page_lists_and_offers_export(client_as, catalogue):
    html = client_as("clerk.hoankiem").get("/thu-tuc/quan-ly/").content.decode()
    assert "Xuất tệp Excel (.xlsx)" in html and "1.001193" in html
    assert "Nhập danh mục" not in html  # import is for administrators only


def test_officials_page_refuses_other_roles(client_as, client, catalogue):
    assert client_as("seal.hoankiem").get("/thu-tuc/quan-ly/").status_code == 403
    assert client_as("reporter.hanoi").get("/thu-tuc/quan-ly/xuat.xlsx").status_code == 403
    assert client.get("/thu-tuc/quan-ly/").status_code == 302


def test_export_download(client_as, catalogue):
    response = client_as("leader.bavi").get("/thu-tuc/quan-ly/xuat.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response.content[:2] == b"PK"


def test_admin_imports_and_it_is_audited(client_as, catalogue):
    response = client_as("admin").post(
        "/thu-tuc/quan-ly/nhap/", {"file": _upload(export_catalogue())}
    )
    assert response.status_code == 302 and response["Location"] == "/thu-tuc/quan-ly/"
    assert AuditEntry.objects.filter(
        action="procedures.catalogue.imported", actor__username="admin"
    ).exists()


def test_import_errors_are_shown_per_row_and_nothing_saved(client_as, exported_workbook):
    exported_workbook[SHEET_PROCEDURES].cell(row=2, column=2).value = "Tên đã sửa"
    exported_workbook[SHEET_PROCEDURES].cell(row=5, column=7).value = "có lẽ"
    response = client_as("admin").post(
        "/thu-tuc/quan-ly/nhap/", {"file": _upload(workbook_bytes(exported_workbook))}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "chưa có thay đổi nào được lưu" in html
    assert "<td>Thủ tục</td><td>5</td><td>Áp dụng mốc 15 giờ</td>" in html
    assert not Procedure.objects.filter(name="Tên đã sửa").exists()


def test_import_refuses_non_xlsx_and_non_admins(client_as, catalogue):
    response = client_as("admin").post("/thu-tuc/quan-ly/nhap/", {"file": _upload(b"x", "a.csv")})
    assert "Chỉ nhận tệp .xlsx." in response.content.decode()
    clerk = client_as("clerk.hoankiem").post(
        "/thu-tuc/quan-ly/nhap/", {"file": _upload(export_catalogue())}
    )
    assert clerk.status_code == 403


def test_import_valid_rows_from_the_page_saves_the_others_and_lists_the_errors(
    client_as, exported_workbook
):
    exported_workbook[SHEET_PROCEDURES].cell(row=5, column=7).value = "có lẽ"
    exported_workbook[SHEET_PROCEDURES].cell(row=6, column=2).value = "Tên sửa ở dòng 6"
    response = client_as("admin").post(
        "/thu-tuc/quan-ly/nhap/",
        {"file": _upload(workbook_bytes(exported_workbook)), "valid_rows": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã nhập 20 thủ tục: 0 mới, 20 cập nhật." in html
    assert "1 thủ tục có dòng lỗi chưa được lưu" in html
    assert "<td>Thủ tục</td><td>5</td><td>Áp dụng mốc 15 giờ</td>" in html
    assert Procedure.objects.filter(name="Tên sửa ở dòng 6").exists()
