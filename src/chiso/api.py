"""The Python API: everything the CLI does is one call of these functions.

>>> from chiso import api
>>> run = api.score("kpis", "examples/phu-tho/units.csv", ["examples/phu-tho/submissions"])
>>> run.result.composite.head()          # doctest: +SKIP
>>> run.findings.has_errors()            # doctest: +SKIP

Each step returns its product together with the findings it made, so a caller
can stop, show or ignore them; nothing raises on bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset
from chiso.engine.result import Result
from chiso.findings import Findings, Lang
from chiso.units.model import Units

if TYPE_CHECKING:
    from chiso.render.outputs import Destination
    from chiso.submissions.reader import FileResult

Progress = Callable[[int, int], None]


def load_catalogue(path: str | Path) -> tuple[Catalogue | None, Findings]:
    """Load and validate the KPI files of a folder (or one file)."""
    from chiso.catalogue.loader import load_catalogue as _load

    return _load(path)


def load_units(
    path: str | Path, catalogue: Catalogue | None = None
) -> tuple[Units | None, Findings]:
    """Load and check the units file (CSV or YAML)."""
    from chiso.units.loader import load_units as _load

    return _load(path, catalogue)


def read_submissions(
    paths: Sequence[str | Path],
    catalogue: Catalogue,
    units: Units,
    *,
    period: str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Dataset:
    """Read workbooks (files or folders) into a tidy dataset with provenance and findings."""
    from chiso.submissions.batch import read_submissions as _read

    return _read(
        [Path(p) for p in paths],
        catalogue,
        units,
        period=period,
        progress=progress,
        workers=workers,
    )


def assess(catalogue: Catalogue, units: Units, dataset: Dataset) -> Result:
    """Evaluate, roll up, check targets, judge progress, score and rank."""
    from chiso.engine.assess import assess as _assess

    return _assess(catalogue, units, dataset)


def track(
    units: Units,
    catalogue: Catalogue,
    dataset: Dataset,
    periods: Sequence[str] | None = None,
    *,
    received_at: Mapping[str, datetime] | None = None,
    deadlines: Mapping[str, datetime] | None = None,
) -> pd.DataFrame:
    """The submission tracker: one row per (expected unit, period) with its status.

    ``received_at`` (upload times by file sha256) overrides the files' mtimes;
    ``deadlines`` (by period) make a file received after it ``late``. Columns:
    ``tracker`` in :mod:`chiso.engine.result`; counts with :func:`track_summary`.
    """
    from chiso.engine.tracker import submission_tracker

    return submission_tracker(
        units, catalogue, dataset, periods, received_at=received_at, deadlines=deadlines
    )


def track_summary(tracker: pd.DataFrame) -> pd.DataFrame:
    """The tracker counted by period and district (see :func:`track`)."""
    from chiso.engine.tracker import tracker_summary

    return tracker_summary(tracker)


@dataclass(frozen=True)
class Run:
    """The outcome of :func:`score`: the result (None if inputs were unusable) and all findings."""

    result: Result | None
    findings: Findings


def score(
    kpis: str | Path,
    units: str | Path,
    submissions: Sequence[str | Path],
    *,
    period: str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Run:
    """From KPI files, a units file and submissions to a scored :class:`Result`."""
    inputs, findings, _ = _read_inputs(kpis, units, submissions, period=period,
                                       progress=progress, workers=workers, stop_on_kpi_errors=True)
    if inputs is None:
        return Run(None, findings)
    result = assess(*inputs)
    findings.extend(result.findings)
    # The scorecard's findings sheet shows the catalogue's and units' findings too.
    return Run(replace(result, findings=findings), findings)


def _read_inputs(
    kpis: str | Path,
    units: str | Path,
    submissions: Sequence[str | Path],
    *,
    period: str | None,
    progress: Progress | None,
    workers: int | None,
    stop_on_kpi_errors: bool,
) -> tuple[tuple[Catalogue, Units, Dataset] | None, Findings, str | None]:
    """Load the KPI files and the units, read the submissions: what :func:`score` and
    :func:`check` both begin with. Returns the inputs (None when unusable), every finding
    so far, and what could not be used ("kpis" or "units")."""
    findings = Findings()
    catalogue, found = load_catalogue(kpis)
    findings.extend(found)
    if catalogue is None or (stop_on_kpi_errors and found.has_errors()):
        return None, findings, "kpis"
    unit_tree, found = load_units(units, catalogue)
    findings.extend(found)
    if unit_tree is None:
        return None, findings, "units"
    dataset = read_submissions(
        submissions, catalogue, unit_tree, period=period, progress=progress, workers=workers
    )
    return (catalogue, unit_tree, dataset), findings, None


def read_submission(
    path: str | Path, catalogue: Catalogue, units: Units, *, period: str | None = None
) -> FileResult:
    """Read one workbook: its values, its findings, and the (unit, period) it submitted.

    Exactly what :func:`read_submissions` (and so ``chiso check``) does to each
    file; the portal reads each upload with it.
    """
    from chiso.submissions.reader import read_submission as _read

    return _read(path, catalogue, units, period=period)


def write_template(
    catalogue: Catalogue, units: Units, unit: str, period: str, out_dir: str | Path
) -> Path | None:
    """Write the template of one unit for one period (as ``chiso template`` does).

    None when the unit is not in force in the period or reports no field.
    """
    from chiso.submissions.template import write_templates

    in_force = units.as_of(period)
    if unit not in in_force:
        return None
    written = write_templates(catalogue, Units((in_force[unit],)), period, out_dir)
    return written[0] if written else None


def write_templates(
    catalogue: Catalogue,
    units: Units,
    period: str,
    out_dir: str | Path,
    *,
    consolidated: bool = False,
    levels: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    form: str | None = None,
) -> list[Path]:
    """Write the templates of a period (as ``chiso template`` does); the paths written.

    Only units in force in the period, of ``levels`` and ``codes`` when given, that
    report a field (of ``form``, when given) get one; empty when none does.
    """
    from chiso.submissions.template import write_templates as _write

    return _write(catalogue, units, period, out_dir, consolidated=consolidated,
                  levels=list(levels) if levels else None,
                  codes=list(codes) if codes else None, form=form)


@dataclass(frozen=True)
class Check:
    """The outcome of :func:`check`: the dataset read (None if the inputs were unusable)
    and every finding, the catalogue's and units file's included."""

    dataset: Dataset | None
    findings: Findings
    #: what could not be loaded when ``dataset`` is None: "kpis" or "units"
    unusable: str | None = None


def check(
    kpis: str | Path,
    units: str | Path,
    submissions: Sequence[str | Path],
    *,
    period: str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Check:
    """Load the KPI files and units, read and check the submissions (``chiso check``).

    Unlike :func:`score`, errors in the KPI files do not stop it as long as a catalogue
    could be loaded: the workbooks are still checked against it."""
    inputs, findings, unusable = _read_inputs(
        kpis, units, submissions, period=period, progress=progress, workers=workers,
        stop_on_kpi_errors=False,
    )
    if inputs is None:
        return Check(None, findings, unusable)
    dataset = inputs[2]
    findings.extend(dataset.findings)
    return Check(dataset, findings)


def output_formats() -> tuple[str, ...]:
    """The formats :func:`write_outputs` can write (``xlsx``, ``md``, ``html``, …)."""
    from chiso.render.outputs import formats

    return formats()


def write_outputs(
    result: Result,
    destination: str | Path | Destination,
    formats: Sequence[str],
    *,
    lang: Lang = "vi",
    word_texts: dict[str, dict[str, Any]] | None = None,
) -> list[Path]:
    """Write the chosen outputs of a result (a folder, or a :class:`Destination`).

    All are renamed into place together once all are complete.
    """
    from chiso.render.outputs import Destination
    from chiso.render.outputs import write_outputs as _write

    where = destination if isinstance(destination, Destination) else Destination.in_folder(
        destination
    )
    return _write(result, where, formats, lang=lang, word_texts=word_texts)


def kpi_schema() -> str:
    """The JSON Schema of KPI files, as text (``chiso schema``)."""
    from chiso.catalogue.schema import schema_text

    return schema_text()
