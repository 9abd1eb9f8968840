"""The shortcuts of pades.py produce what stock pyHanko would (issue 4, item 9)."""

from __future__ import annotations

import asyncio
import hashlib
import re
from io import BytesIO

from asn1crypto import cms
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers

from danvan.documents.qr import qr_matrix
from danvan.signing import pades


def _both_cms(signer: pades.PreparedSigner, timestamper=None):
    digest = hashlib.sha256(b"%PDF-1.7 byte range of a result").digest()
    kwargs = {"use_pades": True, "timestamper": timestamper}
    fast = asyncio.run(signer.async_sign(digest, "sha256", **kwargs))
    stock = asyncio.run(signers.Signer.async_sign(signer, digest, "sha256", **kwargs))
    return cms.ContentInfo.load(fast.dump())["content"], stock["content"]


def test_fast_cms_signs_the_same_attributes_as_pyhanko(leader):
    fast, stock = _both_cms(leader.signer)
    fast_info, stock_info = fast["signer_infos"][0], stock["signer_infos"][0]
    assert fast_info["signed_attrs"].dump() == stock_info["signed_attrs"].dump()
    # PKCS#1 v1.5 is deterministic: same attributes, same key → same signature.
    assert fast_info["signature"].native == stock_info["signature"].native
    for name in ("version", "sid", "digest_algorithm", "signature_algorithm"):
        assert fast_info[name].dump() == stock_info[name].dump(), name
    for name in ("version", "digest_algorithms", "encap_content_info"):
        assert fast[name].dump() == stock[name].dump(), name
    assert {c.dump() for c in fast["certificates"]} == {c.dump() for c in stock["certificates"]}


def test_fast_cms_carries_the_timestamp_token(leader, timestamper):
    fast, _ = _both_cms(leader.signer, timestamper)
    unsigned = fast["signer_infos"][0]["unsigned_attrs"]
    assert [a["type"].native for a in unsigned] == ["signature_time_stamp_token"]


def test_stamp_qr_is_the_verification_url_module_for_module(input_pdf, leader, leader_stamp):
    signed = pades.sign_pdf(
        input_pdf, leader.signer, field_name="Sig", profile="B-B", stamp=leader_stamp
    )
    reader = PdfFileReader(BytesIO(signed))
    appearance = reader.embedded_signatures[0].sig_field["/AP"]["/N"]
    qr_stream = appearance["/Resources"]["/XObject"]["/QR"].get_object().data.decode()
    expected = qr_matrix(leader_stamp.verification_url, mask=pades.QR_MASK)
    n = len(expected)
    drawn = [[False] * n for _ in range(n)]
    for col, row, width in re.findall(r"^(\d+) (\d+) (\d+) 1 re$", qr_stream, re.M):
        for c in range(int(col), int(col) + int(width)):
            drawn[int(row)][c] = True
    assert drawn == expected
