"""The national benchmark: a whole country's communes, from workbooks to scorecard.

    .venv/bin/python benchmarks/national.py [--communes 3300] [--periods 3]
        [--workers N] [--sample 300] [--profile] [--heap] [--scaling] [--json PATH]

Generates (once, cached under ``benchmarks/.cache/``) the corpus of
:mod:`corpus`, then times each stage of a national run — load KPI files and
units, read + validate every workbook, evaluate + assess, write the Excel
scorecard — and, in the same run, the two references of :mod:`references`:
the naive ``pandas.read_excel`` baseline (on a sample, extrapolated per file)
and the unzip + XML-parse lower bound (on every file). Prints a table and the
ratios. ``--profile`` runs each stage again under pyinstrument and writes the
reports to ``benchmarks/.cache/profile/``. ``--scaling`` runs the whole thing
for 1 and 3 periods in fresh processes and compares memory per file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_module  # noqa: E402
import references  # noqa: E402
from measure import Stage, contention, machine, measure, rss_mb  # noqa: E402

from chiso import api  # noqa: E402
from chiso.findings import Findings  # noqa: E402

OUT = corpus_module.CACHE / "out"


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=3300)
    parser.add_argument("--provinces", type=int, default=30)
    parser.add_argument("--periods", type=int, default=3)
    parser.add_argument("--handmade", type=int, default=300, help="hand-made sheets in all")
    parser.add_argument("--workers", type=int, default=nproc(), help="reader processes")
    parser.add_argument("--sample", type=int, default=300, help="files for the naive baseline")
    parser.add_argument("--profile", action="store_true", help="profile each stage (pyinstrument)")
    parser.add_argument("--heap", action="store_true", help="also trace the Python heap (slower)")
    parser.add_argument("--scaling", action="store_true", help="compare 1 and 3 periods")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    parser.add_argument("--no-references", action="store_true",
                        help="skip the naive baseline and the unzip bound (quicker)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.scaling:
        return scaling(args)
    spec = corpus_module.CorpusSpec(
        communes=args.communes,
        provinces=args.provinces,
        periods=args.periods,
        handmade=args.handmade,
    )
    t0 = time.perf_counter()
    corpus = corpus_module.build(spec)
    generation = time.perf_counter() - t0
    files = corpus.files
    report: dict[str, Any] = {
        "machine": machine(),
        "contention_before": contention(),
        "python": platform.python_version(),
        "spec": asdict(spec),
        "workers": args.workers,
        "files": len(files),
        "templates": len(corpus.templates),
        "handmade": len(corpus.handmade),
        "extra_kpis": corpus.extra_kpis,
        "corpus_cached": corpus.cached,
        "corpus_seconds": round(generation, 2),
        "corpus_timings": corpus.timings,
        "corpus_path": str(corpus.root),
    }
    print(f"corpus: {corpus.root} — {len(files)} files "
          f"({len(corpus.templates)} templates, {len(corpus.handmade)} hand-made), "
          f"periods {', '.join(corpus.periods)}, "
          + ("cached" if corpus.cached else f"generated in {generation:.1f} s"))
    for key, value in corpus.timings.items():
        print(f"  {key}: {value:.2f}")

    report["rss_before_mb"] = rss_mb()
    stages, end_to_end, context = run_pipeline(corpus, args.workers, heap=args.heap)
    catalogue, units = context["catalogue"], context["units"]
    ratios: dict[str, float | None] = {}
    if not args.no_references:
        more, ratios = run_references(files, catalogue, units, stages[1], args)
        stages += more
    report["contention_after"] = contention()
    print_table(stages, end_to_end, ratios, report)
    report["stages"] = [asdict(s) | {"ms_per_file": s.ms_per_file} for s in stages]
    report["end_to_end_seconds"] = end_to_end
    report["ratios"] = ratios
    if args.profile:
        report["profiles"] = profile(catalogue, units, files, args.workers)
    target = args.json or corpus_module.CACHE / f"last-{spec.periods}p.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    print(f"figures written to {target}")
    if args.markdown:
        args.markdown.write_text(markdown(report), encoding="utf-8")
        print(f"Markdown table written to {args.markdown}")
    return 0


def run_pipeline(
    corpus: corpus_module.Corpus, workers: int, *, heap: bool = False
) -> tuple[list[Stage], float, dict[str, Any]]:
    """The national run, stage by stage, as ``chiso score`` does it through the API."""
    from chiso.render.scorecard import write_scorecard

    stages: list[Stage] = []
    files = corpus.files
    with measure("load KPI files + units", heap=heap) as stage:
        catalogue, found = api.load_catalogue(corpus.kpis)
        assert catalogue is not None, found
        units, found_units = api.load_units(corpus.units_file, catalogue)
        assert units is not None, found_units
    stage.note = f"{len(catalogue.kpis)} KPIs, {len(catalogue.fields)} fields, {len(units)} units"
    stages.append(stage)

    with measure("read + validate", len(files), heap=heap) as stage:
        dataset = api.read_submissions(files, catalogue, units, workers=workers)
    stage.note = f"{workers} worker(s); {_findings_note(dataset.findings)}"
    stages.append(stage)

    with measure("evaluate + assess", heap=heap) as stage:
        result = api.assess(catalogue, units, dataset)
    stage.note = (f"{len(result.values):,} KPI values, {len(result.compliance):,} compliance "
                  f"rows, {len(result.composite):,} composite scores")
    stages.append(stage)

    OUT.mkdir(parents=True, exist_ok=True)
    scorecard = OUT / "scorecard.xlsx"
    with measure("write scorecard", heap=heap) as stage:
        write_scorecard(result, scorecard)
    stage.note = (f"{scorecard.stat().st_size / 2**20:.1f} MB, {_matrix_note(result)}, "
                  f"{len(dataset.values):,} provenance rows")
    stages.append(stage)
    end_to_end = sum(s.wall for s in stages)
    return stages, end_to_end, {"catalogue": catalogue, "units": units}


def run_references(
    files: Sequence[Path], catalogue: Any, units: Any, read_stage: Stage,
    args: argparse.Namespace,
) -> tuple[list[Stage], dict[str, float | None]]:
    """The naive baseline and the unzip bound, next to chiso's reader on the same files."""
    stages: list[Stage] = []
    sample = references.sample(files, args.sample)
    with measure("  reader, 1 worker (sample)", len(sample)) as reader_serial:
        api.read_submissions(sample, catalogue, units, workers=1)
    reader_serial.note = "the naive baseline's files"
    stages.append(reader_serial)

    with measure("  naive pandas.read_excel (sample)", len(sample)) as naive:
        references.naive_read_all(sample)
    naive.note = f"openpyxl engine, all sheets; {len(sample)} of {len(files)} files"
    stages.append(naive)

    with measure("  unzip + XML parse (sample)", len(sample)) as bound_serial:
        references.unzip_parse_all(sample, 1)
    bound_serial.note = "1 process"
    stages.append(bound_serial)

    with measure("  unzip + XML parse (all)", len(files)) as bound:
        references.unzip_parse_all(files, args.workers)
    bound.note = f"{args.workers} process(es)"
    stages.append(bound)

    naive_all = (naive.ms_per_file or 0) * len(files) / 1000
    ratios = {
        f"naive / reader, national run ({args.workers} workers)":
            _ratio(naive_all, read_stage.wall),
        "naive / reader, 1 process each (sample)":
            _ratio(naive.ms_per_file, reader_serial.ms_per_file),
        f"reader / unzip bound, all files ({args.workers} processes each)":
            _ratio(read_stage.wall, bound.wall),
        "reader / unzip bound, 1 process each (sample)":
            _ratio(reader_serial.ms_per_file, bound_serial.ms_per_file),
        "pool speed-up of the reader (1 process ms/file ÷ pool ms/file)":
            _ratio(reader_serial.ms_per_file, read_stage.ms_per_file),
        "naive baseline extrapolated to all files (s)": naive_all,
    }
    return stages, ratios


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def _findings_note(findings: Findings) -> str:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    top = ", ".join(f"{code}×{n}" for code, n in sorted(counts.items(), key=lambda kv: -kv[1])[:4])
    return f"{len(findings.errors)} errors, {len(findings.warnings)} warnings ({top})"


