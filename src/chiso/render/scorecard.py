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
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from chiso.catalogue.model import Catalogue, Kpi, Programme
from chiso.catalogue.words import measure_of
from chiso.engine.result import PROGRESS_STATUSES, Result
from chiso.findings import Finding, Lang
from chiso.memory import gc_paused
from chiso.periods import Period
from chiso.render import points, tables
from chiso.render import scorecard_charts as charts
from chiso.render.labels import (
    direction_text,
    label,
    level_label,
    method_label,
    reason_label,
    severity_label,
    source_text,
    status_label,
    value_text,
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
    status_style,
)
from chiso.render.scorecard_charts import trend_table
from chiso.render.scorecard_profiles import profile_sheets
from chiso.render.sheetwriter import (
    PLAIN,
    Cell,
    Columns,
    Sheet,
    Style,
    splice_rows,
)
from chiso.staging import Staging, staged
from chiso.units.model import Unit


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
        findings_sheet(tables.all_findings(result, findings), lang, _file_units(result, lang),
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


def _subtitle(result: Result, lang: Lang) -> str:
    info = result.catalogue.info
    name = info.name.get(lang)
    parts = [f"{label('catalogue', lang)}: {name} ({label('version', lang)} {info.version})"]
    if result.latest_period:
        parts.append(f"{label('period', lang)}: {result.latest_period}")
    return " · ".join(parts)


def _title(result: Result, lang: Lang, key: str) -> str:
    root = tables.root_unit(result)
    return f"{label(key, lang)} — {root.label(lang)}" if root else label(key, lang)


# --- Summary ---------------------------------------------------------------------


def summary_sheet(result: Result, lang: Lang) -> Sheet:
    """Each programme's goals at the top unit, with the "4/6 …" headline, then counts by unit."""
    sheet = Sheet(label("sheet_summary", lang), freeze="A4", measured_from=4)
    sheet.add(Cell(_title(result, lang, "scorecard"), TITLE), height=22)
    sheet.add(Cell(_subtitle(result, lang), SUBTITLE))
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
    header = [
        label("col_no", lang),
        label("col_goal", lang),
        label("col_group", lang),
        label("col_direction", lang),
        label("col_value", lang),
        label("col_target", lang),
        label("col_deadline", lang),
        label("col_status", lang),
        label("col_parts", lang),
        label("col_baseline", lang),
        label("col_baseline_period", lang),
        label("col_method", lang),
        label("col_indicator", lang),
        label("col_ahead", lang),
    ]
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
    sheet.add(Cell(_title(result, lang, "ranking_title"), TITLE), height=22)
    notes = " ".join(label(k, lang) for k in ("tied_note", "not_reported_note", "change_note"))
    sheet.add(Cell(f"{_subtitle(result, lang)} · {notes}", SUBTITLE))
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
    sheet.add(Cell(_title(result, lang, "points_title"), TITLE), height=22)
    sheet.add(Cell(f"{_subtitle(result, lang)} · {label('points_note', lang)}", SUBTITLE))
    for programme in programmes:
        sheet.blank()
        _points_block(sheet, result, programme, lang)
    sheet.widths.update({1: 8, 2: 30})
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
                   align="center", bold=True),
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


def tracker_sheet(result: Result, lang: Lang) -> Sheet:
    """``Tình hình nộp báo cáo``: reported / expected by district for the latest period,
    then one row per expected unit and period with its status and the file used."""
    sheet = Sheet(label("sheet_tracker", lang), freeze="A4", measured_from=4)
    sheet.add(Cell(_title(result, lang, "tracker_title"), TITLE), height=22)
    sheet.add(Cell(_subtitle(result, lang), SUBTITLE))
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
            district = _or_none(r["district"])
            received = _or_none(r["received"])
            body.append([
                str(r["period"]), str(r["unit"]), tables.unit_name(result, r["unit"], lang),
                level_label(str(r["level"]), lang),
                tables.unit_name(result, district, lang) if district else None,
                Cell(label(f"tracker_status_{status}", lang), _tracker_style(status)),
                int(r["n_files"]), int(r["n_values"]),
                received.strftime("%Y-%m-%d %H:%M") if received is not None else None,
                _or_none(r["file"]),
            ])
        first, last = sheet.table(header, body)
        sheet.filter_ref = f"A{first}:{get_column_letter(len(header))}{max(last, first)}"
    sheet.widths.update({1: 24, 3: 30})
    return sheet


