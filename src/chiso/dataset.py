"""The tidy dataset: one row per (unit, period, field) with the value's provenance.

It is what reading submissions produces and what the engine consumes. Every value
carries its source — file path, the file's sha256, sheet and cell — so any number
in a scorecard can be traced back to the cell it came from. Values are floats;
a missing value is absent (or NaN), never 0.

A value the reader kept although an error finding makes it unusable (``dossiers_online
(120) > dossiers_total (100)``, S302) carries that finding's code in ``flag``: it
stays in the tidy frame, so provenance shows what was typed, but :meth:`Dataset.wide`
leaves it out (NaN), so no KPI is computed from it. :meth:`Dataset.flag_mask` says
which NaN of the wide frame are such values.

``submissions`` lists the workbooks read, one row per (file, unit, period) a file
submitted — or one row with unit and period None for a file that gave no
submission (not a workbook, no unit found, …): file, sha256, unit, period,
n_values (values kept in ``values``), n_errors, n_warnings (findings of that
submission: the file's own when it submitted one unit, the unit's rows' when it
is consolidated), modified (the file's mtime as a UTC datetime, or None). The
submission tracker (:mod:`chiso.engine.tracker`) reads it.

``evidence`` holds the evidence (tài liệu kiểm chứng) typed beside points on a
self-assessment form, one row per (unit, period, field): text, file, sheet, cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from chiso.findings import Findings

COLUMNS = [
    "unit", "period", "field", "value", "file", "sha256", "sheet", "cell", "raw", "flag"
]
KEY = ["unit", "period", "field"]
EVIDENCE_COLUMNS = ["unit", "period", "field", "text", "file", "sheet", "cell"]
SUBMISSION_COLUMNS = [
    "file", "sha256", "unit", "period", "n_values", "n_errors", "n_warnings", "modified"
]


def empty_submissions() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in SUBMISSION_COLUMNS})
    for column in ("n_values", "n_errors", "n_warnings"):
        frame[column] = frame[column].astype("int64")
    return frame


def submissions_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The ``submissions`` frame from dicts (missing keys None, counts 0)."""
    listed = list(rows)
    if not listed:
        return empty_submissions()
    frame = pd.DataFrame(listed)
    for column in SUBMISSION_COLUMNS:
        if column not in frame:
            frame[column] = 0 if column.startswith("n_") else None
    frame = frame[SUBMISSION_COLUMNS]
    for column in ("n_values", "n_errors", "n_warnings"):
        frame[column] = frame[column].fillna(0).astype("int64")
    for column in ("file", "sha256", "unit", "period", "modified"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame.reset_index(drop=True)


def evidence_frame(rows: Iterable[Sequence[Any]] = ()) -> pd.DataFrame:
    """The ``evidence`` frame from (unit, period, field, text, file, sheet, cell) rows."""
    listed = [tuple(r) for r in rows]
    if not listed:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in EVIDENCE_COLUMNS})
    return pd.DataFrame(listed, columns=EVIDENCE_COLUMNS)


def empty_frame() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    frame["value"] = frame["value"].astype(float)
    return frame