def _matrix_note(result: Any) -> str:
    units = result.values["unit"].nunique() if len(result.values) else 0
    kpis = result.values["kpi"].nunique() if len(result.values) else 0
    return f"{units:,} units × {kpis} KPIs"


def print_table(
    stages: Sequence[Stage], end_to_end: float, ratios: dict[str, float | None],
    report: dict[str, Any],
) -> None:
    m = report["machine"]
    print()
    print(f"machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM; Python {report['python']}; "
          f"{report['contention_before']} before, {report['contention_after']} after")
    header = f"{'stage':<36} {'files':>6} {'wall s':>7} {'ms/file':>8} {'CPU s':>6} " \
             f"{'RSS MB':>7} {'+workers':>8} {'heap MB':>7}  note"
    print(header)
    print("-" * len(header))
    for s in stages:
        ms = f"{s.ms_per_file:.2f}" if s.ms_per_file is not None else ""
        heap = f"{s.heap_mb:.0f}" if s.heap_mb is not None else ""
        files = f"{s.files}" if s.files else ""
        print(f"{s.name:<36} {files:>6} {s.wall:>7.2f} {ms:>8} {s.cpu:>6.1f} "
              f"{s.rss_mb:>7.0f} {s.tree_mb:>8.0f} {heap:>7}  {s.note}")
    print("-" * len(header))
    print(f"{'national run, end to end':<36} {'':>6} {end_to_end:>7.2f}")
    print()
    width = max((len(name) for name in ratios), default=0)
    for name, value in ratios.items():
        print(f"  {name:<{width}} {value:8.2f}" if value is not None else f"  {name:<{width}}  n/a")


