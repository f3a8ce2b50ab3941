"""The compliance/progress report of each programme, as Markdown and standalone HTML.

One report per programme, judged at the top unit (the province): the "4/6 …"
headline, a table per pillar with each goal's value, target, deadline and
status, the calculation behind every status (method, baseline, the method's
indicator, ahead of schedule), a small inline SVG chart per goal, and goal
status counts by unit. The output is deterministic — no timestamp unless one
is passed in — so it can be compared with a golden file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from chiso.catalogue.model import Programme
from chiso.engine.result import PROGRESS_STATUSES, Result
from chiso.findings import Finding, Lang
from chiso.render import points, svg, tables
from chiso.render.axes import value_range
from chiso.render.labels import (
    comparison_text,
    direction_text,
    format_number,
    glossary,
    headline,
    label,
    level_label,
    method_label,
    severity_label,
    source_text,
    status_label,
)
from chiso.render.profile import (
    FINDINGS_SHOWN,
    LONG_TABLE,
    charted_goals,
    rank_text,
    trend_axis,
    unit_profiles,
)
from chiso.staging import Staging, staged

STATUS_EMOJI = {
    "achieved": "✅",
    "on_track": "🔵",
    "at_risk": "🟠",
    "off_track": "🔴",
    "not_achieved": "⛔",
    "incomplete_data": "🟣",
    "not_assessable": "⚪",
}


@dataclass(frozen=True)
class GoalView:
    """One goal's row in the report, already formatted for reading."""

    number: int
    name: str
    kpi_name: str
    direction: str
    value: str
    target: str
    deadline: str
    status: str
    status_label: str
    status_emoji: str
    method: str
    baseline: str
    indicator: str
    ahead: str
    projected: str
    note: str
    trend: str  # "2023: 50,0% → 2024: 62,0%"
    chart: str  # inline SVG (HTML only)
    parts: str = "—"  # parts reported / expected behind the status (coverage)


def _environment(markdown: bool = False) -> Environment:
    """The templates' environment; for Markdown, every ``{{ … }}`` is escaped.

    The HTML template escapes each value explicitly with ``|e`` (its charts are
    SVG built by :mod:`chiso.render.svg`, which escapes their text). In Markdown
    raw HTML passes through most renderers, so every value a template prints
    goes through :func:`_markdown_text` (``finalize``): a unit named
    ``<script>…`` or ``[x](javascript:…)`` is shown, never run or linked.
    """
    env = Environment(
        loader=PackageLoader("chiso.render", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_markdown_text if markdown else None,
    )
    env.filters["md"] = _markdown_text
    env.filters["css"] = _css_string
    return env


def _css_string(text: Any) -> str:
    """Text safe inside a CSS string in a <style> element (entities are not decoded there)."""
    out = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return out.replace("<", "\\3c ").replace(">", "\\3e ")


class _Escaped(str):
    """Text already escaped for Markdown (not escaped twice)."""


_MARKDOWN_ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;",  # raw HTML: <script>, <img onerror=…>
    "[": "\\[", "]": "\\]", "`": "\\`",  # links, images and code spans
    "|": "\\|",  # table cells
    "\n": " ", "\r": " ",  # one line: a table row, a heading
})


def _markdown_text(value: Any) -> Any:
    """``value`` as Markdown text: shown literally, inside a table cell or a line."""
    if isinstance(value, _Escaped):
        return value
    if not isinstance(value, str):
        return value  # numbers print as they are
    return _Escaped(value.translate(_MARKDOWN_ESCAPES))


