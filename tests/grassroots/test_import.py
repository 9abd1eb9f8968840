"""Petitions imported from a file: checked row by row, all or nothing, Vietnamese errors."""

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
    assert p.received_at.date().isoformat() == "2026-11-30"


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
