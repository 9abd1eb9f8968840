import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding


@pytest.fixture
def nss_db(tmp_path, db) -> Path:
    """An NSS database trusting the embedded TEST CA root, for poppler's pdfsig."""
    from danvan.signing import services

    if not shutil.which("certutil") or not shutil.which("pdfsig"):
        pytest.skip("poppler-utils / libnss3-tools not installed")
    nss = tmp_path / "nss"
    nss.mkdir()
    root = tmp_path / "root.pem"
    root.write_bytes(services.ensure_test_ca().root_cert.public_bytes(Encoding.PEM))
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{nss}"], check=True)
    subprocess.run(
        [
            "certutil",
            "-A",
            "-n",
            "danvan-test-root",
            "-t",
            "CT,C,C",
            "-i",
            str(root),
            "-d",
            f"sql:{nss}",
        ],
        check=True,
    )
    return nss
