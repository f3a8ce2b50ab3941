"""``chiso check PATH...``: read submissions and report every problem, for officers and CI.

Exit codes: 0 clean, 1 findings at error level (or warnings with ``--strict``),
2 the command was misused (a path that does not exist, a period that is not one),
4 nothing checked: the KPI files or the units file cannot be loaded at all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from chiso.cli.exit_codes import ExitCode
from chiso.findings import Findings, Lang
from chiso.paths import shown
from chiso.periods import Period, PeriodError
from chiso.render.findings import (
    append_step_summary,
    summary_line,
    to_github,
    to_json,
    to_text,
)

PROGRESS_FROM = 50  # files; fewer read too fast for a progress bar to help


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--kpis", type=click.Path(path_type=Path), default=Path("kpis"), show_default=True,
              help="Folder (or file) of KPI definitions.")
@click.option("--units", "units_path", type=click.Path(path_type=Path), required=True,
              help="Units file (CSV or YAML).")
@click.option("--period", default=None, help="Expected period: 2024, 2024-Q3 or 2024-06.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--workers", type=int, default=None,
              help="Processes used to read (default: chosen by the number of files).")
def check(
    paths: tuple[Path, ...], kpis: Path, units_path: Path, period: str | None,
    output_format: str, lang: str, strict: bool, workers: int | None,
) -> None:
    """Kiểm tra báo cáo Excel / check submitted workbooks (files or folders)."""
    from chiso.catalogue.loader import load_catalogue
    from chiso.submissions.batch import read_submissions
    from chiso.units.loader import load_units

    language: Lang = "en" if lang == "en" else "vi"
    for path in (*paths, kpis, units_path):
        if not path.exists():
            raise click.UsageError(f"'{shown(path)}' không tồn tại / does not exist")
    if period is not None:
        try:
            period = str(Period.parse(period))
        except PeriodError as exc:
            raise click.UsageError(str(exc)) from None
    catalogue, findings = load_catalogue(kpis)
    if catalogue is None:
        _fail_to_load(findings, language, f"{shown(kpis)}: không đọc được bộ chỉ số, chưa "
                      "kiểm tra báo cáo nào / cannot load the KPI files, nothing was checked")
    units, unit_findings = load_units(units_path, catalogue)
    findings.extend(unit_findings)
    if units is None or catalogue is None:
        _fail_to_load(findings, language, f"{shown(units_path)}: không đọc được danh mục đơn "
                      "vị, chưa kiểm tra báo cáo nào / cannot load the units file, nothing was "
                      "checked")
    assert catalogue is not None and units is not None
    with _progress(output_format) as progress:
        dataset = read_submissions(list(paths), catalogue, units, period=period,
                                   progress=progress, workers=workers)
    findings.extend(dataset.findings)
    findings = findings.sorted()
    ok = not findings.has_errors(strict=strict)
    values = dataset.values
    reports = values[["unit", "period"]].drop_duplicates()
    files = values["file"].nunique()
    if output_format == "json":
        click.echo(to_json(findings, language, ok=ok, strict=strict, period=period,
                           values=len(values), submissions=len(reports), files_with_values=files))
    elif output_format == "github":
        if findings:
            click.echo(to_github(findings, language))
    else:
        if findings:
            click.echo(to_text(findings, language))
        counts = summary_line(findings, language)
        if language == "vi":
            click.echo(f"{len(reports)} báo cáo, {len(values)} giá trị đọc được; {counts}")
        else:
            click.echo(f"{len(reports)} report(s), {len(values)} value(s) read; {counts}")
    append_step_summary(findings, language, output_format=output_format)
    raise SystemExit(ExitCode.OK if ok else ExitCode.FINDINGS)


def _fail_to_load(findings: Findings, lang: Lang, message: str) -> None:
    click.echo(to_text(findings.sorted(), lang), err=True)
    click.echo(message, err=True)
    raise SystemExit(ExitCode.NOTHING_WRITTEN)


@contextmanager
def _progress(output_format: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal's stderr for long runs; nothing otherwise."""
    if output_format != "text" or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Đọc báo cáo / reading", total=None, visible=False)

        def show(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, visible=total >= PROGRESS_FROM)

        yield show
