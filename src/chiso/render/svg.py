"""Small inline SVG charts for the HTML report, drawn by hand (no JavaScript, no assets).

Output is deterministic: coordinates are rounded to one decimal so golden files
do not move with floating-point noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

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


def sparkline(
    values: Sequence[float | None],
    target: float | None,
    labels: Sequence[str],
    *,
    title: str,
    colour: str = "#1f4e78",
    width: int = 140,
    height: int = 36,
) -> str:
    """Values over periods as a line with dots, and the target as a dashed line.

    Missing values leave a gap. The y range covers the values and the target.
    """
    known = [v for v in values if v is not None]
    if not known:
        return ""
    lo = min([*known, *([target] if target is not None else [])])
    hi = max([*known, *([target] if target is not None else [])])
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    pad = 4.0
    n = len(values)

    def x_at(i: int) -> float:
        return pad if n == 1 else pad + i * (width - 2 * pad) / (n - 1)

    def y_at(v: float) -> float:
        return height - pad - (v - lo) / (hi - lo) * (height - 2 * pad)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    if target is not None:
        y = _n(y_at(target))
        parts.append(
            f'<line x1="{_n(pad)}" y1="{y}" x2="{_n(width - pad)}" y2="{y}" '
            'stroke="#888" stroke-width="1" stroke-dasharray="4 3"/>'
        )
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
    for i, v in enumerate(values):
        if v is not None:
            parts.append(
                f'<circle cx="{_n(x_at(i))}" cy="{_n(y_at(v))}" r="2.5" fill="{colour}">'
                f"<title>{escape(labels[i])}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _polyline(points: list[str], colour: str) -> str:
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
        'stroke-width="2" stroke-linejoin="round"/>'
    )
