"""Reading many submissions: gather the files, read them (in a process pool when it
pays), and make one dataset of them.

Folders are searched for ``*.xlsx`` (:mod:`chiso.submissions.files`); each file is
read by :func:`chiso.submissions.reader.read_file`. Files are taken in sorted path
order; the first submission of a unit and period (on one form) is used, and the
same unit and period submitted again in another file is a finding (S106).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset, evidence_frame, submissions_frame
from chiso.findings import Findings
from chiso.memory import gc_paused
from chiso.periods import Period
from chiso.submissions.files import collect_files
from chiso.submissions.reader import (
    FileResult,
    ReadContext,
    Record,
    read_context,
    read_file,
    records_frame,
)
from chiso.units.model import Units

POOL_THRESHOLD = 300  # below this many files a process pool costs more than it saves


def read_submissions(
    paths: str | Path | Iterable[str | Path],
    catalogue: Catalogue,
    units: Units,
    *,
    period: str | Period | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> Dataset:
    """Read files and folders of workbooks into one dataset with all findings.

    ``workers``: processes to read with; ``None`` chooses (see
    :func:`default_workers`), ``1`` reads in this process.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    files, findings = collect_files(paths)
    ctx = read_context(catalogue, units, period)
    with gc_paused():
        return _gather(_read_all(files, ctx, progress, workers), findings)


def _gather(results: list[FileResult], findings: Findings) -> Dataset:
    """One dataset of every file's records; a unit and period read twice kept once (S106).

    Twice means on the same form: a unit's report and its DTI self-assessment are two.
    """
    first: dict[tuple[str, str, str], str] = {}
    records: list[Record] = []
    read: list[dict[str, Any]] = []
    evidence: list[tuple[str, str, str, str, str, str, str | None]] = []
    for result in results:
        findings.extend(result.findings)
        dropped: set[tuple[str, str]] = set()
        for unit, per, location in result.submitted:
            key = (unit, per, result.forms.get((unit, per), ""))
            other = first.get(key)
            if other is None:
                first[key] = str(location)
            elif other != str(location):
                findings.add("S106", location, subject=unit, unit=unit, period=per, other=other)
                dropped.add((unit, per))
        records.extend(r for r in result.records if (r[0], r[1]) not in dropped)
        evidence.extend(e for e in result.evidence if (e[0], e[1]) not in dropped)
        read.extend(result.submission_rows(dropped))
    return Dataset(records_frame(records), findings.sorted(), submissions_frame(read),
                   evidence_frame(evidence))


def _read_all(
    files: Sequence[Path], ctx: ReadContext,
    progress: Callable[[int, int], None] | None, workers: int | None,
) -> list[FileResult]:
    total = len(files)
    if workers is None:
        workers = default_workers(total)
    results: list[FileResult] = []
    if workers <= 1 or total <= 1:
        for done, path in enumerate(files, start=1):
            results.append(read_file(path, ctx))
            if progress:
                progress(done, total)
        return results
    chunk = max(1, min(64, total // (workers * 8)))
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(ctx,)) as pool:
        for done, result in enumerate(pool.map(_read_in_worker, files, chunksize=chunk), start=1):
            results.append(result)
            if progress:
                progress(done, total)
    return results


def default_workers(files: int) -> int:
    """Processes worth starting for ``files`` workbooks: one per idle core, up to four.

    Measured on 2-core VMs (``benchmarks/national.py``): with both cores idle two
    workers read 9,900 workbooks 1.6–2.3× faster than one process; with other
    work competing for the cores (~40 % CPU pressure) they were 20 % slower than
    one. So the pool gets the cores the last minute's load average leaves idle,
    and is not started below :data:`POOL_THRESHOLD` files or when fewer than two
    cores are idle.
    """
    if files < POOL_THRESHOLD:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows: no load average, assume idle
        busy = 0.0
    idle = int(cores - busy + 0.5)
    workers = min(cores, idle, 4)
    return workers if workers >= 2 else 1


_WORKER_CONTEXT: list[ReadContext] = []  # set once per worker process by the pool initializer


def _init_worker(ctx: ReadContext) -> None:
    _WORKER_CONTEXT[:] = [ctx]


def _read_in_worker(path: Path) -> FileResult:
    return read_file(path, _WORKER_CONTEXT[0])


__all__ = ["POOL_THRESHOLD", "default_workers", "read_submissions"]
