"""The terminal summary after ``chiso score``, and the progress bar shown while reading.

The summary answers what a leader asks first: how many goals are achieved, who
leads and who trails, and how many problems the data had. Statuses are words,
not only colours, so the summary reads the same when piped to a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from chiso.catalogue.model import Programme
from chiso.engine.result import Result
from chiso.findings import Finding, Lang
from chiso.render import points, tables
from chiso.render.labels import (
    comparison_text,
    format_number,
    label,
    level_label,
    reported_phrase,
    severity_label,
    status_label,
)
from chiso.render.terminal_text import plain

STATUS_STYLE = {
    "achieved": "bold green",
    "on_track": "bold blue",
    "at_risk": "bold yellow",
    "off_track": "bold red",
    "not_achieved": "bold white on red",
    "incomplete_data": "bold magenta",
    "not_assessable": "dim",
}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "blue"}


def summary(
    result: Result, *, lang: Lang = "vi", findings: Iterable[Finding] = (), top: int = 3
) -> RenderableType:
    """The summary as a rich renderable: per programme the goals and the top/bottom units."""
    parts: list[RenderableType] = []
    root = tables.root_unit(result)
    for programme in result.catalogue.programmes.values():
        if points.is_points(programme):
            # A programme no unit has points in yet (DTI 2025 before 2025) shows nothing.
            if points.has_points(points.points_rows(result, programme, lang)):
                parts.append(_points_panel(result, programme, lang))
            continue
        rows = tables.goal_rows(result, programme, root.code, lang) if root else []
        goals = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        goals.add_column(label("col_goal", lang))
        goals.add_column(label("col_value", lang), justify="right")
        goals.add_column(label("col_target", lang), justify="right")
        goals.add_column(label("col_deadline", lang))
        goals.add_column(label("col_status", lang))
        goals.add_column(label("col_parts", lang), justify="right")
        for row in rows:
            goals.add_row(
                plain(row.name),
                format_number(row.value, row.unit_kind, lang),
                comparison_text(row.comparison, row.target, row.unit_kind, lang),
                row.deadline,
                Text(status_label(row.status, lang), style=STATUS_STYLE.get(row.status, "")),
                row.parts_text,
            )
        body: list[RenderableType] = [
            Text(tables.goal_headline(result, rows, lang), style="bold"),
            goals,
        ]
        ranking = _top_bottom(result, programme, lang, top)
        if ranking is not None:
            body.extend(ranking)
        title = f"{programme.name.get(lang)}"
        if root is not None:
            title += f" — {root.label(lang)}"
        if result.latest_period:
            title += f" ({result.latest_period})"
        parts.append(Panel(Group(*body), title=_title(title), title_align="left", expand=False))
    coverage = coverage_line(result, lang)
    if coverage is not None:
        parts.append(coverage)
    parts.append(findings_line(tables.all_findings(result, findings), lang))
    return Group(*parts)


def coverage_line(result: Result, lang: Lang, shown: int = 8) -> Text | None:
    """Who reported for the latest period, from the submission tracker, and who is missing."""
    tracker = result.tracker
    period = result.latest_period
    if period is None or not len(tracker) or "expected" not in tracker:
        return None
    rows = tracker[(tracker["period"] == period) & tracker["expected"].astype(bool)]
    if not len(rows):
        return None
    missing = rows[rows["status"] == "missing"]
    reported = len(rows) - len(missing)
    if lang == "vi":
        text = f"Kỳ {period}: {reported}/{len(rows)} đơn vị đã báo cáo"
        more = "chưa báo cáo"
    else:
        text = f"{period}: {reported}/{len(rows)} units reported"
        more = "not reported"
    if len(missing):
        names = [str(n) for n in missing["name"].tolist()]
        listed = ", ".join(names[:shown]) + (f" (+{len(names) - shown})" if len(names) > shown
                                             else "")
        text += f"; {more}: {listed}"
    line = plain(text)
    line.stylize("bold yellow" if len(missing) else "bold")
    return line


def _points_panel(result: Result, programme: Programme, lang: Lang) -> RenderableType:
    """An official index: points per group, total, value, rank, band; self vs appraised.

    A terminal too narrow for a column per group (the DTI has eight) gets the table
    without them, then without the self-assessed and appraised points, never the total
    and the value cut to "1…" (:class:`_Narrowest`); a note says where the rest is.
    """
    rows = points.points_rows(result, programme, lang)
    groups = points.points_groups(result, programme)
    names = {g: (grp.name.get(lang) if (grp := result.catalogue.groups.get(g)) else g)
             for g, _ in groups}
    short = {g: _initials(name) for g, name in names.items()}
    total = sum(maximum for _, maximum in groups)  # the tables without groups show it too
    full = _points_table(result, programme, rows, groups, short, lang, total=total)
    wide = Group(full, Text(" · ".join(f"{short[g]}: {names[g]}" for g, _ in groups),
                            style="dim"))
    totals = _points_table(result, programme, rows, [], short, lang, total=total)
    narrow = Group(totals, Text(label("points_groups_elsewhere", lang), style="dim"))
    bare = _points_table(result, programme, rows, [], short, lang, total=total,
                         assessments=False)
    narrowest = Group(bare, Text(label("points_columns_elsewhere", lang), style="dim"))
    title = (programme.short_name or programme.name).get(lang)
    if result.latest_period:
        title += f" ({result.latest_period})"
    return Panel(_Narrowest((full, wide), (totals, narrow), (bare, narrowest)), title=_title(title),
                 title_align="left", expand=False)


def _title(text: str) -> Text:
    """A panel's title, ending in "…" where a narrow terminal cuts it (not mid-word, silently)."""
    title = plain(text)
    title.overflow = "ellipsis"
    return title


