"""The points table of an official index: per group, total, value, band, self vs appraised,
in the terminal, the scorecard's "Điểm chính thức" sheet, the md/html and Word reports.

Two districts under a province, one points programme of two groups:
    g_rate   (group a, 60 points): rate × 60
    g_self   (group b, 40 points): self-assessed points, appraised where given
    district  rate   self  appraised   points                 value
    D1        0.5    30    25          30 + 25 = 55 of 100    0.55
    D2        1.0    35    —           60 + 35 = 95 of 100    0.95
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
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
from chiso.dataset import Dataset, evidence_frame
from chiso.engine.assess import assess
from chiso.render.points import _self_and_appraised, component_rows, points_rows, points_table
from chiso.render.report import render_html, render_markdown
from chiso.render.scorecard import write_scorecard
from chiso.render.terminal import summary
from chiso.render.word import render_word
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


def _with_evidence(res):  # type: ignore[no-untyped-def]
    """The result with D1's self-assessment citing a document (as a form would)."""
    evidence = evidence_frame([("D1", "2024", "s", "KH 45/KH-UBND", "d1.xlsx", "Báo cáo", "F7")])
    return replace(res, dataset=replace(res.dataset, evidence=evidence))


def test_component_rows_show_self_appraised_difference_and_evidence() -> None:
    res, programme = result()
    # The self-assessed field on a form: the evidence beside it belongs to g_self.
    fields = dict(res.catalogue.fields)
    fields["s"] = FieldDef(id="s", label=t("s"), kind=FieldKind.AMOUNT, form="dti_form")
    res = _with_evidence(replace(res, catalogue=res.catalogue.model_copy(
        update={"fields": fields})))
    rows = component_rows(res, programme, "vi")
    # Only the self-assessed goal, for both districts, in ranking order (D2 first).
    assert [(r.unit, r.goal) for r in rows] == [("D2", "g_self"), ("D1", "g_self")]
    d1 = rows[1]
    assert (d1.max_points, d1.points, d1.self_points, d1.appraised_points, d1.difference) == (
        40.0, 25.0, 30.0, 25.0, -5.0)
    assert d1.evidence == "KH 45/KH-UBND"
    assert rows[0].evidence is None and rows[0].difference is None


def test_scorecard_has_an_official_points_sheet(tmp_path: Path) -> None:
    res, _ = result()
    path = write_scorecard(res, tmp_path / "s.xlsx", lang="vi")
    ws = load_workbook(path)["Điểm chính thức"]
    rows = [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "Hạng")
    assert header[2:4] == ["Index A (60)", "Index B (40)"]
    assert header[-3:] == ["Tự đánh giá", "Thẩm định", "Chênh lệch"]
    d1 = next(r for r in rows if "Huyện Một" in r)
    # rank 2; a 30, b 25; 55 points; value 0.55; Yếu; self 30, appraised 25, −5.
    assert d1 == [2, "Huyện Một", 30, 25, 55, 0.55, "Yếu", 30, 25, -5]
    assert next(
        r for r in rows if r and r[0] == "Mã đơn vị")[1:3] == ["Đơn vị", "Chỉ số thành phần"]


def test_markdown_and_html_reports_show_the_points_table() -> None:
    res, programme = result()
    md = render_markdown(res, programme, lang="vi")
    assert "## Điểm chính thức: DTI demo (2024)" in md
    line = next(row for row in md.splitlines() if row.startswith("| 2 | Huyện Một"))
    assert "| 55,0 | 0,5500 | Yếu | 30,0 | 25,0 | -5,0 |" in line
    assert "Tự đánh giá và thẩm định theo chỉ số thành phần" in md
    html = render_html(res, programme, lang="vi")
    assert "Điểm chính thức: DTI demo (2024)" in html and "0,5500" in html


def test_word_report_shows_points_and_self_vs_appraised() -> None:
    res, programme = result()
    doc = render_word(res, programme, lang="vi")
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Hạng"
                 and any(c.text == "Thẩm định" for c in t.rows[0].cells))
    d1 = next([c.text for c in row.cells] for row in table.rows if row.cells[1].text == "Huyện Một")
    assert d1 == ["2", "Huyện Một", "55,0", "0,5500", "Yếu", "30,0", "25,0", "-5,0"]


def test_a_programme_no_unit_has_points_in_shows_no_points_table() -> None:
    # DTI 2025 before 2025: nobody reports its values, so there is nothing to show.
    res, programme = result()
    empty = assess(res.catalogue, res.units, Dataset.from_records(
        [{"unit": "D1", "period": "2024", "field": "r", "value": None}]))
    console = Console(record=True, width=160)
    console.print(summary(empty, lang="vi"))
    assert "DTI demo" not in console.export_text()
    assert points_table(empty, programme, "vi") is None