def report_context(
    result: Result, programme: Programme, *, lang: Lang = "vi", generated: str | None = None
) -> dict[str, Any]:
    """Everything a report template shows, formatted in ``lang``."""
    root = tables.root_unit(result)
    rows = tables.goal_rows(result, programme, root.code, lang) if root else []
    histories = (
        {h.goal: h for h in tables.goal_histories(result, programme, root.code, lang)}
        if root
        else {}
    )
    counts = tables.status_counts(rows)
    segments = [(s, counts[s], status_label(s, lang)) for s in PROGRESS_STATUSES]
    pillars: dict[str, dict[str, Any]] = {}
    for number, row in enumerate(rows, start=1):
        pillar = pillars.setdefault(row.group, {"name": row.group_name, "goals": []})
        pillar["goals"].append(_goal_view(number, row, histories.get(row.goal), lang))
    order = tables.programme_groups(result, programme)
    info = result.catalogue.info
    return {
        "lang": lang,
        "t": lambda key: label(key, lang),
        "title": programme.name.get(lang),
        "programme": programme,
        "horizon": f"{programme.horizon.start}–{programme.horizon.end}",
        "source": source_text(programme.source),
        "note": programme.note.get(lang) if programme.note else None,
        "unit": root.label(lang) if root else "—",
        "period": tables.latest_period(_progress_rows(result, programme), result.latest_period)
        or "—",
        "catalogue": f"{info.name.get(lang)} ({label('version', lang)} {info.version})",
        "headline": tables.goal_headline(result, rows, lang),
        "counts": [
            {
                "status": s,
                "label": status_label(s, lang),
                "count": counts[s],
                "emoji": STATUS_EMOJI[s],
            }
            for s in PROGRESS_STATUSES
        ],
        "status_bar": svg.status_bar(segments),
        "pillars": [pillars[g] for g in order if g in pillars]
        + [p for g, p in pillars.items() if g not in order],
        "units": [
            {
                "name": u.name,
                "level": level_label(u.level, lang),
                "total": u.total,
                "counts": [u.counts[s] for s in PROGRESS_STATUSES],
            }
            for u in tables.compared_units(result, programme, lang)
        ],
        "statuses": [status_label(s, lang) for s in PROGRESS_STATUSES],
        "points": points.points_table(result, programme, lang),
        "tracker": tables.tracker_view(result, lang),
        "generated": generated,
        "glossary": glossary(lang),
        "profiles": profile_views(result, programme, lang),
    }


def _progress_rows(result: Result, programme: Programme) -> Any:
    return tables.rows_of(result.progress, programme=programme.id)


def _goal_view(
    number: int, row: tables.GoalRow, history: tables.GoalHistory | None, lang: Lang
) -> GoalView:
    fmt = row.unit_kind
    baseline = "—"
    if row.baseline_value is not None:
        baseline = format_number(row.baseline_value, fmt, lang)
        if row.baseline_period:
            baseline += f" ({row.baseline_period})"
    trend, chart = "", ""
    if history is not None and any(v is not None for v in history.values):
        trend = " → ".join(
            f"{p}: {format_number(v, fmt, lang)}"
            for p, v in zip(history.periods, history.values, strict=True)
        )
        chart = goal_chart(row, history, lang, title=f"{row.name}: {trend}")
    ahead = "—"
    if row.ahead_of_schedule is not None:
        ahead = label("yes" if row.ahead_of_schedule else "no", lang)
    return GoalView(
        number=number,
        name=row.name,
        kpi_name=row.kpi_name,
        direction=direction_text(row.direction, lang),
        value=format_number(row.value, fmt, lang),
        target=comparison_text(row.comparison, row.target, fmt, lang),
        deadline=row.deadline,
        status=row.status,
        status_label=status_label(row.status, lang),
        status_emoji=STATUS_EMOJI.get(row.status, ""),
        method=method_label(row.method_used, lang) if row.method_used else "—",
        baseline=baseline,
        indicator="—"
        if row.indicator is None
        else format_number(row.indicator, "number", lang, digits=2),
        ahead=ahead,
        projected="—"
        if row.projected_value is None
        else format_number(row.projected_value, fmt, lang),
        note=row.note_text(lang),
        parts=row.parts_text,
        trend=trend,
        chart=chart,
    )


