"""Page forms for prestigious persons (masked personal data), mountain-commune models and figures,
key projects with their segments and site-clearance progress: Vietnamese messages, scope, audit."""

import pytest

from danvan.audit.models import AuditEntry
from danvan.movement.models import (
    CommuneFigure,
    EconomicModel,
    PersonSupport,
    PrestigiousPerson,
    Project,
    Segment,
)
from danvan.units.services import current_unit
from tests.movement.helpers import village

pytestmark = pytest.mark.django_db


def _errors(response, *messages):
    page = response.content.decode()
    assert response.status_code == 422, response.status_code
    for message in messages:
        assert message in page, message


def test_person_create_edit_support_scoped_and_audited(client_as):
    city = client_as("mobilizer.hanoi")
    hamlet = village("09700", "Thôn Thử Nghiệm")
    bad = city.post("/dan-van-kheo/nguoi-uy-tin/them/", {"unit": hamlet.pk, "birth_year": "1800",
                    "phone": "12ab", "year_approved": "2026", "role": "elder"})  # fmt: skip
    _errors(bad, "Không được để trống.", "Năm sinh không hợp lệ.", "Số điện thoại không hợp lệ.")
    data = {"unit": hamlet.pk, "full_name": "Hà Văn Thử", "birth_year": "1950",
            "phone": "0912 000 111", "ethnic_group": "Dao", "role": "elder",
            "year_approved": "2026", "approved_by": "UBND thành phố Hà Nội"}  # fmt: skip
    r = city.post("/dan-van-kheo/nguoi-uy-tin/them/", data)
    assert r.status_code == 302 and r["Location"] == "/dan-van-kheo/nguoi-uy-tin/"
    person = PrestigiousPerson.objects.get(full_name="Hà Văn Thử")
    assert person.unit == hamlet and person.phone == "0912000111"
    entry = AuditEntry.objects.filter(action="movement.person.created").latest("pk")
    assert "Hà Văn Thử" not in str(entry.data) and "0912000111" not in str(entry.data)

    edit = f"/dan-van-kheo/nguoi-uy-tin/{person.pk}/sua/"
    assert "Hà Văn Thử" in city.get(edit).content.decode()
    r = city.post(edit, {**data, "ethnic_group": "Mường"})
    person.refresh_from_db()
    assert r.status_code == 302 and person.ethnic_group == "Mường" and person.unit == hamlet
    assert AuditEntry.objects.filter(action="movement.person.updated", object_id=str(person.pk))

    support = f"/dan-van-kheo/nguoi-uy-tin/{person.pk}/ho-tro/"
    _errors(city.post(support, {"kind": "visit", "given_on": "2099-01-01"}),
            "Ngày hỗ trợ không được sau hôm nay.")  # fmt: skip
    city.post(support, {"kind": "gift", "given_on": "10/02/2026", "note": "Quà Tết"})
    assert PersonSupport.objects.filter(person=person, kind="gift").count() == 1

    ward = client_as("mobilizer.hoankiem")  # Ba Vì is outside Hoàn Kiếm
    assert ward.get(edit).status_code == 404 and ward.post(support, {}).status_code == 404
    r = ward.post("/dan-van-kheo/nguoi-uy-tin/them/", data)
    _errors(r, "Đơn vị không thuộc phạm vi của bạn.")


def test_person_names_masked_for_a_reader_without_the_purpose(client_as):
    page = client_as("reporter.hanoi").get("/dan-van-kheo/nguoi-uy-tin/").content.decode()
    assert "Dao" in page and "Triệu Văn Phúc" not in page and "0987654321" not in page
    assert "/sua/" not in page  # a reporter gets no edit links
    assert client_as("reporter.hanoi").get("/dan-van-kheo/nguoi-uy-tin/them/").status_code == 403
    page = client_as("mobilizer.hanoi").get("/dan-van-kheo/nguoi-uy-tin/").content.decode()
    assert "Triệu Văn Phúc" in page and "/ho-tro/" in page


