"""The disk full while an upload is stored: a clear Vietnamese error (API: 507 storage.full), no row
written, no row pointing to a missing file, and no file left behind (neither a half-written one
nor the files of the same change written before the failing one).

The fault is injected in the storage layer: after the first part of the N-th file stored has
reached the disk, the next write raises OSError(ENOSPC), as a full disk does."""

import base64
import errno
import json
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.audit.models import AuditEntry
from danvan.core.storage import SafeFileSystemStorage
from danvan.movement.models import Evidence
from danvan.onestop.models import Dossier, DossierComponent
from danvan.procedures.models import Procedure
from danvan.units.services import current_unit
from danvan.vault.models import VaultDocument
from tests.movement.helpers import register
from tests.onestop.conftest import NORMAL, api_payload
from tests.onestop_ui.helpers import COMMON, files_for, intake_post

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"%" + b"x" * 4000 + b"\n"
FULL_MESSAGE = "Kho lưu trữ tệp đã đầy"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def disk_full(monkeypatch):
    """disk_full(n): the n-th file stored from now on fails half-way with ENOSPC."""
    real = SafeFileSystemStorage._write_chunks
    calls = {"n": 0, "room": False}

    def arm(at: int = 1):
        def write(self, fh, content):
            calls["n"] += 1
            if calls["n"] < at or calls["room"]:
                return real(self, fh, content)
            data = content.read()
            fh.write(data[: len(data) // 2])
            fh.flush()
            os.fsync(fh.fileno())  # half of it is on the disk, then there is no room left
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(SafeFileSystemStorage, "_write_chunks", write)
        return calls

    return arm


def files_in(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file()}


def counts():
    return (
        Dossier.objects.count(),
        DossierComponent.objects.count(),
        VaultDocument.objects.count(),
        Evidence.objects.count(),
        AuditEntry.objects.count(),
    )


def test_counter_intake_disk_full_on_the_second_file(client_as, media, disk_full):
    procedure = Procedure.objects.get(code=COMMON)
    files = files_for(procedure)
    assert len(files) >= 2, "the procedure needs two files for this fault"
    client = client_as("clerk.hoankiem")
    before, on_disk = counts(), files_in(media)
    calls = disk_full(at=2)
    r = client.post("/mot-cua/quay/", {**intake_post(COMMON), **files})
    assert calls["n"] == 2  # the first file was written, the second failed half-way
    assert r.status_code == 507
    page = r.content.decode()
    assert FULL_MESSAGE in page and "Nguyễn Thị Hồng Nhung" in page  # the form comes back typed
    assert counts() == before
    assert files_in(media) == on_disk  # neither the first file nor half of the second is left


def test_api_intake_disk_full_is_507_storage_full(api_as, media, disk_full):
    clerk = api_as("clerk.hoankiem")
    before, on_disk = counts(), files_in(media)
    calls = disk_full(at=1)
    r = clerk.post(
        "/api/v1/dossiers", json.dumps(api_payload(NORMAL)), HTTP_IDEMPOTENCY_KEY="dia-day-1"
    )
    assert r.status_code == 507, r.content
    err = r.json()["error"]
    assert err["code"] == "storage.full" and FULL_MESSAGE in err["message"]
    assert counts() == before and files_in(media) == on_disk
    # the key was not spent on the failure: once there is room, the same request goes through
    calls["room"] = True
    r = clerk.post(
        "/api/v1/dossiers", json.dumps(api_payload(NORMAL)), HTTP_IDEMPOTENCY_KEY="dia-day-1"
    )
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    for row in DossierComponent.objects.filter(dossier__code=code).exclude(file=""):
        assert (Path(media) / row.file.name).read_bytes() == base64.b64decode(
            api_payload(NORMAL)["components"][0]["file_base64"]
        )


def test_vault_upload_disk_full(client_as, media, disk_full, django_user_model):
    django_user_model.objects.create(username="day.citizen", national_id="001190099999")
    client = client_as("day.citizen")
    before, on_disk = counts(), files_in(media)
    disk_full(at=1)
    r = client.post(
        "/kho-cua-toi/tai-len/",
        {"doc_type": "id_card", "file": SimpleUploadedFile("cccd.pdf", PDF, "application/pdf")},
        follow=True,
    )
    assert FULL_MESSAGE in r.content.decode()
    assert counts() == before and files_in(media) == on_disk
    assert not VaultDocument.objects.filter(owner_id="001190099999").exists()


def test_movement_evidence_disk_full(client_as, persona, media, disk_full):
    p = register(persona("mobilizer.hoankiem"), current_unit("00070"), "Mô hình đĩa đầy")
    client = client_as("mobilizer.hoankiem")
    before, on_disk = counts(), files_in(media)
    disk_full(at=1)
    r = client.post(
        f"/dan-van-kheo/mo-hinh/{p.pk}/minh-chung/",
        {"title": "Biên bản", "file": SimpleUploadedFile("bb.pdf", PDF, "application/pdf")},
        follow=True,
    )
    assert FULL_MESSAGE in r.content.decode()
    assert counts() == before and files_in(media) == on_disk
    assert not Evidence.objects.filter(practice=p).exists()


def test_the_same_uploads_go_through_once_there_is_room(client_as, media):
    """The control: without the fault the counter intake stores its files, each in place."""
    procedure = Procedure.objects.get(code=COMMON)
    r = client_as("clerk.hoankiem").post(
        "/mot-cua/quay/", {**intake_post(COMMON), **files_for(procedure)}
    )
    assert r.status_code == 302
    code = r["Location"].rstrip("/").split("/")[-1]
    rows = DossierComponent.objects.filter(dossier__code=code).exclude(file="")
    assert rows.count() == len(files_for(procedure))
    for row in rows:
        assert (Path(media) / row.file.name).read_bytes().startswith(b"%PDF")
    assert not [n for n in files_in(media) if ".partial-" in n]


def test_a_file_system_without_hard_links_still_stores_files(media, monkeypatch):
    from django.core.files.base import ContentFile

    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr("danvan.core.storage.os.link", no_links)
    storage = SafeFileSystemStorage(location=media)
    first = storage.save("a/tep.pdf", ContentFile(PDF))
    second = storage.save("a/tep.pdf", ContentFile(b"%PDF-1.4 khac"))
    assert first != second  # the second never replaced the first
    assert (Path(media) / first).read_bytes() == PDF
    assert (Path(media) / second).read_bytes() == b"%PDF-1.4 khac"
    assert not [n for n in files_in(media) if ".partial-" in n]
