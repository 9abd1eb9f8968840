"""Public photos of the showcase (issue 10, item 3): an official chooses which photo evidence is
public (audited, scoped, default not public); the public image endpoint serves only public
photos of recognized, not dropped practices, re-encoded without EXIF/GPS and bounded in size."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from danvan.audit.models import AuditEntry
from danvan.movement import services
from danvan.movement.models import Evidence, Level, Practice, PracticeState
from danvan.units.services import current_unit
from tests.conftest import error_code
from tests.movement.helpers import register

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def phone_photo(width=2400, height=1800) -> bytes:
    """A JPEG with camera and GPS tags, as a phone writes them."""
    img = Image.new("RGB", (width, height), (40, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhone"
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 42.0), 3: "E", 4: (105.0, 51.0, 17.0)}
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80, exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def practice(persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return register(persona("mobilizer.hoankiem"), current_unit("00070"), "Mô hình có ảnh đẹp")


def _photo(practice, by, title="Ảnh hoạt động", data=None, name="anh.jpg") -> Evidence:
    return services.add_evidence(practice, title, name, data or phone_photo(), by=by)


def _recognize(practice, state=PracticeState.RECOGNIZED):
    Practice.objects.filter(pk=practice.pk).update(recognized_level=Level.COMMUNE, state=state)


def test_toggle_is_audited_scoped_and_photos_only(practice, persona, client_as, api_as):
    ward = persona("mobilizer.hoankiem")
    photo = _photo(practice, ward)
    pdf = services.add_evidence(practice, "Biên bản", "bien-ban.pdf", PDF, by=ward)
    assert not photo.is_public  # the default: photos may show people
    page = client_as("mobilizer.hoankiem").get(f"/dan-van-kheo/mo-hinh/{practice.pk}/")
    assert "Công khai ảnh này trên trang giới thiệu" in page.content.decode()
    # The official sees a small re-encoded preview of each photo before choosing.
    evidence_url = f"/dan-van-kheo/mo-hinh/{practice.pk}/minh-chung/"
    preview = client_as("mobilizer.hoankiem").get(f"{evidence_url}{photo.pk}/xem-truoc.jpg")
    assert preview.status_code == 200 and b"SecretPhone" not in preview.content
    assert "private" in preview["Cache-Control"]
    assert (
        client_as("mobilizer.hoankiem").get(f"{evidence_url}{pdf.pk}/xem-truoc.jpg").status_code
        == 404
    )

    client = client_as("mobilizer.hoankiem")
    url = f"/dan-van-kheo/mo-hinh/{practice.pk}/minh-chung/{photo.pk}/cong-khai/"
    client.post(url, {"public": "1"})
    photo.refresh_from_db()
    assert photo.is_public
    entry = AuditEntry.objects.filter(action="movement.practice.photo_published").latest("pk")
    assert entry.actor == ward and entry.object_id == str(practice.pk)
    assert entry.data["evidence"] == photo.pk
    client.post(url, {})
    photo.refresh_from_db()
    assert not photo.is_public
    assert AuditEntry.objects.filter(action="movement.practice.photo_hidden").count() == 1

    # A document that is not a photo is never public (page and API).
    r = client.post(f"/dan-van-kheo/mo-hinh/{practice.pk}/minh-chung/{pdf.pk}/cong-khai/",
                    {"public": "1"}, follow=True)  # fmt: skip
    assert "tài liệu này không phải ảnh" in r.content.decode()
    api = api_as("mobilizer.hoankiem")
    base = f"/api/v1/movement/practices/{practice.pk}/evidence"
    r = api.patch(f"{base}/{pdf.pk}", '{"public": true}')
    assert r.status_code == 422 and error_code(r) == "evidence.not_photo"
    r = api.patch(f"{base}/{photo.pk}", '{"public": true}')
    assert r.status_code == 200 and r.json()["public"] is True
    assert r.json()["public_url"] is None  # not recognized: not on the showcase yet
    assert AuditEntry.objects.filter(action="movement.practice.photo_published").count() == 2
    assert api.patch(f"{base}/{photo.pk}", '{"public": true}').status_code == 200  # no change
    assert AuditEntry.objects.filter(action="movement.practice.photo_published").count() == 2
    listed = api.get(base).json()
    assert [(e["id"], e["public"]) for e in listed] == [(photo.pk, True), (pdf.pk, False)]


def test_an_official_of_another_unit_is_refused(persona, client_as, api_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    city = persona("mobilizer.hanoi")
    other = register(city, current_unit("00073"), "Mô hình của phường Cửa Nam")  # not Hoàn Kiếm
    photo = _photo(other, city)
    url = f"/dan-van-kheo/mo-hinh/{other.pk}/minh-chung/{photo.pk}/cong-khai/"
    assert client_as("mobilizer.hoankiem").post(url, {"public": "1"}).status_code == 404
    assert client_as("front.hanoi").post(url, {"public": "1"}).status_code == 403  # reads only
    api = f"/api/v1/movement/practices/{other.pk}/evidence/{photo.pk}"
    assert api_as("mobilizer.hoankiem").patch(api, '{"public": true}').status_code == 404
    assert api_as("front.hanoi").patch(api, '{"public": true}').status_code == 403
    photo.refresh_from_db()
    assert not photo.is_public
    assert not AuditEntry.objects.filter(action="movement.practice.photo_published",
                                         object_id=str(other.pk)).exists()  # fmt: skip
    # The city officer covers Cửa Nam: allowed.
    r = client_as("mobilizer.hanoi").post(url, {"public": "1"})
    assert r.status_code == 302
    photo.refresh_from_db()
    assert photo.is_public


def test_public_image_only_for_public_photos_of_showcased_practices(practice, persona, client):
    ward = persona("mobilizer.hoankiem")
    public = _photo(practice, ward)
    private = _photo(practice, ward, title="Ảnh tập thể")
    pdf = services.add_evidence(practice, "Biên bản", "bien-ban.pdf", PDF, by=ward)
    services.set_evidence_public(practice, public.pk, True, by=ward)
    Evidence.objects.filter(pk=pdf.pk).update(is_public=True)  # even if a row said so

    def status(item, size="nho"):
        return client.get(f"/dan-van-kheo/cong-khai/anh/{item.pk}/{size}.jpg").status_code

    assert status(public) == 404  # registered, not recognized: not on the showcase
    assert client.get(f"/dan-van-kheo/cong-khai/mo-hinh/{practice.pk}/").status_code == 404
    _recognize(practice)
    assert status(public) == 200
    assert status(public, "lon") == 200
    assert status(public, "goc") == 404  # no original size for the public
    assert status(private) == 404
    assert status(pdf) == 404
    _recognize(practice, PracticeState.DROPPED)
    assert status(public) == 404
    assert client.get(f"/dan-van-kheo/cong-khai/mo-hinh/{practice.pk}/").status_code == 404
    assert client.get("/dan-van-kheo/cong-khai/anh/999999/nho.jpg").status_code == 404


def test_served_bytes_have_no_exif_gps_and_bounded_size(
    practice, persona, client, settings, django_capture_on_commit_callbacks
):
    ward = persona("mobilizer.hoankiem")
    original = phone_photo()
    assert b"SecretPhone" in original and Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    photo = _photo(practice, ward, data=original)
    services.set_evidence_public(practice, photo.pk, True, by=ward)
    _recognize(practice)
    url = f"/dan-van-kheo/cong-khai/anh/{photo.pk}/"
    for size, box in (("nho", 640), ("lon", 1600)):
        r = client.get(url + f"{size}.jpg")
        assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
        assert "public" in r["Cache-Control"] and r["X-Content-Type-Options"] == "nosniff"
        served = r.content
        assert b"SecretPhone" not in served and b"Exif" not in served
        img = Image.open(io.BytesIO(served))
        assert not img.getexif() and not img.getexif().get_ifd(0x8825)
        assert max(img.size) == box and img.size[0] / img.size[1] == pytest.approx(4 / 3, 0.01)
        again = client.get(url + f"{size}.jpg", HTTP_IF_NONE_MATCH=r["ETag"])
        assert again.status_code == 304
    cached = list((settings.MEDIA_ROOT / "movement" / "public").glob(f"{photo.pk}-*.jpg"))
    assert len(cached) == 2  # each size encoded once, then served from disk
    with django_capture_on_commit_callbacks(execute=True):
        services.set_evidence_public(practice, photo.pk, False, by=ward)
    assert not any(p.exists() for p in cached)  # taken off the showcase: its copies go too
    assert client.get(url + "nho.jpg").status_code == 404


def test_showcase_queries_do_not_grow_with_practices_and_photos(practice, persona, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ward = persona("mobilizer.hoankiem")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/dan-van-kheo/cong-khai/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(3):
        other = register(ward, current_unit("00070"), f"Mô hình có ảnh số {n}")
        photo = _photo(other, ward, data=phone_photo(64, 48))
        services.set_evidence_public(other, photo.pk, True, by=ward)
        _recognize(other)
    assert count() == before


def test_showcase_and_detail_show_public_photos_only(practice, persona, client):
    ward = persona("mobilizer.hoankiem")
    first = _photo(practice, ward, title="Ảnh một")
    second = _photo(practice, ward, title="Ảnh hai")
    hidden = _photo(practice, ward, title="Ảnh riêng")
    for item in (first, second):
        services.set_evidence_public(practice, item.pk, True, by=ward)
    _recognize(practice)
    page = client.get("/dan-van-kheo/cong-khai/").content.decode()
    assert f'src="/dan-van-kheo/cong-khai/anh/{first.pk}/nho.jpg" alt="Mô hình có ảnh đẹp"' in page
    assert f"/anh/{second.pk}/" not in page  # the list shows the first public photo only
    detail = client.get(f"/dan-van-kheo/cong-khai/mo-hinh/{practice.pk}/").content.decode()
    assert f"/anh/{first.pk}/nho.jpg" in detail and f"/anh/{second.pk}/lon.jpg" in detail
    assert "Mô hình có ảnh đẹp — ảnh 2/2" in detail
    assert f"/anh/{hidden.pk}/" not in detail
    assert "Ảnh riêng" not in detail and "Ảnh một" not in detail  # titles are not shown


def test_public_image_rate_limited(practice, persona, client, settings):
    ward = persona("mobilizer.hoankiem")
    photo = _photo(practice, ward)
    services.set_evidence_public(practice, photo.pk, True, by=ward)
    _recognize(practice)
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 1  # images: ten times the pages' limit
    url = f"/dan-van-kheo/cong-khai/anh/{photo.pk}/nho.jpg"
    statuses = [client.get(url, REMOTE_ADDR="203.0.113.9").status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_decompression_bomb_is_not_served(practice, persona, client, settings):
    """A stored photo over the pixel limit is refused by the re-encoder (never decoded)."""
    ward = persona("mobilizer.hoankiem")
    photo = _photo(practice, ward, data=phone_photo(1200, 900))
    services.set_evidence_public(practice, photo.pk, True, by=ward)
    _recognize(practice)
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1000 * 800  # the limit lowered after the upload
    assert client.get(f"/dan-van-kheo/cong-khai/anh/{photo.pk}/nho.jpg").status_code == 404


def test_an_uploaded_photo_is_not_public_by_default(practice, client_as):
    client = client_as("mobilizer.hoankiem")
    upload = SimpleUploadedFile("anh.jpg", phone_photo(800, 600), content_type="image/jpeg")
    client.post(f"/dan-van-kheo/mo-hinh/{practice.pk}/minh-chung/",
                {"title": "Ảnh ra mắt", "file": upload})  # fmt: skip
    item = Evidence.objects.get(practice=practice)
    assert item.is_photo and not item.is_public
