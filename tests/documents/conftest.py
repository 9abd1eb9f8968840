import datetime as dt
import shutil
import subprocess

import pytest

from danvan.documents.forms_onestop import Component, DossierInfo, Person, Signer

TZ = dt.timezone(dt.timedelta(hours=7))
CODE = "000.00.15.H29-261126-0001"
URL = "https://dichvucong.badinh.hanoi.gov.vn/tra-cuu?ma=000.00.15.H29-261126-0001"


@pytest.fixture
def dossier() -> DossierInfo:
    return DossierInfo(
        code=CODE,
        receiving_unit="Bộ phận Một cửa phường Ba Đình",
        governing_body="Ủy ban nhân dân phường Ba Đình",
        place="Hà Nội",
        submitter=Person(
            "Nguyễn Thị Hằng",
            "001190012345",
            "Số 12 phố Đội Cấn, phường Ba Đình, thành phố Hà Nội",
            "0912345678",
            "hang.nt@example.vn",
        ),
        procedure="Đăng ký khai sinh",
        request_summary="Đăng ký khai sinh cho con là Trần Minh Khôi, sinh ngày 20/11/2026",
        received_at=dt.datetime(2026, 11, 26, 9, 15, tzinfo=TZ),
        appointment=dt.datetime(2026, 11, 27, 16, 0, tzinfo=TZ),
        channel="Trực tiếp tại Bộ phận Một cửa",
        owner="Nguyễn Thị Hằng",
        components=[
            Component("Tờ khai đăng ký khai sinh (theo mẫu)", originals=1),
            Component("Giấy chứng sinh", originals=1),
            Component("Giấy chứng nhận kết hôn của cha, mẹ", certified_copies=1, photocopies=1),
        ],
        statutory_time="01 ngày làm việc",
        result_at="Bộ phận Một cửa phường Ba Đình, số 25 phố Liễu Giai",
        lookup_url=URL,
        hotline="024 3834 5678",
        officer="Lê Văn Minh",
        register_book="01/2026",
        register_seq="1523",
    )


@pytest.fixture
def chairman() -> Signer:
    return Signer("Phạm Quốc Hùng", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])


def pdftotext(data: bytes, tmp_path, layout: bool = False) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode()


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
