"""Timing and memory of one benchmark stage, for the process and its workers.

Peak memory is measured three ways, because a process pool hides its memory
from the parent:

* ``rss`` — the main process's peak resident set during the stage (Linux
  ``VmHWM``, reset at the start of the stage through ``/proc/self/clear_refs``;
  falls back to ``getrusage`` max RSS, which cannot be reset);
* ``tree`` — the peak of main + all descendant processes' RSS, sampled every
  5 ms by a thread reading ``/proc`` (worker pages shared copy-on-write with
  the parent are counted in each worker, so this over-states a forked pool);
* ``heap`` — the peak of Python allocations (tracemalloc), only with
  ``--heap``: tracemalloc slows Python code down, so those timings are not the
  headline ones.
"""

from __future__ import annotations

import os
import re
import resource
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

_KB = re.compile(rb"(VmHWM|VmRSS):\s+(\d+) kB")


@dataclass
class Stage:
    """What one stage cost."""

    name: str
    files: int | None = None
    wall: float = 0.0  # seconds
    cpu: float = 0.0  # seconds of CPU, this process and its reaped workers
    rss_mb: float = 0.0  # peak RSS of the main process during the stage
    tree_mb: float = 0.0  # peak RSS of main + workers (sampled)
    heap_mb: float | None = None  # peak Python heap (tracemalloc), if measured
    start_mb: float = 0.0  # RSS of the main process when the stage began
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def ms_per_file(self) -> float | None:
        return 1000 * self.wall / self.files if self.files else None


def _status(pid: int | str) -> dict[bytes, int]:
    try:
        text = Path(f"/proc/{pid}/status").read_bytes()
    except OSError:
        return {}
    return {m.group(1): int(m.group(2)) for m in _KB.finditer(text)}


def _descendants(pid: int) -> list[int]:
    out: list[int] = []
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                kids = Path(f"/proc/{current}/task/{tid}/children").read_text().split()
            except OSError:
                continue
            for kid in kids:
                out.append(int(kid))
                stack.append(int(kid))
    return out


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class _TreeSampler(threading.Thread):
    """Samples the RSS of this process and its descendants until stopped."""

    def __init__(self, interval: float = 0.005) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self._stop_event.is_set():
            total = _status(me).get(b"VmRSS", 0)
            for pid in _descendants(me):
                total += _status(pid).get(b"VmRSS", 0)
            self.peak_kb = max(self.peak_kb, total)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@contextmanager
def measure(name: str, files: int | None = None, *, heap: bool = False) -> Iterator[Stage]:
    """Time the block and record its peak memory into the yielded :class:`Stage`."""
    stage = Stage(name, files)
    stage.start_mb = _status("self").get(b"VmRSS", 0) / 1024
    can_reset = _reset_peak()
    sampler = _TreeSampler()
    sampler.start()
    if heap:
        tracemalloc.start()
    cpu0 = _cpu()
    t0 = time.perf_counter()
    try:
        yield stage
    finally:
        stage.wall = time.perf_counter() - t0
        stage.cpu = _cpu() - cpu0
        if heap:
            stage.heap_mb = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        sampler.stop()
        if can_reset:
            stage.rss_mb = _status("self").get(b"VmHWM", 0) / 1024
        else:
            stage.rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        stage.tree_mb = max(sampler.peak_kb / 1024, stage.rss_mb)


def contention() -> str:
    """Load average and CPU pressure (share of time runnable tasks waited for a CPU).

    On a shared machine other people's processes slow a process pool down far
    more than one process; these two figures say how quiet the machine was.
    """
    load = os.getloadavg()[0]
    pressure = "?"
    try:
        first = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        pressure = first.split("avg10=")[1].split()[0] + " %"
    except (OSError, IndexError):
        pass
    return f"load {load:.2f}, CPU pressure {pressure}"


def rss_mb() -> float:
    """The main process's resident set now."""
    return _status("self").get(b"VmRSS", 0) / 1024


def machine() -> dict[str, str]:
    """nproc, CPU model and RAM of this machine, for the figures' caption."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 0
    return {"nproc": str(cpus), "cpu": model, "ram": ram}