def goal_chart(
    row: tables.GoalRow,
    history: tables.GoalHistory,
    lang: Lang,
    *,
    title: str,
    width: int = 130,
    height: int = 80,
) -> str:
    """A goal's trend at one unit as inline SVG: every period, the target, the deadline."""
    labels, values, deadline = trend_axis(history, row.deadline)
    percent = row.unit_kind == "percent"
    lo, hi = value_range(values, row.target, percent=percent)
    digits = None
    if percent:  # whole percents, unless the axis spans a few points only
        digits = 0 if (hi - lo) >= 0.06 else 1
    return svg.trend_chart(
        labels,
        values,
        target=row.target,
        deadline=deadline,
        tick=lambda v: format_number(v, row.unit_kind, lang, digits=digits),
        percent=percent,
        title=title,
        target_label=label("target_line", lang),
        deadline_label=f"{label('deadline_line', lang)}: {row.deadline}",
        colour=svg.STATUS_FILL.get(row.status, "#1f4e78"),
        width=width,
        height=height,
    )


def profile_views(result: Result, programme: Programme, lang: Lang) -> list[dict[str, Any]]:
    """The one-page profile of each district, formatted for the HTML report."""
    out = []
    for p in unit_profiles(result, programme, lang):
        charted = charted_goals(p)
        goals = []
        for number, row in enumerate(p.goals, start=1):
            history = p.histories.get(row.goal)
            chart = ""
            if history is not None and row.goal in charted:
                chart = goal_chart(row, history, lang, title=row.name, width=230, height=110)
            goals.append({"goal": _goal_view(number, row, None, lang), "chart": chart})
        shown = p.findings[:FINDINGS_SHOWN]
        out.append({
            "unit": p.unit,
            "name": p.name,
            "level": level_label(p.level, lang),
            "period": p.period or "—",
            "headline": headline(tables.status_counts(p.goals), len(p.goals), lang),
            "rank": rank_text(p, lang),
            "coverage": [
                {"period": c.period, "text": f"{c.reported}/{c.expected}", "complete": c.complete}
                for c in p.coverage
            ],
            "goals": goals,
            "charts_class": "charts" if len(p.goals) <= LONG_TABLE else "charts four",
            "findings": [
                {
                    "severity": f.severity.value,
                    "severity_label": severity_label(f.severity.value, lang),
                    "code": f.code,
                    "where": _place(f),
                    "message": f.message(lang),
                }
                for f in shown
            ],
            "more_findings": label("profile_more_findings", lang).format(
                n=len(p.findings) - len(shown)
            ) if len(p.findings) > len(shown) else "",
        })
    return out


def _place(finding: Finding) -> str:
    loc = finding.location
    name = Path(loc.file).name if loc.file else ""
    cell = f"{loc.sheet}!{loc.cell}" if loc.sheet and loc.cell else (loc.cell or "")
    return " ".join(x for x in (name, cell) if x)


def render_markdown(
    result: Result, programme: Programme, *, lang: Lang = "vi", generated: str | None = None
) -> str:
    """The programme's report as Markdown."""
    context = report_context(result, programme, lang=lang, generated=generated)
    return _environment(markdown=True).get_template("report.md.j2").render(**context)


def render_html(
    result: Result, programme: Programme, *, lang: Lang = "vi", generated: str | None = None
) -> str:
    """The programme's report as one standalone HTML page (inline CSS and SVG)."""
    context = report_context(result, programme, lang=lang, generated=generated)
    return _environment().get_template("report.html.j2").render(**context)


REPORT_FORMATS = ("md", "html")


def write_reports(
    result: Result,
    out_dir: str | Path,
    *,
    lang: Lang = "vi",
    generated: str | None = None,
    formats: Sequence[str] = REPORT_FORMATS,
    staging: Staging | None = None,
) -> list[Path]:
    """Write ``<programme>.md`` and/or ``<programme>.html`` for every programme.

    Returns the paths. Written atomically (see :mod:`chiso.staging`); programme
    ids are identifiers (``[a-z][a-z0-9_]*``), so the names stay in ``out_dir``.
    """
    out = Path(out_dir)
    renderers = {"md": render_markdown, "html": render_html}
    written: list[Path] = []
    with staged(staging) as stage:
        for programme in result.catalogue.programmes.values():
            for fmt in (f for f in REPORT_FORMATS if f in formats):
                target = out / f"{programme.id}.{fmt}"
                text = renderers[fmt](result, programme, lang=lang, generated=generated)
                stage.path(target).write_text(text, "utf-8")
                written.append(target)
    return written
