import re

from danvan.onestop.models import Dossier
from danvan.onestop.workflow import Status
from danvan.procedures.models import Procedure
from tests.onestop_ui.helpers import COMMON, NO_WAIT, files_for, intake_post, make_dossier


def test_counter_page_lists_procedures_with_no_wait_marked(client_as):
    response = client_as("clerk.hoankiem").get("/mot-cua/quay/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quét mã QR CCCD" in html and "[Không chờ]" in html and "Hồ sơ tiếp nhận hôm nay" in html


def test_components_swap(client_as):
    response = client_as("clerk.hoankiem").get("/mot-cua/quay/thanh-phan/", {"procedure": COMMON})
    assert "Thành phần hồ sơ" in response.content.decode()
    assert 'type="file"' in response.content.decode()


def test_counter_intake_happy_path(client_as):
    client = client_as("clerk.hoankiem")
    procedure = Procedure.objects.get(code=COMMON)
    response = client.post("/mot-cua/quay/", {**intake_post(COMMON), **files_for(procedure)})
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get(code=response["Location"].rstrip("/").split("/")[-1])
    assert dossier.status == Status.RECEIVED and dossier.unit.code == "00070"
    page = client.get(response["Location"]).content.decode()
    assert "slips/01.pdf" in page and "Giải quyết và trả ngay" not in page
    queue = client.get("/mot-cua/quay/").content.decode()
    assert dossier.code in queue and re.search(r"badge (ontime|early|soon)", queue)


def test_missing_component_shows_all_errors_and_keeps_values(client_as):
    client = client_as("clerk.hoankiem")
    procedure = Procedure.objects.get(code=COMMON)
    first = next(c for c in procedure.components.all() if c.required and not c.shown_only)
    data = {
        **intake_post(COMMON, national_id="12345", name=""),
        **files_for(procedure, skip=first.pk),
    }
    before = Dossier.objects.count()
    response = client.post("/mot-cua/quay/", data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in html
    assert "Chưa nhập họ tên người nộp." in html
    assert "Còn thiếu:" in html
    assert 'value="0912345678"' in html and "12 Hàng Bạc, Hoàn Kiếm" in html
    assert f'<option value="{COMMON}" selected' in html
    assert Dossier.objects.count() == before


def test_no_wait_intake_then_complete_on_spot(client_as):
    client = client_as("clerk.hoankiem")
    procedure = Procedure.objects.get(code=NO_WAIT)
    response = client.post("/mot-cua/quay/", {**intake_post(NO_WAIT), **files_for(procedure)})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Giải quyết và trả ngay" in page
    dossier = Dossier.objects.get(code=response["Location"].rstrip("/").split("/")[-1])
    done = client.post(
        f"/mot-cua/ho-so/{dossier.code}/thao-tac/",
        {
            "action": "complete_on_spot",
            "expected_version": dossier.version,
            "pin": "123456",
            "payment_method": "cash",
        },
    )
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.returned_at is not None
    event = dossier.events.get(action="complete_on_spot")
    # minutes from receipt to return, as the dossier's own timestamps give them
    minutes = round((dossier.returned_at - dossier.received_at).total_seconds() / 60)
    assert event.data["minutes"] == minutes
    assert f"{minutes} phút từ khi tiếp nhận" in client.get(response["Location"]).content.decode()


def test_stale_version_says_someone_else_updated(client_as, persona):
    dossier = make_dossier("00070", NO_WAIT, by=persona("clerk.hoankiem"))
    response = client_as("clerk.hoankiem").post(
        f"/mot-cua/ho-so/{dossier.code}/thao-tac/",
        {"action": "complete_on_spot", "expected_version": 1},
    )
    assert response.status_code == 409
    assert "Hồ sơ đã được người khác cập nhật" in response.content.decode()


def test_reason_required_keeps_typed_text(client_as, persona):
    dossier = make_dossier("00070", COMMON, by=persona("clerk.hoankiem"))
    response = client_as("clerk.hoankiem").post(
        f"/mot-cua/ho-so/{dossier.code}/thao-tac/",
        {
            "action": "stop",
            "expected_version": dossier.version,
            "reason": "x",
            "what_to_do": "Mang giấy",
        },
    )
    assert response.status_code == 422
    assert "Cần ghi rõ lý do" in response.content.decode()


def test_other_unit_dossier_is_404(client_as, persona):
    dossier = make_dossier("09700", COMMON, by=persona("clerk.bavi"))
    assert client_as("clerk.hoankiem").get(f"/mot-cua/ho-so/{dossier.code}/").status_code == 404
    assert client_as("clerk.bavi").get(f"/mot-cua/ho-so/{dossier.code}/").status_code == 200


def test_national_id_masked_for_leader(client_as, persona):
    dossier = make_dossier("00070", COMMON, by=persona("clerk.hoankiem"))
    assert (
        dossier.national_id
        in client_as("clerk.hoankiem").get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    )
    leader = client_as("leader.hoankiem").get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    assert dossier.national_id not in leader


def test_applicant_lookup_returns_last_known(client_as, persona):
    make_dossier(
        "00070",
        COMMON,
        by=persona("clerk.hoankiem"),
        national_id="001088000111",
        name="Lê Văn Bình",
    )
    html = client_as("clerk.hoankiem").get(
        "/mot-cua/quay/cong-dan/", {"national_id": "001088000111"}
    )
    assert 'data-name="Lê Văn Bình"' in html.content.decode()
    other = client_as("clerk.bavi").get("/mot-cua/quay/cong-dan/", {"national_id": "001088000111"})
    assert "Lê Văn Bình" not in other.content.decode()


def test_cccd_text_fills_empty_fields_server_side(client_as):
    procedure = Procedure.objects.get(code=COMMON)
    data = {
        "procedure": COMMON,
        "qr": "001190099999||Phạm Thị Thu Hà|01021990|Nữ|Phố Huế, Hà Nội|01012022",
        "phone": "0987000111",
        **files_for(procedure),
    }
    response = client_as("clerk.hoankiem").post("/mot-cua/quay/", data)
    assert response.status_code == 302
    assert Dossier.objects.get(national_id="001190099999").applicant_name == "Phạm Thị Thu Hà"


def test_counter_lists_online_filings_waiting_to_be_received(client_as, persona):
    from danvan.onestop.models import Dossier

    waiting = make_dossier("00070", COMMON, received=False, name="Phạm Thu Trang")
    Dossier.objects.filter(pk=waiting.pk).update(channel="online")
    other_unit = make_dossier("09700", COMMON, received=False, name="Người Ở Ba Vì")
    html = client_as("clerk.hoankiem").get("/mot-cua/quay/").content.decode()
    section = html.split('id="pending-title"')[1].split("</section>")[0]
    assert "Phạm Thu Trang" in section and waiting.code[-11:] in section
    assert "Người Ở Ba Vì" not in html and other_unit.code not in section
    page = client_as("clerk.hoankiem").get(f"/mot-cua/ho-so/{waiting.code}/").content.decode()
    assert "Tiếp nhận hồ sơ" in page and "Từ chối tiếp nhận" in page
    bavi = client_as("clerk.bavi").get("/mot-cua/quay/").content.decode()
    assert "Phạm Thu Trang" not in bavi and "Người Ở Ba Vì" in bavi
