"""The Excel scorecard: Summary, Ranking, Official points, Matrix, Charts, Findings, Provenance.

Every cell holds a value, never a formula: a workbook written by openpyxl has
no cached formula results, and a reader (or LibreOffice in a hurry) would see
blanks. Numbers stay numbers — percent as a 0–1 fraction shown ``0.0%``, a
shared rank as the number 2 shown ``2=`` — so leaders can sort and filter, and
status is always spelled out next to its colour.

This module is the content: which sheets, rows, cells and styles. Collecting
rows, measuring widths and writing the package is :mod:`chiso.render.sheetwriter`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from chiso.catalogue.model import Programme
from chiso.engine.result import PROGRESS_STATUSES, Result
from chiso.findings import Finding, Lang
from chiso.memory import gc_paused
from chiso.render import points, tables
from chiso.render import scorecard_charts as charts
from chiso.render.labels import (
    direction_text,
    label,
    level_label,
    method_label,
    source_text,
    status_label,
)
from chiso.render.scorecard_cells import (
    CHANGE_FORMAT,
    DATA_HEADER,
    HEADLINE,
    NOTE,
    SCORE_FORMAT,
    SECTION,
    SUBTITLE,
    TIED_RANK_FORMAT,
    TITLE,
    WRAP,
    number,
    number_format,
    or_none,
    sheet_subtitle,
    sheet_title,
    status_style,
)
from chiso.render.scorecard_charts import trend_table
from chiso.render.scorecard_detail import (
    file_units,
    findings_sheet,
    matrix_sheet,
    provenance_sheets,
)
from chiso.render.scorecard_profiles import profile_sheets
from chiso.render.sheetwriter import (
    PLAIN,
    Cell,
    Sheet,
    Style,
    splice_rows,
)
from chiso.staging import Staging, staged


def write_scorecard(
    result: Result,
    path: str | Path,
    *,
    lang: Lang = "vi",
    findings: Iterable[Finding] = (),
    staging: Staging | None = None,
) -> Path:
    """Write the scorecard workbook to ``path`` and return the path.

    ``findings`` are listed on the Findings sheet along with the result's own and
    its dataset's (pass the catalogue's and the units file's here). Written
    under a temporary name and renamed when complete (:mod:`chiso.staging`).
    """
    path = Path(path)
    with gc_paused(), staged(staging) as stage:
        _write_scorecard(result, stage.path(path), lang, findings)
    return path


def _write_scorecard(
    result: Result, path: Path, lang: Lang, findings: Iterable[Finding]
) -> Path:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "chiso"
    workbook.properties.title = label("scorecard", lang)
    sheets = [
        summary_sheet(result, lang),
        ranking_sheet(result, lang),
        *points_sheets(result, lang),
        matrix_sheet(result, lang),
    ]
    for sheet in sheets:
        sheet.write(workbook)
    sheets.append(charts_sheet(result, lang, workbook))
    sheets += profile_sheets(result, lang, workbook, {s.title.lower() for s in sheets}
                             | {label(k, lang).lower() for k in RESERVED_SHEETS})
    for sheet in (
        tracker_sheet(result, lang),
        findings_sheet(tables.all_findings(result, findings), lang, file_units(result, lang),
                       catalogue=result.catalogue),
        *provenance_sheets(result, lang),
    ):
        sheet.write(workbook)
        sheets.append(sheet)
    workbook.save(path)
    splice_rows(path, sheets)
    return path


#: Sheets written after the profiles, whose names a unit's sheet must not take.
RESERVED_SHEETS = ("sheet_tracker", "sheet_findings", "sheet_provenance")


# --- Summary ---------------------------------------------------------------------


def summary_sheet(result: Result, lang: Lang) -> Sheet:
    """Each programme's goals at the top unit, with the "4/6 …" headline, then counts by unit."""
    sheet = Sheet(label("sheet_summary", lang), freeze="A4", measured_from=4)
    sheet.add(Cell(sheet_title(result, lang, "scorecard"), TITLE), height=22)
    sheet.add(Cell(sheet_subtitle(result, lang), SUBTITLE))
    sheet.blank()
    root = tables.root_unit(result)
    for programme in result.catalogue.programmes.values():
        _programme_block(sheet, result, programme, root.code if root else None, lang)
    # Printed: the goals to their status and baseline, and the counts by unit (A–J) on
    # landscape A4 at 9 pt or more; the method, indicator and "ahead" columns are on screen.
    sheet.widths.update({1: 5, 2: 34, 3: 14, 4: 12, 8: 20})
    sheet.print_columns = SUMMARY_PRINTED
    return sheet


