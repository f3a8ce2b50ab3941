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

from chiso import api
from chiso.cli.exit_codes import ExitCode
from chiso.cli.i18n import say
from chiso.cli.listing import print_findings
from chiso.cli.options import (
    findings_format_option,
    kpis_option,
    lang_option,
    language,
    period_option,
    strict_option,
    units_option,
    workers_option,
)
from chiso.paths import shown
from chiso.periods import Period, PeriodError
from chiso.render.findings import summary_line, to_text

PROGRESS_FROM = 50  # files; fewer read too fast for a progress bar to help


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@kpis_option(beside_example=False)
@units_option(required=True)
@period_option()
@findings_format_option
@lang_option
@strict_option
@workers_option
def check(
    paths: tuple[Path, ...], kpis: Path | None, units: Path, period: str | None,
    output_format: str, lang: str, strict: bool, workers: int | None,
) -> None:
    """Kiểm tra báo cáo Excel / check submitted workbooks (files or folders)."""
    language_ = language(lang)
    kpis = kpis or Path("kpis")
    for path in (*paths, kpis, units):
        if not path.exists():
            raise click.UsageError(say(f"'{shown(path)}' không tồn tại",
                                       f"'{shown(path)}' does not exist"))
    if period is not None:
        try:
            period = str(Period.parse(period))
        except PeriodError as exc:
            raise click.UsageError(str(exc)) from None
    with _progress(output_format) as progress:
        outcome = api.check(kpis, units, list(paths), period=period, progress=progress,
                            workers=workers)
    findings = outcome.findings.sorted()
    if outcome.dataset is None:
        click.echo(to_text(findings, language_), err=True)
        if outcome.unusable == "kpis":
            click.echo(say(f"{shown(kpis)}: không đọc được bộ chỉ số, chưa kiểm tra báo cáo nào",
                           f"{shown(kpis)}: cannot load the KPI files, nothing was checked"),
                       err=True)
        else:
            click.echo(say(f"{shown(units)}: không đọc được danh mục đơn vị, chưa kiểm tra báo "
                           "cáo nào", f"{shown(units)}: cannot load the units file, nothing "
                           "was checked"), err=True)
        raise SystemExit(ExitCode.NOTHING_WRITTEN)
    ok = not findings.has_errors(strict=strict)
    values = outcome.dataset.values
    reports = values[["unit", "period"]].drop_duplicates()
    files = values["file"].nunique()
    counts = summary_line(findings, language_)
    print_findings(
        findings, language_, output_format,
        closing=say(f"{len(reports)} báo cáo, {len(values)} giá trị đọc được; {counts}",
                    f"{len(reports)} report(s), {len(values)} value(s) read; {counts}"),
        json_fields={"ok": ok, "strict": strict, "period": period, "values": len(values),
                     "submissions": len(reports), "files_with_values": files},
    )
    raise SystemExit(ExitCode.OK if ok else ExitCode.FINDINGS)


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
