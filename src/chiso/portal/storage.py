"""Files stored once by sha256 under ``<data>/files/ab/<sha256>``, written atomically.

A file is written to a temporary name in the same folder, flushed to disk
(``fsync``), renamed into place and the folder flushed too, before the database
row that points at it is committed: a crash leaves either no file or a whole
one, never a row pointing at half a file. The same bytes uploaded twice are
stored once; nothing stored is ever overwritten or deleted by an upload.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


def data_dir() -> Path:
    return Path(settings.CHISO_DATA_DIR)


def files_dir() -> Path:
    return data_dir() / "files"


def path_of(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a sha256: {sha256!r}")
    return files_dir() / sha256[:2] / sha256


def put(data: bytes) -> tuple[str, Path]:
    """Store ``data``; returns its sha256 and path (an existing copy is kept as it is)."""
    digest = hashlib.sha256(data).hexdigest()
    target = path_of(digest)
    if target.is_file() and target.stat().st_size == len(data):
        return digest, target
    write_atomically(target, data)
    return digest, target


def write_atomically(target: Path, data: bytes) -> None:
    """Temporary file in the target's folder, fsync, rename, fsync the folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def read(sha256: str) -> bytes:
    return path_of(sha256).read_bytes()
