"""Tampered and hostile inputs must each get the right status, never an exception."""

from __future__ import annotations

from io import BytesIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields

from danvan.signing import pades, verify


def _add_text_after_signing(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    stream = generic.StreamObject(
        stream_data=b"BT /FTamper 24 Tf 72 500 Td (DA SUA SAU KHI KY) Tj ET"
    )
    font = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
        }
    )
    resources = generic.DictionaryObject(
        {
            generic.NameObject("/Font"): generic.DictionaryObject(
                {generic.NameObject("/FTamper"): writer.add_object(font)}
            )
        }
    )
    writer.add_stream_to_page(0, writer.add_object(stream), resources=resources)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_untouched_unsigned_pdf_has_no_signature(input_pdf, trust_roots):
    assert verify.verify_pdf(input_pdf, trust_roots).status == "no_signature"


def test_byte_flipped_in_signed_range_is_invalid(double_signed, trust_roots):
    index = double_signed.index(b"ReportLab")
    tampered = bytearray(double_signed)
    tampered[index] = ord("X")
    report = verify.verify_pdf(bytes(tampered), trust_roots)
    assert report.status == "invalid"
    assert all(not s.intact for s in report.signatures)


def test_text_added_after_last_signature_is_modified(double_signed, trust_roots):
    tampered = _add_text_after_signing(double_signed)
    report = verify.verify_pdf(tampered, trust_roots)
    assert report.status == "modified", report.to_dict()
    assert report.signatures[-1].modification_level == "OTHER"
    assert report.signatures[-1].coverage == "ENTIRE_REVISION"
    assert report.signatures[-1].intact is True


def test_form_field_added_after_last_signature_is_modified_despite_bottom_line(
    double_signed, trust_roots
):
    writer = IncrementalPdfFileWriter(BytesIO(double_signed))
    fields.append_signature_field(writer, fields.SigFieldSpec("ThemSau", box=(10, 10, 60, 60)))
    out = BytesIO()
    writer.write(out)
    report = verify.verify_pdf(out.getvalue(), trust_roots)
    assert report.status == "modified", report.to_dict()
    assert report.signatures[-1].modification_level == "FORM_FILLING"


def test_signer_from_untrusted_ca_is_untrusted_even_with_same_name(
    input_pdf, impostor, trust_roots, leader_stamp, official_name
):
    signed = pades.sign_pdf(
        input_pdf, impostor.signer, field_name="Sig", profile="B-B", stamp=leader_stamp
    )
    report = verify.verify_pdf(signed, trust_roots)
    assert report.status == "untrusted"
    assert report.signatures[0].signer_common_name == f"TEST {official_name}"
    assert report.signatures[0].trusted is False


def test_revoked_signer_certificate_is_revoked(input_pdf, revoked_leader, ca, trust_roots):
    signed = pades.sign_pdf(input_pdf, revoked_leader.signer, field_name="Sig", profile="B-B")
    report = verify.verify_pdf(signed, trust_roots, crls=[ca.crl_der()])
    assert report.status == "revoked", report.to_dict()
    assert report.signatures[0].revoked is True


def test_truncated_file_is_malformed(double_signed, trust_roots):
    report = verify.verify_pdf(double_signed[: len(double_signed) // 2], trust_roots)
    assert report.status == "malformed"


def test_non_pdf_bytes_are_not_pdf(trust_roots):
    report = verify.verify_pdf(b"PK\x03\x04 this is a zip, not a PDF", trust_roots)
    assert report.status == "not_pdf"
    assert report.to_dict()["summary_vi"] == "Tệp tải lên không phải là tệp PDF."


def test_garbage_signature_container_is_reported_not_raised(double_signed, trust_roots):
    start = double_signed.index(b"/Contents <") + len(b"/Contents <")
    tampered = double_signed[:start] + b"FFFF" + double_signed[start + 4 :]
    report = verify.verify_pdf(tampered, trust_roots)
    assert report.status in {"malformed", "invalid"}


def test_broken_byte_range_dictionary_is_malformed(double_signed, trust_roots):
    tampered = double_signed.replace(b"/ByteRange [", b"/ByteRange (", 1)
    report = verify.verify_pdf(tampered, trust_roots)
    assert report.status in {"malformed", "invalid"}
