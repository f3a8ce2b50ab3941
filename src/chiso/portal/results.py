"""One unit's share of a scoring: its rows of the ``result.json`` that ``chiso score`` wrote.

Nothing is computed here: the values, goal statuses and ranks are read as
``chiso score`` wrote them (see ``docs/json-output.md``), filtered to one unit and
period, and labelled with the catalogue's names.
"""

from __future__ import annotations

import json
from typing import Any

from chiso.findings import Lang
from chiso.portal.models import ScoreRun
from chiso.portal.scoring import output_path
from chiso.render.labels import format_number, reason_label, status_label


def load_result(run: ScoreRun) -> dict[str, Any] | None:
    path = output_path(run, "result.json")
    if path is None or not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def unit_results(run: ScoreRun, unit: str, period: str, lang: Lang = "vi") -> dict[str, Any] | None:
    """The unit's KPI values, goal statuses and ranks for ``period`` (None without a result).

    Each row also has ``value_text``, ``status_text`` and ``reason_text``: chiso's own
    number format, status and reason labels in ``lang``.
    """
    data = load_result(run)
    if data is None:
        return None

    def mine(key: str, *, at_period: bool = True) -> list[dict[str, Any]]:
        return [r for r in data.get(key, [])
                if r.get("unit") == unit and (not at_period or r.get("period") == period)]

    kpis = {k["id"]: k for k in data.get("kpis", [])}
    programmes = {p["id"]: p for p in data.get("programmes", [])}
    def shown(row: dict[str, Any]) -> dict[str, Any]:
        kpi = kpis.get(row.get("kpi", ""), {})
        extra = {"name": kpi.get("name", {}),
                 "value_text": format_number(row.get("value"), kpi.get("unit", "number"), lang)}
        if row.get("status"):
            extra["status_text"] = status_label(row["status"], lang)
        if "reason" in row:
            extra["reason_text"] = reason_label(row.get("reason"), lang) if row.get("reason") \
                else ""
        return {**row, **extra}

    return {
        "values": [shown(r) for r in mine("values")],
        "progress": [{**shown(r),
                      "programme_name": programmes.get(r["programme"], {}).get("name", {})}
                     for r in mine("progress")],
        "composite": [{**r, "programme_name": programmes.get(r["programme"], {}).get("name", {})}
                      for r in mine("composite")],
        "goal_summary": mine("goal_summary"),
        "latest_period": data.get("latest_period"),
    }
