"""The two references chiso's reader is measured against.

* The naive baseline: ``pandas.read_excel(engine="openpyxl", sheet_name=None)``
  file by file — what a script written in an afternoon does. ``sheet_name=None``
  because the unit and period live on a second sheet, so a naive reader must
  read every sheet too.
* The lower bound: open the zip, inflate every worksheet and the shared strings,
  and parse their XML with the C ElementTree — nothing else (no types, no
  styles, no validation). No reader that gets the values can do less work.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

_CELL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}c"


def naive_read(path: Path) -> int:
    """Read a workbook the naive way; return the number of cells seen."""
    import pandas as pd

    frames = pd.read_excel(path, engine="openpyxl", sheet_name=None, header=None)
    return sum(int(frame.size) for frame in frames.values())


def unzip_parse(path: Path) -> int:
    """Inflate and parse every sheet's XML (and the shared strings); return the cell count."""
    cells = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet") or name == "xl/sharedStrings.xml":
                root = ElementTree.fromstring(archive.read(name))
                cells += sum(1 for _ in root.iter(_CELL))
    return cells


def _unzip_parse_many(paths: Sequence[Path]) -> int:
    return sum(unzip_parse(p) for p in paths)


def unzip_parse_all(paths: Sequence[Path], workers: int = 1) -> int:
    """The lower bound over many files, serially or split over a process pool."""
    if workers <= 1:
        return _unzip_parse_many(paths)
    # Large contiguous chunks: the bound should not pay for task scheduling.
    size = max(1, -(-len(paths) // (workers * 4)))
    chunks = [list(paths[i : i + size]) for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(workers) as pool:
        return sum(pool.map(_unzip_parse_many, chunks))


def naive_read_all(paths: Sequence[Path]) -> int:
    """The naive baseline, serially, file by file."""
    return sum(naive_read(p) for p in paths)


def sample(paths: Sequence[Path], n: int) -> list[Path]:
    """``n`` files spread evenly over ``paths`` (so every kind of file is in it)."""
    if n >= len(paths):
        return list(paths)
    step = len(paths) / n
    return [paths[int(i * step)] for i in range(n)]