def test_economic_model_and_commune_figures(client_as):
    city = client_as("mobilizer.hanoi")
    bavi = current_unit("09700")
    _errors(
        city.post(
            "/dan-van-kheo/mien-nui/mo-hinh/them/",
            {"unit": bavi.pk, "households": "0", "income_vnd": "-5", "year": "1990"},
        ),  # fmt: skip
        "Ít nhất 1 hộ.",
        "Không được âm.",
        "Năm không hợp lệ.",
        "Không được để trống.",
    )
    r = city.post("/dan-van-kheo/mien-nui/mo-hinh/them/", {"unit": bavi.pk,
                  "name": "Trồng chè Shan tuyết", "product": "Chè", "households": "25",
                  "income_vnd": "85000000", "year": "2025"})  # fmt: skip
    assert r.status_code == 302
    model = EconomicModel.objects.get(name="Trồng chè Shan tuyết")
    assert model.unit == bavi and model.income_vnd == 85_000_000
    assert AuditEntry.objects.filter(
        action="movement.economic_model.created", object_id=str(model.pk)
    )

    figure = {"unit": bavi.pk, "period_start": "01/01/2025", "period_end": "31/12/2024",
              "income_per_person_vnd": "64000000", "poor_household_rate": "120",
              "mountain": "on", "source": ""}  # fmt: skip
    _errors(city.post("/dan-van-kheo/mien-nui/so-lieu/them/", figure),
            "Ngày kết thúc kỳ phải sau ngày bắt đầu.", "Tỷ lệ không được quá 100%.",
            "Không được để trống.")  # fmt: skip
    city.post("/dan-van-kheo/mien-nui/so-lieu/them/", {**figure, "period_end": "31/12/2025",
              "poor_household_rate": "1,5".replace(",", "."),
              "source": "Báo cáo số 12/BC-UBND ngày 05/01/2026 của UBND xã Ba Vì"})  # fmt: skip
    saved = CommuneFigure.objects.get(unit=bavi, period_end="2025-12-31")
    assert saved.income_per_person_vnd == 64_000_000 and saved.source.startswith("Báo cáo số 12")
    page = city.get("/dan-van-kheo/mien-nui/").content.decode()
    assert "64.000.000" in page and "85.000.000" in page
    assert f"/dan-van-kheo/mien-nui/so-lieu/{saved.pk}/sua/" in page

    ward = client_as("mobilizer.hoankiem")
    assert ward.get(f"/dan-van-kheo/mien-nui/mo-hinh/{model.pk}/sua/").status_code == 404
    assert ward.get(f"/dan-van-kheo/mien-nui/so-lieu/{saved.pk}/sua/").status_code == 404


def test_project_segment_and_progress(client_as):
    ward = client_as("mobilizer.hoankiem")
    hk = current_unit("00070")
    r = ward.post("/dan-van-kheo/cong-trinh/them/", {"unit": hk.pk, "name": "Cải tạo phố Hàng Bài",
                  "started_on": "01/03/2026"})  # fmt: skip
    project = Project.objects.get(name="Cải tạo phố Hàng Bài")
    assert r["Location"] == f"/dan-van-kheo/cong-trinh/{project.pk}/"
    page = ward.get(r["Location"]).content.decode()
    assert "Thêm đoạn qua xã, phường" in page
    seg_url = f"/dan-van-kheo/cong-trinh/{project.pk}/doan/them/"
    base = {"unit": hk.pk, "households": "10", "households_agreed": "5",
            "households_handed_over": "6", "area_m2": "1000", "area_handed_m2": "1200",
            "open_disputes": "1", "as_of": "01/04/2026"}  # fmt: skip
    _errors(ward.post(seg_url, base), "Không được nhiều hơn số hộ đồng thuận.",
            "Không được lớn hơn tổng diện tích.")  # fmt: skip
    ward.post(seg_url, {**base, "households_handed_over": "4", "area_handed_m2": "400"})
    segment = Segment.objects.get(project=project)
    assert segment.snapshots.count() == 1

    progress = f"/dan-van-kheo/cong-trinh/doan/{segment.pk}/tien-do/"
    _errors(ward.post(progress, {"on": "01/03/2026", "households_agreed": "8",
            "households_handed_over": "7", "area_handed_m2": "700", "open_disputes": "0"}),
            "Ngày số liệu không được trước lần cập nhật gần nhất")  # fmt: skip
    _errors(ward.post(progress, {"on": "01/05/2026", "households_agreed": "11",
            "households_handed_over": "7", "area_handed_m2": "700", "open_disputes": "0"}),
            "Không được nhiều hơn số hộ bị ảnh hưởng.")  # fmt: skip
    ward.post(
        progress,
        {
            "on": "01/05/2026",
            "households_agreed": "8",
            "households_handed_over": "7",
            "area_handed_m2": "700",
            "open_disputes": "0",
        },
    )
    segment.refresh_from_db()
    assert (segment.households_handed_over, segment.area_percent) == (7, 70.0)
    assert [s.households_handed_over for s in segment.snapshots.all()] == [4, 7]
    assert AuditEntry.objects.filter(action="movement.segment.progress", object_id=str(segment.pk))

    ring4 = Segment.objects.filter(project__name__startswith="Đường Vành đai 4").first()
    assert ward.get(f"/dan-van-kheo/cong-trinh/doan/{ring4.pk}/tien-do/").status_code == 404
    city = client_as("mobilizer.hanoi")
    page = city.get(f"/dan-van-kheo/cong-trinh/{ring4.project_id}/").content.decode()
    assert f"/dan-van-kheo/cong-trinh/doan/{ring4.pk}/tien-do/" in page