def _tracker_style(status: str) -> Style:
    colour = {"received": "achieved", "with_errors": "at_risk", "late": "at_risk",
              "missing": "off_track"}.get(status, "not_assessable")
    return status_style(colour)


# --- Matrix ----------------------------------------------------------------------


def matrix_sheet(result: Result, lang: Lang) -> Sheet:
    """Units × KPIs at every period (a row per unit and period, oldest first): value, then
    compliance as text and colour.

    A table this wide (a column per KPI) is read on screen, filtered; printing it
    would take a hundred pages, so only its heading prints, saying so.
    """
    header_row = 5
    sheet = Sheet(
        label("sheet_matrix", lang),
        freeze=f"E{header_row + 1}",
        print_title_rows=f"{header_row}:{header_row}",
        measured_from=header_row + 1,
        print_rows=header_row - 2,
        print_columns=10,  # the heading's text fits across these
    )
    sheet.add(Cell(_title(result, lang, "matrix_title"), TITLE), height=22)
    sheet.add(Cell(_subtitle(result, lang), SUBTITLE))
    sheet.add(Cell(label("matrix_not_printed", lang), NOTE))
    sheet.blank()
    kpis = _matrix_kpis(result)
    with_goal = {g.kpi for p in result.catalogue.programmes.values() for g in p.goals}
    sheet.print_title_cols = "A:D"
    values = result.values
    # (unit, period, kpi) → (value, reason), from whole columns: records would box 120k rows
    by_key: dict[tuple[str, str, str], tuple[Any, Any]] = {}
    if not values.empty:
        reasons = values["reason"] if "reason" in values else pd.Series(None, index=values.index)
        by_key = {
            (str(unit), str(period), str(kpi)): (tables.clean(value), tables.clean(reason))
            for unit, period, kpi, value, reason in zip(
                values["unit"].tolist(), values["period"].tolist(), values["kpi"].tolist(),
                values["value"].tolist(), reasons.tolist(), strict=True)
        }
    periods = tables.sort_periods(p for _, p, _ in by_key)
    compliance = {p: _compliance_at(result, p) for p in periods}
    header = [label("col_unit_code", lang), label("col_unit", lang), label("col_level", lang),
              label("period", lang)]
    for kpi in kpis:
        unit_suffix = " (%)" if kpi.unit.value == "percent" else ""
        header.append(f"{kpi.name.get(lang)}{unit_suffix}\n{direction_text(kpi.direction, lang)}")
        sheet.widths[len(header)] = 16
        if kpi.id in with_goal:  # compliance is judged only against a goal's target
            header.append(label("col_status", lang))
            sheet.widths[len(header)] = 20
    units_with_values = {u for u, _, _ in by_key}
    formats = {kpi.id: number_format(kpi.unit.value) for kpi in kpis}
    plain = {kpi.id: Style(fmt=formats[kpi.id]) for kpi in kpis}  # one object a format
    order = {lvl: i for i, lvl in enumerate(tables.level_order(result))}
    units = sorted(
        (u for u in result.units if u.code in units_with_values),
        key=lambda u: order.get(u.level, 99),
    )
    body: list[list[Cell | Any]] = []
    for unit in units:
        for period in periods:
            row = _matrix_row(result, unit, period, kpis, with_goal, by_key,
                              compliance[period], formats, plain, lang)
            if row is not None:
                body.append(row)
    first, last = sheet.table(header, body)

    sheet.filter_ref = f"A{first}:{get_column_letter(len(header))}{max(last, first)}"
    sheet.widths.update({1: 10, 2: 24, 3: 10, 4: 9})
    return sheet


