"""The tidy dataset: one row per (unit, period, field) with the value's provenance.

It is what reading submissions produces and what the engine consumes. Every value
carries its source — file path, the file's sha256, sheet and cell — so any number
in a scorecard can be traced back to the cell it came from. Values are floats;
a missing value is absent (or NaN), never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from chiso.findings import Findings

COLUMNS = ["unit", "period", "field", "value", "file", "sha256", "sheet", "cell", "raw"]
KEY = ["unit", "period", "field"]


def empty_frame() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    frame["value"] = frame["value"].astype(float)
    return frame


@dataclass(frozen=True)
class Dataset:
    """Reported values (tidy, with provenance) and the findings of reading them."""

    values: pd.DataFrame = field(default_factory=empty_frame)
    findings: Findings = field(default_factory=Findings)

    @classmethod
    def from_records(
        cls, records: Iterable[Mapping[str, Any]], findings: Iterable[Any] = ()
    ) -> Dataset:
        """Build from dicts with at least unit, period, field, value (handy in tests)."""
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
        """(unit, period) × field frame of floats; NaN where not reported.

        When a (unit, period, field) appears more than once (a duplicate
        submission, already reported as a finding) the last value wins.
        """
        frame = self.values
        wide = frame.pivot_table(
            index=["unit", "period"], columns="field", values="value", aggfunc="last", dropna=False
        )
        wide.columns.name = None
        if fields is not None:
            wide = wide.reindex(columns=list(fields))
        return wide.astype(float)

    @property
    def periods(self) -> list[str]:
        from chiso.periods import Period

        return sorted(set(self.values["period"].astype(str)), key=Period.parse)

    def concat(self, other: Dataset) -> Dataset:
        frames = [f for f in (self.values, other.values) if len(f)]
        values = pd.concat(frames, ignore_index=True) if frames else empty_frame()
        return Dataset(values, Findings([*self.findings, *other.findings]))