SUMMARY_PRINTED = 10  # columns A–J


def _programme_block(
    sheet: Sheet, result: Result, programme: Programme, root: str | None, lang: Lang
) -> None:
    sheet.add(Cell(programme.name.get(lang), SECTION), height=18)
    meta = f"{label('horizon', lang)}: {programme.horizon.start}–{programme.horizon.end}"
    if source_text(programme.source):
        meta += f" · {label('source', lang)}: {source_text(programme.source)}"
    sheet.add(Cell(meta, NOTE))
    rows = tables.goal_rows(result, programme, root, lang) if root else []
    sheet.add(Cell(tables.goal_headline(result, rows, lang), HEADLINE), height=18)
    header = [label(key, lang) for key in (
        "col_no", "col_goal", "col_group", "col_direction", "col_value", "col_target",
        "col_deadline", "col_status", "col_parts", "col_baseline", "col_baseline_period",
        "col_method", "col_indicator", "col_ahead",
    )]
    body = []
    for i, row in enumerate(rows, start=1):
        fmt = number_format(row.unit_kind)
        baseline = Cell(None) if row.baseline_value is None else number(row.baseline_value, fmt)
        body.append(
            [
                i,
                Cell(row.name, WRAP),
                Cell(row.group_name, WRAP),
                Cell(direction_text(row.direction, lang), WRAP),
                number(row.value, fmt, bold=True),
                number(row.target, number_format(row.unit_kind, row.comparison, lang)),
                row.deadline,
                Cell(status_label(row.status, lang), status_style(row.status)),
                Cell(row.parts_text),
                baseline,
                row.baseline_period,
                Cell(method_label(row.method_used, lang) if row.method_used else None, WRAP),
                number(row.indicator, "0.00"),
                Cell(_yes_no(row.ahead_of_schedule, lang)),
            ]
        )
    sheet.table(header, body)
    sheet.blank()
    units = tables.compared_units(result, programme, lang)
    if units:
        sheet.add(Cell(label("by_unit", lang), SECTION))
        header = [
            label("col_no", lang),
            label("col_unit", lang),
            label("col_level", lang),
            label("col_goals", lang),
            *[status_label(s, lang) for s in PROGRESS_STATUSES],
        ]
        body = [
            [
                i,
                u.name,
                level_label(u.level, lang),
                u.total,
                *[
                    Cell(u.counts[s], status_style(s) if u.counts[s] else PLAIN)
                    for s in PROGRESS_STATUSES
                ],
            ]
            for i, u in enumerate(units, start=1)
        ]
        sheet.table(header, body)
        sheet.blank()


def _yes_no(value: bool | None, lang: Lang) -> str | None:
    if value is None:
        return None
    return label("yes" if value else "no", lang)


# --- Ranking ---------------------------------------------------------------------


