"""Petitions imported from a file: checked row by row, all or nothing, Vietnamese errors."""

from django.utils import timezone

from danvan.grassroots.importers import import_petitions, template
from danvan.grassroots.models import Petition

HEADER = (
    "Phường/xã tiếp nhận,Loại đơn,Lĩnh vực,Ngày tiếp nhận,Nội dung,Người gửi,Số người,Số vào sổ\n"
)


def csv(*rows) -> bytes:
    return (HEADER + "".join(rows)).encode("utf-8")


def test_a_clean_file_is_imported(officer):
    data = csv(
        "00070,Kiến nghị,Môi trường,01/12/2026,Rác tồn đọng đầu ngõ 12 Hàng Bông nhiều ngày,Lê Văn A,1,S-1\n",
        "Phường Hoàn Kiếm,khieu nai,land,30/11/2026,Khiếu nại việc kiểm đếm sai diện tích đất,Trần B,2,S-2\n",
    )
    report = import_petitions(data, "so-don.csv", by=officer)
    assert report.ok and report.created == 2, report.errors
    p = Petition.objects.get(source_ref="S-2")
    assert p.channel == "import" and p.kind == "complaint" and p.people_count == 2
    assert timezone.localtime(p.received_at).date().isoformat() == "2026-11-30"


def test_one_bad_row_and_nothing_is_imported(officer):
    data = csv(
        "00070,Kiến nghị,Môi trường,01/12/2026,Rác tồn đọng đầu ngõ 12 Hàng Bông nhiều ngày,Lê Văn A,1,S-3\n",
        "00070,Tin đồn,Môi trường,31/02/2026,,Lê Văn C,0,S-4\n",
    )
    report = import_petitions(data, "so-don.csv", by=officer)
    assert not report.ok and not Petition.objects.filter(source_ref__in=["S-3", "S-4"]).exists()
    columns = {e.column for e in report.errors if e.row == 3}
    assert {"Loại đơn", "Ngày tiếp nhận", "Nội dung", "Số người"} <= columns


def test_another_communes_rows_are_refused(officer):
    data = csv(
        "09700,Kiến nghị,Môi trường,01/12/2026,Nước thải trại lợn chảy ra mương,Lê Văn A,1,S-5\n"
    )
    report = import_petitions(data, "so-don.csv", by=officer)
    assert not report.ok and not Petition.objects.filter(source_ref="S-5").exists()


def test_the_template_and_the_page(client_as):
    assert template()[:2] == b"PK"
    c = client_as("petitions.hoankiem")
    assert c.get("/don-thu/nhap/mau.xlsx").status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    f = SimpleUploadedFile(
        "so.csv", csv("00070,Phản ánh,Khác,01/12/2026,Một phản ánh nhập từ sổ,Lê A,1,S-6\n")
    )
    r = c.post("/don-thu/nhap/", {"file": f, "thu": "1"})
    assert r.status_code == 200 and "import-report" in r.content.decode()
    assert not Petition.objects.filter(source_ref="S-6").exists()  # a dry run


ROWS = (
    "00070,Kiến nghị,Môi trường,01/12/2026,Rác tồn đọng đầu ngõ 12 Hàng Bông nhiều ngày,Lê Văn A,1,S-10\n",
    "00070,Phản ánh,Khác,02/12/2026,Đèn đường ngõ 5 Hàng Gai hỏng cả tháng nay,Trần Thị B,1,\n",
)


def test_the_same_file_twice_writes_nothing_new_and_names_each_duplicate(officer):
    first = import_petitions(csv(*ROWS), "so-don.csv", by=officer)
    assert first.ok and first.created == 2, first.errors
    before = Petition.objects.count()

    again = import_petitions(csv(*ROWS), "so-don.csv", by=officer)
    assert not again.ok and again.created == 0
    assert Petition.objects.count() == before
    by_row = {e.row: e for e in again.errors}
    assert sorted(by_row) == [2, 3]
    # with a registration number: reported on it; without one: on the content
    assert by_row[2].column == "Số vào sổ"
    assert "S-10" in by_row[2].message and "đã được nhập vào hệ thống" in by_row[2].message
    assert by_row[3].column == "Nội dung"
    assert "Trần Thị B" in by_row[3].message and "02/12/2026" in by_row[3].message
    assert str(by_row[2]).startswith("Dòng 2, cột Số vào sổ: Đơn số vào sổ “S-10” năm 2026")


def test_an_overlapping_file_writes_only_the_new_letters(officer):
    assert import_petitions(csv(*ROWS), "so-don.csv", by=officer).created == 2
    # the district's list of the same letters: retyped (case, spaces, a new category), plus one
    overlapping = csv(
        "00070,Phản ánh,Hạ tầng,01/12/2026,Rác tồn đọng đầu ngõ 12 Hàng Bông,Lê Văn A,1, s-10 \n",
        "00070,Phản ánh,Khác,02/12/2026,đèn đường  ngõ 5 Hàng Gai hỏng cả tháng nay,trần thị b,1,\n",
        "00070,Phản ánh,Khác,02/12/2026,Đèn đường ngõ 7 Hàng Gai hỏng cả tháng nay,Trần Thị B,1,\n",
    )
    report = import_petitions(overlapping, "huyen-chuyen.csv", by=officer, mode="valid_rows")
    assert report.created == 1 and report.error_rows == [2, 3]
    assert Petition.objects.filter(description__contains="ngõ 7 Hàng Gai").count() == 1
    assert Petition.objects.filter(description__contains="ngõ 5 Hàng Gai").count() == 1


def test_what_is_not_the_same_petition(officer):
    rows = (
        # the same number in another year's book
        "00070,Kiến nghị,Môi trường,05/01/2025,Rác tồn đọng đầu ngõ 12 Hàng Bông nhiều ngày,Lê Văn A,1,S-10\n",
        # the same words from another person, and on another day (no number)
        "00070,Phản ánh,Khác,02/12/2026,Đèn đường ngõ 5 Hàng Gai hỏng cả tháng nay,Lê Văn C,1,\n",
        "00070,Phản ánh,Khác,03/12/2026,Đèn đường ngõ 5 Hàng Gai hỏng cả tháng nay,Trần Thị B,1,\n",
    )
    assert import_petitions(csv(*ROWS), "so-don.csv", by=officer).created == 2
    report = import_petitions(csv(*rows), "so-khac.csv", by=officer)
    assert report.ok and report.created == 3, report.errors


def test_two_rows_of_one_file_for_the_same_letter(officer):
    report = import_petitions(csv(ROWS[1], ROWS[1]), "so-don.csv", by=officer)
    assert not report.ok and report.created == 0
    (error,) = report.errors
    assert error.row == 3 and error.column == "Nội dung" and "trùng với dòng 2" in error.message


def test_the_database_holds_the_key_when_the_check_misses_it(officer, monkeypatch):
    from danvan.grassroots import importers

    assert import_petitions(csv(ROWS[0]), "so-don.csv", by=officer).created == 1
    # as if the check against the database had missed the stored row: the constraint refuses it
    schema = importers.PETITIONS
    monkeypatch.setattr(
        schema,
        "unique",
        [
            type(u)(u.column, u.key, existing=lambda keys: set(), message=u.message)
            for u in schema.unique
        ],
    )
    report = import_petitions(csv(ROWS[0]), "so-don.csv", by=officer)
    assert not report.ok and report.created == 0
    assert "đã được nhập vào hệ thống" in report.errors[0].message
    assert Petition.objects.filter(source_ref="S-10").count() == 1
