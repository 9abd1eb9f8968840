from __future__ import annotations

import subprocess

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from danvan.signing import pades, verify


def _reader(pdf: bytes) -> PdfFileReader:
    from io import BytesIO

    return PdfFileReader(BytesIO(pdf))


def test_b_b_signature_is_valid_without_timestamp(
    input_pdf, leader, trust_roots, leader_stamp, official_name
):
    signed = pades.sign_pdf(
        input_pdf, leader.signer, field_name="Sig", profile="B-B", stamp=leader_stamp
    )
    report = verify.verify_pdf(signed, trust_roots)
    assert report.status == "valid", report.to_dict()
    (sig,) = report.signatures
    assert sig.timestamp_present is False
    assert sig.signer_common_name == f"TEST {official_name}"
    assert sig.coverage == "ENTIRE_FILE"
    assert sig.signing_time.endswith("+07:00")


def test_b_t_signature_carries_a_trusted_timestamp(input_pdf, leader, timestamper, trust_roots):
    signed = pades.sign_pdf(
        input_pdf, leader.signer, field_name="Sig", profile="B-T", timestamper=timestamper
    )
    report = verify.verify_pdf(signed, trust_roots)
    assert report.status == "valid", report.to_dict()
    assert report.signatures[0].timestamp_present is True
    assert report.signatures[0].timestamp_time.endswith("+07:00")


def test_b_t_without_timestamper_is_refused(input_pdf, leader):
    with pytest.raises(pades.SigningError) as err:
        pades.sign_pdf(input_pdf, leader.signer, field_name="Sig", profile="B-T")
    assert err.value.code == "signing.tsa_required"


def test_b_lt_embeds_the_test_ca_crl_in_the_dss(input_pdf, leader, ca, timestamper, trust_roots):
    context = pades.revocation_context(trust_roots, intermediates=[ca.ca_cert], crls=[ca.crl_der()])
    signed = pades.sign_pdf(
        input_pdf,
        leader.signer,
        field_name="Sig",
        profile="B-LT",
        timestamper=timestamper,
        validation_context=context,
    )
    dss = _reader(signed).root["/DSS"]
    assert len(dss["/CRLs"]) >= 1
    report = verify.verify_pdf(signed, trust_roots)
    assert report.status == "valid", report.to_dict()
    assert report.signatures[0].modification_level in {"NONE", "LTA_UPDATES"}


def test_official_then_seal_both_valid_in_pyhanko(double_signed, trust_roots, leader, seal):
    report = verify.verify_pdf(double_signed, trust_roots)
    assert report.status == "valid", report.to_dict()
    first, second = report.signatures
    assert first.field_name == "ChuKyLanhDao"
    assert second.field_name == "DauCoQuan"
    assert first.certificate_serial == format(leader.cert.serial_number, "x")
    assert second.certificate_serial == format(seal.cert.serial_number, "x")
    assert first.modification_level == "FORM_FILLING"
    assert second.coverage == "ENTIRE_FILE"
    assert report.to_dict()["signatures"][1]["organization"].endswith("(TEST)")


def test_official_then_seal_both_valid_in_pdfsig(double_signed, nss_db, tmp_path):
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(double_signed)
    result = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss_db}", str(pdf)], capture_output=True, text=True
    )
    out = result.stdout
    assert "Signature #1" in out and "Signature #2" in out, out
    assert out.count("Signature is Valid") == 2, out
    assert "Certificate is Trusted" in out, out
