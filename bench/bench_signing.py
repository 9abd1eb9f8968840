"""Signatures per second: stock pyHanko path vs our PreparedSigner path.

Run: python bench/bench_signing.py [-n 40] [--profile] [--no-stamp]
Both paths sign the same small PDF with the same profile, the same visible stamp
(same text, font, size and QR URL) and the same in-process TEST timestamp authority;
one output of each side is validated with pyHanko before timing. The stock side draws
the stamp with pyHanko's own ``QRStampStyle``; it does use our pre-subset stamp font
(stock font subsetting would make it slower still, so the ratio is conservative).
Stock = ``SimpleSigner`` loaded once from PKCS#12 + ``signers.sign_pdf`` (dry-run
sizing, key re-parsed per raw signature). The two sides run in alternating rounds so
that a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import fontpkg  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import signers  # noqa: E402
from pyhanko.stamp import QRStampStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from danvan.signing import pades, testca, verify  # noqa: E402


def small_pdf() -> bytes:
    pdfmetrics.registerFont(TTFont("NotoSerifVN", str(fontpkg.path("Noto Serif"))))
    buf = BytesIO()
    page = canvas.Canvas(buf)
    page.setFont("NotoSerifVN", 13)
    page.drawString(72, 760, "Kết quả giải quyết thủ tục hành chính")
    page.showPage()
    page.save()
    return buf.getvalue()


@functools.cache
def stock_stamp_style() -> QRStampStyle:
    # pyHanko's own QR stamp (mask search, one rectangle per module), same text and font.
    return QRStampStyle(**pades.stamp_style_kwargs())


def stock_sign(pdf, signer, profile, timestamper, stamp):
    meta = pades.signature_metadata("Sig", profile, None)
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    pdf_signer = pades.build_pdf_signer(
        signer,
        meta,
        profile=profile,
        timestamper=timestamper,
        new_field=pades.field_spec("Sig", stamp, writer),
        visible=stamp is not None,
        style=stock_stamp_style(),
    )
    params = pades.appearance_params(stamp, is_test=True)
    return pdf_signer.sign_pdf(writer, appearance_text_params=params).getvalue()


def ours_sign(pdf, signer, profile, timestamper, stamp):
    return pades.sign_pdf(
        pdf, signer, field_name="Sig", profile=profile, timestamper=timestamper, stamp=stamp
    )


def rates(stock_fn, ours_fn, n: int, rounds: int = 4) -> tuple[float, float]:
    """Signatures per second of each side, measured in alternating rounds."""
    stock_fn(), ours_fn()  # warm-up: imports, font loading, caches
    spent = {stock_fn: 0.0, ours_fn: 0.0}
    per_round = max(1, n // rounds)
    for _ in range(rounds):
        for fn in spent:
            start = time.perf_counter()
            for _ in range(per_round):
                fn()
            spent[fn] += time.perf_counter() - start
    done = per_round * rounds
    return done / spent[stock_fn], done / spent[ours_fn]


def setup(workdir: Path):
    ca = testca.create_test_ca(workdir / "ca")
    key, cert = ca.issue_person("Nguyễn Văn Bench", "UBND phường Bến Nghé")
    p12 = workdir / "leader.p12"
    p12.write_bytes(ca.export_pkcs12(key, cert, "bench"))
    stock = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=b"bench")
    ours = pades.PreparedSigner(key, cert, ca.chain, is_test=True)
    tsa = pades.make_test_timestamper(ca.tsa_key, ca.tsa_cert, ca.chain)
    return stock, ours, tsa, ca.root_cert


def check_valid(name: str, signed: bytes, root) -> None:
    """Both sides must produce signatures that validate, or the ratio means nothing."""
    report = verify.verify_pdf(signed, [root])
    if report.status != "valid":
        raise SystemExit(f"{name} output does not validate: {report.to_dict()}")


def profile_paths(pdf, stock, ours, stamp, n: int) -> None:
    for name, fn, signer in (("stock", stock_sign, stock), ("ours", ours_sign, ours)):
        prof = cProfile.Profile()
        for _ in range(n):
            prof.runcall(fn, pdf, signer, "B-B", None, stamp)
        print(f"--- {name} B-B, top 25 by cumulative time")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=40)
    parser.add_argument("--no-stamp", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile both B-B paths")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stock, ours, tsa, root = setup(Path(tmp))
        pdf = small_pdf()
        stamp = (
            None
            if args.no_stamp
            else pades.StampSpec(
                "Nguyễn Văn Bench", "UBND phường Bến Nghé", "https://danvan.example.gov.vn/x/1"
            )
        )
        for profile in ("B-B", "B-T"):
            ts = tsa if profile == "B-T" else None
            check_valid(f"stock {profile}", stock_sign(pdf, stock, profile, ts, stamp), root)
            check_valid(f"ours {profile}", ours_sign(pdf, ours, profile, ts, stamp), root)
            s, o = rates(
                lambda: stock_sign(pdf, stock, profile, ts, stamp),  # noqa: B023
                lambda: ours_sign(pdf, ours, profile, ts, stamp),  # noqa: B023
                args.n,
            )
            print(f"{profile}: stock {s:7.1f} sig/s   ours {o:7.1f} sig/s   ratio {o / s:4.1f}x")
        if args.profile:
            profile_paths(pdf, stock, ours, stamp, args.n)


if __name__ == "__main__":
    main()
