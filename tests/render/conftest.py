"""A small hand-built Result for the renderers, filled exactly as the column contract says.

Province "25" (Phú Thọ) with four districts, two periods (2023, 2024), one
programme of four goals over two pillars. The engine is not involved: every
frame is written out here so the renderers are tested on known numbers.

Scores are attainment (value / target, capped at 100) and a composite is the
mean of the scores present; the arithmetic for 2024 is:

    Việt Trì   pc 100, online 0.75/0.8 = 93.75, eid 100, eid_count 300k/300k = 100
               → (100 + 93.75 + 100 + 100) / 4 = 98.4375        rank 1
    Đoan Hùng  pc 98.5, online missing (excluded), eid 55.5/60 = 92.5,
               eid_count 250k/300k = 83.333… → (98.5 + 92.5 + 83.333…) / 3 = 91.444…  rank 2
    Thị xã Phú Thọ and Hạ Hòa (same figures)
               pc 100, online 0.55/0.8 = 68.75, eid 100, eid_count 150k/300k = 50
               → (100 + 68.75 + 100 + 50) / 4 = 79.6875          rank 3, tied ("3=")

Province progress at 2024: pc achieved, online on track, eid achieved,
eid_count off track → "2/4 mục tiêu đã hoàn thành, 1/4 đảm bảo tiến độ, 1/4 chậm tiến độ".
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from chiso.catalogue.model import (
    Baseline,
    Catalogue,
    CatalogueInfo,
    FieldDef,
    FieldKind,
    Goal,
    Group,
    Horizon,
    Kpi,
    Programme,
    Text,
)
from chiso.dataset import Dataset
from chiso.engine.result import Result
from chiso.findings import Finding, Findings, Location, Severity
from chiso.units.model import Unit, Units
from tests.kit import check_golden as kit_check_golden

PROVINCE = "25"
DISTRICTS = {
    "227": "Thành phố Việt Trì",
    "228": "Thị xã Phú Thọ",
    "230": "Huyện Đoan Hùng",
    "231": "Huyện Hạ Hòa",
}
PERIODS = ("2023", "2024")

# KPI values by (unit, period): pc_rate, online_rate, eid_per_100, eid_accounts
VALUES: dict[tuple[str, str], tuple[float, float, float, float]] = {
    (PROVINCE, "2023"): (0.98, 0.50, 40.0, 450_000),
    (PROVINCE, "2024"): (1.0, 0.62, 65.3, 700_000),
    ("227", "2023"): (0.99, 0.60, 50.0, 200_000),
    ("227", "2024"): (1.0, 0.75, 80.0, 300_000),
    ("228", "2023"): (0.97, 0.45, 38.0, 90_000),
    ("228", "2024"): (1.0, 0.55, 60.0, 150_000),
    ("230", "2023"): (0.96, 0.40, 30.0, 160_000),
    ("230", "2024"): (0.985, math.nan, 55.5, 250_000),
    ("231", "2023"): (0.97, 0.45, 38.0, 90_000),
    ("231", "2024"): (1.0, 0.55, 60.0, 150_000),
}
KPIS = ("pc_rate", "online_rate", "eid_per_100", "eid_accounts")
GOALS = {
    "pc": "pc_rate",
    "online": "online_rate",
    "eid": "eid_per_100",
    "eid_count": "eid_accounts",
}
GROUP_OF = {"pc": "gov", "online": "gov", "eid": "soc", "eid_count": "soc"}

# progress status at 2024 by (unit, goal)
STATUS = {
    PROVINCE: {"pc": "achieved", "online": "on_track", "eid": "achieved", "eid_count": "off_track"},
    "227": {"pc": "achieved", "online": "on_track", "eid": "achieved", "eid_count": "achieved"},
    "228": {"pc": "achieved", "online": "at_risk", "eid": "achieved", "eid_count": "off_track"},
    "230": {
        "pc": "on_track",
        "online": "not_assessable",
        "eid": "on_track",
        "eid_count": "at_risk",
    },
    "231": {"pc": "achieved", "online": "at_risk", "eid": "achieved", "eid_count": "off_track"},
}


def text(vi: str, en: str) -> Text:
    return Text(vi=vi, en=en)


def count_field(fid: str, vi: str, en: str) -> FieldDef:
    return FieldDef(id=fid, label=text(vi, en), kind=FieldKind.COUNT)


def make_catalogue() -> Catalogue:
    groups = [
        Group(id="gov", name=text("Chính quyền số", "Digital government")),
        Group(id="soc", name=text("Xã hội số", "Digital society")),
    ]
    fields = [
        count_field("civil_servants", "Số cán bộ, công chức", "Civil servants"),
        count_field(
            "civil_servants_with_computer", "Số CBCC có máy tính", "Civil servants with a computer"
        ),
        count_field("dossiers_total", "Tổng số hồ sơ", "Dossiers"),
        count_field("dossiers_online", "Số hồ sơ trực tuyến", "Online dossiers"),
        count_field("eid_accounts", "Số tài khoản định danh điện tử", "e-ID accounts"),
        count_field("population", "Dân số", "Population"),
    ]
    kpis = [
        Kpi(
            id="pc_rate",
            name=text("Tỷ lệ CBCC có máy tính", "Civil servants with a computer"),
            type="ratio",
            numerator="civil_servants_with_computer",
            denominator="civil_servants",
            unit="percent",
            direction="higher",
            group="gov",
        ),
        Kpi(
            id="online_rate",
            name=text("Tỷ lệ hồ sơ trực tuyến", "Online dossier rate"),
            type="ratio",
            numerator="dossiers_online",
            denominator="dossiers_total",
            unit="percent",
            direction="higher",
            group="gov",
        ),
        Kpi(
            id="eid_per_100",
            name=text("Tài khoản định danh trên 100 dân", "e-ID accounts per 100 people"),
            type="ratio",
            numerator="eid_accounts",
            denominator="population",
            scale=100,
            unit="per_100",
            direction="higher",
            group="soc",
        ),
        Kpi(
            id="eid_accounts",
            name=text("Số tài khoản định danh điện tử", "e-ID accounts"),
            type="simple",
            field="eid_accounts",
            unit="count",
            direction="higher",
            group="soc",
        ),
    ]
    programme = Programme(
        id="nq",
        name=text(
            "Nghị quyết chuyển đổi số 2021–2025", "Digital transformation resolution 2021–2025"
        ),
        short_name=text("NQ CĐS", "DT resolution"),
        horizon=Horizon(start=2021, end=2025),
        source="Nghị quyết số 01-NQ/TU",
        goals=[
            Goal(
                id="pc",
                kpi="pc_rate",
                value=1.0,
                deadline=2025,
                baseline=Baseline(value=0.9, period=2020),
            ),
            Goal(
                id="online",
                kpi="online_rate",
                value=0.8,
                deadline=2025,
                baseline=Baseline(value=0.3, period=2021),
            ),
            Goal(
                id="eid",
                kpi="eid_per_100",
                value=60,
                deadline=2025,
                baseline=Baseline(value=10, period=2021),
            ),
            Goal(
                id="eid_count",
                kpi="eid_accounts",
                name=text("Tài khoản định danh điện tử", "e-ID accounts issued"),
                value=900_000,
                deadline=2025,
                by_level={"district": 300_000},
            ),
        ],
    )
    return Catalogue(
        info=CatalogueInfo(
            id="demo",
            name=text("Bộ chỉ số thử", "Demo catalogue"),
            version="1.0",
            levels=["province", "district"],
        ),
        groups={g.id: g for g in groups},
        fields={f.id: f for f in fields},
        kpis={k.id: k for k in kpis},
        programmes={programme.id: programme},
    )


def make_units() -> Units:
    return Units.of(
        [Unit(PROVINCE, "Tỉnh Phú Thọ", "province", name_en="Phu Tho province")]
        + [Unit(code, name, "district", PROVINCE) for code, name in DISTRICTS.items()]
    )


def make_dataset() -> Dataset:
    """A few reported values with provenance, and two reading findings."""
    records = [
        {
            "unit": "227",
            "period": "2024",
            "field": "civil_servants",
            "value": 1200,
            "file": "submissions/2024/viet-tri.xlsx",
            "sha256": "a" * 64,
            "sheet": "Báo cáo",
            "cell": "D5",
            "raw": "1.200",
        },
        {
            "unit": "227",
            "period": "2024",
            "field": "civil_servants_with_computer",
            "value": 1200,
            "file": "submissions/2024/viet-tri.xlsx",
            "sha256": "a" * 64,
            "sheet": "Báo cáo",
            "cell": "D6",
            "raw": None,
        },
        {
            "unit": "227",
            "period": "2023",
            "field": "civil_servants",
            "value": 1180,
            "file": "submissions/2023/viet-tri.xlsx",
            "sha256": "b" * 64,
            "sheet": "Báo cáo",
            "cell": "D5",
            "raw": None,
        },
    ]
    findings = [
        Finding(
            "S104",
            Severity.ERROR,
            "Ô D7 không phải là số.",
            "Cell D7 is not a number.",
            Location(file="submissions/2024/doan-hung.xlsx", sheet="Báo cáo", cell="D7"),
            raw="khoảng 500",
        ),
        Finding(
            "S201",
            Severity.WARNING,
            "Giá trị “1.751” có thể là 1751.",
            "The value “1.751” may mean 1751.",
            Location(file="submissions/2024/ha-hoa.xlsx", sheet="Báo cáo", cell="D9"),
            raw="1.751",
            value=1.751,
        ),
    ]
    # periods must be known to the dataset even for units without provenance rows here
    records.append(
        {
            "unit": PROVINCE,
            "period": "2023",
            "field": "population",
            "value": 1_500_000,
            "file": "submissions/2023/tinh.xlsx",
            "sha256": "c" * 64,
            "sheet": "Báo cáo",
            "cell": "D10",
            "raw": None,
        }
    )
    return Dataset.from_records(records, findings)


def level_of(unit: str) -> str:
    return "province" if unit == PROVINCE else "district"


def target(goal: Goal, unit: str) -> float:
    return goal.target_for(level_of(unit))


def attainment(value: float, goal_target: float) -> float:
    return math.nan if math.isnan(value) else min(value / goal_target, 1.0) * 100


def make_result() -> Result:
    catalogue = make_catalogue()
    units = make_units()
    programme = catalogue.programmes["nq"]
    values, compliance, progress, scores = [], [], [], []
    for (unit, period), kpi_values in VALUES.items():
        for kpi, value in zip(KPIS, kpi_values, strict=True):
            missing = math.isnan(value)
            values.append(
                {
                    "unit": unit,
                    "period": period,
                    "kpi": kpi,
                    "value": value,
                    "reason": "missing_field:dossiers_online" if missing else None,
                    "origin": "rollup" if unit == PROVINCE else "reported",
                    "children_expected": 4 if unit == PROVINCE else 0,
                    "children_reported": 4 if unit == PROVINCE else 0,
                    "coverage_complete": True,
                }
            )
        for goal in programme.goals:
            value = kpi_values[KPIS.index(goal.kpi)]
            goal_target = target(goal, unit)
            met: Any = pd.NA if math.isnan(value) else value >= goal_target
            compliance.append(
                {
                    "programme": "nq",
                    "goal": goal.id,
                    "kpi": goal.kpi,
                    "unit": unit,
                    "level": level_of(unit),
                    "period": period,
                    "value": value,
                    "target": goal_target,
                    "comparison": ">=",
                    "deadline": "2025",
                    "met": met,
                    "gap": value - goal_target,
                    "direction": "higher",
                }
            )
            score = attainment(value, goal_target)
            scores.append(
                {
                    "programme": "nq",
                    "goal": goal.id,
                    "kpi": goal.kpi,
                    "group": GROUP_OF[goal.id],
                    "unit": unit,
                    "level": level_of(unit),
                    "period": period,
                    "value": value,
                    "score": score,
                    "weight": 1.0,
                    "imputed": False,
                    "missing": math.isnan(value),
                }
            )
            if period == "2024":
                status = STATUS[unit][goal.id]
                earlier = VALUES[(unit, "2023")][KPIS.index(goal.kpi)]
                progress.append(
                    {
                        "programme": "nq",
                        "goal": goal.id,
                        "kpi": goal.kpi,
                        "unit": unit,
                        "level": level_of(unit),
                        "period": "2024",
                        "value": value,
                        "target": goal_target,
                        "comparison": ">=",
                        "deadline": "2025",
                        "baseline_value": earlier,
                        "baseline_period": "2023",
                        "method": "eurostat",
                        # the growth ratio: observed change / change needed, over one year
                        "indicator": (value - earlier) / (goal_target - earlier)
                        if goal_target != earlier and not math.isnan(value)
                        else math.nan,
                        "observed_rate": value - earlier,
                        "required_rate": math.nan,
                        "projected_value": math.nan,
                        "actual_progress": math.nan,
                        "expected_progress": math.nan,
                        "ahead_of_schedule": status == "achieved"
                        if status != "not_assessable"
                        else pd.NA,
                        "n_points": 2,
                        "fallback": None,
                        "status": status,
                        "note": None,
                    }
                )
    scores_frame = pd.DataFrame(scores)
    composite_rows, group_rows = [], []
    for period in PERIODS:
        for level in ("province", "district"):
            part = scores_frame[(scores_frame.period == period) & (scores_frame.level == level)]
            means = part.groupby("unit", sort=False)["score"].mean()
            ranks = means.rank(method="min", ascending=False)
            for unit, score in means.items():
                previous = None
                if period == "2024":
                    prev = scores_frame[
                        (scores_frame.period == "2023") & (scores_frame.unit == unit)
                    ]
                    previous = prev["score"].mean()
                composite_rows.append(
                    {
                        "programme": "nq",
                        "unit": unit,
                        "level": level,
                        "period": period,
                        "score": score,
                        "rank": int(ranks[unit]),
                        "rank_overall": int(ranks[unit]),
                        "tied": int((ranks == ranks[unit]).sum()) > 1,
                        "n_scored": int(part[part.unit == unit]["score"].notna().sum()),
                        "n_missing": int(part[part.unit == unit]["score"].isna().sum()),
                        "change": math.nan if previous is None else score - previous,
                    }
                )
            for group in ("gov", "soc"):
                gpart = part[part.group == group]
                gmeans = gpart.groupby("unit", sort=False)["score"].mean()
                granks = gmeans.rank(method="min", ascending=False)
                for unit, score in gmeans.items():
                    group_rows.append(
                        {
                            "programme": "nq",
                            "group": group,
                            "unit": unit,
                            "level": level,
                            "period": period,
                            "score": score,
                            "rank": int(granks[unit]),
                        }
                    )
    progress_frame = pd.DataFrame(progress)
    summary = []
    for unit, statuses in STATUS.items():
        counts = {
            s: list(statuses.values()).count(s)
            for s in ("achieved", "on_track", "at_risk", "off_track", "not_assessable")
        }
        met = sum(
            1
            for c in compliance
            if c["unit"] == unit and c["period"] == "2024" and c["met"] is True
        )
        summary.append(
            {
                "programme": "nq",
                "unit": unit,
                "level": level_of(unit),
                "period": "2024",
                "goals_total": 4,
                **counts,
                "met": met,
            }
        )
    dataset = make_dataset()
    engine_finding = Finding(
        "E101",
        Severity.WARNING,
        "Huyện Đoan Hùng thiếu số hồ sơ trực tuyến.",
        "Huyện Đoan Hùng has no online dossiers figure.",
        Location(),
        subject="online_rate",
    )
    return Result(
        catalogue=catalogue,
        units=units,
        dataset=dataset,
        values=pd.DataFrame(values),
        compliance=pd.DataFrame(compliance),
        progress=progress_frame,
        goal_summary=pd.DataFrame(summary),
        scores=scores_frame,
        composite=pd.DataFrame(composite_rows),
        group_scores=pd.DataFrame(group_rows),
        findings=Findings([engine_finding]),
    )


@pytest.fixture
def result() -> Result:
    return make_result()


GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with ``golden/<name>`` (``tests.kit.check_golden``)."""
    kit_check_golden(GOLDEN / name, actual)


@pytest.fixture
def golden() -> Any:
    """The golden-file check: ``golden("name.html", text)``."""
    return check_golden