def _matrix_row(
    result: Result,
    unit: Unit,
    period: str,
    kpis: list[Kpi],
    with_goal: set[str],
    by_key: dict[tuple[str, str, str], tuple[Any, Any]],
    compliance: dict[tuple[str, str], bool],
    formats: dict[str, str],
    plain: dict[str, Style],
    lang: Lang,
) -> list[Cell | Any] | None:
    """A unit's row for one period; None when the unit has no row in that period."""
    if not any((unit.code, period, kpi.id) in by_key for kpi in kpis):
        return None
    row: list[Cell | Any] = [unit.code, unit.label(lang), level_label(unit.level, lang), period]
    for kpi in kpis:
        value, reason = by_key.get((unit.code, period, kpi.id), (None, None))
        fmt = formats[kpi.id]
        met = compliance.get((unit.code, kpi.id))
        if kpi.id not in with_goal:
            # one column: the value, or why there is none (blank when not applicable)
            if value is not None:
                row.append(Cell(value, plain[kpi.id]))
            elif reason == "not_applicable":
                row.append(Cell(None))
            else:
                row.append(Cell(reason_label(reason, lang, result.catalogue), NOTE_IN_TABLE))
            continue
        if value is None and reason == "not_applicable":
            state, text = "", reason_label(reason, lang)  # expected: no colour
        elif value is None:
            state, text = "no_value", reason_label(reason, lang, result.catalogue)
        elif met is None:
            state, text = "", label("no_target", lang)
        else:
            state = "met" if met else "not_met"
            text = label(state, lang)
        style = status_style(state, fmt) if state else plain[kpi.id]
        row.append(Cell(value, style))
        text_style = status_style(state) if state else NOTE_IN_TABLE
        if state == "no_value":  # the reason can be long: wrap it on a taller row
            text_style = NO_VALUE_WRAPPED
        row.append(Cell(text, text_style))
    return row


NOTE_IN_TABLE = Style(italic=True, colour="595959")
NO_VALUE_WRAPPED = Style(**{**status_style("no_value").__dict__, "wrap": True})


def _matrix_kpis(result: Result) -> list[Kpi]:
    """KPIs with a programme goal first (in goal order), then the others as declared."""
    kpis = result.catalogue.kpis
    ordered: list[str] = []
    for programme in result.catalogue.programmes.values():
        ordered += [g.kpi for g in programme.goals if g.kpi in kpis and g.kpi not in ordered]
    ordered += [k for k in kpis if k not in ordered]
    return [kpis[k] for k in ordered]


def _compliance_at(result: Result, period: str | None) -> dict[tuple[str, str], bool]:
    """(unit, kpi) → met, from the first programme whose goal uses the KPI."""
    out: dict[tuple[str, str], bool] = {}
    if period is None:
        return out
    frame = tables.rows_of(result.compliance, period=period)
    if frame.empty:
        return out
    frame = frame[["programme", "unit", "kpi", "met"]]
    frame = frame[frame["met"].notna()]
    programme_order = {p: i for i, p in enumerate(result.catalogue.programmes)}
    # whole columns, not records: a country is hundreds of thousands of compliance rows
    order = frame["programme"].astype(str).map(programme_order).fillna(99)
    frame = frame.assign(_order=order).sort_values("_order", kind="stable")
    for unit, kpi, met in zip(frame["unit"].astype(str).tolist(), frame["kpi"].astype(str).tolist(),
                              frame["met"].tolist(), strict=True):
        key = (unit, kpi)
        if key not in out:
            out[key] = bool(met)
    return out


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
    sheet.add(Cell(_title(result, lang, "charts_title"), TITLE), height=22)
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


# --- Findings and provenance -------------------------------------------------------


def _file_units(result: Result, lang: Lang) -> dict[str, tuple[str, str, str]]:
    """file → (unit code, unit name, period) for each file that submitted one report."""
    frame = result.dataset.submissions
    if frame.empty:
        return {}
    out: dict[str, tuple[str, str, str]] = {}
    for file, part in frame.dropna(subset=["unit"]).groupby("file", sort=False):
        if len(part) == 1:  # a consolidated file names its unit on each finding's row
            row = part.iloc[0]
            code = str(row["unit"])
            out[str(file)] = (code, tables.unit_name(result, code, lang), str(row["period"]))
    return out