def ranking_sheet(result: Result, lang: Lang) -> Sheet:
    """Units with composite score, rank (``2=`` when shared), change, and pillar scores."""
    header_row = 4
    sheet = Sheet(
        label("sheet_ranking", lang),
        freeze=f"F{header_row + 1}",
        print_title_rows=f"{header_row}:{header_row}",
        measured_from=header_row,
    )
    sheet.add(Cell(sheet_title(result, lang, "ranking_title"), TITLE), height=22)
    notes = " ".join(label(k, lang) for k in ("tied_note", "not_reported_note", "change_note"))
    sheet.add(Cell(f"{sheet_subtitle(result, lang)} · {notes}", SUBTITLE))
    sheet.blank()
    programmes = list(result.catalogue.programmes.values())
    many = len(programmes) > 1
    group_ids: list[str] = []
    for programme in programmes:
        group_ids += [g for g in tables.programme_groups(result, programme) if g not in group_ids]
    groups = [result.catalogue.groups[g] for g in group_ids]
    header = [
        *([label("programme", lang)] if many else []),
        label("col_level", lang),
        label("col_rank", lang),
        label("col_unit_code", lang),
        label("col_unit", lang),
        label("col_score", lang),
        label("col_change", lang),
        *[
            text
            for g in groups
            for text in (
                f"{label('col_score', lang)}: {g.name.get(lang)}",
                f"{label('col_rank', lang)}: {g.name.get(lang)}",
            )
        ],
        label("col_scored", lang),
        label("col_missing", lang),
        label("col_zero", lang),
        label("col_incomplete", lang),
    ]
    body = []
    for programme in programmes:
        for row in tables.ranking_rows(result, programme, lang):
            change_colour = None
            if row.change is not None and row.change > 0:
                change_colour = "006100"
            elif row.change is not None and row.change < 0:
                change_colour = "9C0006"
            body.append(
                [
                    *(
                        [programme.short_name.get(lang) if programme.short_name else programme.id]
                        if many
                        else []
                    ),
                    level_label(row.level, lang),
                    number(
                        row.rank, TIED_RANK_FORMAT if row.tied else "0", align="center", bold=True
                    ) if row.reported else Cell(label("not_reported", lang), NOTE),
                    row.unit,
                    row.name,
                    number(row.score, SCORE_FORMAT, bold=True),
                    number(row.change, CHANGE_FORMAT, colour=change_colour),
                    *[
                        cell
                        for g in group_ids
                        for cell in (
                            number(row.groups.get(g, (None, None))[0], SCORE_FORMAT),
                            number(row.groups.get(g, (None, None))[1], "0", align="center"),
                        )
                    ],
                    row.n_scored if row.reported else None,
                    row.n_missing if row.reported else None,
                    row.n_zero if row.reported else None,
                    row.n_incomplete if row.reported else None,
                ]
            )
    first, last = sheet.table(header, body)
    sheet.filter_ref = f"A{first}:{get_column_letter(len(header))}{max(last, first)}"
    if many:
        sheet.freeze = f"G{header_row + 1}"
    # Printed: programme, level, rank, unit, score and change; the pillar scores are on
    # screen (one pair of columns per pillar of every programme: 39 columns in the example)
    sheet.print_columns = 7 if many else 6
    return sheet


# --- Official points (DTI, Decision 766) -------------------------------------------


def points_sheets(result: Result, lang: Lang) -> list[Sheet]:
    """One sheet for every programme scored in points, if any has units to show.

    Per programme: each unit's points per main index, total, value, rank and band,
    with its self-assessed and appraised totals and their difference; then, per
    unit and self-assessed or appraised component, both scores, the points that
    count, the difference and the evidence cited.
    """
    programmes = [p for p in result.catalogue.programmes.values()
                  if points.is_points(p) and points.has_points(points.points_rows(result, p, lang))]
    if not programmes:
        return []
    sheet = Sheet(label("sheet_points", lang), freeze="A4", measured_from=4)
    sheet.add(Cell(sheet_title(result, lang, "points_title"), TITLE), height=22)
    sheet.add(Cell(f"{sheet_subtitle(result, lang)} · {label('points_note', lang)}", SUBTITLE))
    for programme in programmes:
        sheet.blank()
        _points_block(sheet, result, programme, lang)
    # the rank column, wide enough for "Chưa báo cáo" where a unit sent nothing
    sheet.widths.update({1: max(8, sheet.widths.get(1, 0)), 2: 30})
    return [sheet]


