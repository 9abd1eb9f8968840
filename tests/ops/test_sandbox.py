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


def _ordinary_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(100, 700, "Tờ khai")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_one_dossiers_files_are_checked_in_one_child_and_each_keeps_its_own_verdict(monkeypatch):
    """check_each: one sandbox child for the lot (not one per file); a refused file is named,
    the files behind it are still checked, those before it pass."""
    from danvan.core import sandbox
    from danvan.core.uploads import CheckedUpload, check_each, check_uploads
    from tests.ops import hostile

    children = []
    real = sandbox.run_limited
    monkeypatch.setattr(sandbox, "run_limited", lambda *a, **k: children.append(1) or real(*a, **k))
    good = _ordinary_pdf()
    files = [("a.pdf", good), ("khoa.pdf", hostile.pdf_encrypted()), ("c.pdf", good),
             ("lai.pdf", hostile.pdf_html_polyglot()), ("e.pdf", good)]  # fmt: skip
    results = check_each(files)
    assert [type(r).__name__ for r in results] == [
        "CheckedUpload", "DomainError", "CheckedUpload", "DomainError", "CheckedUpload"
    ]  # fmt: skip
    assert results[1].code == "upload.encrypted" and results[1].message.startswith("Tệp khoa.pdf")
    assert results[3].code == "upload.polyglot" and results[3].message.startswith("Tệp lai.pdf")
    assert len(children) == 3  # the lot, then what followed each refusal
    children.clear()
    assert all(isinstance(r, CheckedUpload) for r in check_uploads([("a.pdf", good)] * 3))
    assert len(children) == 1
    with pytest.raises(DomainError, match="^Tệp khoa.pdf"):
        check_uploads(files[:3])


def test_a_file_that_exhausts_the_shared_child_is_found_and_named(monkeypatch):
    """Out of the batch child's limits (no file named): the files are checked again one by one,
    so the refusal names the file that caused it and the ordinary ones pass."""
    from danvan.core import sandbox
    from danvan.core.uploads import check_each
    from tests.ops import hostile

    children = []
    real = sandbox.run_limited
    monkeypatch.setattr(sandbox, "run_limited", lambda *a, **k: children.append(1) or real(*a, **k))
    good = _ordinary_pdf()
    nested = hostile.pdf_deep_nesting()
    results = check_each([("a.pdf", good), ("long.pdf", nested), ("c.pdf", good)])
    assert not isinstance(results[0], DomainError) and not isinstance(results[2], DomainError)
    assert isinstance(results[1], DomainError) and results[1].message.startswith("Tệp long.pdf")
    assert results[1].code == "upload.too_complex"
    assert len(children) == 1 + 2 + 1  # the lot; a.pdf and long.pdf alone; then c.pdf
