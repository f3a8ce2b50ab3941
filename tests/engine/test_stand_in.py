"""A district's own report one year and its communes' roll-up the next: said, and marked."""

from __future__ import annotations

from chiso.engine.assess import assess
from tests.kit import catalogue, dataset_of, field, goal, programme, ratio, units_of

UNITS = units_of(
    ("P", "province", None), ("D", "district", "P"), ("C1", "commune", "D"),
    ("C2", "commune", "D"),
)


def test_a_series_switching_from_own_report_to_stand_in_is_flagged() -> None:
    cat = catalogue(
        [field("online"), field("total")],
        [ratio("rate", "online", "total", levels=["district", "commune"])],
        [programme("prog", [goal("g", "rate", 0.9)])],
    )
    data = dataset_of({
        ("D", "2023"): {"online": 30, "total": 100},  # its own offices: 0.30
        ("C1", "2023"): {"online": 10, "total": 10},
        ("C2", "2023"): {"online": 10, "total": 10},
        # 2024: D sends nothing; its value is C1 + C2: (8 + 9) / (10 + 10) = 0.85
        ("C1", "2024"): {"online": 8, "total": 10},
        ("C2", "2024"): {"online": 9, "total": 10},
    })
    result = assess(cat, UNITS, data)
    values = result.values.set_index(["unit", "period", "kpi"])
    assert values.loc[("D", "2024", "rate"), "origin"] == "rollup"
    assert values.loc[("D", "2024", "rate"), "value"] == 17 / 20
    (finding,) = [f for f in result.findings if f.code == "E106"]
    assert "2023" in finding.message_en and "2024" in finding.message_en
    progress = result.progress.set_index("unit")
    assert bool(progress.loc["D", "mixed_series"])
    assert not bool(progress.loc["C1", "mixed_series"])
