"""The test suite's builder kit: small in-memory catalogues, unit trees, datasets and
``values`` frames, built by hand (model: datasette's ``tests/fixtures.py``).

One kit for the whole suite, so two test folders cannot grow two ways of building the
same catalogue. Test modules import it as ``from tests.kit import ...`` (pytest runs in
importlib mode and names test modules from the repository root; no ``sys.path`` edits).
The second half holds the same kind of things as files: a small catalogue's YAML texts
and a units CSV, for the tests that go through the loaders and the CLI.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from chiso.catalogue.model import (
    Catalogue,
    CatalogueInfo,
    Direction,
    FieldDef,
    Goal,
    Group,
    Horizon,
    Kpi,
    Measure,
    Programme,
    ProgressMethod,
    Scoring,
    Text,
)
from chiso.dataset import Dataset
from chiso.engine.result import VALUES_COLUMNS
from chiso.units.model import Unit, Units

LEVELS = ["province", "department", "district", "commune"]


def text(label: str) -> Text:
    return Text(vi=label, en=label)


def field(fid: str, kind: str = "count", levels: Sequence[str] | None = None) -> FieldDef:
    return FieldDef(id=fid, label=text(fid), kind=kind, levels=list(levels) if levels else None)


def ratio(kid: str, numerator: str, denominator: str, **kw: Any) -> Kpi:
    kw.setdefault("unit", "percent")
    return Kpi(
        id=kid, name=text(kid), type="ratio", numerator=numerator, denominator=denominator,
        direction=kw.pop("direction", "higher"), group=kw.pop("group", "gov"), **kw,
    )


def derived(kid: str, expression: str, **kw: Any) -> Kpi:
    kw.setdefault("unit", "number")
    return Kpi(
        id=kid, name=text(kid), type="derived", expression=expression,
        direction=kw.pop("direction", "higher"), group=kw.pop("group", "gov"), **kw,
    )


def simple(kid: str, field_id: str, **kw: Any) -> Kpi:
    kw.setdefault("unit", "count")
    return Kpi(
        id=kid, name=text(kid), type="simple", field=field_id,
        direction=kw.pop("direction", "higher"), group=kw.pop("group", "gov"), **kw,
    )


def goal(gid: str, kpi: str, value: float, **kw: Any) -> Goal:
    kw.setdefault("deadline", "2025")
    return Goal(id=gid, kpi=kpi, value=value, **kw)


def programme(pid: str, goals: Iterable[Goal], **kw: Any) -> Programme:
    return Programme(
        id=pid, name=text(pid), horizon=Horizon(start="2021", end="2025"), goals=list(goals), **kw
    )


def catalogue(
    fields: Iterable[FieldDef],
    kpis: Iterable[Kpi],
    programmes: Iterable[Programme] = (),
    groups: Iterable[str] = ("gov",),
) -> Catalogue:
    return Catalogue(
        info=CatalogueInfo(id="test", name=text("test"), version="1", levels=LEVELS),
        groups={g: Group(id=g, name=text(g)) for g in groups},
        fields={f.id: f for f in fields},
        kpis={k.id: k for k in kpis},
        programmes={p.id: p for p in programmes},
    )


def units_of(*rows: tuple[str, str, str | None]) -> Units:
    """Units from (code, level, parent) triples, in the given order."""
    return Units.of(Unit(code=c, name=f"Đơn vị {c}", level=lvl, parent=p) for c, lvl, p in rows)


def wide_of(rows: dict[tuple[str, str], dict[str, float]]) -> pd.DataFrame:
    """A Dataset.wide()-shaped frame from {(unit, period): {field: value}}."""
    return dataset_of(rows).wide()


def dataset_of(rows: dict[tuple[str, str], dict[str, float]]) -> Dataset:
    records = [
        {"unit": u, "period": p, "field": f, "value": v}
        for (u, p), values in rows.items()
        for f, v in values.items()
    ]
    return Dataset.from_records(records)


def value_of(values: pd.DataFrame, unit: str, kpi: str, period: str = "2024") -> pd.Series:
    """The one row of ``values`` for (unit, period, kpi)."""
    rows = values[(values["unit"] == unit) & (values["kpi"] == kpi) & (values["period"] == period)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- a five-KPI programme for the scoring, ranking and progress tests ---------------------

SCORING_KPIS = {
    # percent, higher is better, digital government pillar
    "online_rate": simple("online_rate", "online_rate", unit=Measure.PERCENT),
    # days to resolve a dossier: lower is better
    "wait_days": simple("wait_days", "wait_days", unit=Measure.NUMBER, direction=Direction.LOWER),
    # subscriptions per 100 people, digital society pillar
    "broadband": simple("broadband", "broadband", unit=Measure.PER_100, group="soc"),
    # count of services, only districts report it
    "eservices": simple(
        "eservices", "eservices", unit=Measure.COUNT, group="soc", levels=["district"]
    ),
    # share of dossiers still on paper: lower is better
    "paper_rate": simple(
        "paper_rate", "paper_rate", unit=Measure.PERCENT, direction=Direction.LOWER
    ),
}


def programme_catalogue(
    goals: Iterable[Goal],
    *,
    method: ProgressMethod = ProgressMethod.EUROSTAT,
    scoring: Scoring | None = None,
    programme_id: str = "resolution",
) -> Catalogue:
    """The ``SCORING_KPIS`` (no fields: tests start from ``values``) with one programme."""
    resolution = Programme(
        id=programme_id,
        name=text("Resolution 2021-2025"),
        horizon=Horizon(start=2021, end=2025),
        progress_method=method,
        goals=list(goals),
        scoring=scoring or Scoring(),
    )
    return catalogue((), SCORING_KPIS.values(), [resolution], groups=("gov", "soc"))


def values_frame(rows: Iterable[tuple[str, str, str, float]]) -> pd.DataFrame:
    """A ``values`` frame from (unit, period, kpi, value) tuples; NaN means not computable."""
    records: list[dict[str, Any]] = [
        {
            "unit": unit,
            "period": period,
            "kpi": kpi_id,
            "value": float(value),
            "reason": None if value == value else "missing_field:x",
            "origin": "reported",
            "children_expected": 0,
            "children_reported": 0,
            "coverage_complete": True,
        }
        for unit, period, kpi_id, value in rows
    ]
    return pd.DataFrame(records, columns=VALUES_COLUMNS)


# --- a small catalogue as files (one KPI, one goal) and its units ---------------------

CATALOGUE = """\
catalogue:
  id: demo
  name: {vi: Thử nghiệm, en: Demo}
  version: "1"
  levels: [province, district, commune]
