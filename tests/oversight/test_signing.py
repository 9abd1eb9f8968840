"""The supervision report and the recommendation letter signed by the Front official (PAdES,
through the signing app's services), stored and downloadable; poppler's pdfsig validates them."""

import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from danvan.accounts.models import Role, RoleGrant, User
from danvan.audit.models import AuditEntry
from danvan.oversight import signatures
from danvan.signing import services as signing
from tests.oversight.conftest import recommend, reported_supervision

pytestmark = pytest.mark.django_db
PIN = "246810"
NAME = "Lương Thị Thử"


@pytest.fixture
def nss_db(tmp_path, db):
    """An NSS database trusting the embedded TEST CA root, for pdfsig."""
    if not shutil.which("certutil") or not shutil.which("pdfsig"):
        pytest.skip("poppler-utils / libnss3-tools not installed")
    nss = tmp_path / "nss"
    nss.mkdir()
    root = tmp_path / "root.pem"
    root.write_bytes(signing.ensure_test_ca().root_cert.public_bytes(Encoding.PEM))
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{nss}"], check=True)
    subprocess.run(["certutil", "-A", "-n", "danvan-test-root", "-t", "CT,C,C", "-i", str(root),
                    "-d", f"sql:{nss}"], check=True)  # fmt: skip
    return nss


@pytest.fixture
def signer(officer, commune):
    officer.full_name, officer.position = NAME, "Phó Chủ tịch Ủy ban MTTQ Việt Nam phường"
    officer.save()
    ca = signing.ensure_test_ca()
    key, cert = ca.issue_person(NAME, f"Ủy ban MTTQ Việt Nam {commune.name}")
    signing.import_pkcs12(officer, ca.export_pkcs12(key, cert, "pw"), "pw", "official", by=None)
    signing.set_pin(officer, PIN)
    return officer


def _run(cmd, pdf, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    return subprocess.run([*cmd, str(path), *(["-"] if cmd[0] == "pdftotext" else [])],
                          capture_output=True, text=True, check=False).stdout  # fmt: skip


def test_the_front_official_signs_the_report_and_pdfsig_validates_it(
    signer, commune, client, nss_db, tmp_path
):
    sup = reported_supervision(commune, signer)
    recommend(sup, signer, sent_ago=30, due_ago=5)
    client.force_login(signer)
    page = client.get(f"/giam-sat/giam-sat/{sup.pk}/").content.decode()
    assert 'id="sign-form"' in page
    url = f"/giam-sat/giam-sat/{sup.pk}/bao-cao/ky-so/"
    wrong = client.post(url, {"pin": "111111", "once_token": "t0"}, follow=True)
    assert "Mã PIN không đúng" in wrong.content.decode()
    assert signatures.signed_report(sup) is None
    short = client.post(url, {"pin": "12", "once_token": "t0b"}, follow=True)
    assert "Mã PIN ký số gồm 6 đến 8 chữ số." in short.content.decode()
    before = AuditEntry.objects.filter(action="oversight.document.signed").count()
    for _ in range(2):  # a double click: one signature
        assert client.post(url, {"pin": PIN, "once_token": "t1"}).status_code == 302
    assert AuditEntry.objects.filter(action="oversight.document.signed").count() == before + 1
    doc = signatures.signed_report(sup)
    sup.refresh_from_db()
    assert sup.report_file.name == doc.file.name
    download = client.get(f"/giam-sat/giam-sat/{sup.pk}/bao-cao-da-ky.pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    pdf = download.content
    out = _run(["pdfsig", "-nssdir", f"sql:{nss_db}"], pdf, tmp_path)
    assert "Signature Validation: Signature is Valid." in out, out
    assert "Certificate Validation: Certificate is Trusted." in out, out
    assert NAME in out and "Total document signed" in out
    text = _run(["pdftotext", "-layout"], pdf, tmp_path)
    assert "PHÓ CHỦ TỊCH" in text and "TM. BAN THƯỜNG TRỰC" in text and NAME in text
    assert "KẾT QUẢ GIÁM SÁT" in text and "MẪU THỬ" not in text
    assert "Đã ký số" in client.get(f"/giam-sat/giam-sat/{sup.pk}/").content.decode()


def test_the_recommendation_letter_is_signed_and_valid(signer, commune, client, nss_db, tmp_path):
    sup = reported_supervision(commune, signer)
    rec = recommend(sup, signer, sent_ago=20, due_ago=-10)
    client.force_login(signer)
    assert client.get(f"/giam-sat/kien-nghi/{rec.pk}/van-ban-da-ky.pdf").status_code == 404
    r = client.post(f"/giam-sat/kien-nghi/{rec.pk}/van-ban/ky-so/", {"pin": PIN, "once_token": "x"})
    assert r.status_code == 302
    pdf = client.get(f"/giam-sat/kien-nghi/{rec.pk}/van-ban-da-ky.pdf").content
    out = _run(["pdfsig", "-nssdir", f"sql:{nss_db}"], pdf, tmp_path)
    assert "Signature Validation: Signature is Valid." in out, out
    assert "Kính gửi: Ủy ban nhân dân phường" in _run(["pdftotext", "-layout"], pdf, tmp_path)


def test_a_reader_cannot_sign_and_an_unreported_supervision_is_refused(signer, commune, client):
    from danvan.oversight import services
    from tests.oversight.conftest import days_ago, front_of

    sup = services.plan_supervision(services.SupervisionInput(
        organizer=front_of(commune), form="team", subject_kind="body", subject="UBND phường",
        title="Giám sát việc thu phí chợ dân sinh", planned_on=days_ago(1)), unit=commune, by=signer)  # fmt: skip
    client.force_login(signer)
    r = client.post(
        f"/giam-sat/giam-sat/{sup.pk}/bao-cao/ky-so/", {"pin": PIN, "once_token": "y"}, follow=True
    )
    assert "Chỉ ký số báo cáo khi cuộc giám sát đã có kết quả và báo cáo." in r.content.decode()
    assert signatures.signed_report(sup) is None
    reader = User.objects.create_user("mob.sign", password="x", full_name="Cán bộ dân vận")
    RoleGrant.objects.create(user=reader, role=Role.MOBILIZER, unit=commune)
    client.force_login(reader)
    assert (
        client.post(f"/giam-sat/giam-sat/{sup.pk}/bao-cao/ky-so/", {"pin": PIN}).status_code == 403
    )


def test_the_signature_block_names_who_signs_for_whom():
    from types import SimpleNamespace as NS

    front, women = NS(kind="fatherland_front"), NS(kind="womens_union")
    vice = NS(position="Phó Chủ tịch Ủy ban MTTQ Việt Nam phường")
    assert signatures.front_authority(vice, front) == ["TM. BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH"]
    assert signatures.front_authority(NS(position="Chủ tịch Hội"), women) == [
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
    ]
    assert signatures.front_authority(NS(position="Ủy viên"), front) == [
        "TM. BAN THƯỜNG TRỰC",
        "ỦY VIÊN",
    ]
