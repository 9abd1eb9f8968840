"""Built-in TEST certificate authority for the embedded mode and the tests.

Every certificate it issues says TEST in its subject so that nobody can mistake a
document signed with it for a real public-duty signature (Decree 68/2024: real
keys come from the Government CA of Ban Cơ yếu Chính phủ).

Layout of the directory: root/ca/tsa keys and certificates as PEM, ``revoked.txt``
(one hex serial a line) and ``ca.crl`` (DER), rewritten on every revocation.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from danvan.core.storage import write_atomically

TEST_MARK = "TEST"
TEST_ORGANIZATION = "TEST CA - Dân Vận Số (KHÔNG DÙNG THẬT)"
ROOT_CN = "TEST Root CA Dân Vận Số"
ISSUING_CN = "TEST Issuing CA Dân Vận Số"
TSA_CN = "TEST Timestamp Authority Dân Vận Số"
CRL_VALIDITY = dt.timedelta(days=7)
# Revocation checkers only consult CRLs for certificates that declare a distribution
# point. The ``.invalid`` host never resolves: the CRL is always supplied locally.
CRL_URL = "http://testca.danvan.invalid/issuing-ca.crl"
# Back-dating absorbs small clock differences between machines.
BACKDATE = dt.timedelta(minutes=5)

_ROLES = ("root", "ca", "tsa")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, sign: bool = False, non_repudiation: bool = False, ca: bool = False):
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass(frozen=True)
class _CertSpec:
    subject: x509.Name
    key_usage: x509.KeyUsage
    ca_path_length: int | None = None  # None: end entity
    is_ca: bool = False
    eku: tuple[x509.ObjectIdentifier, ...] = ()
    not_before: dt.datetime | None = None
    days: int = 365
    crl_url: str | None = None


def _build_cert(
    spec: _CertSpec,
    public_key: rsa.RSAPublicKey,
    issuer_cert: x509.Certificate | None,
    issuer_key: rsa.RSAPrivateKey,
) -> x509.Certificate:
    not_before = spec.not_before or (_now() - BACKDATE)
    issuer_name = issuer_cert.subject if issuer_cert else spec.subject
    issuer_pub = issuer_cert.public_key() if issuer_cert else public_key
    builder = (
        x509.CertificateBuilder()
        .subject_name(spec.subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + dt.timedelta(days=spec.days))
        .add_extension(x509.BasicConstraints(spec.is_ca, spec.ca_path_length), critical=True)
        .add_extension(spec.key_usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_pub), critical=False
        )
    )
    if spec.crl_url:
        point = x509.DistributionPoint(
            [x509.UniformResourceIdentifier(spec.crl_url)], None, None, None
        )
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    if spec.eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(spec.eku)), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass
class TestCA:
    """The three-level TEST hierarchy: root → issuing CA → officials, seals and TSA."""

    __test__ = False  # not a pytest test class

    directory: Path
    root_key: rsa.RSAPrivateKey
    root_cert: x509.Certificate
    ca_key: rsa.RSAPrivateKey
    ca_cert: x509.Certificate
    tsa_key: rsa.RSAPrivateKey
    tsa_cert: x509.Certificate

    @property
    def chain(self) -> list[x509.Certificate]:
        """Issuing CA then root, as embedded next to an end-entity certificate."""
        return [self.ca_cert, self.root_cert]

    def issue_person(
        self,
        common_name: str,
        organization: str,
        *,
        revoked: bool = False,
        days: int = 365,
        not_before: dt.datetime | None = None,
    ) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        """Certificate of a competent official (digitalSignature + nonRepudiation)."""
        subject = _name(f"{TEST_MARK} {common_name}", f"{organization} ({TEST_MARK})")
        return self._issue_end_entity(subject, revoked=revoked, days=days, not_before=not_before)

    def issue_seal(
        self, organization: str, *, revoked: bool = False, days: int = 365
    ) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        """Organization certificate, applied as the second signature (Decree 30/2020)."""
        subject = _name(f"{TEST_MARK} {organization}", f"{organization} ({TEST_MARK})")
        return self._issue_end_entity(subject, revoked=revoked, days=days, not_before=None)

    def _issue_end_entity(
        self,
        subject: x509.Name,
        *,
        revoked: bool,
        days: int,
        not_before: dt.datetime | None,
    ) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        key = _new_key()
        spec = _CertSpec(
            subject=subject,
            key_usage=_key_usage(sign=True, non_repudiation=True),
            not_before=not_before,
            days=days,
            crl_url=CRL_URL,
        )
        cert = _build_cert(spec, key.public_key(), self.ca_cert, self.ca_key)
        if revoked:
            self.revoke(cert)
        return key, cert

    def revoke(self, cert: x509.Certificate) -> None:
        path = self.directory / "revoked.txt"
        with path.open("a", encoding="ascii") as fh:
            fh.write(f"{cert.serial_number:x}\n")
        self._write_crl()

    def revoked_serials(self) -> list[int]:
        path = self.directory / "revoked.txt"
        if not path.exists():
            return []
        return [int(line, 16) for line in path.read_text("ascii").split()]

    def crl(self) -> x509.CertificateRevocationList:
        path = self.directory / "ca.crl"
        if not path.exists():
            self._write_crl()
        return x509.load_der_x509_crl(path.read_bytes())

    def crl_der(self) -> bytes:
        return self.crl().public_bytes(serialization.Encoding.DER)

    def _write_crl(self) -> None:
        now = _now() - BACKDATE
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.ca_cert.subject)
            .last_update(now)
            .next_update(now + CRL_VALIDITY)
            .add_extension(x509.CRLNumber(secrets.randbits(32)), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()),
                critical=False,
            )
        )
        for serial in self.revoked_serials():
            entry = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now)
            builder = builder.add_revoked_certificate(entry.build())
        crl = builder.sign(self.ca_key, hashes.SHA256())
        write_atomically(self.directory / "ca.crl", crl.public_bytes(serialization.Encoding.DER))

    def export_pkcs12(
        self, key: rsa.RSAPrivateKey, cert: x509.Certificate, password: str | bytes
    ) -> bytes:
        """PKCS#12 with the key, the certificate and the CA chain (as an official gets it)."""
        secret = password.encode() if isinstance(password, str) else password
        return pkcs12.serialize_key_and_certificates(
            name=cert.subject.rfc4514_string().encode(),
            key=key,
            cert=cert,
            cas=self.chain,
            encryption_algorithm=serialization.BestAvailableEncryption(secret),
        )

    def is_test_certificate(self, cert: x509.Certificate) -> bool:
        """True for certificates issued by this CA (matched by issuer key, not by name)."""
        return is_test_ca_certificate(cert, self.ca_cert)


