"""``chiso report``: the same inputs as ``chiso score``, writing only the reports and JSON.

Per programme a Markdown, a standalone HTML and a Word (docx) report, and
the full result as ``result.json`` (``--format`` picks among md, html, json).
"""

from __future__ import annotations

from pathlib import Path

import click

from chiso.cli.score import chosen_formats, input_options, run
from chiso.findings import Lang

REPORT_FORMATS = ("md", "html", "docx", "json")


@click.command()
@input_options
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(REPORT_FORMATS),
    help="Outputs to write (repeatable; default: md, html, docx, json).",
)
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
    """Báo cáo tiến độ thực hiện mục tiêu / write the goal progress reports (md, html, json).

    PATHS: an example folder (holding units.csv and submissions/) and/or
    submission workbooks and folders.
    """
    language: Lang = "en" if lang == "en" else "vi"
    code = run(
        paths=paths,
        kpis=kpis,
        units=units,
        period=period,
        out=out,
        lang=language,
        strict=strict,
        workers=workers,
        quiet=quiet,
        formats=chosen_formats(formats, REPORT_FORMATS, True, False),
        word_texts=word_texts,
    )
    ctx.exit(code)
