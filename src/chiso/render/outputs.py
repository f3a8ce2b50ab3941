"""The output writers, by format: one registry that ``chiso score``/``report`` and the API use.

Model: datasette's output renderers (``register_output_renderer``). Each writer
writes only its own files — ``md`` the Markdown reports, ``html`` the HTML ones —
and the command line's ``--format`` choices are the registry's keys, so a new
output is one registered function, not a branch in every command.

Writers are looked up lazily: their modules (openpyxl, jinja2, python-docx) are
imported only when that format is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chiso.engine.result import Result
from chiso.findings import Lang
from chiso.staging import Staging


@dataclass(frozen=True)
class Destination:
    """Where outputs go: a folder, and the scorecard's file (in it, or named by the user)."""

    folder: Path
    scorecard: Path

    @classmethod
    def in_folder(cls, folder: str | Path) -> Destination:
        return cls(Path(folder), Path(folder) / "scorecard.xlsx")

    @property
    def json(self) -> Path:
        return self.folder / "result.json"


@dataclass(frozen=True)
class Request:
    """One writer's inputs: the result, where, the language, the shared staging, options."""

    result: Result
    destination: Destination
    lang: Lang
    staging: Staging
    word_texts: dict[str, dict[str, Any]] | None = None


Write = Callable[[Request], list[Path]]


@dataclass(frozen=True)
class OutputWriter:
    format: str
    write: Write
    #: a programme report (left out by ``chiso score --no-report``)
    report: bool
    #: written by ``chiso score`` when no ``--format`` is given
    in_score: bool
    #: written by ``chiso report`` when no ``--format`` is given
    in_report: bool
    description: dict[str, str]


WRITERS: dict[str, OutputWriter] = {}


def register_output_writer(
    fmt: str,
    *,
    vi: str,
    en: str,
    report: bool = False,
    in_score: bool = True,
    in_report: bool = True,
) -> Callable[[Write], Write]:
    """Register ``write`` as the writer of ``fmt`` (a decorator); formats keep this order."""

    def register(write: Write) -> Write:
        if fmt in WRITERS:
            raise ValueError(f"output format {fmt!r} is registered twice")
        WRITERS[fmt] = OutputWriter(fmt, write, report, in_score, in_report, {"vi": vi, "en": en})
        return write

    return register


def formats() -> tuple[str, ...]:
    """Every registered format, in registration order (the order outputs are written)."""
    return tuple(WRITERS)


def write_outputs(
    result: Result,
    destination: Destination,
    chosen: Sequence[str],
    *,
    lang: Lang = "vi",
    word_texts: dict[str, dict[str, Any]] | None = None,
) -> list[Path]:
    """Write each chosen format; returns the files written.

    All are staged and renamed into place together when the last is complete:
    a failure on the way leaves the previous run's outputs as they were.
    """
    unknown = [f for f in chosen if f not in WRITERS]
    if unknown:
        raise ValueError(f"unknown output format(s) {unknown}; known: {list(WRITERS)}")
    written: list[Path] = []
    with Staging() as staging:
        request = Request(result, destination, lang, staging, word_texts)
        for fmt in (f for f in WRITERS if f in chosen):
            written += WRITERS[fmt].write(request)
    return written


@register_output_writer("xlsx", vi="bảng xếp hạng Excel", en="the Excel scorecard",
                        in_report=False)
def _scorecard(request: Request) -> list[Path]:
    from chiso.render.scorecard import write_scorecard

    return [write_scorecard(request.result, request.destination.scorecard, lang=request.lang,
                            staging=request.staging)]


@register_output_writer("md", vi="báo cáo Markdown", en="the Markdown reports", report=True)
def _markdown(request: Request) -> list[Path]:
    from chiso.render.report import write_reports

    return write_reports(request.result, request.destination.folder, lang=request.lang,
                         formats=["md"], staging=request.staging)


@register_output_writer("html", vi="báo cáo HTML", en="the HTML reports", report=True)
def _html(request: Request) -> list[Path]:
    from chiso.render.report import write_reports

    return write_reports(request.result, request.destination.folder, lang=request.lang,
                         formats=["html"], staging=request.staging)


@register_output_writer("docx", vi="báo cáo Word", en="the Word reports", report=True)
def _word(request: Request) -> list[Path]:
    from chiso.render.word import write_word_reports

    return write_word_reports(request.result, request.destination.folder, lang=request.lang,
                              texts=request.word_texts, staging=request.staging)


@register_output_writer("json", vi="result.json cho máy đọc", en="result.json for machines",
                        in_score=False)
def _json(request: Request) -> list[Path]:
    from chiso.render.json import write_json

    return [write_json(request.result, request.destination.json, staging=request.staging)]
