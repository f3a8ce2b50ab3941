"""The scorecard's Excel charts: a ranking bar chart and a goal's trend.

Both fit their value axis to the data (:mod:`chiso.render.axes`): a 0–100 axis
made 91,9 and 98,2 look alike, and percent axes went above 100 %. Values are
written on the bars and beside the trend's points. A trend runs to the goal's
deadline with the target as a dashed line across it and the deadline as a thin
vertical bar, so how far there is to go shows.

Each chart reads a small data table the caller writes outside the print area;
:func:`fill` points the chart at it once the worksheet exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText
from openpyxl.chart.text import Text as ChartText
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)

from chiso.findings import Lang
from chiso.render import tables
from chiso.render.axes import value_range
from chiso.render.labels import label
from chiso.render.profile import trend_axis
from chiso.render.scorecard_cells import DATA_HEADER, number, number_format
from chiso.render.sheetwriter import Sheet

DEADLINE_FILL = "F4B6B6"
TARGET_LINE = "7F7F7F"


@dataclass
class PlannedChart:
    """A chart and where its data table is: header row ``first`` to ``last``, ``n_cols``
    columns from the sheet's data column; ``kind`` is ``bar`` or ``trend``."""

    chart: Any
    first: int
    last: int
    n_cols: int
    kind: str


def title(text: str, *, size: int) -> Title:
    """A bold chart title in ``size`` points (the default 14 pt crowds a small chart)."""
    props = CharacterProperties(sz=size * 100, b=True)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)]
    )
    return Title(tx=ChartText(rich=RichText(p=[paragraph])), overlay=False)


def ranking_chart(scores: list[float | None], heading: str, *, width: float) -> BarChart:
    """Units' composite scores (0–100) as horizontal bars, rank 1 at the top, the axis
    fitted to the scores, each bar labelled with its score."""
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = title(heading, size=12)
    chart.legend = None
    chart.gapWidth = 40  # thick bars: the bars are the message
    lo, hi = value_range(scores, top=100.0)
    chart.y_axis.scaling.min = _axis_floor(lo)
    chart.y_axis.scaling.max = hi
    chart.y_axis.number_format = "0"
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top …
    chart.y_axis.crosses = "max"  # … and the score axis still at the bottom
    chart.dataLabels = _values_only()
    chart.dataLabels.numFmt = "0.0"
    chart.height = max(7.5, 0.55 * len(scores) + 3)
    chart.width = width
    return chart


def trend_rows(
    history: tables.GoalHistory, target: float | None, deadline: str | None
) -> tuple[list[list[Any]], int | None, tuple[float, float]]:
    """The data table of a goal's trend — period, value, target, deadline marker — with
    the deadline's row (None if it cannot be placed) and the value axis range."""
    labels, values, at = trend_axis(history, deadline)
    targets = list(history.targets) + [target] * (len(labels) - len(history.targets))
    percent = history.unit_kind == "percent"
    lo, hi = value_range(values, target, percent=percent)
    rows = [
        [period, value, goal_target if goal_target is not None else target,
         hi if i == at else None]
        for i, (period, value, goal_target) in enumerate(zip(labels, values, targets, strict=True))
    ]
    return rows, at, (lo, hi)


def trend_chart(
    heading: str, unit_kind: str, axis: tuple[float, float], *, size: tuple[float, float]
) -> LineChart:
    """A goal's trend (value and target lines) over a thin bar at the deadline."""
    chart = LineChart()
    chart.title = title(heading, size=10)
    chart.legend.position = "b"  # below: the plot keeps the chart's width
    chart.style = 12
    chart.width, chart.height = size
    percent = unit_kind == "percent"
    chart.y_axis.number_format = "0%" if percent else "#,##0"
    chart.y_axis.scaling.min = _axis_floor(axis[0], percent=percent)
    chart.y_axis.scaling.max = axis[1]
    return chart


def fill(ws: Any, planned: PlannedChart, offset: int) -> None:
    """Point ``planned.chart`` at its data table (columns from ``offset + 1``)."""
    chart = planned.chart
    cats = Reference(ws, min_col=offset + 1, min_row=planned.first + 1, max_row=planned.last)
    if planned.kind == "trend":
        lines = Reference(ws, min_col=offset + 2, max_col=offset + 3,
                          min_row=planned.first, max_row=planned.last)
        chart.add_data(lines, titles_from_data=True)
        chart.set_categories(cats)
        value, target = chart.series[0], chart.series[1]
        value.marker.symbol = "circle"
        value.smooth = False
        value.dLbls = _values_only()
        value.dLbls.position = "t"
        target.smooth = False
        target.marker.symbol = "none"
        target.graphicalProperties.line.dashStyle = "dash"
        target.graphicalProperties.line.solidFill = TARGET_LINE
        marker = BarChart()
        marker.add_data(Reference(ws, min_col=offset + 4, min_row=planned.first,
                                  max_row=planned.last), titles_from_data=True)
        marker.gapWidth = 450  # a thin bar: a line at the deadline
        marker.series[0].graphicalProperties.solidFill = DEADLINE_FILL
        marker.series[0].graphicalProperties.line.solidFill = DEADLINE_FILL
        chart += marker
    else:
        data = Reference(ws, min_col=offset + 2, max_col=offset + planned.n_cols,
                         min_row=planned.first, max_row=planned.last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
    chart.x_axis.delete = False  # openpyxl ≥ 3.1 hides axes unless told otherwise
    chart.y_axis.delete = False


def _values_only() -> DataLabelList:
    """Data labels with the value alone (LibreOffice adds the series and category names
    unless told not to)."""
    return DataLabelList(showVal=True, showSerName=False, showCatName=False,
                         showLegendKey=False, showPercent=False)


def _axis_floor(low: float, *, percent: bool = False) -> float:
    """The axis minimum rounded down to a tick people read (a whole percent, a whole
    point), so the axis labels are round numbers."""
    step = 0.01 if percent else 1.0
    return max(0.0, (low // step) * step)


def trend_table(
    sheet: Sheet, history: tables.GoalHistory, goal: tables.GoalRow, lang: Lang, *, offset: int
) -> PlannedChart:
    """Write a goal's trend data (period, value, target, deadline) at column ``offset + 1``;
    the planned chart's ``chart`` holds the value axis range until the chart is made."""
    rows, _, axis = trend_rows(history, goal.target, goal.deadline)
    fmt = number_format(history.unit_kind)
    first, last = sheet.table(
        [history.name, label("col_value", lang), label("col_target", lang),
         f"{label('col_deadline', lang)} {goal.deadline}"],
        [[p, number(v, fmt), number(t, fmt), number(d, fmt)] for p, v, t, d in rows],
        offset=offset,
        header_style=DATA_HEADER,
    )
    return PlannedChart(axis, first, last, 4, "trend")
