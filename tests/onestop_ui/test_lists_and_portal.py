import datetime as dt

from django.test import Client
from django.utils import timezone

from danvan.accounts.models import User
from danvan.onestop import ratings
from danvan.onestop.models import Dossier, Rating
from danvan.onestop.workflow import Status
from danvan.procedures.models import Procedure
from tests.onestop_ui.helpers import COMMON, NO_WAIT, files_for, intake_post, make_dossier


def test_my_dossiers_overdue_first_then_due(client_as, persona):
    me = persona("specialist.hoankiem")
    made = [make_dossier("00070", COMMON, by=persona("clerk.hoankiem")) for _ in range(3)]
    now = timezone.now()
    dues = [now + dt.timedelta(days=3), now - dt.timedelta(hours=2), now + dt.timedelta(days=1)]
    for d, due in zip(made, dues, strict=True):
        Dossier.objects.filter(pk=d.pk).update(handler=me, due_at=due)
    html = client_as("specialist.hoankiem").get("/mot-cua/cua-toi/").content.decode()
    positions = [html.index(d.code) for d in (made[1], made[2], made[0])]
    assert positions == sorted(positions)
    assert "Quá hạn" in html


def _returned(persona, phone="0912345678"):
    d = make_dossier("00070", NO_WAIT, by=persona("clerk.hoankiem"), phone=phone)
    from danvan.onestop.services import Command, transition

    return transition(
        d.pk,
        Command(
            action="complete_on_spot",
            expected_version=d.version,
            pin="123456",
            payment_method="cash",
        ),
        by=persona("clerk.hoankiem"),
    )


def test_lookup_right_and_wrong_phone(client, persona):
    d = _returned(persona)
    ok = client.get("/tra-cuu/", {"ma": d.code, "so": "5678"}).content.decode()
    assert "Đã trả kết quả" in ok and d.applicant_name not in ok and d.national_id not in ok
    wrong = client.get("/tra-cuu/", {"ma": d.code, "so": "0000"}).content.decode()
    missing = client.get("/tra-cuu/", {"ma": "KHONG-CO", "so": "5678"}).content.decode()
    message = "Không tìm thấy hồ sơ với mã và 4 số cuối điện thoại đã nhập."
    assert message in wrong and message in missing
    prefill = client.get("/tra-cuu/", {"ma": d.code}).content.decode()
    assert f'value="{d.code}"' in prefill


