"""Paths as chiso shows them, and text made safe to use as part of a file name.

**Shown paths.** On Linux a file name is bytes. A zip made on Windows and
unpacked here can hold names that are not UTF-8 (``b"b\\xe1o-c\\xe1o.xlsx"``,
cp1258); Python represents those bytes as lone surrogates, which no UTF-8
output (terminal, JSON, the scorecard's XML) can encode: ``score`` used to stop
with ``UnicodeEncodeError`` halfway through the scorecard. Every path chiso puts
in a finding, a provenance row or a message goes through :func:`shown`, which
writes each undecodable byte as ``\\xNN``: legible, unambiguous, and always
encodable. The file is still opened by its real :class:`~pathlib.Path`.

**File-name parts.** A unit code is official text from the units file; it
becomes part of a template's file name. :func:`file_part` keeps only what every
file system accepts and nothing that leaves the folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

MAX_FILE_PART = 64  # characters of one text in a file name (file systems allow 255 bytes)


def shown(path: str | Path | os.PathLike[str]) -> str:
    """``path`` as text any UTF-8 output can hold (undecodable bytes as ``\\xNN``)."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")


_UNSAFE = re.compile(r"[^\w.-]+")


def file_part(text: str) -> str:
    """``text`` as one part of a file name: letters, digits, ``_``, ``-`` and inner dots.

    Separators, control characters and anything else become ``_``; leading and
    trailing dots and dashes go (``../../x`` → ``x``, ``.hidden`` → ``hidden``, no
    option-looking ``-rf``); at most :data:`MAX_FILE_PART` characters. Never
    empty: ``"_"`` when nothing is left.
    """
    part = _UNSAFE.sub("_", text).strip("._-")[:MAX_FILE_PART].rstrip("._-")
    return part or "_"