@dataclass(frozen=True)
class Dataset:
    """Reported values (tidy, with provenance) and the findings of reading them."""

    values: pd.DataFrame = field(default_factory=empty_frame)
    findings: Findings = field(default_factory=Findings)
    submissions: pd.DataFrame = field(default_factory=empty_submissions)
    # The evidence (tài liệu kiểm chứng) typed beside points on a self-assessment form:
    # one row per (unit, period, field) with text, and where it is (EVIDENCE_COLUMNS).
    evidence: pd.DataFrame = field(default_factory=evidence_frame)

    @classmethod
    def from_records(
        cls, records: Iterable[Mapping[str, Any]], findings: Iterable[Any] = ()
    ) -> Dataset:
        """Build from dicts with at least unit, period, field, value (handy in tests).

        Other columns (provenance, ``flag``) are None when not given.
        """
        frame = pd.DataFrame(list(records))
        for column in COLUMNS:
            if column not in frame:
                frame[column] = None
        frame = frame[COLUMNS]
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
        frame["period"] = frame["period"].astype(str)
        frame["unit"] = frame["unit"].astype(str)
        return cls(frame.reset_index(drop=True), Findings(findings))

    @classmethod
    def from_wide(cls, wide: pd.DataFrame) -> Dataset:
        """Build from a frame indexed by (unit, period) with one column per field."""
        tidy = (
            wide.rename_axis(["unit", "period"])
            .reset_index()
            .melt(id_vars=["unit", "period"], var_name="field", value_name="value")
        )
        tidy = tidy.dropna(subset=["value"])
        records: list[dict[str, Any]] = tidy.to_dict("records")  # type: ignore[assignment]
        return cls.from_records(records)

    def wide(self, fields: Iterable[str] | None = None) -> pd.DataFrame:
        """(unit, period) × field frame of floats; NaN where not reported or flagged.

        When a (unit, period, field) appears more than once (a duplicate
        submission, already reported as a finding) the last value wins. A flagged
        value is NaN, but its unit, period and field still have a row and a column.
        """
        frame = self._last()
        flagged = _flagged(frame)
        if flagged.any():
            frame = frame.assign(value=frame["value"].where(~flagged))
        return self._pivot(frame, "value", fields).astype(float)

    def flag_mask(self, fields: Iterable[str] | None = None) -> pd.DataFrame:
        """Booleans aligned with :meth:`wide` (same index and columns): True where flagged."""
        frame = self._last()
        frame = frame.assign(_flagged=_flagged(frame).astype(float))
        return self._pivot(frame, "_flagged", fields).fillna(0.0).astype(bool)

    @property
    def flagged(self) -> dict[tuple[str, str, str], str]:
        """(unit, period, field) → code of the error finding that makes the value unusable."""
        frame = self._last()
        if "flag" not in frame:
            return {}
        rows = frame[_flagged(frame)]
        return {
            (str(u), str(p), str(f)): str(code)
            for u, p, f, code in zip(
                rows["unit"], rows["period"], rows["field"], rows["flag"], strict=True
            )
        }

    def _last(self) -> pd.DataFrame:
        """The values with one row per (unit, period, field): the last one."""
        frame = self.values
        if frame.duplicated(KEY).any():
            frame = frame.drop_duplicates(KEY, keep="last")
        return frame

    @staticmethod
    def _pivot(frame: pd.DataFrame, column: str, fields: Iterable[str] | None) -> pd.DataFrame:
        wide = frame.pivot_table(
            index=["unit", "period"], columns="field", values=column, aggfunc="last", dropna=False
        )
        wide.columns.name = None
        if fields is not None:
            wide = wide.reindex(columns=list(fields))
        return wide

    @property
    def periods(self) -> list[str]:
        from chiso.periods import Period

        # unique() first: iterating a string column boxes each of its (many) elements
        distinct = self.values["period"].astype(str).unique().tolist()
        return sorted(distinct, key=Period.parse)

    def concat(self, other: Dataset) -> Dataset:
        """Both datasets' values, findings and submissions, this one's first."""
        frames = [f for f in (self.values, other.values) if len(f)]
        values = pd.concat(frames, ignore_index=True) if frames else empty_frame()
        read = [f for f in (self.submissions, other.submissions) if len(f)]
        submissions = pd.concat(read, ignore_index=True) if read else empty_submissions()
        shown = [f for f in (self.evidence, other.evidence) if len(f)]
        evidence = pd.concat(shown, ignore_index=True) if shown else evidence_frame()
        return Dataset(values, Findings([*self.findings, *other.findings]), submissions,
                       evidence)


def _flagged(frame: pd.DataFrame) -> pd.Series:
    """True for rows with a flag; a frame without the column (older callers) has none."""
    if "flag" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["flag"].notna() & (frame["flag"].astype(str) != "")
