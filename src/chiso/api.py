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
from typing import TYPE_CHECKING

import pandas as pd

from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset
from chiso.engine.result import Result
from chiso.findings import Findings
from chiso.units.model import Units

if TYPE_CHECKING:
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
    findings = Findings()
    catalogue, found = load_catalogue(kpis)
    findings.extend(found)
    if catalogue is None or found.has_errors():
        return Run(None, findings)
    unit_tree, found = load_units(units, catalogue)
    findings.extend(found)
    if unit_tree is None:
        return Run(None, findings)
    dataset = read_submissions(
        submissions, catalogue, unit_tree, period=period, progress=progress, workers=workers
    )
    result = assess(catalogue, unit_tree, dataset)
    findings.extend(result.findings)
    # The scorecard's findings sheet shows the catalogue's and units' findings too.
    return Run(replace(result, findings=findings), findings)


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