def is_test_ca_certificate(cert: x509.Certificate, ca_cert: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(ca_cert)
    except (ValueError, TypeError, x509.InvalidSignature):
        return False
    return True


def _write_pair(directory: Path, role: str, key: rsa.RSAPrivateKey, cert: x509.Certificate):
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_atomically(directory / f"{role}.key.pem", key_pem, mode=0o600)
    write_atomically(directory / f"{role}.crt.pem", cert.public_bytes(serialization.Encoding.PEM))


def _read_pair(directory: Path, role: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = serialization.load_pem_private_key(
        (directory / f"{role}.key.pem").read_bytes(), password=None
    )
    cert = x509.load_pem_x509_certificate((directory / f"{role}.crt.pem").read_bytes())
    assert isinstance(key, rsa.RSAPrivateKey)  # noqa: S101 - we wrote it ourselves
    return key, cert


def _generate(directory: Path) -> None:
    root_key, ca_key, tsa_key = _new_key(), _new_key(), _new_key()
    ca_usage = _key_usage(ca=True)
    root_spec = _CertSpec(
        _name(ROOT_CN, TEST_ORGANIZATION), ca_usage, ca_path_length=1, is_ca=True, days=3650
    )
    root = _build_cert(root_spec, root_key.public_key(), None, root_key)
    ca_spec = _CertSpec(
        _name(ISSUING_CN, TEST_ORGANIZATION), ca_usage, ca_path_length=0, is_ca=True, days=1825
    )
    ca = _build_cert(ca_spec, ca_key.public_key(), root, root_key)
    tsa_spec = _CertSpec(
        _name(TSA_CN, TEST_ORGANIZATION),
        _key_usage(sign=True, non_repudiation=True),
        eku=(ExtendedKeyUsageOID.TIME_STAMPING,),
        days=1825,
        crl_url=CRL_URL,
    )
    tsa = _build_cert(tsa_spec, tsa_key.public_key(), ca, ca_key)
    for role, key, cert in (("root", root_key, root), ("ca", ca_key, ca), ("tsa", tsa_key, tsa)):
        _write_pair(directory, role, key, cert)


def create_test_ca(directory: str | Path) -> TestCA:
    """Create the TEST CA in ``directory`` once; later calls load the same CA."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # Test workers and the app's processes start together on a fresh checkout: without the lock
    # two of them each generate a CA, the later overwrites the earlier, and what the first one
    # signed no longer chains to the root on disk (CI's "untrusted" on a genuine result).
    with open(directory / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not all((directory / f"{role}.crt.pem").exists() for role in _ROLES):
                _generate(directory)
            return load_test_ca(directory)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def load_test_ca(directory: str | Path) -> TestCA:
    directory = Path(directory)
    root_key, root_cert = _read_pair(directory, "root")
    ca_key, ca_cert = _read_pair(directory, "ca")
    tsa_key, tsa_cert = _read_pair(directory, "tsa")
    return TestCA(directory, root_key, root_cert, ca_key, ca_cert, tsa_key, tsa_cert)
