"""What ``chiso score`` and ``chiso report`` share: their inputs, ``--out``, and the run.

``chiso score examples/phu-tho --out out`` just works: an example folder holds
``units.csv`` and ``submissions/``; the KPI files are ``<folder>/kpis`` if that
exists, else the nearest ``kpis/`` above the folder, else ``kpis/`` in the
current directory. Everything else can be given
explicitly: ``chiso score --kpis kpis --units units.csv a.xlsx b.xlsx --out sc.xlsx``.

Exit codes (:mod:`chiso.cli.exit_codes`): 0 clean, 1 findings at error level
(warnings too with ``--strict``), 2 the command was misused (a path that does not
exist, nothing to read, an ``--out`` that would overwrite or be read back as an
input), 4 nothing was written because the KPI files or the units file cannot be
used (the findings say why, and a last line says that nothing was written).

Outputs are staged (:mod:`chiso.staging`): the scorecard, reports and JSON are
renamed into place together once all are complete.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from chiso.cli.exit_codes import ExitCode
from chiso.cli.i18n import say
from chiso.findings import Findings, Lang, Severity
from chiso.paths import shown
from chiso.render.outputs import WRITERS, Destination
from chiso.staging import OutputError

UNITS_FILES = ("units.csv", "units.yaml", "units.yml")
SHOWN_FINDINGS = 20  # findings printed in the terminal; all are in the outputs


@dataclass(frozen=True)
class Inputs:
    kpis: Path
    units: Path
    submissions: list[Path]


def resolve_inputs(paths: Sequence[Path], kpis: Path | None, units: Path | None) -> Inputs:
    """Work out the KPI folder, the units file and the submissions from the arguments.

    Raises :class:`click.UsageError` (exit 2) when something needed is missing.
    """
    paths = list(paths)
    for path in paths:  # a typo'd example folder is "does not exist", not "no units file"
        if not path.exists():
            raise click.UsageError(say(f"'{path}' không tồn tại", f"'{path}' does not exist"))
    example: Path | None = None
    if paths and paths[0].is_dir() and _units_file_in(paths[0]) is not None:
        example = paths.pop(0)
    if units is None and example is not None:
        units = _units_file_in(example)
    if units is None:
        raise click.UsageError(say(
            "thiếu tệp danh mục đơn vị: hãy cho --units TỆP hoặc một thư mục ví dụ có units.csv",
            "no units file: give --units FILE or an example folder holding units.csv",
        ))
    if kpis is None:
        kpis = _kpis_near(example)
    if not paths and example is not None:
        submissions = example / "submissions"
        paths = [submissions if submissions.is_dir() else example]
    if not paths:
        raise click.UsageError(say("không có báo cáo nào để đọc", "no submissions given"))
    for label, path in (("--kpis", kpis), ("--units", units), *(("", p) for p in paths)):
        if not path.exists():
            what = f"{label} " if label else ""
            raise click.UsageError(say(f"{what}'{path}' không tồn tại",
                                       f"{what}'{path}' does not exist"))
    return Inputs(kpis, units, paths)


def _kpis_near(example: Path | None) -> Path:
    """The ``kpis/`` folder of an example: in it, else the nearest one above it, else ./kpis.

    Looking upwards lets ``chiso score /path/to/repo/examples/phu-tho`` work from
    any directory, the way git finds its ``.git``.
    """
    if example is not None:
        if (example / "kpis").is_dir():
            return example / "kpis"
        for folder in example.resolve().parents:
            if (folder / "kpis").is_dir():
                return folder / "kpis"
    return Path("kpis")


def _resolved(path: Path) -> Path:
    """``path`` made absolute with links resolved (as far as it exists)."""
    return path.resolve(strict=False)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:  # one does not exist (yet)
        return False


def _units_file_in(folder: Path) -> Path | None:
    for name in UNITS_FILES:
        if (folder / name).is_file():
            return folder / name
    return None


@dataclass(frozen=True)
class Outputs:
    """Where each output goes, from ``--out`` (a folder, or a ``.xlsx`` file)."""

    scorecard: Path
    folder: Path

    @classmethod
    def from_option(cls, out: Path) -> Outputs:
        """The outputs ``--out`` names; :class:`click.UsageError` when it cannot hold them.

        A ``.xlsx`` name is the scorecard's file (a folder there is refused); any
        other name is a folder (a file there is refused, not overwritten).
        """
        if out.suffix.lower() == ".xlsx":
            if out.is_dir():
                raise click.UsageError(say(
                    f"--out '{shown(out)}' là một thư mục, không phải tệp .xlsx",
                    f"--out '{shown(out)}' is a folder, not a .xlsx file",
                ))
            return cls(out, out.parent)
        if out.exists() and not out.is_dir():
            raise click.UsageError(say(
                f"--out '{shown(out)}' là một tệp, không phải thư mục: hãy chọn một thư mục "
                "(hoặc tên tệp .xlsx)",
                f"--out '{shown(out)}' is a file, not a folder: give a folder (or a .xlsx "
                "file name)",
            ))
        return cls(out / "scorecard.xlsx", out)

    def check_against(self, inputs: Inputs) -> None:
        """Refuse outputs that would overwrite an input or be read back as one.

        ``--out`` naming a submission would replace a unit's report with the
        scorecard; an output folder inside a submissions folder would have the
        next run read the scorecard and reports as submissions. Both are
        :class:`click.UsageError` (exit 2), checked before anything is read.
        """
        folder = _resolved(self.folder)
        for given in (inputs.units, *inputs.submissions):
            source = _resolved(given)
            if given.is_dir():
                if folder == source or source in folder.parents:
                    raise click.UsageError(say(
                        f"--out '{shown(self.folder)}' nằm trong thư mục báo cáo "
                        f"'{shown(given)}': lần chạy sau sẽ đọc nhầm bảng xếp hạng như một báo "
                        "cáo; hãy chọn thư mục khác",
                        f"--out '{shown(self.folder)}' is inside the submissions folder "
                        f"'{shown(given)}': the next run would read the scorecard as a "
                        "submission; choose another folder",
                    ))
            elif _same_file(given, self.scorecard) or _resolved(self.scorecard) == source:
                raise click.UsageError(say(
                    f"--out '{shown(self.scorecard)}' là tệp đầu vào '{shown(given)}': "
                    "sẽ bị ghi đè; hãy chọn tên khác",
                    f"--out '{shown(self.scorecard)}' is the input file '{shown(given)}', "
                    "which would be overwritten; choose another name",
                ))

    @property
    def json(self) -> Path:
        return self.folder / "result.json"

    @property
    def destination(self) -> Destination:
        return Destination(self.folder, self.scorecard)


def chosen_formats(
    formats: Sequence[str], default: Sequence[str], report: bool, json: bool
) -> list[str]:
    """``--format`` wins when given; else the default, less the reports with ``--no-report``."""
    chosen = list(formats) if formats else [
        f for f in default if report or not WRITERS[f].report
    ]
    if json and "json" not in chosen:
        chosen.append("json")
    return [f for f in WRITERS if f in chosen]


def run(
    *,
    paths: Sequence[Path],
    kpis: Path | None,
    units: Path | None,
    period: str | None,
    out: Path,
    lang: Lang,
    strict: bool,
    workers: int | None,
    quiet: bool,
    formats: Sequence[str],
    word_texts: Path | None = None,
) -> int:
    """Load, read, assess, write the chosen outputs, print the summary; return the exit code."""
    from chiso import api
    from chiso.render.findings import to_text
    from chiso.render.terminal import print_summary, reading_progress

    inputs = resolve_inputs(paths, kpis, units)
    outputs = Outputs.from_option(out)
    outputs.check_against(inputs)
    texts = _word_texts(word_texts) if "docx" in formats else None
    console = Console()
    errors = Console(stderr=True)
    with reading_progress(errors, lang=lang, enabled=not quiet) as progress:
        outcome = api.score(
            inputs.kpis,
            inputs.units,
            inputs.submissions,
            period=period,
            progress=progress,
            workers=workers,
        )
    findings = outcome.findings
    if outcome.result is None:
        # The catalogue or the units file is unusable: nothing to score.
        click.echo(to_text(findings.sorted(), lang), err=True)
        click.echo(
            say("Không ghi tệp nào: bộ chỉ số hoặc danh mục đơn vị có lỗi, hãy sửa các lỗi trên.",
                "Nothing written: the KPI files or the units file have errors; fix them first."),
            err=True,
        )
        return ExitCode.NOTHING_WRITTEN
    result = outcome.result
    try:
        written = api.write_outputs(result, outputs.destination, formats, lang=lang,
                                    word_texts=texts)
    except OutputError as exc:
        raise click.UsageError(
            f"--out: '{shown(exc.path)}' {say(exc.reason_vi, exc.reason_en)}"
        ) from None
    if not quiet:
        _echo_findings(findings, lang)
        print_summary(result, console, lang=lang)
        for path in written:
            console.print(f"[green]{_label('written', lang)}:[/green] {escape(shown(path))}")
    return ExitCode.FINDINGS if findings.has_errors(strict=strict) else ExitCode.OK


def _word_texts(path: Path | None) -> dict[str, dict[str, Any]]:
    """The Word report's texts; a file that cannot be used is a usage error (exit 2)."""
    from chiso.render.word import WordTextsError, load_texts

    if path is not None and not path.exists():
        raise click.UsageError(say(f"--word-texts '{path}' không tồn tại",
                                   f"--word-texts '{path}' does not exist"))
    try:
        return load_texts(path)
    except WordTextsError as exc:
        raise click.UsageError(str(exc)) from None


def _echo_findings(findings: Findings, lang: Lang) -> None:
    from chiso.render.findings import to_text

    # errors first: two errors must not hide behind a hundred warnings
    shown = sorted(
        (f for f in findings.sorted() if f.severity is not Severity.INFO),
        key=lambda f: -f.severity.rank,
    )
    if not shown:
        return
    click.echo(to_text(shown[:SHOWN_FINDINGS], lang), err=True)
    if len(shown) > SHOWN_FINDINGS:
        more = len(shown) - SHOWN_FINDINGS
        click.echo(
            f"… {more} lỗi/cảnh báo nữa: xem trang “Lỗi dữ liệu” của bảng xếp hạng"
            if lang == "vi"
            else f"… {more} more: see the Findings sheet of the scorecard",
            err=True,
        )


def _label(key: str, lang: Lang) -> str:
    from chiso.render.labels import label

    return label(key, lang)