def _points_block(sheet: Sheet, result: Result, programme: Programme, lang: Lang) -> None:
    rows = points.points_rows(result, programme, lang)
    assessed = points.is_assessed(rows)
    groups = points.points_groups(result, programme)
    names = {g: (grp.name.get(lang) if (grp := result.catalogue.groups.get(g)) else g)
             for g, _ in groups}
    title = (programme.short_name or programme.name).get(lang)
    if result.latest_period:
        title += f" ({result.latest_period})"
    sheet.add(Cell(title, SECTION))
    digits = programme.scoring.round if programme.scoring.round is not None else 4
    value_format = "0." + "0" * digits if digits else "0"
    roots = {u.code for u in result.units.roots}
    header = [
        label("col_rank", lang), label("col_unit", lang),
        *[f"{names[g]} ({maximum:g})" for g, maximum in groups],
        f"{label('col_points', lang)} ({sum(m for _, m in groups):g})",
        label("col_index_value", lang),
        *([label("col_band", lang)] if programme.scoring.bands else []),
        *([label("col_self_points", lang), label("col_appraised_points", lang),
           label("col_points_difference", lang)] if assessed else []),
    ]
    body = []
    for row in rows:
        own = row.unit not in roots  # a province's row is its units' mean, not ranked
        body.append([
            number(row.rank if own else None, TIED_RANK_FORMAT if row.tied else "0",
                   align="center", bold=True)
            if row.reported or not own else _not_reported(sheet, lang),
            row.name,
            *[number(row.groups[g], "0.0") for g, _ in groups],
            number(row.points, "0.0", bold=True),
            number(row.value, value_format),
            *([points.band_name(programme, row.band, lang) or None]
              if programme.scoring.bands else []),
            *([number(row.self_points if own else None, "0.0"),
               number(row.appraised_points if own else None, "0.0"),
               number(row.difference if own else None, "+0.0;-0.0;0.0")] if assessed else []),
        ])
    sheet.table(header, body)
    components = points.component_rows(result, programme, lang)
    if not components:
        return
    sheet.blank()
    sheet.add(Cell(label("points_components", lang), HEADLINE))
    header = [
        label("col_unit_code", lang), label("col_unit", lang), label("col_component", lang),
        label("col_max_points", lang), label("col_counted_points", lang),
        label("col_self_points", lang), label("col_appraised_points", lang),
        label("col_points_difference", lang), label("col_evidence", lang),
    ]
    sheet.table(header, [
        [c.unit, c.name, Cell(c.goal_name, WRAP), number(c.max_points, "0.##"),
         number(c.points, "0.0", bold=True), number(c.self_points, "0.0"),
         number(c.appraised_points, "0.0"), number(c.difference, "+0.0;-0.0;0.0"),
         Cell(c.evidence, WRAP)]
        for c in components
    ])


# --- Submissions (the tracker) ----------------------------------------------------


def _not_reported(sheet: Sheet, lang: Lang) -> Cell:
    """``Chưa báo cáo`` in the rank column, widened to show it whole."""
    text = label("not_reported", lang)
    sheet.widths[1] = max(sheet.widths.get(1, 0), len(text) + 2)
    return Cell(text, NOTE)


def tracker_sheet(result: Result, lang: Lang) -> Sheet:
    """``Tình hình nộp báo cáo``: reported / expected by district for the latest period,
    then one row per expected unit and period with its status and the file used."""
    sheet = Sheet(label("sheet_tracker", lang), freeze="A4", measured_from=4)
    sheet.add(Cell(sheet_title(result, lang, "tracker_title"), TITLE), height=22)
    sheet.add(Cell(sheet_subtitle(result, lang), SUBTITLE))
    sheet.blank()
    view = tables.tracker_view(result, lang)
    if view is not None:
        header = [label(k, lang) for k in ("col_area", "col_expected", "col_reported",
                                           "col_with_errors", "col_late", "col_not_reported")]
        sheet.table(header, [
            [Cell(c.name, HEADLINE if c is view.counts[-1] else PLAIN),
             c.expected, c.reported, c.with_errors, c.late, c.missing]
            for c in view.counts
        ])
        sheet.blank()
    tracker = result.tracker
    if tracker is not None and len(tracker) and "expected" in tracker:
        header = [label(k, lang) for k in (
            "period", "col_unit_code", "col_unit", "col_level", "col_district",
            "col_submission_status", "col_n_files", "col_n_values", "col_received", "col_file")]
        body = []
        for r in tracker.to_dict("records"):
            status = str(r["status"])
            district = or_none(r["district"])
            received = or_none(r["received"])
            body.append([
                str(r["period"]), str(r["unit"]), tables.unit_name(result, r["unit"], lang),
                level_label(str(r["level"]), lang),
                tables.unit_name(result, district, lang) if district else None,
                Cell(label(f"tracker_status_{status}", lang), _tracker_style(status)),
                int(r["n_files"]), int(r["n_values"]),
                received.strftime("%Y-%m-%d %H:%M") if received is not None else None,
                or_none(r["file"]),
            ])
        first, last = sheet.table(header, body)
        sheet.filter_ref = f"A{first}:{get_column_letter(len(header))}{max(last, first)}"
    sheet.widths.update({1: 24, 3: 30})
    return sheet


