"""The scorecard's cell vocabulary: number formats by measure, status colours, the
title and note styles, each sheet's title lines — shared by its content modules
(:mod:`chiso.render.scorecard`, :mod:`chiso.render.scorecard_detail`,
:mod:`chiso.render.scorecard_profiles`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from chiso.engine.result import Result
from chiso.findings import Lang
from chiso.render import tables
from chiso.render.labels import comparison_words, is_missing, label
from chiso.render.sheetwriter import HEADER_FILL, Cell, Style

# Number formats by KPI unit (and field kind). Excel shows the thousands and
# decimal separators of the reader's locale, so "#,##0" reads 1.234.567 in Vietnam.
NUMBER_FORMATS = {
    "percent": "0.0%",
    "per_100": "#,##0.0",
    "count": "#,##0",
    "amount": "#,##0.0",
    "number": "#,##0.00",
    "yes_no": "0",
}
SCORE_FORMAT = "0.0"
CHANGE_FORMAT = "+0.0;-0.0;0.0"
TIED_RANK_FORMAT = '0"="'

# (fill, font colour) per status; the palette reads in greyscale print too.
STATUS_COLOURS = {
    "achieved": ("C6EFCE", "006100"),
    "on_track": ("DDEBF7", "1F4E78"),
    "at_risk": ("FFEB9C", "9C5700"),
    "off_track": ("FFC7CE", "9C0006"),
    "not_achieved": ("FF9C9C", "7F0000"),
    "incomplete_data": ("E4DFEC", "5B3F86"),
    "not_assessable": ("EDEDED", "595959"),
    "met": ("C6EFCE", "006100"),
    "not_met": ("FFC7CE", "9C0006"),
    "no_value": ("EDEDED", "595959"),
    "error": ("FFC7CE", "9C0006"),
    "warning": ("FFEB9C", "9C5700"),
    "info": ("DDEBF7", "1F4E78"),
}


def number_format(unit: str, comparison: str | None = None, lang: Lang = "vi") -> str:
    """The number format for a KPI unit; for a target, with the comparison's words
    around it (``"Trên "0.0%``), so the cell stays a number."""
    fmt = NUMBER_FORMATS.get(unit, NUMBER_FORMATS["number"])
    if comparison:
        before, after = comparison_words(comparison, lang)
        fmt = f'"{before}"{fmt}' + (f'"{after}"' if after else "")
    return fmt


TITLE = Style(bold=True, size=14, border=False)
SUBTITLE = Style(italic=True, colour="595959", border=False)
SECTION = Style(bold=True, size=12, colour=HEADER_FILL, border=False)
HEADLINE = Style(bold=True, size=12, border=False)
WRAP = Style(wrap=True)
NOTE = Style(italic=True, colour="595959", border=False)



@lru_cache(maxsize=256)
def status_style(status: str, fmt: str | None = None) -> Style:
    fill, colour = STATUS_COLOURS.get(status, STATUS_COLOURS["not_assessable"])
    return Style(fill=fill, colour=colour, bold=True, fmt=fmt)


def number(value: Any, fmt: str, **style: Any) -> Cell:
    return Cell(None if is_missing(value) else value, _number_style(fmt, **style))


@lru_cache(maxsize=1024)
def _number_style(fmt: str, **style: Any) -> Style:
    """One style object per look: a country's ranking is 100,000 number cells, and the
    sheet writer tells styles apart by object before it compares them."""
    return Style(fmt=fmt, **style)

DATA_HEADER = Style(bold=True, colour="FFFFFF", fill=HEADER_FILL)  # one line: rows stay even


def sheet_subtitle(result: Result, lang: Lang) -> str:
    """The line under each sheet's title: catalogue, version and period."""
    info = result.catalogue.info
    name = info.name.get(lang)
    parts = [f"{label('catalogue', lang)}: {name} ({label('version', lang)} {info.version})"]
    if result.latest_period:
        parts.append(f"{label('period', lang)}: {result.latest_period}")
    return " · ".join(parts)


def sheet_title(result: Result, lang: Lang, key: str) -> str:
    """A sheet's title with the province it is about."""
    root = tables.root_unit(result)
    return f"{label(key, lang)} — {root.label(lang)}" if root else label(key, lang)


def or_none(value: Any) -> Any:
    """None for None / NaN / NA; the value otherwise."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value
