"""What a status, a score and a rank stand on: which expected parts reported.

Rules (also in ``docs/methods.md``, "Coverage"):

* **Parts of a value.** A rolled-up value stands on the descendants in the KPI's
  scope (``children_expected`` of the ``values`` frame) of which
  ``children_reported`` gave every field it needs. A unit's own value stands on
  one part: itself, reported or not.
* **Goal status.** A goal's value at a unit is judged only when at least the
  programme's ``coverage`` share (default 1: every part) of its parts reported;
  below it the status is ``incomplete_data`` (vi "chưa đủ dữ liệu để đánh giá"),
  whatever the partial value would give. ``parts_expected`` / ``parts_reported``
  in ``progress`` say how many, at the period whose value is judged.
* **Reported.** A unit reported in a period when it sent a file (or values) for
  it, or a unit below it did (its value is then their roll-up, the stand-in). A
  unit that did not report has no score and no rank whatever ``missing:`` says;
  ``missing: zero`` scores 0 only for values missing from a report the unit sent
  itself (a unit stood in for by the units below it has such goals left out), and
  every such score is marked (``zero_filled``, ``n_zero``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset
from chiso.engine.evaluate import ROLLUP
from chiso.units.model import Units

INCOMPLETE_DATA = "incomplete_data"
_EPSILON = 1e-9  # 2/3 of the parts meets a threshold of 0.6666666667 written in a file


def sent_units(dataset: Dataset) -> set[tuple[str, str]]:
    """(unit, period) pairs with a file read or a value given, whatever its findings."""
    pairs: set[tuple[str, str]] = set()
    for frame in (dataset.submissions, dataset.values):
        if not len(frame) or "unit" not in frame or "period" not in frame:
            continue
        known = frame[frame["unit"].notna() & frame["period"].notna()]
        pairs.update(zip(known["unit"].astype(str).tolist(), known["period"].astype(str).tolist(),
                         strict=True))
    return pairs


def reporting_units(units: Units, sent: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """(unit, period) pairs where the unit or a unit below it (in ``units``) sent something."""
    out: set[tuple[str, str]] = set()
    for code, period in sent:
        if code not in units or (code, period) in out:
            continue
        out.add((code, period))
        for ancestor in units.ancestors(code):
            out.add((ancestor.code, period))
    return out


class ReportMask:
    """Who reported, as flat unit × period flags in a goal frame's order (units, then
    periods), built once per list of units: a province of 3,300 communes has
    hundreds of goals over the same few lists of units."""

    def __init__(self, pairs: Iterable[tuple[str, str]], periods: list[str]) -> None:
        position = {p: i for i, p in enumerate(periods)}
        self._none = np.zeros(len(periods), dtype=bool)
        self._by_code: dict[str, np.ndarray] = {}
        for code, period in pairs:
            i = position.get(period)
            if i is not None:
                self._by_code.setdefault(code, self._none.copy())[i] = True
        self._cache: dict[tuple[str, ...], np.ndarray] = {}

    def flat(self, codes: list[str]) -> np.ndarray:
        key = tuple(codes)
        if key not in self._cache:
            parts = [self._by_code.get(c, self._none) for c in codes]
            self._cache[key] = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
        return self._cache[key]


def goal_coverage(
    catalogue: Catalogue, values: pd.DataFrame, progress: pd.DataFrame
) -> pd.DataFrame:
    """``progress`` with ``parts_expected``, ``parts_reported`` and ``incomplete_data``.

    The parts are read at the period whose value is judged (``value_period``, else
    the assessed ``period``). A goal with no value keeps its own status
    (``not_assessable``: there is nothing to judge).
    """
    out = progress.copy()
    if not len(out):
        out["parts_expected"] = pd.Series(dtype=np.int64)
        out["parts_reported"] = pd.Series(dtype=np.int64)
        return out
    at = out["value_period"].where(out["value_period"].notna(), out["period"])
    keys = pd.DataFrame({
        "unit": out["unit"].astype(str).to_numpy(),
        "kpi": out["kpi"].astype(str).to_numpy(),
        "period": at.astype(str).to_numpy(),
    })
    parts = values[["unit", "kpi", "period", "value", "origin",
                    "children_expected", "children_reported"]].astype(
        {"unit": str, "kpi": str, "period": str}
    ).drop_duplicates(["unit", "kpi", "period"], keep="last")
    found = keys.merge(parts, on=["unit", "kpi", "period"], how="left")
    rolled = (found["origin"] == ROLLUP).to_numpy()
    own_reported = found["value"].notna().to_numpy().astype(np.int64)
    expected = np.where(rolled, found["children_expected"].fillna(0).to_numpy(), 1)
    reported = np.where(rolled, found["children_reported"].fillna(0).to_numpy(), own_reported)
    out["parts_expected"] = expected.astype(np.int64)
    out["parts_reported"] = reported.astype(np.int64)
    threshold = out["programme"].map(
        {pid: p.coverage for pid, p in catalogue.programmes.items()}
    ).fillna(1.0).to_numpy(dtype=float)
    wanted = threshold * out["parts_expected"].to_numpy()
    short = out["parts_reported"].to_numpy() < wanted - _EPSILON
    judged = out["value"].notna().to_numpy() & (out["parts_expected"].to_numpy() > 0)
    out["status"] = np.where(judged & short, INCOMPLETE_DATA, out["status"].to_numpy(object))
    return out
