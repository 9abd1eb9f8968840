"""Every official who handles a dossier opens its files; nobody else; every opening is logged."""

import json

import pytest

from danvan.audit.models import AuditEntry
from danvan.onestop.models import Dossier
from danvan.vault.models import AccessLog
from tests.onestop.conftest import NORMAL, PDF, api_payload

HANDLERS = ["clerk.hoankiem", "specialist.hoankiem", "leader.hoankiem", "seal.hoankiem"]


@pytest.fixture
def dossier(receive):
    return receive(NORMAL)


@pytest.mark.django_db
@pytest.mark.parametrize("username", HANDLERS)
def test_each_handler_opens_and_downloads_an_attached_file(client_as, dossier, username):
    client = client_as(username)
    comp = dossier.components.exclude(sha256="").first()
    page = client.get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    viewer = f"/mot-cua/ho-so/{dossier.code}/tep/{comp.pk}/"
    assert viewer in page
    shown = client.get(viewer)
    assert shown.status_code == 200 and b'id="file-frame"' in shown.content
    inline = client.get(f"{viewer}noi-dung/")
    assert inline.status_code == 200 and inline.content == PDF
    assert inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["X-Content-Type-Options"] == "nosniff"
    download = client.get(f"{viewer}noi-dung/?tai-ve=1")
    assert download["Content-Disposition"].startswith("attachment;")
    logs = AccessLog.objects.filter(owner_id=dossier.national_id, dossier=dossier)
    assert logs.filter(purpose="document", actor__username=username).count() == 2
    assert AuditEntry.objects.filter(
        action="onestop.file_opened", actor__username=username
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["clerk.bavi", "leader.bavi", "mobilizer.hoankiem"])
def test_others_cannot_open_the_files(client_as, dossier, username):
    comp = dossier.components.exclude(sha256="").first()
    r = client_as(username).get(f"/mot-cua/ho-so/{dossier.code}/tep/{comp.pk}/noi-dung/")
    assert r.status_code in (403, 404)
    assert not AccessLog.objects.filter(actor__username=username, dossier=dossier).exists()


@pytest.mark.django_db
def test_a_reporter_sees_the_dossier_but_not_the_papers(api_as, dossier):
    reporter = api_as("reporter.hanoi")
    assert reporter.get(f"/api/v1/dossiers/{dossier.code}").status_code == 200
    assert reporter.get(f"/api/v1/dossiers/{dossier.code}/files").json() == []
    comp = dossier.components.exclude(sha256="").first()
    assert reporter.get(f"/api/v1/dossiers/{dossier.code}/files/{comp.pk}").status_code == 404


@pytest.mark.django_db
def test_unknown_and_foreign_file_ids_are_404(client_as, dossier, receive):
    other = receive(NORMAL)
    foreign = other.components.exclude(sha256="").first()
    client = client_as("clerk.hoankiem")
    base = f"/mot-cua/ho-so/{dossier.code}/tep"
    assert client.get(f"{base}/{foreign.pk}/noi-dung/").status_code == 404
    assert client.get(f"{base}/999999/noi-dung/").status_code == 404
    assert client.get(f"{base}/abc/noi-dung/").status_code == 404
    assert client.get(f"{base}/ket-qua/noi-dung/").status_code == 404  # no result yet


@pytest.mark.django_db
def test_api_intake_with_documents_from_the_procedure_component_ids(api_as):
    """What docs/api.md shows: read component_id from the catalogue, file with documents, list the
    files, download one."""
    clerk = api_as("clerk.hoankiem")
    proc = clerk.get(f"/api/v1/procedures/{NORMAL}").json()
    ids = [c["component_id"] for c in proc["components"] if not c["shown_only"]]
    assert ids and all(isinstance(i, int) for i in ids)
    body = api_payload(NORMAL)
    body["components"] = [
        {**c, "component_id": i} for c, i in zip(body["components"], ids, strict=True)
    ]
    created = clerk.post("/api/v1/dossiers", json.dumps(body))
    assert created.status_code == 201, created.content
    code = created.json()["code"]
    listed = clerk.get(f"/api/v1/dossiers/{code}/files").json()
    assert sorted(f["component_id"] for f in listed) == sorted(ids)
    assert all(f["kind"] == "component" and f["content_type"] == "application/pdf" for f in listed)
    got = clerk.get(listed[0]["url"])
    assert got.status_code == 200 and got.content == PDF
    assert api_as("clerk.bavi").get(f"/api/v1/dossiers/{code}/files").status_code == 404
    d = Dossier.objects.get(code=code)
    assert AccessLog.objects.filter(dossier=d, purpose="document").count() == 1


@pytest.mark.django_db
def test_after_closing_only_those_who_took_part_open_the_papers(dossier, persona):
    from danvan.core.privacy import may_see
    from danvan.onestop.privacy import FILES

    Dossier.objects.filter(pk=dossier.pk).update(status=10)
    dossier.refresh_from_db()
    assert may_see(persona("clerk.hoankiem"), FILES, obj=dossier)  # received it
    assert not may_see(persona("seal.hoankiem"), FILES, obj=dossier)
