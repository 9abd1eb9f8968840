from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import fontpkg
import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from danvan.signing import pades, testca

OFFICIAL_NAME = "Nguyễn Thị Hồng Nhung"
WARD = "UBND phường Bến Nghé"
VERIFY_URL = "https://danvan.example.gov.vn/xac-thuc/5f2c9a"


@dataclass
class Person:
    key: object
    cert: object
    signer: pades.PreparedSigner


@pytest.fixture(scope="session")
def ca(tmp_path_factory) -> testca.TestCA:
    return testca.create_test_ca(tmp_path_factory.mktemp("testca"))


@pytest.fixture(scope="session")
def other_ca(tmp_path_factory) -> testca.TestCA:
    """A second, untrusted TEST CA (an attacker's look-alike)."""
    return testca.create_test_ca(tmp_path_factory.mktemp("other_ca"))


def _person(ca, key_cert) -> Person:
    key, cert = key_cert
    return Person(key, cert, pades.PreparedSigner(key, cert, ca.chain, is_test=True))


@pytest.fixture(scope="session")
def leader(ca) -> Person:
    """The leader who signs first (Decree 30/2020)."""
    return _person(ca, ca.issue_person(OFFICIAL_NAME, WARD))


@pytest.fixture(scope="session")
def seal(ca) -> Person:
    """The ward's organization certificate, applied second by the clerk."""
    return _person(ca, ca.issue_seal(WARD))


@pytest.fixture(scope="session")
def revoked_leader(ca) -> Person:
    return _person(ca, ca.issue_person("Trần Văn Bị Thu Hồi", WARD, revoked=True))


@pytest.fixture(scope="session")
def impostor(other_ca) -> Person:
    """Same name as the leader, but from an untrusted CA."""
    return _person(other_ca, other_ca.issue_person(OFFICIAL_NAME, WARD))


@pytest.fixture(scope="session")
def timestamper(ca):
    return pades.make_test_timestamper(ca.tsa_key, ca.tsa_cert, ca.chain)


@pytest.fixture(scope="session")
def trust_roots(ca):
    return [ca.root_cert]


@pytest.fixture(scope="session")
def input_pdf() -> bytes:
    pdfmetrics.registerFont(TTFont("NotoSerifVN", str(fontpkg.path("Noto Serif"))))
    buf = BytesIO()
    page = canvas.Canvas(buf)
    page.setFont("NotoSerifVN", 13)
    page.drawString(72, 760, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    page.drawString(72, 740, "Độc lập - Tự do - Hạnh phúc")
    page.drawString(72, 700, "Kết quả giải quyết thủ tục hành chính: xác nhận cư trú.")
    page.showPage()
    page.save()
    return buf.getvalue()


def stamp_for(name: str, title: str = "") -> pades.StampSpec:
    return pades.StampSpec(name, WARD, VERIFY_URL, title=title)


@pytest.fixture(scope="session")
def official_name() -> str:
    return OFFICIAL_NAME


@pytest.fixture(scope="session")
def leader_stamp() -> pades.StampSpec:
    return stamp_for(OFFICIAL_NAME)


@pytest.fixture(scope="session")
def double_signed(input_pdf, leader, seal, timestamper) -> bytes:
    """Leader signs (visible stamp), then the organization seal in a second revision."""
    first = pades.sign_pdf(
        input_pdf,
        leader.signer,
        field_name="ChuKyLanhDao",
        profile="B-T",
        timestamper=timestamper,
        stamp=stamp_for(OFFICIAL_NAME, "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"),
    )
    seal_stamp = pades.StampSpec(WARD, WARD, VERIFY_URL, box=(330, 130, 570, 200))
    return pades.sign_pdf(
        first,
        seal.signer,
        field_name="DauCoQuan",
        profile="B-T",
        timestamper=timestamper,
        stamp=seal_stamp,
    )


@pytest.fixture()
def nss_db(tmp_path, ca) -> Path:
    if not shutil.which("certutil") or not shutil.which("pdfsig"):
        pytest.skip("poppler-utils / libnss3-tools not installed")
    db = tmp_path / "nss"
    db.mkdir()
    root_pem = tmp_path / "root.pem"
    root_pem.write_bytes(ca.root_cert.public_bytes(Encoding.PEM))
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{db}"], check=True)
    subprocess.run(
        [
            "certutil",
            "-A",
            "-n",
            "danvan-test-root",
            "-t",
            "CT,C,C",
            "-i",
            str(root_pem),
            "-d",
            f"sql:{db}",
        ],
        check=True,
    )
    return db
