"""The scorecard's detail sheets: the matrix (every unit's value of every KPI in every
period), the findings and the provenance of every value — the long sheets a reader
filters rather than reads, kept apart from the summary sheets in
:mod:`chiso.render.scorecard`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from chiso.catalogue.model import Catalogue, Kpi
from chiso.catalogue.words import measure_of
from chiso.engine.result import Result
from chiso.findings import Finding, Lang
from chiso.periods import Period
from chiso.render import tables
from chiso.render.labels import (
    direction_text,
    label,
    level_label,
    reason_label,
    severity_label,
    value_text,
)
from chiso.render.scorecard_cells import (
    NOTE,
    SUBTITLE,
    TITLE,
    WRAP,
    number_format,
    or_none,
    sheet_subtitle,
    sheet_title,
    status_style,
)
from chiso.render.sheetwriter import (
    PLAIN,
    Cell,
    Columns,
    Sheet,
    Style,
)
from chiso.units.model import Unit

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
    sheet.add(Cell(sheet_title(result, lang, "matrix_title"), TITLE), height=22)
    sheet.add(Cell(sheet_subtitle(result, lang), SUBTITLE))
    sheet.add(Cell(label("matrix_not_printed", lang), NOTE))
    sheet.blank()
    kpis = _matrix_kpis(result)
    with_goal = {g.kpi for p in result.catalogue.programmes.values() for g in p.goals}
    sheet.print_title_cols = "A:D"
    values = result.values
    # (unit, period, kpi) → (value, reason), from whole columns: records would box 120k rows
    by_key: dict[tuple[str, str, str], tuple[Any, Any]] = {}
    periods: list[str] = []
    if not values.empty:
        reasons = values["reason"] if "reason" in values else pd.Series(None, index=values.index)
        by_key = {
            (str(unit), str(period), str(kpi)): (_cell_value(value), _cell_value(reason))
            for unit, period, kpi, value, reason in zip(
                values["unit"].tolist(), values["period"].tolist(), values["kpi"].tolist(),
                values["value"].tolist(), reasons.tolist(), strict=True)
        }
        periods = tables.sort_periods(values["period"].unique())
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
    notes: dict[tuple[str, Any], Cell] = {}
    for unit in units:
        for period in periods:
            row = _matrix_row(result, unit, period, kpis, with_goal, by_key,
                              compliance[period], formats, plain, lang, notes)
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
    notes: dict[tuple[str, Any], Cell] | None = None,
) -> list[Cell | Any] | None:
    """A unit's row for one period; None when the unit has no row in that period.

    ``notes`` keeps the text cells (a status, or why there is no value) across rows: a
    country's matrix is a million cells and a few dozen distinct texts.
    """
    if not any((unit.code, period, kpi.id) in by_key for kpi in kpis):
        return None
    notes = {} if notes is None else notes
    row: list[Cell | Any] = [unit.code, unit.label(lang), level_label(unit.level, lang), period]
    for kpi in kpis:
        value, reason = by_key.get((unit.code, period, kpi.id), (None, None))
        if kpi.id not in with_goal:
            # one column: the value, or why there is none (blank when not applicable)
            if value is not None:
                row.append(Cell(value, plain[kpi.id]))
            elif reason == "not_applicable":
                row.append(Cell(None, PLAIN))  # blank, with the table's border
            else:
                row.append(_note(notes, "reason", reason, lang, result))
            continue
        met = compliance.get((unit.code, kpi.id))
        if value is None and reason == "not_applicable":
            state = ""  # expected: no colour
        elif value is None:
            state = "no_value"
        elif met is None:
            state = ""
        else:
            state = "met" if met else "not_met"
        if state:
            row.append(Cell(value, status_style(state, formats[kpi.id])))
        else:
            row.append(Cell(value, plain[kpi.id]))
        if value is None:
            row.append(_note(notes, state or "reason", reason, lang, result))
        else:
            row.append(_note(notes, state or "no_target", None, lang, result))
    return row


def _note(
    notes: dict[tuple[str, Any], Cell], state: str, reason: Any, lang: Lang, result: Result
) -> Cell:
    """The text cell beside a value: its status, or why it has none (kept, see _matrix_row)."""
    key = (state, reason)
    found = notes.get(key)
    if found is None:
        if state == "reason" and reason == "not_applicable":
            found = Cell(reason_label(reason, lang), NOTE_IN_TABLE)
        elif state == "reason":
            found = Cell(reason_label(reason, lang, result.catalogue), NOTE_IN_TABLE)
        elif state == "no_value":  # the reason can be long: wrap it on a taller row
            found = Cell(reason_label(reason, lang, result.catalogue), NO_VALUE_WRAPPED)
        elif state == "no_target":
            found = Cell(label("no_target", lang), NOTE_IN_TABLE)
        else:
            found = Cell(label(state, lang), status_style(state))
        notes[key] = found
    return found


def _cell_value(value: Any) -> Any:
    """:func:`tables.clean`, quick for the floats and texts a values frame holds."""
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is str:
        return value
    return tables.clean(value)


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



# --- Findings and provenance -------------------------------------------------------


def file_units(result: Result, lang: Lang) -> dict[str, tuple[str, str, str]]:
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
    header = [label(key, lang) for key in (
        "col_no", "col_severity", "col_unit_code", "col_unit", "period", "col_code",
        "col_message", "col_file", "col_sheet", "col_cell", "col_line", "col_raw",
        "col_parsed", "col_subject",
    )]
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
    header = [label(key, lang) for key in (
        "col_unit_code", "col_unit", "period", "col_field_id", "col_field", "col_value",
        "col_file", "col_sheet", "col_cell", "col_raw", "col_sha256",
    )]
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
        sheet.add(Cell(sheet_subtitle(result, lang), SUBTITLE))
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
    frame["raw"] = frame["raw"].map(lambda v: None if or_none(v) is None else str(v))
    return frame


def _none_for_missing(column: pd.Series) -> list[Any]:
    """The column's values as a list, None where :func:`_or_none` gives None."""
    return column.astype(object).where(column.notna(), None).tolist()


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
