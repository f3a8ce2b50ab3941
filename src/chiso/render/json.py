"""The full result as JSON-ready data, with the shape documented in ``docs/json-output.md``.

Every frame of the result becomes a list of flat records with the frame's
columns (see :mod:`chiso.engine.result`); NaN, NA and NaT become ``null`` so
the output is strict JSON (no ``NaN`` tokens), and numpy scalars become plain
numbers and booleans.
"""

from __future__ import annotations

import json as _json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from chiso import __version__
from chiso.engine.result import PROGRESS_STATUSES, Result
from chiso.findings import Finding
from chiso.render import tables
from chiso.staging import Staging, staged

SCHEMA = "chiso.result/1"
FRAMES = (
    "values", "compliance", "progress", "goal_summary", "scores", "composite", "group_scores",
    "pillar_scores",
)


def _reporting(counts: tuple[int, int] | None) -> dict[str, int] | None:
    """``{"reported": 51, "expected": 52}``: what the headline stands on (tracker)."""
    return None if counts is None else {"reported": counts[0], "expected": counts[1]}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as records, with missing values as None and numpy scalars as Python ones."""
    if frame is None or frame.empty:
        return []
    columns = [str(c) for c in frame.columns]
    return [
        {column: tables.clean(value) for column, value in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def _plain(value: Any) -> Any:
    """Nested dicts/lists with NaN turned into None (a finding's value may be NaN)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return tables.clean(value)


def _text(value: Any) -> dict[str, str] | None:
    return None if value is None else {"vi": value.vi, "en": value.en}


def result_to_dict(result: Result, *, findings: Iterable[Finding] = ()) -> dict[str, Any]:
    """The whole result as a JSON-ready dict (see ``docs/json-output.md`` for the shape).

    ``findings`` are added to the result's and its dataset's findings (e.g. the
    catalogue's and the units file's), each listed once.
    """
    catalogue = result.catalogue
    root = tables.root_unit(result)
    programmes = []
    for programme in catalogue.programmes.values():
        summary: dict[str, Any] | None = None
        if root is not None:
            rows_vi = tables.goal_rows(result, programme, root.code, "vi")
            counts = tables.status_counts(rows_vi)
            summary = {
                "unit": root.code,
                "period": tables.latest_period(
                    tables.rows_of(result.progress, programme=programme.id), result.latest_period
                ),
                "total": len(rows_vi),
                "counts": {s: counts[s] for s in PROGRESS_STATUSES},
                "headline": {
                    "vi": tables.goal_headline(result, rows_vi, "vi"),
                    "en": tables.goal_headline(result, rows_vi, "en"),
                },
                "reporting": _reporting(tables.reporting_counts(result)),
            }
        programmes.append(
            {
                "id": programme.id,
                "name": _text(programme.name),
                "short_name": _text(programme.short_name),
                "horizon": {
                    "start": str(programme.horizon.start),
                    "end": str(programme.horizon.end),
                },
                "source": programme.source,
                "progress_method": programme.progress_method.value,
                "goals": [
                    {
                        "id": goal.id,
                        "kpi": goal.kpi,
                        "name": _text(goal.name),
                        "comparison": goal.comparison.value,
                        "value": goal.value,
                        "deadline": str(goal.deadline),
                        "by_level": {level: goal.target_for(level) for level in goal.by_level},
                        "weight": goal.weight,
                    }
                    for goal in programme.goals
                ],
                "summary": summary,
            }
        )
    every_finding = tables.all_findings(result, findings)
    return {
        "schema": SCHEMA,
        "chiso_version": __version__,
        "catalogue": {
            "id": catalogue.info.id,
            "name": _text(catalogue.info.name),
            "version": catalogue.version,
            "digest": catalogue.digest or None,
            "levels": list(catalogue.info.levels),
        },
        "periods": list(result.periods),
        "latest_period": result.latest_period,
        "units": [
            {
                "code": u.code,
                "name": u.name,
                "name_en": u.name_en,
                "level": u.level,
                "parent": u.parent,
                "valid_from": u.valid_from,
                "valid_to": u.valid_to,
            }
            # every row of a dated units file: 2024's values belong to the row then in force
            for u in (result.units.history if result.units.dated else result.units)
        ],
        "groups": [{"id": g.id, "name": _text(g.name)} for g in catalogue.groups.values()],
        "kpis": [
            {
                "id": k.id,
                "name": _text(k.name),
                "type": k.type.value,
                "unit": k.unit.value,
                "direction": k.direction.value,
                "group": k.group,
            }
            for k in catalogue.kpis.values()
        ],
        "programmes": programmes,
        **{name: records(getattr(result, name)) for name in FRAMES},
        "provenance": records(result.dataset.values),
        # what a unit cited beside its self-assessed points (columns: EVIDENCE_COLUMNS)
        "evidence": records(result.dataset.evidence),
        # the submission tracker (columns: ``tracker`` in engine/result.py); times as ISO 8601
        "tracker": [
            {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}
            for row in records(result.tracker)
        ],
        "findings": {
            "summary": tables.severity_counts(every_finding),
            "items": [_plain(f.to_dict()) for f in every_finding],
        },
    }


def result_to_json(
    result: Result, *, findings: Iterable[Finding] = (), indent: int | None = 2
) -> str:
    """:func:`result_to_dict` as strict JSON text (UTF-8, no NaN)."""
    return _json.dumps(
        result_to_dict(result, findings=findings),
        ensure_ascii=False,
        indent=indent,
        allow_nan=False,
        default=str,
    )


def write_json(
    result: Result,
    path: str | Path,
    *,
    findings: Iterable[Finding] = (),
    staging: Staging | None = None,
) -> Path:
    """Write :func:`result_to_json` to ``path`` (atomically, see :mod:`chiso.staging`)."""
    path = Path(path)
    text = result_to_json(result, findings=findings) + "\n"
    with staged(staging) as stage:
        stage.path(path).write_text(text, "utf-8")
    return path
