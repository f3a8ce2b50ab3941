"""Small inline SVG charts for the HTML report, drawn by hand (no JavaScript, no assets).

Output is deterministic: coordinates are rounded to one decimal so golden files
do not move with floating-point noise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from chiso.render.axes import value_range

STATUS_FILL = {
    "achieved": "#2e7d32",
    "on_track": "#1f77b4",
    "at_risk": "#e6a100",
    "off_track": "#c62828",
    "not_achieved": "#7f0000",
    "incomplete_data": "#7e57c2",
    "not_assessable": "#9e9e9e",
}


def _n(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def status_bar(
    segments: Sequence[tuple[str, int, str]], *, width: int = 480, height: int = 22
) -> str:
    """A stacked horizontal bar of goal counts by status; ``segments`` = (status, count, label)."""
    total = sum(count for _, count, _ in segments)
    title = ", ".join(f"{label}: {count}" for _, count, label in segments if count)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    x = 0.0
    for status, count, label in segments:
        if not count or not total:
            continue
        w = width * count / total
        fill = STATUS_FILL.get(status, "#9e9e9e")
        parts.append(
            f'<rect x="{_n(x)}" y="0" width="{_n(w)}" height="{height}" '
            f'fill="{fill}"><title>{escape(label)}: {count}</title></rect>'
        )
        if w >= 18:
            parts.append(
                f'<text x="{_n(x + w / 2)}" y="{_n(height / 2 + 4.5)}" text-anchor="middle" '
                f'font-size="13" font-family="sans-serif" fill="#fff">{count}</text>'
            )
        x += w
    parts.append("</svg>")
    return "".join(parts)


def _polyline(points: list[str], colour: str) -> str:
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
        'stroke-width="2" stroke-linejoin="round"/>'
    )


def trend_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    target: float | None,
    deadline: int | None,
    tick: Callable[[float], str],
    percent: bool,
    title: str,
    target_label: str,
    deadline_label: str,
    colour: str = "#1f4e78",
    width: int = 300,
    height: int = 130,
) -> str:
    """A goal's values over the periods on labelled axes, with the target as a dashed
    line and the deadline (``labels[deadline]``, which may have no value yet) as a
    dotted vertical line; the last value is written beside its point.

    The y axis is fitted to the data (:func:`value_range`), its three ticks written
    with ``tick``.
    """
    if not any(v is not None for v in values):
        return ""
    lo, hi = value_range(values, target, percent=percent)
    # a narrow chart (a table cell) keeps its plot: a tighter tick column
    left, right, top, bottom = (46.0 if width >= 200 else 36.0), 10.0, 14.0, 20.0
    n = len(labels)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_at(i: int) -> float:
        return left + plot_w / 2 if n == 1 else left + i * plot_w / (n - 1)

    def y_at(v: float) -> float:
        return top + plot_h - (v - lo) / (hi - lo) * plot_h

    font = 'font-family="sans-serif" font-size="9" fill="#444"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for grid in (lo, (lo + hi) / 2, hi):
        y = _n(y_at(grid))
        parts.append(f'<line x1="{_n(left)}" y1="{y}" x2="{_n(width - right)}" y2="{y}" '
                     'stroke="#e3e3e3" stroke-width="1"/>')
        parts.append(f'<text x="{_n(left - 4)}" y="{_n(y_at(grid) + 3)}" text-anchor="end" '
                     f'{font}>{escape(tick(grid))}</text>')
    for i, text in enumerate(labels):
        parts.append(f'<text x="{_n(x_at(i))}" y="{_n(height - 6)}" text-anchor="middle" '
                     f'{font}>{escape(text)}</text>')
    if deadline is not None:
        x = _n(x_at(deadline))
        parts.append(f'<line x1="{x}" y1="{_n(top)}" x2="{x}" y2="{_n(top + plot_h)}" '
                     'stroke="#c62828" stroke-width="1" stroke-dasharray="2 2">'
                     f"<title>{escape(deadline_label)}</title></line>")
    if target is not None:
        y = _n(y_at(target))
        parts.append(f'<line x1="{_n(left)}" y1="{y}" x2="{_n(width - right)}" y2="{y}" '
                     'stroke="#555" stroke-width="1.2" stroke-dasharray="5 3">'
                     f"<title>{escape(target_label)}</title></line>")
        parts.append(f'<text x="{_n(left + 2)}" y="{_n(y_at(target) - 3)}" {font}>'
                     f"{escape(target_label)}</text>")
    run: list[str] = []
    for i, v in enumerate(values):
        if v is None:
            if len(run) > 1:
                parts.append(_polyline(run, colour))
            run = []
            continue
        run.append(f"{_n(x_at(i))},{_n(y_at(v))}")
    if len(run) > 1:
        parts.append(_polyline(run, colour))
    last = max(i for i, v in enumerate(values) if v is not None)
    for i, v in enumerate(values):
        if v is not None:
            parts.append(f'<circle cx="{_n(x_at(i))}" cy="{_n(y_at(v))}" r="2.5" '
                         f'fill="{colour}"><title>{escape(labels[i])}: '
                         f"{escape(tick(v))}</title></circle>")
    value = values[last]
    assert value is not None
    anchor = "end" if last == n - 1 and n > 1 else "start"
    dx = -4 if anchor == "end" else 4
    parts.append(f'<text x="{_n(x_at(last) + dx)}" y="{_n(y_at(value) - 5)}" '
                 f'text-anchor="{anchor}" font-family="sans-serif" font-size="9" '
                 f'font-weight="bold" fill="{colour}">{escape(tick(value))}</text>')
    parts.append("</svg>")
    return "".join(parts)