def test_a_district_that_sent_nothing_reads_not_reported_in_every_points_table(
    tmp_path: Path,
) -> None:
    """Its points are unknown, not zero and not a bare "—": every output says so."""
    units = Units.of([Unit("P", "Tỉnh", "province"),
                      Unit("D1", "Huyện Một", "district", "P"),
                      Unit("D2", "Huyện Hai", "district", "P"),
                      Unit("D3", "Huyện Ba", "district", "P")])
    rows = [("D1", "r", 0.5), ("D1", "s", 30), ("D2", "r", 1.0), ("D2", "s", 35)]
    data = Dataset.from_records(
        [{"unit": u, "period": "2024", "field": f, "value": v} for u, f, v in rows]
    )
    cat = catalogue()
    res, programme = assess(cat, units, data), cat.programmes["dti"]
    by_unit = {r.unit: r for r in points_rows(res, programme, "vi")}
    assert not by_unit["D3"].reported and by_unit["D3"].points is None
    assert by_unit["D3"].rank_label("vi") == "Chưa báo cáo"
    assert by_unit["D3"].rank_label("en") == "Not reported"
    assert by_unit["D1"].rank_label("vi") == "2"
    table = points_table(res, programme, "vi")
    assert table is not None
    assert next(r for r in table.rows if r[1] == "Huyện Ba")[0] == "Chưa báo cáo"
    assert "| Chưa báo cáo | Huyện Ba |" in render_markdown(res, programme, lang="vi")
    console = Console(record=True, width=200)
    console.print(summary(res, lang="en"))
    line = next(row for row in console.export_text().splitlines() if "Huyện Ba" in row)
    assert "Not reported" in line
    path = write_scorecard(res, tmp_path / "s.xlsx", lang="vi")
    sheet = load_workbook(path)["Điểm chính thức"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert next(r for r in cells if "Huyện Ba" in r)[0] == "Chưa báo cáo"
    assert sheet.column_dimensions["A"].width >= len("Chưa báo cáo") + 1  # shown whole


def _loop_sums(frame: pd.DataFrame) -> dict:  # type: ignore[type-arg]
    """The sums as the table first made them: one unit at a time, with Series.sum."""
    out = {}
    for unit, rows in frame.groupby("unit", sort=False):
        own = pd.to_numeric(rows["self_points"], errors="coerce")
        appraised = pd.to_numeric(rows["appraised_points"], errors="coerce")
        both = own.notna() & appraised.notna()
        out[str(unit)] = (
            float(own.sum()) if own.notna().any() else None,
            float(appraised.sum()) if appraised.notna().any() else None,
            float((appraised[both] - own[both]).sum()) if both.any() else None,
        )
    return out


def test_points_add_up_as_a_person_adding_them_in_order_would() -> None:
    frame = pd.DataFrame({"unit": ["D1"] * 3, "self_points": [0.1, 0.2, 0.3],
                          "appraised_points": [0.1, None, 0.3]})
    # left to right, as the scorecard always stored them (a compensated sum gives 0.6)
    assert _self_and_appraised(frame)["D1"] == (0.6000000000000001, 0.4, 0.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(
    st.sampled_from(["D1", "D2", "10", "D3"]),
    st.one_of(st.none(), st.integers(0, 200).map(lambda n: n / 10)),
    st.one_of(st.none(), st.integers(0, 200).map(lambda n: n / 10),
              st.floats(0, 1e6, allow_nan=False)),
), min_size=1, max_size=40))
def test_points_sums_are_the_same_as_summing_each_unit_alone(rows: list) -> None:  # type: ignore[type-arg]
    frame = pd.DataFrame(rows, columns=["unit", "self_points", "appraised_points"])
    assert _self_and_appraised(frame) == _loop_sums(frame)


def test_the_evidence_cited_is_in_result_json_with_its_cell() -> None:
    from chiso.render.json import result_to_dict

    res, _ = result()
    assert result_to_dict(res)["evidence"] == []
    data = result_to_dict(_with_evidence(res))
    assert data["evidence"] == [{"unit": "D1", "period": "2024", "field": "s",
                                 "text": "KH 45/KH-UBND", "file": "d1.xlsx",
                                 "sheet": "Báo cáo", "cell": "F7"}]


def test_a_narrow_terminal_drops_the_index_columns_never_the_total_and_value() -> None:
    res, _ = result()
    for width, with_groups in ((80, False), (200, True)):
        console = Console(record=True, width=width)
        console.print(summary(res, lang="vi"))
        text = console.export_text()
        line = next(row for row in text.splitlines() if "Huyện Một" in row)
        assert "55" in line and "0,5500" in line and "…" not in line, (width, line)
        assert ("IA: Index A" in text) is with_groups, width
        assert ("Điểm từng chỉ số chính" in text) is not with_groups, width
        assert max(len(row) for row in text.splitlines()) <= width


def test_narrower_still_drops_the_self_assessment_columns_and_says_so() -> None:
    res, _ = result()
    console = Console(record=True, width=60)
    console.print(summary(res, lang="en"))
    text = console.export_text()
    line = next(row for row in text.splitlines() if "Huyện Một" in row)
    assert "55" in line and "0.5500" in line and "…" not in line, line
    assert "Self-assessed" not in text
    assert "Points per main index, self-assessed" in text
    assert max(len(row) for row in text.splitlines()) <= 60