def _tracker_style(status: str) -> Style:
    colour = {"received": "achieved", "with_errors": "at_risk", "late": "at_risk",
              "missing": "off_track"}.get(status, "not_assessable")
    return status_style(colour)




# --- Charts ----------------------------------------------------------------------


ROW_CM = 0.53  # default row height (15 pt) in centimetres
LINE_CHART = (12.0, 7.0)  # width, height in cm
CHART_COLUMNS = ("B", "J")  # the two columns of the chart grid
DATA_COLUMN = 20  # the charts' data tables start in column T, outside the print area
PRINT_COLUMNS = "A:R"


def charts_sheet(result: Result, lang: Lang, workbook: Workbook) -> Sheet:
    """A ranking bar chart and one line chart per goal at the top unit.

    Charts sit in a two-column grid in bands of whole rows; their data tables
    are to the right, outside the print area, so the printed pages hold charts
    only, with a page break between bands so no chart is cut in two.
    """
    sheet = Sheet(label("sheet_charts", lang), measured_from=3)
    sheet.add(Cell(sheet_title(result, lang, "charts_title"), TITLE), height=22)
    sheet.add(*[None] * (DATA_COLUMN - 1), Cell(label("chart_data", lang), SUBTITLE))
    bands: list[list[charts.PlannedChart]] = []
    new_page: set[int] = set()  # bands that start a printed page
    root = tables.root_unit(result)
    offset = DATA_COLUMN - 1
    for programme in result.catalogue.programmes.values():
        new_page.add(len(bands))
        ranking = tables.ranking_rows(result, programme, lang)
        level = tables.ranked_level(result, ranking)
        if level is not None:
            ranked = [r for r in ranking if r.level == level and r.score is not None]
            first, last = sheet.table(
                [label("col_unit", lang), label("col_score", lang)],
                [[r.name, number(r.score, SCORE_FORMAT)] for r in ranked],
                offset=offset,
                header_style=DATA_HEADER,
            )
            name = (programme.short_name or programme.name).get(lang)
            chart = charts.ranking_chart(
                [r.score for r in ranked],
                f"{label('chart_ranking', lang)} — {level_label(level, lang)} ({name})",
                width=2 * LINE_CHART[0] + 1.5,
            )
            bands.append([charts.PlannedChart(chart, first, last, 2, "bar")])
            sheet.blank()
            new_page.add(len(bands))
        if root is None:
            continue
        pending: list[charts.PlannedChart] = []
        goals = {g.goal: g for g in tables.goal_rows(result, programme, root.code, lang)}
        for history in tables.goal_histories(result, programme, root.code, lang):
            if not any(v is not None for v in history.values):
                continue
            goal = goals[history.goal]
            planned = trend_table(sheet, history, goal, lang, offset=offset)
            planned.chart = charts.trend_chart(
                history.name, history.unit_kind, planned.chart, size=LINE_CHART
            )
            sheet.blank()
            pending.append(planned)
            if len(pending) == len(CHART_COLUMNS):
                bands.append(pending)
                pending = []
        if pending:
            bands.append(pending)
    sheet.widths.update({DATA_COLUMN: 40, DATA_COLUMN + 1: 14, DATA_COLUMN + 2: 14})
    ws = sheet.write(workbook)
    ws.page_setup.fitToHeight = 0
    anchor_row = 3
    rows_on_page = 0
    for number_in_sheet, band in enumerate(bands):
        band_rows = max(math.ceil(c.chart.height / ROW_CM) + 2 for c in band)
        # a new page for each programme and after its ranking; else two bands a page
        if number_in_sheet and (number_in_sheet in new_page or rows_on_page + band_rows > 34):
            ws.row_breaks.append(Break(id=anchor_row - 1))
            rows_on_page = 0
        for column, planned in zip(CHART_COLUMNS, band, strict=False):
            charts.fill(ws, planned, offset)
            ws.add_chart(planned.chart, f"{column}{anchor_row}")
        anchor_row += band_rows
        rows_on_page += band_rows
    ws.print_area = f"A1:{PRINT_COLUMNS.split(':')[1]}{max(anchor_row, sheet.next_row)}"
    return sheet