def test_lookup_rate_limited(client, settings, db):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 2
    statuses = [client.get("/tra-cuu/", {"ma": "X", "so": "1234"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_rating_once_only_and_dislike_flag(client, persona):
    d = _returned(persona)
    first = client.post(
        f"/danh-gia/{d.code}/", {"score": "unsatisfied", "comment": "Chờ lâu", "phone4": "5678"}
    )
    assert first.status_code == 200 and "Cảm ơn" in first.content.decode()
    d.refresh_from_db()
    assert d.has_dislike and d.rating.score == Rating.Score.UNSATISFIED
    again = client.post(f"/danh-gia/{d.code}/", {"score": "satisfied", "phone4": "5678"})
    assert again.status_code == 422 and "đã được đánh giá" in again.content.decode()
    assert ratings.rating_counts(units=[d.unit])["unsatisfied"] >= 1


def test_rating_needs_returned_and_phone(client, persona):
    open_one = make_dossier("00070", COMMON, by=persona("clerk.hoankiem"))
    assert (
        client.post(
            f"/danh-gia/{open_one.code}/", {"score": "satisfied", "phone4": "5678"}
        ).status_code
        == 422
    )
    d = _returned(persona)
    assert (
        client.post(f"/danh-gia/{d.code}/", {"score": "satisfied", "phone4": "9999"}).status_code
        == 422
    )
    assert not Rating.objects.filter(dossier=d).exists()


def test_online_filing_prefill_and_submit(client, persona):
    make_dossier(
        "00070",
        COMMON,
        by=persona("clerk.hoankiem"),
        national_id="001077000222",
        name="Đỗ Minh Khôi",
        phone="0903111222",
    )
    # Only the signed-in citizen is prefilled, from her own dossiers (issue 9: an ID and a phone
    # number typed by anyone revealed a person's name and address).
    citizen = User.objects.create_user("khoi.online", password="x" * 12, national_id="001077000222")
    signed_in = Client()
    signed_in.force_login(citizen)
    known = signed_in.get(
        "/nop-truc-tuyen/thong-tin/", {"national_id": "001077000222", "phone": "0903111222"}
    )
    assert 'data-name="Đỗ Minh Khôi"' in known.content.decode()
    wrong = client.get(
        "/nop-truc-tuyen/thong-tin/", {"national_id": "001077000222", "phone": "0903110000"}
    )
    assert "Đỗ Minh Khôi" not in wrong.content.decode()
    procedure = Procedure.objects.get(code=COMMON)
    data = {
        **intake_post(COMMON, national_id="001077000222", name="Đỗ Minh Khôi", phone="0903111222"),
        "unit": "00070",
        **files_for(procedure),
    }
    response = client.post("/nop-truc-tuyen/", data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    code = response["Location"].split("/da-nop/")[1].split("/")[0]
    d = Dossier.objects.get(code=code)
    assert d.status == Status.REGISTERED_ONLINE and d.channel == "online" and code in page


def test_online_filing_errors_all_at_once(client, db):
    response = client.post(
        "/nop-truc-tuyen/", {"procedure": COMMON, "national_id": "1", "phone": "0903111222"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Chưa chọn xã/phường" in html and "Còn thiếu:" in html and "12 chữ số" in html


def test_online_filing_keeps_uploaded_files_after_a_failed_submit(client, db):
    from danvan.core.models import StagedUpload

    procedure = Procedure.objects.get(code=COMMON)
    first = {
        **intake_post(COMMON, national_id="001077000333", name="Lê Văn Tâm", phone="0903111333"),
        **files_for(procedure),
    }  # no commune chosen: the form fails on that alone
    failed = client.post("/nop-truc-tuyen/", first)
    html = failed.content.decode()
    assert failed.status_code == 422 and "Chưa chọn xã/phường" in html
    comps = [c for c in procedure.components.all() if not c.shown_only]
    assert "Đã nhận tệp" in html and "Còn thiếu" not in html
    tokens = {c.pk: html.split(f'name="staged_{c.pk}" value="')[1].split('"')[0] for c in comps}
    assert StagedUpload.objects.count() == len(comps)
    second = {
        **intake_post(COMMON, national_id="001077000333", name="Lê Văn Tâm", phone="0903111333"),
        "unit": "00070",
        **{f"staged_{pk}": token for pk, token in tokens.items()},
    }
    response = client.post("/nop-truc-tuyen/", second)
    assert response.status_code == 302
    d = Dossier.objects.get(code=response["Location"].split("/da-nop/")[1].split("/")[0])
    assert all(c.has_file for c in d.components.filter(shown_only=False))


def test_staged_token_cannot_be_guessed_or_reused_after_expiry(client, db):
    import datetime as dt

    from django.utils import timezone

    from danvan.core.models import StagedUpload
    from danvan.core.uploads import check_upload, purge_staged, stage, unstage

    token = stage(check_upload("a.pdf", b"%PDF-1.4 x"))
    assert unstage(token).name == "a.pdf" and unstage("wrong") is None and unstage("") is None
    StagedUpload.objects.filter(token=token).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    assert unstage(token) is None
    assert purge_staged() == 1 and not StagedUpload.objects.exists()


def test_online_filing_acknowledgement_page_and_submission_note(client, db):
    """Issue 9 item 5: after filing, a note to print/save with code, expected return date and
    tracking link, also sent by e-mail and SMS; nobody else reads it without the phone digits."""
    from danvan.core.models import Notification

    procedure = Procedure.objects.get(code=COMMON)
    data = {
        **intake_post(COMMON, national_id="001077000888", name="Vũ Văn Tám", phone="0903111888"),
        "email": "tam@example.vn",
        "unit": "00070",
        **files_for(procedure),
    }
    response = client.post("/nop-truc-tuyen/", data)
    assert response.status_code == 302 and response["Location"].endswith("?so=1888")
    code = response["Location"].split("/da-nop/")[1].split("/")[0]
    d = Dossier.objects.get(code=code)
    page = client.get(response["Location"]).content.decode()
    assert "Giấy xác nhận nộp hồ sơ trực tuyến" in page and code in page
    assert f"/tra-cuu/?ma={code}&amp;so=1888" in page and "In hoặc lưu PDF" in page
    assert "Dự kiến hẹn trả kết quả" in page and "Phường Hoàn Kiếm" in page
    due = page.split('id="filed-due">')[1].split("<")[0].strip()
    assert len(due) == 16 and due[2] == ":"  # "HH:MM dd/mm/yyyy"
    notes = Notification.objects.filter(kind="onestop.submitted", object_id=str(d.pk))
    assert sorted(notes.values_list("channel", flat=True)) == ["email", "sms"]
    assert all(code in n.body and "Dự kiến hẹn trả" in n.body for n in notes)
    assert "Vũ Văn Tám" not in page  # the note carries no personal data
    wrong = client.get(f"/nop-truc-tuyen/da-nop/{code}/?so=0000")
    assert wrong.status_code == 404 and "Không tìm thấy hồ sơ" in wrong.content.decode()
    assert "filed-due" not in wrong.content.decode()
    owner = User.objects.create_user("c.tam", password="x" * 12, national_id="001077000888")
    signed_in = Client()
    signed_in.force_login(owner)
    assert signed_in.get(f"/nop-truc-tuyen/da-nop/{code}/").status_code == 200


def test_lookup_accepts_the_short_code_staff_lists_show(client, persona):
    d = make_dossier("00070", COMMON, by=persona("clerk.hoankiem"), phone="0903444555")
    short = d.code[-11:]
    page = client.get("/tra-cuu/", {"ma": short, "so": "4555"}).content.decode()
    assert 'id="lookup-result"' in page and d.code in page
    wrong = client.get("/tra-cuu/", {"ma": short, "so": "0000"}).content.decode()
    assert 'id="lookup-result"' not in wrong and "Không tìm thấy hồ sơ" in wrong


def test_a_refused_file_is_explained_beside_its_own_field_and_the_others_are_kept(client_as, db):
    """One hostile file among a dossier's: the counter says why beside that file (not only "no
    file"), and keeps the files that passed for the next submit."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.ops.hostile import pdf_html_polyglot

    procedure = Procedure.objects.get(code=COMMON)
    files = files_for(procedure)
    bad_key = sorted(files)[0]
    files[bad_key] = SimpleUploadedFile("lai.pdf", pdf_html_polyglot(), "application/pdf")
    response = client_as("clerk.hoankiem").post("/mot-cua/quay/", {**intake_post(COMMON), **files})
    html = response.content.decode()
    bad = bad_key.removeprefix("file_")
    assert f'id="err-file_{bad}">Tệp lai.pdf: Tệp chứa mã trang web' in html
    kept = [k.removeprefix("file_") for k in files if k != bad_key]
    assert kept and all(f'id="kept_{pk}"' in html for pk in kept)
    assert f'id="kept_{bad}"' not in html
