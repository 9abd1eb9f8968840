"""Streaming AES-256-GCM for backup archives (the STREAM construction: one nonce per chunk).

File layout: MAGIC (8 bytes) | key id (8 bytes, SHA-256 of the key) | nonce prefix (7 bytes) |
chunks. Each chunk is: final flag (1 byte) | ciphertext length (4 bytes, big endian) |
ciphertext+tag. The nonce of chunk i is prefix | i (4 bytes) | final flag, and the header is the
associated data of every chunk, so reordering, dropping, truncating or flipping any byte fails.
"""

import base64
import hashlib
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"DVSBAK1\n"
CHUNK = 1024 * 1024
HEADER_LEN = len(MAGIC) + 8 + 7


class BackupKeyError(Exception):
    """The key is missing, malformed, or not the one the archive was written with."""


class ArchiveCorrupt(Exception):
    """The archive was truncated or altered."""


def parse_key(raw: str | None) -> bytes:
    if not raw:
        raise BackupKeyError(
            "Chưa đặt khóa mã hóa bản sao lưu (BACKUP_ENCRYPTION_KEY). "
            "Tạo khóa mới bằng: danvan backup --generate-key"
        )
    try:
        key = base64.urlsafe_b64decode(raw.strip() + "=" * (-len(raw.strip()) % 4))
    except (ValueError, TypeError) as exc:
        raise BackupKeyError("BACKUP_ENCRYPTION_KEY không phải chuỗi base64 hợp lệ.") from exc
    if len(key) != 32:
        raise BackupKeyError("BACKUP_ENCRYPTION_KEY phải là 32 byte (256 bit) mã hóa base64.")
    return key


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"danvan-backup-key-id" + key).digest()[:8]


def _nonce(prefix: bytes, index: int, final: bool) -> bytes:
    return prefix + struct.pack(">I", index) + (b"\x01" if final else b"\x00")


class EncryptingWriter:
    """A write-only file object: buffers plaintext and writes authenticated chunks to `out`."""

    def __init__(self, out, key: bytes) -> None:
        self._out = out
        self._aead = AESGCM(key)
        self._prefix = os.urandom(7)
        self._header = MAGIC + key_id(key) + self._prefix
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        out.write(self._header)

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte so the last chunk is final
            self._emit(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, final: bool) -> None:
        if self._index >= 2**32 - 1:
            raise ValueError("archive too large")
        sealed = self._aead.encrypt(_nonce(self._prefix, self._index, final), plain, self._header)
        self._out.write(struct.pack(">BI", int(final), len(sealed)) + sealed)
        self._index += 1

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._closed = True
            self._out.flush()


def read_header(inp, key: bytes) -> bytes:
    header = inp.read(HEADER_LEN)
    if len(header) != HEADER_LEN or not header.startswith(MAGIC):
        raise ArchiveCorrupt("Tệp không phải bản sao lưu Dân Vận Số (sai định dạng).")
    if header[len(MAGIC) : len(MAGIC) + 8] != key_id(key):
        raise BackupKeyError(
            "Khóa BACKUP_ENCRYPTION_KEY không phải khóa đã mã hóa bản sao lưu này."
        )
    return header


def decrypt_chunks(inp, key: bytes):
    """Yield the plaintext chunks of an archive; raise ArchiveCorrupt on any alteration."""
    header = read_header(inp, key)
    aead = AESGCM(key)
    prefix = header[-7:]
    index = 0
    while True:
        head = inp.read(5)
        if len(head) != 5:
            raise ArchiveCorrupt("Bản sao lưu bị cắt cụt (thiếu phần cuối).")
        final, length = struct.unpack(">BI", head)
        if final not in (0, 1) or length > CHUNK + 16:
            raise ArchiveCorrupt("Bản sao lưu bị sửa đổi (khối sai cấu trúc).")
        sealed = inp.read(length)
        if len(sealed) != length:
            raise ArchiveCorrupt("Bản sao lưu bị cắt cụt (thiếu phần cuối).")
        try:
            plain = aead.decrypt(_nonce(prefix, index, bool(final)), sealed, header)
        except InvalidTag as exc:
            raise ArchiveCorrupt(
                f"Bản sao lưu bị sửa đổi (khối #{index} sai mã xác thực)."
            ) from exc
        yield plain
        index += 1
        if final:
            if inp.read(1):
                raise ArchiveCorrupt("Bản sao lưu có dữ liệu thừa sau khối cuối.")
            return


class DecryptingReader:
    """A read-only file object over decrypt_chunks (for tarfile's stream mode)."""

    def __init__(self, inp, key: bytes) -> None:
        self._chunks = decrypt_chunks(inp, key)
        self._buffer = b""
        self._pos = 0

    def _fill(self) -> bool:
        try:
            self._buffer = self._buffer[self._pos :] + next(self._chunks)
        except StopIteration:
            return False
        self._pos = 0
        return True

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            parts = [self._buffer[self._pos :], *self._chunks]
            self._buffer, self._pos = b"", 0
            return b"".join(parts)
        while len(self._buffer) - self._pos < size and self._fill():
            pass
        out = self._buffer[self._pos : self._pos + size]
        self._pos += len(out)
        return out
