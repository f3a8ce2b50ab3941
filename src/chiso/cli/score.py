"""``chiso score``: from KPI files, a units file and submissions to the scorecard and reports.

``chiso score examples/phu-tho --out out`` just works (see :mod:`chiso.cli.scoring`
for how the inputs are found). ``--format`` picks among the registered output
writers (:mod:`chiso.render.outputs`); by default the Excel scorecard and the
Markdown, HTML and Word reports.
"""

from __future__ import annotations

from pathlib import Path

import click

from chiso.cli.i18n import Option
from chiso.cli.options import language, output_formats_option, scoring_options
from chiso.cli.scoring import chosen_formats, run
from chiso.render.outputs import WRITERS

DEFAULT = tuple(f for f, writer in WRITERS.items() if writer.in_score)


@click.command()
@scoring_options
@output_formats_option(tuple(WRITERS), DEFAULT)
@click.option(
    "--report/--no-report",
    cls=Option,
    default=True,
    show_default=True,
    help="Also write the Markdown/HTML/Word report of each programme.",
    help_vi="Ghi cả báo cáo Markdown/HTML/Word của từng chương trình.",
)
@click.option("--json", "with_json", cls=Option, is_flag=True,
              help="Also write result.json.", help_vi="Ghi cả result.json.")
@click.pass_context
def score(
    ctx: click.Context,
    paths: tuple[Path, ...],
    kpis: Path | None,
    units: Path | None,
    period: str | None,
    out: Path,
    lang: str,
    strict: bool,
    workers: int | None,
    quiet: bool,
    word_texts: Path | None,
    formats: tuple[str, ...],
    report: bool,
    with_json: bool,
) -> None:
    """Chấm điểm và lập bảng xếp hạng / score submissions into the Excel scorecard.

    PATHS: an example folder (holding units.csv and submissions/) and/or
    submission workbooks and folders.
    """
    ctx.exit(run(
        paths=paths, kpis=kpis, units=units, period=period, out=out, lang=language(lang),
        strict=strict, workers=workers, quiet=quiet,
        formats=chosen_formats(formats, DEFAULT, report, with_json), word_texts=word_texts,
    ))