class _Narrowest:
    """The first choice whose table fits the width given at its natural width, else the
    last; a choice is (its table, what is shown: the table with its legend, which wraps).
    A measurement is clamped to the width offered, so tables are measured as if there
    were room."""

    def __init__(self, *choices: tuple[Table, RenderableType]) -> None:
        self.choices = choices

    def _choice(self, console: Console, options: ConsoleOptions) -> RenderableType:
        roomy = options.update_width(10_000)
        for table, shown in self.choices[:-1]:
            if console.measure(table, options=roomy).maximum <= options.max_width:
                return shown
        return self.choices[-1][1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._choice(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return console.measure(self._choice(console, options), options=options)


def _points_table(
    result: Result, programme: Programme, rows: list[points.PointsRow],
    groups: list[tuple[str, float]], short: dict[str, str], lang: Lang,
    *, total: float, assessments: bool = True,
) -> Table:
    """The points table, with a column per group in ``groups`` and, when ``assessments``
    and any unit self-assessed, the self-assessed and appraised points."""
    assessed = assessments and any(r.self_points is not None for r in rows)
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column(label("col_rank", lang), justify="right")
    table.add_column(label("col_unit", lang), min_width=14)
    for group, maximum in groups:
        table.add_column(f"{short[group]}\n{format_number(maximum, 'number', lang)}",
                         justify="right", no_wrap=True)
    table.add_column(f"{label('col_points', lang)}\n{format_number(total, 'number', lang)}",
                     justify="right", no_wrap=True)
    table.add_column(label("col_value", lang), justify="right", no_wrap=True)
    if programme.scoring.bands:
        table.add_column(label("col_band", lang))
    if assessed:
        for key in ("col_self_points", "col_appraised_points", "col_points_difference"):
            table.add_column(label(key, lang), justify="right")
    digits = programme.scoring.round if programme.scoring.round is not None else 4

    def number(value: float | None, places: int = 1) -> str:
        return "—" if value is None else format_number(value, "number", lang, digits=places)

    roots = {u.code for u in result.units.roots}
    for row in rows:
        rank = "" if row.unit in roots else row.rank_label(lang)  # the province is 1 of 1
        # Whole points keep the table inside a terminal; the value carries the decimals.
        cells = [rank, row.name, *(number(row.groups[g], 0) for g, _ in groups)]
        cells += [number(row.points, 0), number(row.value, digits)]
        if programme.scoring.bands:
            cells.append(points.band_name(programme, row.band, lang))
        if assessed and row.unit not in roots:
            cells += [number(row.self_points, 0), number(row.appraised_points, 0),
                      _signed(row.difference, lang)]
        elif assessed:  # a province's row is its districts' mean: "—", as in the reports
            cells += ["—", "—", "—"]
        table.add_row(*cells)
    return table


def _initials(name: str) -> str:
    """``Hoạt động chính quyền số`` → ``HĐCQS`` (after any ``DTI – `` prefix)."""
    words = name.split(" – ", 1)[-1].replace(",", " ").split()
    return "".join(w[0].upper() for w in words if w[0].isalnum())


def _top_bottom(
    result: Result, programme: Programme, lang: Lang, top: int, shown: int = 8
) -> list[RenderableType] | None:
    """The leaders and trailers of the level a leader compares, what the ranking stands
    on (units of the level that reported), and the units not reported, unranked."""
    ranking = tables.ranking_rows(result, programme, lang)
    level = tables.ranked_level(result, ranking)
    if level is None:
        return None
    ranked = [r for r in ranking if r.level == level and r.score is not None]
    absent = [r for r in ranking if r.level == level and not r.reported]
    reported, total = tables.level_reporting(ranking, level)
    n = min(top, len(ranked) // 2) or 1
    table = Table(
        title=f"{label('col_rank', lang)} — {level_label(level, lang)} "
              f"({reported_phrase(reported, total, lang)})",
        title_justify="left",
        show_header=True,
        header_style="bold",
        box=None,
        pad_edge=False,
    )
    table.add_column("")
    table.add_column(label("col_rank", lang), justify="right")
    table.add_column(label("col_unit", lang))
    table.add_column(label("col_score", lang), justify="right")
    table.add_column(label("col_change_short", lang), justify="right")
    leaders, trailers = ranked[:n], ranked[max(n, len(ranked) - n):]
    for group_label, rows, style in (
        (label("top_units", lang), leaders, "green"),
        (label("bottom_units", lang), trailers, "red"),
    ):
        for i, row in enumerate(rows):
            table.add_row(
                Text(group_label if i == 0 else "", style=style),
                row.rank_text,
                plain(row.name),
                format_number(row.score, "number", lang, digits=1) + ("*" if row.n_zero else ""),
                _signed(row.change, lang),
            )
    out: list[RenderableType] = [table]
    if absent:
        names = [r.name for r in absent]
        listed = ", ".join(names[:shown]) + (f" (+{len(names) - shown})" if len(names) > shown
                                             else "")
        out.append(plain(f"{label('not_reported', lang)}: {listed}"))
    if any(r.n_zero for r in leaders + trailers):
        out.append(Text(label("zero_note", lang), style="dim"))
    return out


def _signed(value: float | None, lang: Lang) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return sign + format_number(value, "number", lang, digits=1)


def findings_line(findings: Iterable[Finding], lang: Lang) -> Text:
    """``Lỗi dữ liệu: lỗi 1 · cảnh báo 2 · thông tin 0`` with colours."""
    counts = tables.severity_counts(findings)
    text = Text(f"{label('findings_count', lang)}: ", style="bold")
    for i, (severity, count) in enumerate(counts.items()):
        if i:
            text.append(" · ")
        text.append(
            f"{severity_label(severity, lang).lower()} {count}",
            style=SEVERITY_STYLE[severity] if count else "dim",
        )
    return text


def print_summary(
    result: Result,
    console: Console | None = None,
    *,
    lang: Lang = "vi",
    findings: Iterable[Finding] = (),
    top: int = 3,
) -> None:
    """Print :func:`summary` to ``console`` (stdout by default)."""
    (console or Console()).print(summary(result, lang=lang, findings=findings, top=top))


@contextmanager
def reading_progress(
    console: Console | None = None, *, lang: Lang = "vi", enabled: bool = True
) -> Iterator[Callable[[int, int], None]]:
    """A progress bar for reading submissions; yields the ``progress(done, total)`` callback.

    With ``enabled=False`` (or when the console is not a terminal) the callback
    does nothing, so logs stay clean.
    """
    console = console or Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda done, total: None
        return
    bar = Progress(
        TextColumn(label("reading", lang)),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("read", total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield advance