groups:
  - id: gov
    name: {vi: Chính quyền số, en: Digital government}
"""

FIELDS = """\
fields:
  - id: dossiers_total
    label: {vi: Tổng số hồ sơ, en: All dossiers}
    kind: count
  - id: dossiers_online
    label: {vi: Hồ sơ trực tuyến, en: Online dossiers}
    kind: count
    constraints: [">= 0", "<= dossiers_total"]
"""

KPIS = """\
kpis:
  - id: online_rate
    name: {vi: Tỷ lệ hồ sơ trực tuyến, en: Online dossier rate}
    type: ratio
    numerator: dossiers_online
    denominator: dossiers_total
    unit: percent
    direction: higher
    group: gov
"""

PROGRAMME = """\
programmes:
  - id: resolution
    name: {vi: Nghị quyết, en: Resolution}
    horizon: {start: 2021, end: 2025}
    goals:
      - id: online
        kpi: online_rate
        value: 0.8
        deadline: 2025
        baseline: {value: 0.3, period: 2021}
"""

KPI_FILES = {
    "catalogue.yaml": CATALOGUE,
    "fields.yaml": FIELDS,
    "kpis.yaml": KPIS,
    "programme.yaml": PROGRAMME,
}

# One province (25) with two districts (227, 230), for the KPI files above.
UNITS_CSV = """\
code,name,level,parent
25,Tỉnh Phú Thọ,province,
227,Thành phố Việt Trì,district,25
230,Huyện Cẩm Khê,district,25
"""


def write_kpi_files(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """``KPI_FILES`` under ``root``, some replaced (text), added, or left out (None)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in {**KPI_FILES, **(files or {})}.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def pos(text: str, needle: str, nth: int = 0, offset: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` occurrence of ``needle`` in ``text``, plus offset."""
    text = textwrap.dedent(text)
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    start += offset
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column


# --- golden files -------------------------------------------------------------------------

UPDATE_GOLDEN = "CHISO_UPDATE_GOLDEN"


def check_golden(path: Path, actual: str) -> None:
    """Compare ``actual`` with the golden file ``path``; rewrite it when CHISO_UPDATE_GOLDEN=1.

    Golden files change only deliberately: ``CHISO_UPDATE_GOLDEN=1 .venv/bin/pytest``
    (or only the tests whose outputs you changed) rewrites them; review the diff.
    """
    if os.environ.get(UPDATE_GOLDEN) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, "utf-8")
        return
    assert path.exists(), f"no golden file {path}; create it with {UPDATE_GOLDEN}=1"
    assert actual == path.read_text("utf-8"), (
        f"{path.name} differs from its golden file {path} "
        f"({UPDATE_GOLDEN}=1 .venv/bin/pytest … rewrites it; review the diff)"
    )
