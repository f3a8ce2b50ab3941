"""The portal under a province's deadline: 225 communes upload within a minute.

    .venv/bin/python benchmarks/portal.py [--communes 225] [--window 60]
        [--concurrency 16] [--time-limit 300] [--reference 10] [--json PATH]

What a province sees on the last day: every commune sends its workbook in the
same minute. This script

1. generates (once, cached under ``benchmarks/.cache/``) a province of
   ``--communes`` communes and one filled chiso template each, with
   :mod:`corpus` (the national benchmark's generator);
2. starts ``chiso serve`` on 127.0.0.1 with a fresh data folder (SQLite, the
   embedded default; ``--database URL`` for PostgreSQL), imports the units,
   opens the period and makes one account and API token per commune;
3. sends the uploads from a bounded pool of threads (``--concurrency``), commune
   *i* starting at ``i × window / communes`` seconds, so all have started within
   ``--window`` seconds; each is one ``POST`` of the workbook with the commune's
   token, and its time is **upload to findings**: from the first byte sent to
   the findings parsed from the answer;
4. checks that nothing was lost: every file is in the data folder under its
   sha256 and the portal lists it as the commune's version;
5. times the alternative a commune officer has without the portal — ``chiso
   check`` of the same workbook as a command (``--reference`` files) — and
   prints the machine with the figures.

Only 127.0.0.1 is ever sent anything. The run is bounded: ``--communes``
requests, each with a timeout, and ``--time-limit`` seconds for the load in all;
then the server is stopped and the script exits by itself.
Targets: p95 upload-to-findings under 500 ms, no 5xx, no upload lost.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_module  # noqa: E402
from measure import contention, machine  # noqa: E402

from chiso.portal.bootstrap import chiso_command, free_port  # noqa: E402

ROOT = HERE.parent
PERIOD = "2025"
TARGET_P95_MS = 500.0
START_TIMEOUT = 120.0  # seconds for the server to answer after it is started
REQUEST_TIMEOUT = 60.0  # seconds for one upload


@dataclass
class Job:
    """One commune's upload: its workbook, its sha256, its token, when it starts."""

    unit: str
    path: Path
    sha256: str
    token: str
    at: float  # seconds after the start of the load


@dataclass
class Result:
    unit: str
    status: int = 0  # HTTP status; 0 when no answer came
    ms: float | None = None  # upload to findings
    lag_ms: float = 0.0  # how late the upload started against its schedule
    error: str = ""
    upload_id: int | None = None
    accepted: bool = False
    n_errors: int | None = None
    n_findings: int | None = None
    sha256_answered: str | None = None


@dataclass
class Figures:
    machine: dict[str, str]
    python: str
    server: str
    database: str
    communes: int
    window_s: float
    concurrency: int
    sent: int = 0
    answered: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    p50_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    mean_ms: float | None = None
    max_lag_ms: float = 0.0
    load_s: float = 0.0
    errors: list[str] = field(default_factory=list)
    server_errors_5xx: int = 0
    lost: list[str] = field(default_factory=list)
    found_by_sha256: int = 0
    accepted: int = 0
    with_error_findings: int = 0
    reference: dict[str, Any] = field(default_factory=dict)
    contention_before: str = ""
    contention_after: str = ""


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


# --- setting the portal up -------------------------------------------------------


def prepare(data: Path, kpis: Path, units_file: Path, database: str | None) -> dict[str, str]:
    """Import the units, open the period, one API token per commune; returns code → token.

    Runs the portal's own code in this process (Django set up on ``data``), as an
    administrator would through the pages. Passwords are hashed with a fast hasher
    here: 225 PBKDF2 hashes would take minutes and nobody logs in with them.
    """
    from chiso.portal.bootstrap import configure, migrate

    configure(data, kpis=kpis, database=database)
    migrate()
    from django.db import connections
    from django.test.utils import override_settings

    from chiso.portal.accounts import new_token
    from chiso.portal.models import Account, ReportingPeriod, Role
    from chiso.portal.province import import_units

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        imported = import_units(units_file.read_bytes(), units_file.name, None,
                                password="benchmark-only")
    if imported.findings.has_errors():
        raise SystemExit(f"the units file does not import: {imported.findings}")
    ReportingPeriod.objects.get_or_create(code=PERIOD)
    tokens = {}
    for account in Account.objects.filter(role=Role.REPORTER).select_related("unit", "user"):
        tokens[account.unit.code] = new_token(account.user)
    connections.close_all()
    return tokens


