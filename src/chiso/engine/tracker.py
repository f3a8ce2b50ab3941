"""The submission tracker: who was expected to report, who did, who is late or missing.

One computation for every place that shows it — the terminal summary, the
scorecard's ``Tình hình nộp báo cáo`` sheet, the reports, the JSON and the upload
portal's submission board — so they cannot disagree.

Rules (also in ``docs/submissions.md``):

* **Expected.** A unit is expected to report in a period when it is in force then
  (the units file's hierarchy at the period's end) and at least one catalogue
  field is reported at its level (``levels`` of the field; a field without
  ``levels`` is reported at every level). A unit not expected that sent a file
  anyway has a row too, with ``expected`` False.
* **Status**, in this order: ``missing`` — no file for the unit and period (and no
  value: a dataset built from values without files, by the API or a test, counts
  a unit with values as ``received``);
  ``with_errors`` — the file used has error findings (its values, or some, were not
  used); ``late`` — received after the period's deadline; ``received`` otherwise.
  An error outranks lateness: the file needs fixing either way.
* **The file used** is the first of the unit's files for the period in path order
  (the reader's rule: later ones are S106 duplicates); ``n_files`` counts them all.
* **Received** is the upload time from ``received_at`` (keyed by the file's sha256:
  the portal passes it) or else the file's modification time.
* **District** is the unit's ancestor directly below the top of the hierarchy —
  or the unit itself when it sits there and has units below it (a district). Units
  directly under the province with nothing below them (departments; communes of a
  2-tier hierarchy) and the province itself have None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from chiso.catalogue.model import Catalogue
from chiso.dataset import Dataset
from chiso.engine.evaluate import period_key
from chiso.engine.result import TRACKER_COLUMNS, TRACKER_SUMMARY_COLUMNS
from chiso.periods import PeriodError
from chiso.units.model import Unit, Units

STATUSES = ("received", "with_errors", "late", "missing")



def expected_levels(catalogue: Catalogue, levels: Sequence[str]) -> set[str]:
    """The levels among ``levels`` that report at least one field of the regular report.

    Fields on a form of their own (``FieldDef.form``: a DTI self-assessment, the
    province's DTI values) do not make a level expected to send the report.
    """
    out: set[str] = set()
    for definition in catalogue.fields.values():
        if definition.form is not None:
            continue
        out.update(levels if definition.levels is None else definition.levels)
    return out & set(levels)


def submission_tracker(
    units: Units,
    catalogue: Catalogue,
    dataset: Dataset,
    periods: Sequence[str] | None = None,
    *,
    received_at: Mapping[str, datetime] | None = None,
    deadlines: Mapping[str, datetime] | None = None,
) -> pd.DataFrame:
    """One row per (expected unit, period), plus units not expected that sent a file.

    ``periods``: the periods to track (default: every period of the dataset's
    values and submissions). Rows follow the units file, then time. Columns: see
    :mod:`chiso.engine.result` (``tracker``).
    """
    sent = dataset.submissions
    sent = sent[sent["unit"].notna() & sent["period"].notna()]
    if periods is None:
        found = {str(p) for p in dataset.values["period"].unique()}
        found |= {str(p) for p in sent["period"].unique()}
        periods = sorted(found, key=period_key)
    files: dict[tuple[str, str], list[dict[str, Any]]] = {}
    records: list[dict[str, Any]] = sent.to_dict("records")  # type: ignore[assignment]
    for row in records:
        files.setdefault((str(row["unit"]), str(row["period"])), []).append(row)
    for listed in files.values():
        listed.sort(key=lambda r: str(r["file"]))
    rows: list[dict[str, Any]] = []
    received_at = received_at or {}
    deadlines = deadlines or {}
    levels = expected_levels(catalogue, units.levels)
    position = {code: i for i, code in enumerate(units.codes)}
    given = _values_given(dataset)
    for period in periods:
        hierarchy = _hierarchy(units, period)
        for unit in hierarchy:
            expected = unit.level in levels
            listed = files.get((unit.code, period), [])
            n_given = given.get((unit.code, period), 0)
            if not expected and not listed and not n_given:
                continue
            row = _row(hierarchy, unit, period, expected, listed, received_at,
                       deadlines.get(period))
            if not listed and n_given:  # values given without a file (the API, a test)
                row.update(status="received", n_values=n_given)
            rows.append(row)
    if not rows:
        return _empty(TRACKER_COLUMNS)
    frame = pd.DataFrame(rows, columns=TRACKER_COLUMNS)
    order = {p: i for i, p in enumerate(periods)}
    frame["_u"] = frame["unit"].map(position).fillna(len(position))
    frame["_p"] = frame["period"].map(order)
    frame = frame.sort_values(["_u", "_p"], kind="stable").drop(columns=["_u", "_p"])
    for column in ("parent", "district", "file", "sha256", "received"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame.reset_index(drop=True)


def _row(
    hierarchy: Units, unit: Unit, period: str, expected: bool,
    listed: list[dict[str, Any]], received_at: Mapping[str, datetime],
    deadline: datetime | None,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "unit": unit.code, "name": unit.name, "level": unit.level, "parent": unit.parent,
        "district": district_of(hierarchy, unit.code), "period": period,
        "expected": expected, "n_files": len(listed), "file": None, "sha256": None,
        "received": None, "n_values": 0, "n_errors": 0, "n_warnings": 0,
    }
    if not listed:
        row["status"] = "missing"
        return row
    used = listed[0]
    sha = used.get("sha256")
    received = received_at.get(sha) if sha else None
    if received is None:
        received = _datetime(used.get("modified"))
    row.update(file=used["file"], sha256=sha, received=received,
               n_values=int(used["n_values"]), n_errors=int(used["n_errors"]),
               n_warnings=int(used["n_warnings"]))
    if row["n_errors"]:
        row["status"] = "with_errors"
    elif deadline is not None and received is not None and received > deadline:
        row["status"] = "late"
    else:
        row["status"] = "received"
    return row


def _values_given(dataset: Dataset) -> dict[tuple[str, str], int]:
    """(unit, period) → how many values the dataset holds, for units with no file read."""
    values = dataset.values
    if not len(values):
        return {}
    counts: dict[tuple[str, str], int] = {}
    # lists, not the columns: iterating a pandas string column costs a country a second
    for pair in zip(values["unit"].astype(str).tolist(), values["period"].astype(str).tolist(),
                    strict=True):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def district_of(units: Units, code: str) -> str | None:
    """The unit's district (see the module doc), or None."""
    chain = [code, *(u.code for u in units.ancestors(code))]
    if len(chain) < 2:
        return None  # the top of the hierarchy
    below_top = chain[-2]
    if below_top == code and not units.children(code):
        return None  # directly under the province, nothing below it
    return below_top


def tracker_summary(tracker: pd.DataFrame) -> pd.DataFrame:
    """Counts by period and district (None: units directly under the province).

    ``expected`` counts expected units; ``reported`` those of them with a file
    (received, with errors or late); ``received``, ``with_errors``, ``late`` and
    ``missing`` count expected units by status (they add up to ``expected``);
    ``not_expected`` counts files from units not expected. Rows follow time, then
    the districts in the order of the tracker.
    """
    if not len(tracker):
        return _empty(TRACKER_SUMMARY_COLUMNS)
    frame = tracker.assign(_district=tracker["district"].fillna(""))
    rows = []
    for (period, district), part in frame.groupby(["period", "_district"], sort=False):
        rows.append(_counts(part, period=period, district=district or None))
    out = pd.DataFrame(rows, columns=TRACKER_SUMMARY_COLUMNS)
    order = {p: i for i, p in enumerate(dict.fromkeys(tracker["period"]))}
    out["_p"] = out["period"].map(order)
    return out.sort_values("_p", kind="stable").drop(columns="_p").reset_index(drop=True)


def tracker_totals(tracker: pd.DataFrame) -> pd.DataFrame:
    """The same counts as :func:`tracker_summary` for the whole hierarchy, one row per period."""
    if not len(tracker):
        return _empty([c for c in TRACKER_SUMMARY_COLUMNS if c != "district"])
    rows = [_counts(part, period=period)
            for period, part in tracker.groupby("period", sort=False)]
    return pd.DataFrame(rows, columns=[c for c in TRACKER_SUMMARY_COLUMNS if c != "district"])


def _counts(part: pd.DataFrame, **keys: Any) -> dict[str, Any]:
    expected = part[part["expected"].astype(bool)]
    status = expected["status"]
    return {
        **keys,
        "expected": len(expected),
        "reported": int((status != "missing").sum()),
        **{s: int((status == s).sum()) for s in STATUSES},
        "not_expected": int((~part["expected"].astype(bool)).sum()),
    }


def missing_units(tracker: pd.DataFrame, period: str) -> list[str]:
    """Codes of the expected units with no file for ``period``, in the units file's order."""
    rows = tracker[(tracker["period"] == period) & tracker["expected"].astype(bool)
                   & (tracker["status"] == "missing")]
    return [str(u) for u in rows["unit"]]


def _hierarchy(units: Units, period: str) -> Units:
    try:
        return units.as_of(period)
    except PeriodError:  # not a period text: the reader said so; use the latest rows
        return units


def _datetime(value: Any) -> datetime | None:
    if value is None or (not isinstance(value, datetime) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value if isinstance(value, datetime) else None


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