def markdown(report: dict[str, Any]) -> str:
    """The figures of a run as a Markdown table, for the README."""
    m = report["machine"]
    lines = [
        f"{report['files']:,} workbooks ({report['templates']:,} templates, "
        f"{report['handmade']} hand-made), {report['spec']['communes']:,} communes in "
        f"{report['spec']['provinces']} provinces, {report['spec']['periods']} periods; "
        f"{m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, Python {report['python']}; "
        f"{report['workers']} reader worker(s); {report['contention_before']} at the start.",
        "",
        "| stage | files | wall s | ms/file | CPU s | peak RSS MB | with workers MB | note |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for s in report["stages"]:
        ms = f"{s['ms_per_file']:.2f}" if s["ms_per_file"] is not None else ""
        lines.append(
            f"| {s['name'].strip()} | {s['files'] or ''} | {s['wall']:.2f} | {ms} | "
            f"{s['cpu']:.1f} | {s['rss_mb']:.0f} | {s['tree_mb']:.0f} | {s['note']} |"
        )
    lines.append(f"| **national run, end to end** | | **{report['end_to_end_seconds']:.1f}** "
                 "| | | | | |")
    if report.get("ratios"):
        lines += ["", "| ratio | value |", "|---|---:|"]
        lines += [f"| {name} | {value:.2f} |" for name, value in report["ratios"].items()
                  if value is not None]
    return "\n".join(lines) + "\n"


def profile(catalogue: Any, units: Any, files: Sequence[Path], workers: int) -> dict[str, str]:
    """Each stage once more under pyinstrument; HTML and text reports in the cache."""
    from pyinstrument import Profiler

    from chiso.render.scorecard import write_scorecard

    folder = corpus_module.CACHE / "profile"
    folder.mkdir(parents=True, exist_ok=True)
    # The reader is profiled in one process (a profiler does not follow pool
    # workers) on a sample, which is what each worker does anyway.
    read_files = references.sample(files, min(len(files), 1500))
    dataset = api.read_submissions(files, catalogue, units, workers=workers)
    box: dict[str, Any] = {}
    runs: list[tuple[str, Callable[[], Any]]] = [
        ("read", lambda: api.read_submissions(read_files, catalogue, units, workers=1)),
        ("assess", lambda: box.setdefault("result", api.assess(catalogue, units, dataset))),
        ("scorecard", lambda: write_scorecard(box["result"], OUT / "profiled.xlsx")),
    ]
    out = {}
    for name, run in runs:
        profiler = Profiler(interval=0.001)
        profiler.start()
        run()
        profiler.stop()
        (folder / f"{name}.html").write_text(profiler.output_html())
        text = profiler.output_text(unicode=True, color=False)
        (folder / f"{name}.txt").write_text(text)
        out[name] = str(folder / f"{name}.html")
        print(f"\n===== profile: {name} ({folder / name}.txt) =====")
        print("\n".join(text.splitlines()[:45]))
    return out


def scaling(args: argparse.Namespace) -> int:
    """The national run for 1 and 3 periods in fresh processes: memory per file."""
    rows = []
    for periods in (1, 3):
        target = corpus_module.CACHE / f"scaling-{periods}p.json"
        command = [sys.executable, str(Path(__file__)), "--communes", str(args.communes),
                   "--provinces", str(args.provinces), "--periods", str(periods),
                   "--handmade", str(args.handmade * periods // 3),
                   "--workers", str(args.workers), "--sample", str(args.sample),
                   "--json", str(target)]
        if args.no_references:
            command.append("--no-references")
        print("$", " ".join(command), flush=True)
        subprocess.run(command, check=True)
        rows.append(json.loads(target.read_text()))
    print("\nmemory against history (each run in a fresh process; growth = peak RSS of the")
    print("stage minus the process's RSS before the first stage, i.e. without the interpreter")
    print("and the imported libraries):")
    print(f"{'periods':>7} {'files':>6} {'stage':<22} {'wall s':>7} {'peak MB':>8} "
          f"{'growth MB':>9} {'+workers':>8} {'KB/file':>8}")
    for row in rows:
        base = row["rss_before_mb"]
        for s in row["stages"]:
            if s["name"].startswith("  "):
                continue
            growth = max(0.0, s["rss_mb"] - base)
            print(f"{row['spec']['periods']:>7} {row['files']:>6} {s['name'][:22]:<22} "
                  f"{s['wall']:>7.2f} {s['rss_mb']:>8.0f} {growth:>9.0f} {s['tree_mb']:>8.0f} "
                  f"{1024 * growth / row['files']:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