def start_server(data: Path, kpis: Path, port: int, database: str | None,
                 log: Path) -> subprocess.Popen[bytes]:
    command = [*chiso_command(), "serve", "--data", str(data), "--kpis", str(kpis),
               "--host", "127.0.0.1", "--port", str(port)]
    env = dict(os.environ)
    if database:
        env["CHISO_DATABASE_URL"] = database
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + START_TIMEOUT
    url = f"http://127.0.0.1:{port}/login/"
    import httpx

    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"chiso serve stopped ({process.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    stop(process)
    raise SystemExit(f"chiso serve did not answer within {START_TIMEOUT:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


# --- the load ----------------------------------------------------------------------


def upload(client: Any, base: str, job: Job) -> Result:
    """One ``POST /api/v1/uploads``; the time runs until the findings are parsed."""
    result = Result(job.unit)
    body = job.path.read_bytes()
    t0 = time.perf_counter()
    try:
        response = client.post(
            f"{base}/api/v1/uploads",
            headers={"Authorization": f"Token {job.token}"},
            data={"unit": job.unit, "period": PERIOD},
            files={"workbook": (job.path.name, body,
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")},
        )
        result.status = response.status_code
        if response.status_code == 201:
            answer = response.json()
            findings = answer["findings"]
            result.ms = 1000 * (time.perf_counter() - t0)
            result.upload_id = answer["id"]
            result.accepted = answer["status"] == "accepted"
            result.n_errors = answer["summary"]["error"]
            result.n_findings = len(findings)
            result.sha256_answered = answer["sha256"]
        else:
            result.ms = 1000 * (time.perf_counter() - t0)
            result.error = f"HTTP {response.status_code}: {response.text[:200]}"
    except Exception as exc:  # a benchmark counts every failure, it does not stop on one
        result.error = f"{type(exc).__name__}: {exc}"
    return result


def load(
    base: str, jobs: list[Job], concurrency: int, time_limit: float
) -> tuple[list[Result], float]:
    """Send every job at its time from ``concurrency`` threads; stop at ``time_limit``."""
    import httpx

    start = time.perf_counter()
    deadline = start + time_limit

    def run(job: Job) -> Result:
        wait = start + job.at - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        now = time.perf_counter()
        if now > deadline:
            return Result(job.unit, error="not sent: the time limit was reached")
        timeout = max(1.0, min(REQUEST_TIMEOUT, deadline - now))
        # a client (a connection) per commune: each is its own office and browser
        with httpx.Client(timeout=timeout) as client:
            result = upload(client, base, job)
        result.lag_ms = max(0.0, 1000 * (now - start - job.at))
        return result

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="commune") as pool:
        results = list(pool.map(run, jobs))
    return results, time.perf_counter() - start


# --- after the run ------------------------------------------------------------------


def lost_uploads(base: str, data: Path, jobs: list[Job]) -> tuple[list[str], int]:
    """Units whose workbook is not in the store or not listed as a version, by sha256."""
    import httpx

    lost = []
    found = 0
    with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
        for job in jobs:
            stored = data / "files" / job.sha256[:2] / job.sha256
            on_disk = (stored.is_file()
                       and hashlib.sha256(stored.read_bytes()).hexdigest() == job.sha256)
            answer = client.get(f"{base}/api/v1/units/{job.unit}/{PERIOD}/uploads",
                                headers={"Authorization": f"Token {job.token}"})
            listed = answer.status_code == 200 and any(
                v["sha256"] == job.sha256 for v in answer.json()["versions"]
            )
            if on_disk and listed:
                found += 1
            else:
                lost.append(f"{job.unit}: {'on disk' if on_disk else 'NOT on disk'}, "
                            f"{'listed' if listed else 'NOT listed'}")
    return lost, found


def reference(units_file: Path, kpis: Path, files: Sequence[Path]) -> dict[str, Any]:
    """``chiso check`` of the same workbooks, one command each, as an officer would run it."""
    times = []
    codes = set()
    for path in files:
        t0 = time.perf_counter()
        done = subprocess.run(
            [*chiso_command(), "check", "--units", str(units_file), "--kpis", str(kpis),
             "--period", PERIOD, str(path)],
            capture_output=True, timeout=300, check=False,
        )
        times.append(1000 * (time.perf_counter() - t0))
        codes.add(done.returncode)
    return {"what": "chiso check FILE (a new process per file)", "files": len(files),
            "p50_ms": percentile(times, 50), "max_ms": max(times), "exit_codes": sorted(codes)}


# --- the report ---------------------------------------------------------------------


def summarise(figures: Figures, results: list[Result]) -> None:
    figures.sent = sum(1 for r in results if not r.error.startswith("not sent"))
    times = [r.ms for r in results if r.status == 201 and r.ms is not None]
    figures.answered = len(times)
    counts: dict[str, int] = {}
    for r in results:
        key = str(r.status) if r.status else "no answer"
        counts[key] = counts.get(key, 0) + 1
    figures.status_counts = dict(sorted(counts.items()))
    figures.server_errors_5xx = sum(1 for r in results if r.status >= 500)
    figures.errors = [f"{r.unit}: {r.error}" for r in results if r.error]
    figures.accepted = sum(1 for r in results if r.accepted)
    figures.with_error_findings = sum(1 for r in results if r.n_errors)
    figures.max_lag_ms = max((r.lag_ms for r in results), default=0.0)
    if times:
        figures.p50_ms = percentile(times, 50)
        figures.p95_ms = percentile(times, 95)
        figures.max_ms = max(times)
        figures.mean_ms = statistics.fmean(times)


def fmt(ms: float | None) -> str:
    return "-" if ms is None else f"{ms:,.0f} ms"


def print_report(f: Figures) -> None:
    m = f.machine
    print()
    print(f"machine: {m['cpu']}, {m['nproc']} cores, {m['ram']} RAM; Python {f.python}; "
          f"{platform.system()} {platform.release()}")
    print(f"server:  {f.server}, database {f.database}")
    print(f"before:  {f.contention_before}; after: {f.contention_after}")
    print(f"load:    {f.communes} communes within {f.window_s:.0f} s, at most {f.concurrency} "
          f"at once; took {f.load_s:.1f} s; the latest start was {fmt(f.max_lag_ms)} late")
    print()
    rows = [
        ("uploads sent / answered 201", f"{f.sent} / {f.answered}"),
        ("HTTP statuses", ", ".join(f"{k}: {v}" for k, v in f.status_counts.items())),
        ("upload to findings, p50", fmt(f.p50_ms)),
        ("upload to findings, p95", f"{fmt(f.p95_ms)} (target < {TARGET_P95_MS:.0f} ms)"),
        ("upload to findings, mean / max", f"{fmt(f.mean_ms)} / {fmt(f.max_ms)}"),
        ("5xx answers", f"{f.server_errors_5xx} (target 0)"),
        ("other errors", str(len(f.errors) - f.server_errors_5xx)),
        ("found by sha256 after the run", f"{f.found_by_sha256} / {f.communes} "
                                           f"(lost: {len(f.lost)}, target 0)"),
        ("accepted / with error findings", f"{f.accepted} / {f.with_error_findings}"),
    ]
    if f.reference:
        rows.append((f"instead: {f.reference['what']}",
                     f"p50 {fmt(f.reference['p50_ms'])}, max {fmt(f.reference['max_ms'])} "
                     f"({f.reference['files']} files)"))
    width = max(len(a) for a, _ in rows)
    for a, b in rows:
        print(f"  {a:<{width}}  {b}")
    for line in (f.errors + f.lost)[:20]:
        print(f"  ! {line}")
    met = (f.p95_ms is not None and f.p95_ms < TARGET_P95_MS and f.server_errors_5xx == 0
           and not f.lost and f.answered == f.communes)
    print()
    print("targets met" if met else "targets NOT met")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=225)
    parser.add_argument("--window", type=float, default=60.0,
                        help="seconds within which every upload starts")
    parser.add_argument("--concurrency", type=int, default=16,
                        help="uploads in flight at most (threads)")
    parser.add_argument("--time-limit", type=float, default=300.0,
                        help="seconds for the whole load; later uploads are not sent")
    parser.add_argument("--reference", type=int, default=10,
                        help="workbooks checked with `chiso check` for comparison (0: none)")
    parser.add_argument("--database", default=None,
                        help="postgresql://… instead of SQLite in the data folder")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    parser.add_argument("--json", type=Path, default=corpus_module.CACHE / "portal-last.json")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.communes < 1 or args.window <= 0 or args.concurrency < 1:
        raise SystemExit("--communes, --window and --concurrency must be positive")
    spec = corpus_module.CorpusSpec(communes=args.communes, provinces=1, periods=1,
                                    last_year=int(PERIOD), handmade=0, kpis=0)
    made = corpus_module.build(spec)
    print(f"corpus: {len(made.templates)} workbooks in {made.root} "
          f"({'cached' if made.cached else 'generated'})")
    work = Path(tempfile.mkdtemp(prefix="chiso-portal-bench-"))
    data = work / "data"
    server = None
    try:
        t0 = time.perf_counter()
        tokens = prepare(data, made.kpis, made.units_file, args.database)
        print(f"portal prepared in {time.perf_counter() - t0:.1f} s: "
              f"{len(tokens)} commune accounts with tokens, period {PERIOD} open")
        by_unit = {p.name.split("-", 1)[0]: p for p in made.templates}
        codes = sorted(c for c in tokens if c in by_unit)[: args.communes]
        jobs = [
            Job(code, by_unit[code], hashlib.sha256(by_unit[code].read_bytes()).hexdigest(),
                tokens[code], at=i * args.window / len(codes))
            for i, code in enumerate(codes)
        ]
        port = free_port()
        server = start_server(data, made.kpis, port, args.database, work / "serve.log")
        base = f"http://127.0.0.1:{port}"
        import django

        figures = Figures(
            machine=machine(), python=platform.python_version(),
            server=f"chiso serve (Django {django.get_version()} runserver, threaded)",
            database="PostgreSQL" if args.database else "SQLite (WAL) in the data folder",
            communes=len(jobs), window_s=args.window, concurrency=args.concurrency,
            contention_before=contention(),
        )
        results, figures.load_s = load(base, jobs, args.concurrency, args.time_limit)
        figures.contention_after = contention()
        summarise(figures, results)
        figures.lost, figures.found_by_sha256 = lost_uploads(base, data, jobs)
        stop(server)
        server = None
        if args.reference:
            figures.reference = reference(made.units_file, made.kpis,
                                          [j.path for j in jobs[: args.reference]])
        print_report(figures)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(
            {"figures": asdict(figures), "results": [asdict(r) for r in results]},
            indent=1, ensure_ascii=False, default=str))
        print(f"figures: {args.json}")
        ok = (figures.p95_ms is not None and figures.p95_ms < TARGET_P95_MS
              and figures.server_errors_5xx == 0 and not figures.lost)
        return 0 if ok else 1
    finally:
        if server is not None:
            stop(server)
        if args.keep:
            print(f"data kept in {data}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
