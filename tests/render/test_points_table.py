"""The points table of an official index: per group, total, value, band, self vs appraised.

Two districts under a province, one points programme of two groups:
    g_rate   (group a, 60 points): rate × 60
    g_self   (group b, 40 points): self-assessed points, appraised where given
    district  rate   self  appraised   points                 value
    D1        0.5    30    25          30 + 25 = 55 of 100    0.55
    D2        1.0    35    —           60 + 35 = 95 of 100    0.95
"""

from __future__ import annotations

from rich.console import Console

from chiso.catalogue.model import (
    Band,
    Catalogue,
    CatalogueInfo,
    Direction,
    FieldDef,
    FieldKind,
    Goal,
    Group,
    Horizon,
    Kpi,
    KpiType,
    Measure,
    Points,
    Programme,
    ScoreMethod,
    Scoring,
    Text,
)
from chiso.dataset import Dataset
from chiso.engine.assess import assess
from chiso.render.points import points_rows
from chiso.render.terminal import summary
from chiso.units.model import Unit, Units


def t(s: str) -> Text:
    return Text(vi=s, en=s)


def simple(kid: str, unit: Measure) -> Kpi:
    return Kpi(id=kid, name=t(kid), type=KpiType.SIMPLE, field=kid, unit=unit,
               direction=Direction.HIGHER, group="gov", levels=["district"], rollup="none")


def catalogue() -> Catalogue:
    fields = {k: FieldDef(id=k, label=t(k), kind=FieldKind.AMOUNT) for k in ("s", "ap")}
    fields["r"] = FieldDef(id="r", label=t("r"), kind=FieldKind.PERCENT)
    goals = [
        Goal(id="g_rate", kpi="r", group="a", value=1, deadline=2025, points=Points(max=60)),
        Goal(id="g_self", kpi="s", group="b", value=40, deadline=2025,
             points=Points(max=40, reported=True, appraised="ap")),
    ]
    bands = [Band(id="tot", min=0.8, name=t("Tốt")), Band(id="yeu", min=0, name=t("Yếu"))]
    programme = Programme(
        id="dti", name=t("DTI demo"), horizon=Horizon(start=2022, end=2025), goals=goals,
        scoring=Scoring(method=ScoreMethod.POINTS, round=4, bands=bands),
    )
    return Catalogue(
        info=CatalogueInfo(id="c", name=t("c"), version="1"),
        groups={g: Group(id=g, name=t(f"Index {g.upper()}")) for g in ("gov", "a", "b")},
        fields=fields,
        kpis={"r": simple("r", Measure.PERCENT), "s": simple("s", Measure.NUMBER),
              "ap": simple("ap", Measure.NUMBER)},
        programmes={"dti": programme},
    )


def result():  # type: ignore[no-untyped-def]
    units = Units.of([Unit("P", "Tỉnh", "province"),
                      Unit("D1", "Huyện Một", "district", "P"),
                      Unit("D2", "Huyện Hai", "district", "P")])
    rows = [("D1", "r", 0.5), ("D1", "s", 30), ("D1", "ap", 25), ("D2", "r", 1.0), ("D2", "s", 35)]
    data = Dataset.from_records(
        [{"unit": u, "period": "2024", "field": f, "value": v} for u, f, v in rows]
    )
    cat = catalogue()
    return assess(cat, units, data), cat.programmes["dti"]


def test_points_rows_rank_by_what_counts_with_self_and_appraised() -> None:
    res, programme = result()
    rows = {r.unit: r for r in points_rows(res, programme, "vi") if r.level == "district"}
    d1, d2 = rows["D1"], rows["D2"]
    assert (d1.groups, d1.points, d1.value) == ({"a": 30.0, "b": 25.0}, 55.0, 0.55)
    assert (d1.self_points, d1.appraised_points, d1.difference) == (30.0, 25.0, -5.0)
    assert (d2.points, d2.self_points, d2.appraised_points, d2.difference) == (
        95.0, 35.0, None, None)
    assert (d2.rank, d1.rank) == (1, 2)
    assert (d2.band, d1.band) == ("tot", "yeu")


def test_terminal_shows_the_points_table_instead_of_goals() -> None:
    res, _ = result()
    console = Console(record=True, width=160)
    console.print(summary(res, lang="vi"))
    text = console.export_text()
    assert "DTI demo" in text
    assert "IA" in text and "IB" in text  # group initials, with a legend
    assert "IA: Index A" in text
    for heading in ("Tự đánh giá", "Thẩm định", "Chênh lệch", "Xếp loại"):
        assert heading in text
    line = next(row for row in text.splitlines() if "Huyện Một" in row)
    # Points 55 of 100, value 0,5500, band Yếu, self 30, appraised 25, difference −5.
    assert "55" in line and "0,5500" in line and "Yếu" in line and "-5" in line