def findings_sheet(
    findings: Sequence[Finding],
    lang: Lang,
    file_units: dict[str, tuple[str, str, str]] | None = None,
    *,
    catalogue: Catalogue | None = None,
) -> Sheet:
    """Every finding with the unit and period it concerns, its code, severity, message,
    location, raw text and value: errors first, then by unit, so the sheet says whom
    to call. The value is written by the measure of the field or KPI the finding is
    about, which ``catalogue`` tells."""
    file_units = file_units or {}

    def unit_of(f: Finding) -> tuple[str, str, str]:
        return file_units.get(str(f.location.file), ("", "", ""))

    findings = sorted(
        findings,
        key=lambda f: (-f.severity.rank, unit_of(f)[0] == "", unit_of(f)[0]),
    )
    header_row = 4
    sheet = Sheet(
        label("sheet_findings", lang),
        freeze=f"A{header_row + 1}",
        print_title_rows=f"{header_row}:{header_row}",
        measured_from=header_row,
    )
    sheet.add(Cell(label("findings_title", lang), TITLE), height=22)
    counts = tables.severity_counts(findings)
    sheet.add(
        Cell(
            " · ".join(f"{severity_label(s, lang)}: {n}" for s, n in counts.items())
            if findings
            else label("no_findings", lang),
            SUBTITLE,
        )
    )
    sheet.blank()
    header = [
        label("col_no", lang),
        label("col_severity", lang),
        label("col_unit_code", lang),
        label("col_unit", lang),
        label("period", lang),
        label("col_code", lang),
        label("col_message", lang),
        label("col_file", lang),
        label("col_sheet", lang),
        label("col_cell", lang),
        label("col_line", lang),
        label("col_raw", lang),
        label("col_parsed", lang),
        label("col_subject", lang),
    ]
    body = []
    for i, f in enumerate(findings, start=1):
        loc = f.location
        # as people write it, by the subject's measure (56,9%, 1.751), not 0.5692407071252187
        value = value_text(f.value, lang, measure_of(catalogue, f.subject))
        code, name, period = unit_of(f)
        body.append(
            [
                i,
                Cell(severity_label(f.severity.value, lang), status_style(f.severity.value)),
                code or None,
                name or None,
                period or None,
                f.code,
                Cell(f.message(lang), WRAP),
                loc.file,
                loc.sheet,
                loc.cell,
                loc.line,
                f.raw,
                value,
                f.subject,
            ]
        )
    first, last = sheet.table(header, body)
    sheet.filter_ref = f"A{first}:{get_column_letter(len(header))}{max(last, first)}"
    # Printed: who, what and where (A–J: to the sheet and cell) at 9 pt or more; the
    # raw text, the value read and the subject are on screen.
    sheet.widths.update({1: 6, 4: 20, 7: 46, 8: 26})
    sheet.print_columns = 10
    return sheet


SHEET_ROWS = 1_048_576  # rows a worksheet may hold in Excel (and LibreOffice since 7.4)


