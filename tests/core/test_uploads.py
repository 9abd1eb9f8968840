"""Upload checks shared by every app (core.uploads): type by content, size, names, staging."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.core.models import StagedUpload
from danvan.core.uploads import check_upload, purge_staged, safe_name, stage, unstage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _image(fmt: str) -> bytes:
    # Real images: uploads are parsed (in a sandbox) and a broken image is refused.
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, fmt)
    return out.getvalue()


PNG = _image("PNG")
JPEG = _image("JPEG")


def code_of(name: str, data: bytes, **kw) -> tuple[str, int]:
    with pytest.raises(DomainError) as exc:
        check_upload(name, data, **kw)
    return exc.value.code, exc.value.status


def test_the_type_comes_from_the_content_not_the_name():
    assert check_upload("scan.png", PDF).content_type == "application/pdf"
    assert check_upload("scan.png", PDF).name == "scan.pdf"
    assert check_upload("anh", JPEG).content_type == "image/jpeg"
    assert check_upload("anh.jpg", PNG).name == "anh.png"
    assert code_of("virus.pdf", b"MZ\x90\x00 not a pdf") == ("upload.type_not_allowed", 422)


def test_a_broken_image_is_refused():
    assert code_of("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16)[1] == 422


def test_empty_and_oversized_files_are_refused_with_their_own_code():
    assert code_of("rong.pdf", b"") == ("upload.empty", 422)
    assert code_of("to.pdf", PDF + b"x" * 100, max_bytes=64) == ("upload.too_large", 413)
    assert check_upload("vua.pdf", PDF, max_bytes=len(PDF)).size == len(PDF)


def test_the_checksum_is_of_the_bytes():
    assert check_upload("a.pdf", PDF).sha256 == hashlib.sha256(PDF).hexdigest()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Giấy khai sinh.pdf", "Giay_khai_sinh.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\x\\đơn.PDF", "don.pdf"),
        ("...", "tep.pdf"),
        ("a" * 200 + ".pdf", "a" * 80 + ".pdf"),
    ],
)
def test_names_are_made_safe(given, expected):
    assert safe_name(given, ".pdf") == expected


@pytest.mark.django_db
def test_a_staged_upload_comes_back_once_checked_and_not_after_a_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = stage(check_upload("don.pdf", PDF))
    again = unstage(token)
    assert again is not None and again.data == PDF and again.name == "don.pdf"
    assert unstage("khong-co") is None and unstage("x" * 65) is None and unstage("") is None
    StagedUpload.objects.filter(token=token).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    assert unstage(token) is None
    assert purge_staged() == 1 and not StagedUpload.objects.exists()


@pytest.mark.django_db
def test_an_altered_staged_file_is_not_used(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = stage(check_upload("don.pdf", PDF))
    row = StagedUpload.objects.get(token=token)
    with open(row.file.path, "wb") as fh:
        fh.write(PDF + b"changed")
    assert unstage(token) is None
