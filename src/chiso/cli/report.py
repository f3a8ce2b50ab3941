"""``chiso report``: the same inputs as ``chiso score``, writing only the reports and JSON.

Per programme a Markdown, a standalone HTML and a Word (docx) report, and
the full result as ``result.json`` (``--format`` picks among them).
"""

from __future__ import annotations

from pathlib import Path

import click

from chiso.cli.options import language, output_formats_option, scoring_options
from chiso.cli.scoring import chosen_formats, run
from chiso.render.outputs import WRITERS

FORMATS = tuple(f for f, writer in WRITERS.items() if writer.in_report)


@click.command()
@scoring_options
@output_formats_option(FORMATS, FORMATS)
@click.pass_context
def report(
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
) -> None:
    """Báo cáo tiến độ thực hiện mục tiêu / write the goal progress reports (md, html, docx, json).

    PATHS: an example folder (holding units.csv and submissions/) and/or
    submission workbooks and folders.
    """
    ctx.exit(run(
        paths=paths, kpis=kpis, units=units, period=period, out=out, lang=language(lang),
        strict=strict, workers=workers, quiet=quiet,
        formats=chosen_formats(formats, FORMATS, True, False), word_texts=word_texts,
    ))