def provenance_sheets(result: Result, lang: Lang) -> list[Sheet]:
    """Each reported value with its unit, period, field, file, sha256, sheet and cell.

    One sheet, or — past Excel's rows per sheet (a country's communes over eight
    quarters are 1.3 million values) — numbered sheets "Nguồn gốc (2)", … each
    with the title and header, the values in the same order.
    """
    header_row = 4
    header = [
        label("col_unit_code", lang),
        label("col_unit", lang),
        label("period", lang),
        label("col_field_id", lang),
        label("col_field", lang),
        label("col_value", lang),
        label("col_file", lang),
        label("col_sheet", lang),
        label("col_cell", lang),
        label("col_raw", lang),
        label("col_sha256", lang),
    ]
    frame = _provenance_frame(result, lang)
    # a value kept although an error finding makes it unusable carries that code
    flagged = "flag" in frame.columns
    if flagged:
        header.append(label("col_flag", lang))
    # the value column's style: one per number format
    styles = {str(fmt): Style(fmt=str(fmt)) for fmt in frame["format"].unique()}
    columns = (
        "unit",
        "name",
        "period",
        "field",
        "label",
        "value",
        "file",
        "sheet",
        "cell",
        "raw",
        "sha256",
        *(["flag"] if flagged else []),
    )
    # Whole columns at once, as lists with None for NaN/NA (what _or_none gives a value):
    # iterating a pandas string column boxes every element, and 500k rows × 12 columns
    # of per-value calls cost seconds.
    lists = [_none_for_missing(frame[c]) for c in columns]
    value_styles = frame["format"].astype(str).map(styles).tolist()
    room = SHEET_ROWS - header_row
    parts = max(1, math.ceil(len(frame) / room))
    sheets = []
    for part in range(parts):
        rows = slice(part * room, (part + 1) * room)
        suffix = f" ({part + 1})" if part else ""
        sheet = Sheet(
            label("sheet_provenance", lang) + suffix,
            freeze=f"D{header_row + 1}",
            print_title_rows=f"{header_row}:{header_row}",
            measured_from=header_row,
            # Printed, a country's provenance is thousands of pages: by default only
            # its heading prints; a reader who wants it all sets a print area.
            print_rows=header_row,
        )
        title = label("provenance_title", lang)
        sheet.add(Cell(f"{title} ({part + 1}/{parts})" if parts > 1 else title, TITLE),
                  height=22)
        sheet.add(Cell(_subtitle(result, lang), SUBTITLE))
        sheet.blank()
        body = Columns(
            tuple(values[rows] for values in lists),
            tuple(value_styles[rows] if i == 5 else PLAIN for i in range(len(columns))),
        )
        first, last = sheet.table(header, body)
        sheet.filter_ref = f"A{first}:{get_column_letter(len(header))}{max(last, first)}"
        sheet.widths.update({2: 24, 5: 36, 7: 40, 11: 20})
        if flagged:
            sheet.widths[12] = 14
        sheets.append(sheet)
    return sheets


def _provenance_frame(result: Result, lang: Lang) -> pd.DataFrame:
    """The dataset's values in reading order (period, units file, catalogue) with labels."""
    frame = result.dataset.values.copy()
    fields = result.catalogue.fields
    periods = {
        p: (Period.parse(p).end, Period.parse(p).kind) if _is_period(p) else (0.0, "")
        for p in frame["period"].astype(str).unique()
    }
    frame["_period"] = frame["period"].astype(str).map(periods)
    frame["_unit"] = frame["unit"].map({c: i for i, c in enumerate(result.units.codes)})
    frame["_field"] = frame["field"].map({f: i for i, f in enumerate(fields)})
    frame = frame.sort_values(["_period", "_unit", "_field"], na_position="last", kind="stable")
    frame["name"] = frame["unit"].map({u.code: u.label(lang) for u in result.units})
    frame["label"] = frame["field"].map({f: d.label.get(lang) for f, d in fields.items()})
    frame["format"] = (
        frame["field"]
        .map({f: _field_format(d.kind.value) for f, d in fields.items()})
        .fillna("General")
    )
    frame["raw"] = frame["raw"].map(lambda v: None if _or_none(v) is None else str(v))
    return frame


def _none_for_missing(column: pd.Series) -> list[Any]:
    """The column's values as a list, None where :func:`_or_none` gives None."""
    return column.astype(object).where(column.notna(), None).tolist()


def _or_none(value: Any) -> Any:
    """None for None / NaN / NA; the value otherwise."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def _field_format(kind: str) -> str:
    return {"percent": "0.00%", "count": "#,##0", "amount": "#,##0.00", "yes_no": "0"}.get(
        kind, "General"
    )


def _is_period(value: Any) -> bool:
    try:
        Period.parse(str(value))
    except ValueError:
        return False
    return True
