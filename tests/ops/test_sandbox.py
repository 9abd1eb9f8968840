"""Hostile files: each refused (or accepted) within the time limit, never tying up the caller."""

import time

import pytest

from danvan.core.errors import DomainError
from danvan.core.sandbox import Refused, run_limited
from danvan.core.uploads import check_upload
from tests.ops import burners
from tests.ops.hostile import corpus

TIME_LIMIT = 12  # seconds: SANDBOX_TIMEOUT_SECONDS (10) plus starting the child


def test_runaway_cpu_is_stopped(settings):
    started = time.monotonic()
    with pytest.raises(Refused) as err:
        run_limited(burners.spin, cpu_seconds=1, timeout=5)
    assert time.monotonic() - started < 6
    assert err.value.code == "upload.too_complex"


def test_memory_hog_is_stopped():
    with pytest.raises(Refused, match="bộ nhớ|tài nguyên"):
        run_limited(burners.hog, memory_mb=256, timeout=10)


def test_child_returns_values():
    assert run_limited(burners.echo, {"a": 1}) == {"a": 1}


def test_hostile_corpus_is_answered_in_time():
    times = {}
    for name, (data, _content_type, expected) in corpus().items():
        started = time.monotonic()
        try:
            check_upload(name, data, max_bytes=50 * 1024 * 1024)
            outcome = "accepted"
        except DomainError as exc:
            outcome = exc.code
            assert exc.status == 422 and exc.message.startswith(f"Tệp {name}")
        times[name] = time.monotonic() - started
        assert outcome == expected, f"{name}: {outcome}"
        assert times[name] < TIME_LIMIT, f"{name} took {times[name]:.1f}s"
    longest = max(times, key=times.get)
    print(f"\n{len(times)} hostile files; longest {longest}: {times[longest]:.2f}s")


def test_ordinary_pdf_and_image_pass():
    import io

    from PIL import Image
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(100, 700, "Giấy khai sinh")
    c.showPage()
    c.save()
    assert check_upload("giay.pdf", buf.getvalue()).content_type == "application/pdf"
    img = io.BytesIO()
    Image.new("RGB", (1200, 1600), "white").save(img, "JPEG")
    assert check_upload("anh.jpg", img.getvalue()).content_type == "image/jpeg"
