"""Evidence files are checked by content; commendations are recorded and counted."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core.indicators import evaluate
from danvan.movement.models import Evidence
from danvan.units.services import current_unit
from tests.movement.helpers import register

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_checked_by_content_and_commendation(client_as, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = register(persona("mobilizer.hoankiem"), current_unit("00070"), "Mô hình có minh chứng")
    client = client_as("mobilizer.hoankiem")
    url = f"/dan-van-kheo/mo-hinh/{p.pk}/"
    fake = SimpleUploadedFile("anh.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = client.post(url + "minh-chung/", {"title": "Ảnh hoạt động", "file": fake}, follow=True)
    assert "không phải PDF, JPEG hoặc PNG" in r.content.decode()
    assert not Evidence.objects.filter(practice=p).exists()
    good = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    client.post(url + "minh-chung/", {"title": "Biên bản ra mắt", "file": good})
    item = Evidence.objects.get(practice=p)
    assert item.content_type == "application/pdf" and item.size == len(PDF)
    assert client.get(url + f"minh-chung/{item.pk}/").content == PDF
    other = client_as("mobilizer.hanoi")  # the city sees the ward's evidence too
    assert other.get(url + f"minh-chung/{item.pk}/").status_code == 200

    r = client.post(url + "khen-thuong/", {"kind": "giay_khen", "given_by": "", "given_on": "2099-01-01"},
                    follow=True)  # fmt: skip
    page = r.content.decode()
    assert "Ngày khen không được sau hôm nay." in page and "Không được để trống." in page
    before = evaluate("movement.commendations", unit=current_unit("00070"),
                      start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)).value  # fmt: skip
    client.post(url + "khen-thuong/", {"kind": "giay_khen", "given_by": "UBND phường Hoàn Kiếm",
                                       "given_on": "05/03/2026"})  # fmt: skip
    after = evaluate("movement.commendations", unit=current_unit("00070"),
                     start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)).value  # fmt: skip
    assert after == before + 1


def test_group_creates_missing_village_and_counts_by_old_district(client_as):
    from danvan.movement.models import SelfManagedGroup

    client = client_as("mobilizer.hoankiem")
    bad = client.post("/dan-van-kheo/to-tu-quan/them/", {"households": "0", "head_phone": "12"})
    page = bad.content.decode()
    for message in ("Ít nhất 1 hộ.", "Số điện thoại không hợp lệ.", "Chọn ít nhất một nội dung."):
        assert message in page
    hk = current_unit("00070")
    data = {"commune": hk.pk, "village": "Tổ dân phố số 21", "name": "Ngõ tự quản Hàng Bạc",
            "head_name": "Nguyễn Văn An", "head_phone": "0912 345 678", "households": "18",
            "tasks": ["security", "fire"], "established_on": "01/03/2026"}  # fmt: skip
    client.post("/dan-van-kheo/to-tu-quan/them/", data)
    group = SelfManagedGroup.objects.get(name="Ngõ tự quản Hàng Bạc")
    assert group.unit.parent == hk and group.unit.name == "Tổ dân phố số 21"
    assert group.head_phone == "0912345678"
    client.post("/dan-van-kheo/to-tu-quan/them/", {**data, "name": "Ngõ tự quản 2",
                                                   "village": "tổ dân phố số 21"})  # fmt: skip
    assert SelfManagedGroup.objects.get(name="Ngõ tự quản 2").unit == group.unit
    page = client.get("/dan-van-kheo/to-tu-quan/").content.decode()
    assert "Quận Hoàn Kiếm" in page
