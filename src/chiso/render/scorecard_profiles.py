"""The scorecard's profile sheets: one per district, printed on one A4 page.

The same profile as the HTML report's (:mod:`chiso.render.profile`): the unit's goals
against their targets, its rank and change, how many of its communes reported, the
findings on its files, and a trend chart per goal over every period with the target
and the deadline. The charts' data tables sit to the right, outside the print area.
"""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook

from chiso.engine.result import Result
from chiso.findings import Finding, Lang
from chiso.render import scorecard_charts as charts
from chiso.render import tables
from chiso.render.labels import headline, label, level_label, severity_label, status_label
from chiso.render.profile import (
    FINDINGS_SHOWN,
    UnitProfile,
    charted_goals,
    coverage_text,
    profile_programme,
    rank_text,
    unit_profiles,
)
from chiso.render.scorecard_cells import (
    HEADLINE,
    SECTION,
    SUBTITLE,
    TITLE,
    WRAP,
    number,
    number_format,
    status_style,
)
from chiso.render.scorecard_charts import trend_table
from chiso.render.sheetwriter import Cell, Sheet, Style

#: Printed columns: No., goal, value, target, deadline, status.
PRINTED = "F"
WIDTHS = {1: 5.0, 2: 46.0, 3: 11.0, 4: 17.0, 5: 9.0, 6: 17.0}
DATA_COLUMN = 20  # the charts' data tables start in column T, outside the print area
CHART = (9.3, 5.6)  # width, height in cm: two charts side by side on portrait A4
CHART_COLUMNS = ("A", "C")
ROW_CM = 0.53


def profile_sheet_title(profile: UnitProfile, taken: set[str]) -> str:
    """The unit's name as a sheet name: at most 31 characters, unique in the workbook."""
    base = "".join("-" if ch in "[]:*?/\\" else ch for ch in profile.name)[:31]
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def profile_sheets(
    result: Result, lang: Lang, workbook: Workbook, taken: set[str]
) -> list[Sheet]:
    """Write a profile sheet for each district into ``workbook``; returns the sheets
    (their rows are spliced in later, as for every sheet)."""
    programme = profile_programme(result)
    if programme is None:
        return []
    sheets = []
    for profile in unit_profiles(result, programme, lang):
        title = profile_sheet_title(profile, taken)
        taken.add(title.lower())
        sheet = Sheet(title, portrait=True, fit_pages=1, measured_from=10**6)
        sheet.widths.update(WIDTHS)
        sheet.add(Cell(f"{label('profile_of', lang)}: {profile.name}", TITLE), height=22)
        sheet.add(Cell(f"{level_label(profile.level, lang)} · {label('period', lang)}: "
                       f"{profile.period or '—'} · "
                       f"{(programme.short_name or programme.name).get(lang)}", SUBTITLE))
        sheet.add(Cell(headline(tables.status_counts(profile.goals), len(profile.goals), lang),
                       HEADLINE), height=18)
        sheet.add(Cell(f"{label('profile_rank', lang)}: {rank_text(profile, lang)}", BOLD))
        if profile.coverage:
            complete = all(c.complete for c in profile.coverage)
            sheet.add(Cell(f"{label('profile_coverage', lang)}: {coverage_text(profile)}",
                           BOLD if complete else INCOMPLETE))
        sheet.blank()
        header = [label("col_no", lang), label("col_goal", lang), label("col_value", lang),
                  label("col_target", lang), label("col_deadline", lang),
                  label("col_status", lang)]
        body = []
        for i, goal in enumerate(profile.goals, start=1):
            fmt = number_format(goal.unit_kind)
            body.append([
                i,
                Cell(goal.name, WRAP),
                number(goal.value, fmt, bold=True),
                number(goal.target, number_format(goal.unit_kind, goal.comparison, lang)),
                goal.deadline,
                Cell(status_label(goal.status, lang), status_style(goal.status)),
            ])
        sheet.table(header, body)
        sheet.blank()
        _findings_block(sheet, profile.findings, lang)
        anchor = sheet.next_row + 1
        planned: list[charts.PlannedChart] = []
        shown = charted_goals(profile)
        goals = {g.goal: g for g in profile.goals}
        for goal_id, history in profile.histories.items():
            if goal_id not in shown:
                continue
            plan = trend_table(sheet, history, goals[goal_id], lang, offset=DATA_COLUMN - 1)
            plan.chart = charts.trend_chart(
                f"{list(goals).index(goal_id) + 1}. {history.name}", history.unit_kind,
                plan.chart, size=CHART,
            )
            planned.append(plan)
        ws = sheet.write(workbook)
        rows_per_chart = math.ceil(CHART[1] / ROW_CM) + 1
        for i, plan in enumerate(planned):
            charts.fill(ws, plan, DATA_COLUMN - 1)
            row = anchor + (i // len(CHART_COLUMNS)) * rows_per_chart
            ws.add_chart(plan.chart, f"{CHART_COLUMNS[i % len(CHART_COLUMNS)]}{row}")
        bands = math.ceil(len(planned) / len(CHART_COLUMNS))
        ws.print_area = f"A1:{PRINTED}{max(anchor + bands * rows_per_chart, sheet.next_row)}"
        sheets.append(sheet)
    return sheets


BOLD = Style(bold=True, border=False)
INCOMPLETE = Style(bold=True, colour="9C0006", border=False)


def _findings_block(sheet: Sheet, findings: list[Finding], lang: Lang) -> None:
    if not findings:
        return
    sheet.add(Cell(label("profile_findings", lang), SECTION))
    for f in findings[:FINDINGS_SHOWN]:
        loc = f.location
        place = " ".join(x for x in (Path(loc.file).name if loc.file else "",
                                     f"{loc.sheet}!{loc.cell}" if loc.sheet and loc.cell
                                     else "") if x)
        text = f"{severity_label(f.severity.value, lang)} {f.code} · {place}: {f.message(lang)}"
        sheet.add(None, Cell(text, WRAPPED))
    if len(findings) > FINDINGS_SHOWN:
        sheet.add(None, Cell(label("profile_more_findings", lang).format(
            n=len(findings) - FINDINGS_SHOWN), NOTE_CELL))
    sheet.blank()


NOTE_CELL = Style(italic=True, colour="595959", border=False)
WRAPPED = Style(wrap=True, border=False)
