"""The archive encryption: round trip, and every alteration refused."""

import datetime as dt
import io

import pytest

from danvan.ops import crypto
from danvan.ops.backup import SUFFIX, apply_retention, archive_name

KEY = crypto.parse_key(crypto.new_key())


def _seal(data: bytes, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    writer = crypto.EncryptingWriter(out, key)
    for i in range(0, len(data), 70_000):
        writer.write(data[i : i + 70_000])
    writer.close()
    return out.getvalue()


def _open(blob: bytes, key: bytes = KEY) -> bytes:
    reader = crypto.DecryptingReader(io.BytesIO(blob), key)
    parts = []
    while chunk := reader.read(10_240):
        parts.append(chunk)
    return b"".join(parts)


@pytest.mark.parametrize("size", [0, 1, crypto.CHUNK, crypto.CHUNK + 1, 3 * crypto.CHUNK + 17])
def test_round_trip(size):
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    blob = _seal(data)
    assert data[:64] not in blob or size < 64
    assert _open(blob) == data


def test_truncated_archive_is_refused():
    blob = _seal(b"a" * (2 * crypto.CHUNK + 5))
    for cut in (len(blob) - 1, len(blob) - 30, crypto.HEADER_LEN + crypto.CHUNK + 21):
        with pytest.raises(crypto.ArchiveCorrupt):
            _open(blob[:cut])


def test_dropped_last_chunk_is_refused():
    blob = _seal(b"a" * (2 * crypto.CHUNK + 5))
    # exactly two whole chunks, the final one missing: looks complete but has no final flag
    whole = crypto.HEADER_LEN + 2 * (5 + crypto.CHUNK + 16)
    with pytest.raises(crypto.ArchiveCorrupt, match="cắt cụt"):
        _open(blob[:whole])


def test_flipped_byte_and_trailing_data_are_refused():
    blob = bytearray(_seal(b"b" * 5000))
    blob[crypto.HEADER_LEN + 40] ^= 1
    with pytest.raises(crypto.ArchiveCorrupt, match="mã xác thực"):
        _open(bytes(blob))
    with pytest.raises(crypto.ArchiveCorrupt, match="thừa"):
        _open(_seal(b"c") + b"junk")


def test_swapped_chunks_are_refused():
    blob = _seal(b"1" * crypto.CHUNK + b"2" * crypto.CHUNK + b"3")
    size = 5 + crypto.CHUNK + 16
    h = crypto.HEADER_LEN
    swapped = blob[:h] + blob[h + size : h + 2 * size] + blob[h : h + size] + blob[h + 2 * size :]
    with pytest.raises(crypto.ArchiveCorrupt):
        _open(swapped)


def test_wrong_key_and_bad_keys():
    blob = _seal(b"secret")
    with pytest.raises(crypto.BackupKeyError, match="không phải khóa"):
        _open(blob, crypto.parse_key(crypto.new_key()))
    for raw in (None, "", "abc", "!!!!"):
        with pytest.raises(crypto.BackupKeyError):
            crypto.parse_key(raw)
    with pytest.raises(crypto.ArchiveCorrupt, match="định dạng"):
        _open(b"PK\x03\x04 not an archive at all")


def test_retention_keeps_newest_per_day_week_month(tmp_path):
    start = dt.datetime(2026, 1, 1, 1, 0, tzinfo=dt.UTC)
    # two archives a day for 120 days
    for day in range(120):
        for hour in (1, 13):
            moment = start + dt.timedelta(days=day, hours=hour - 1)
            (tmp_path / archive_name(moment)).write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("kept")
    (tmp_path / f"danvan-garbage{SUFFIX}").write_text("kept: not a dated name")
    removed = apply_retention(tmp_path, daily=7, weekly=4, monthly=3)
    kept = sorted(p.name for p in tmp_path.glob(f"danvan-2*{SUFFIX}"))
    assert len(removed) == 240 - len(kept)
    newest = start + dt.timedelta(days=119, hours=12)
    assert archive_name(newest) in kept
    # 7 days + up to 4 weeks + up to 3 months, overlapping: the newest of each bucket
    assert 7 <= len(kept) <= 14
    assert all(name.endswith("T130000Z" + SUFFIX) for name in kept)  # the newest of each day
    assert (tmp_path / "notes.txt").exists() and (tmp_path / f"danvan-garbage{SUFFIX}").exists()
    months = {name[7:13] for name in kept}
    assert len(months) == 3
