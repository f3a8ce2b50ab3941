"""Which files to read: folders searched, links followed once, only regular files opened.

Submissions arrive as folders unpacked from zips, synced shares and copies of
copies, so the paths given are not trusted to be a tidy tree:

* **Links are followed once.** A linked subfolder is searched like any other;
  a folder reached a second time (a link back to a parent, two links to one
  folder) is not searched again, and S141 says where it was met.
* **One file, read once.** A file reached by two paths (a link and its target,
  a hard link, a folder given twice) is read once, under the first path in
  name order; S142 (info) names the other path. Before this a unit's report
  met through a link was "submitted twice" (S106).
* **Only regular files are opened.** A FIFO, a socket or a device (a link to
  ``/dev/zero``) named ``*.xlsx`` would hang the run or fill the memory:
  :func:`read_regular` opens without blocking, checks the opened file, and
  reads at most its limit; anything else is S140.
* **Names that are not UTF-8** are shown with :func:`chiso.paths.shown` in
  findings and provenance; the file is opened by its real name.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from chiso.findings import Findings, Location
from chiso.paths import shown
from chiso.submissions import codes as _codes  # noqa: F401  (declares the S codes)

# Found in folders. Besides workbooks chiso reads, spreadsheets it cannot (.xls,
# .ods, .csv …) are picked up too, so each gets a finding instead of being skipped.
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"})

_KINDS = {  # file type → (en, vi) for S140
    stat.S_IFIFO: ("named pipe (FIFO)", "một đường ống (FIFO)"),
    stat.S_IFCHR: ("character device", "một thiết bị ký tự"),
    stat.S_IFBLK: ("block device", "một thiết bị khối"),
    stat.S_IFSOCK: ("socket", "một socket"),
    stat.S_IFDIR: ("folder", "một thư mục"),
}


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], Findings]:
    """The files to read, in name order, each once; folders searched (see the module doc).

    Lock files (``~$…``) are skipped. A folder with no spreadsheet is S008.
    """
    findings = Findings()
    candidates: list[Path] = []
    searched: dict[tuple[int, int], Path] = {}  # (device, inode) of each folder searched
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(_search(path, searched, findings), key=shown)
            if not found and not _met_again(path, searched):
                findings.add("S008", Location(file=shown(path)), path=shown(path))
            candidates.extend(found)
        else:
            candidates.append(path)
    files: list[Path] = []
    first: dict[object, Path] = {}
    for path in sorted(dict.fromkeys(candidates), key=shown):
        key = _identity(path)
        other = first.get(key)
        if other is None:
            first[key] = path
            files.append(path)
        else:
            findings.add("S142", Location(file=shown(path)), other=shown(other))
    return files, findings


def _search(
    folder: Path, searched: dict[tuple[int, int], Path], findings: Findings
) -> Iterator[Path]:
    """Spreadsheets under ``folder``, links followed, each folder searched once."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            info = current.stat()
        except OSError as exc:
            findings.add("S006", Location(file=shown(current)), reason=exc.strerror or str(exc))
            continue
        key = (info.st_dev, info.st_ino)
        if key in searched:
            if searched[key] != current:
                findings.add("S141", Location(file=shown(current)), other=shown(searched[key]))
            continue
        searched[key] = current
        try:
            with os.scandir(current) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            findings.add("S006", Location(file=shown(current)), reason=exc.strerror or str(exc))
            continue
        folders: list[Path] = []
        for entry in listing:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links
            except OSError:
                is_dir = False
            if is_dir:
                folders.append(path)
            elif path.suffix.lower() in SPREADSHEET_SUFFIXES and not entry.name.startswith("~$"):
                yield path  # a FIFO or a broken link too: reading it says what it is
        pending.extend(reversed(folders))  # searched in name order: the first path wins


def _met_again(folder: Path, searched: dict[tuple[int, int], Path]) -> bool:
    """``folder`` was searched under another path (S141 said so): no S008 for it."""
    try:
        info = folder.stat()
    except OSError:
        return False
    return searched.get((info.st_dev, info.st_ino)) not in (None, folder)


def _identity(path: Path) -> object:
    """What makes two paths one file: device and inode (the path itself when it has none)."""
    try:
        info = path.stat()
    except OSError:
        return path
    return (info.st_dev, info.st_ino)


class NotRegularFile(OSError):
    """The path is a FIFO, device, socket or folder (S140)."""

    def __init__(self, kind_en: str, kind_vi: str) -> None:
        super().__init__(kind_en)
        self.kind_en = kind_en
        self.kind_vi = kind_vi


class TooLarge(OSError):
    """The file holds more than the limit (S005)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at ``path``, at most ``limit``; and its status.

    Opened without blocking (a FIFO with no writer would block ``open`` for
    ever), then checked on the open descriptor, so a file swapped for a FIFO
    between a check and the open is still caught. Raises
    :class:`NotRegularFile`, :class:`TooLarge` (by its size, or by the bytes
    actually read: a file may grow while read) or another :class:`OSError`.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            en, vi = _KINDS.get(stat.S_IFMT(info.st_mode), ("special file", "một tệp đặc biệt"))
            raise NotRegularFile(en, vi)
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data, info
