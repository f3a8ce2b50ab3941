"""A streaming sheet writer: sheets collected as rows, written into an xlsx package.

The mechanism behind the Excel scorecard (:mod:`chiso.render.scorecard` holds its
content): a :class:`Sheet` is first collected as rows (:class:`Cell` with a
:class:`Style`, or a long :class:`Columns` body), which lets column widths and
the heights of wrapped rows be measured before anything is written. openpyxl
(in write-only mode) then writes the workbook — styles, widths, frozen panes,
filters, print setup, charts — with empty sheets, and the rows are streamed
into each sheet's XML (:func:`splice_rows`): openpyxl spends about ten
microseconds a cell, and a whole country's provenance is millions of cells
(300 000 provenance rows: 9 s instead of 210 s).

Only openpyxl's public API and the file format are relied on (ECMA-376 part 1,
SpreadsheetML; part 2, packaging): each sheet's distinct styles are written by
openpyxl as one blank styled cell each (a *probe* row), so the style index it
gave each one is read back from the saved sheet (the ``s`` attribute of a
``<c>``), and the sheet's part is found through ``xl/workbook.xml`` and its
relationships, as any reader finds it. No private attribute is used.

Over 600 lines on purpose: collecting, measuring, the openpyxl pass and the
splice share one model of a sheet (its styles' order, its probe row, its
measured widths); split, each part would have to know the others' internals.
"""

from __future__ import annotations

import math
import numbers
import os
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

# openpyxl's write-only worksheet, as ``Workbook.create_sheet`` returns it in write-only
# mode; its class lives in a private module, so it is not named here.
WriteOnlySheet = Any

HEADER_FILL = "1F4E78"
FONT = "Calibri"  # LibreOffice substitutes the metric-compatible Carlito
MAX_WIDTH = 60
MIN_WIDTH = 6


# Printing: a landscape A4 page with 0.7" margins holds about 740 points of columns; a
# sheet is fitted to the page width only while that keeps its 11 pt text at 9 pt or
# more (82 %). A wider sheet prints at 82 % across pages, its row titles repeated.
PRINTABLE_POINTS = 740
PRINTABLE_POINTS_PORTRAIT = 495  # 210 mm less 0.7" margins
MIN_PRINT_SCALE = 82


def print_scale(
    widths: dict[int, float], fixed: int | None, *, portrait: bool = False
) -> int | None:
    """The print scale (%) of a sheet with these column widths; None to fit the width."""
    points = sum(width * 7 + 5 for width in widths.values()) * 0.75  # Excel: 7 px a unit
    printable = PRINTABLE_POINTS_PORTRAIT if portrait else PRINTABLE_POINTS
    if fixed is None and points * MIN_PRINT_SCALE / 100 <= printable:
        return None
    return max(fixed or 0, MIN_PRINT_SCALE)


@dataclass(frozen=True)
class Style:
    """How one cell looks; turned into openpyxl objects once per distinct style."""

    bold: bool = False
    italic: bool = False
    size: float | None = None
    colour: str | None = None
    fill: str | None = None
    fmt: str | None = None
    wrap: bool = False
    align: str | None = None
    border: bool = True


@dataclass
class Cell:
    value: Any
    style: Style = field(default_factory=Style)


_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

HEADER = Style(bold=True, colour="FFFFFF", fill=HEADER_FILL, wrap=True, align="center")
PLAIN = Style()


@dataclass(frozen=True)
class Columns:
    """Many rows of plain values, held as columns: the body of a very long table.

    The provenance of a whole country is half a million rows: held as one list
    a column (no object a row or a cell) and written column by column with
    numpy (:func:`_columns_xml`), it takes about a second. Each column has one
    style, or a list with a style for each row, such as the number format of
    the field a value belongs to. Such rows never wrap.
    """

    values: tuple[list[Any], ...]
    styles: tuple[Style | list[Style], ...]

    def __post_init__(self) -> None:
        lengths = {len(v) for v in self.values} | {
            len(s) for s in self.styles if isinstance(s, list)
        }
        if len(lengths) > 1 or len(self.styles) != len(self.values):
            raise ValueError("Columns: every column (and per-row style list) must be as long")

    def __len__(self) -> int:
        return len(self.values[0]) if self.values else 0

    def style(self, col: int, row: int) -> Style:
        style = self.styles[col]
        return style[row] if isinstance(style, list) else style

    def cells(self, row: int) -> list[Cell]:
        return [Cell(values[row], self.style(col, row)) for col, values in enumerate(self.values)]

    def distinct_styles(self) -> dict[int, Style]:
        """The style objects used, by ``id``: no hashing of a style a row."""
        found: dict[int, Style] = {}
        for style in self.styles:
            found.update((id(s), s) for s in (style if isinstance(style, list) else [style]))
        return found


MEASURED_ROWS = 2000  # widths come from the first rows of a long sheet


@dataclass
class Sheet:
    """A sheet collected as rows, written in one go so widths can be measured first.

    :meth:`write` makes the worksheet (widths, panes, filter, print setup) with a
    probe row per distinct style; the rows themselves go in with :func:`splice_rows`.
    """

    title: str
    rows: list[list[Cell | Any]] = field(default_factory=list)
    body: Columns | None = None  # a long table's body, after the rows
    heights: dict[int, float] = field(default_factory=dict)
    freeze: str | None = None
    filter_ref: str | None = None
    print_title_rows: str | None = None
    print_title_cols: str | None = None
    column_breaks: list[int] = field(default_factory=list)  # a page ends after these columns
    scale: int | None = None  # a fixed print scale (%) instead of fitting to the width
    print_rows: int | None = None  # print only these first rows (the provenance's heading)
    portrait: bool = False  # a page a unit prints portrait; tables of many columns landscape
    fit_pages: int | None = None  # fit to this many pages tall as well as one page wide
    print_columns: int | None = None  # print only the first columns (the rest: on screen)
    widths: dict[int, float] = field(default_factory=dict)  # fixed widths by 1-based column
    measured_from: int = 1  # rows above this (titles) do not widen columns
    _probed: list[Style] = field(default_factory=list, repr=False)  # in probe-row order
    _objects: dict[int, Style] = field(default_factory=dict, repr=False)  # id(style) → style
    _ids_by_object: dict[int, int] = field(default_factory=dict, repr=False)  # id(style) → id
    _heights: dict[int, float] = field(default_factory=dict, repr=False)
    _name: str | None = field(default=None, repr=False)  # the name openpyxl gave the sheet

    def add(self, *cells: Cell | Any, height: float | None = None) -> int:
        if self.body is not None:
            raise ValueError(f"sheet {self.title!r}: no rows after a Columns body")
        self.rows.append(list(cells))
        if height is not None:
            self.heights[len(self.rows)] = height
        return len(self.rows)

    def blank(self) -> None:
        self.add()

    @property
    def next_row(self) -> int:
        return len(self.rows) + len(self.body or ()) + 1

    def table(
        self,
        header: Sequence[str],
        body: Iterable[Sequence[Cell | Any]] | Columns,
        *,
        offset: int = 0,
        header_style: Style | None = None,
    ) -> tuple[int, int]:
        """Append a header row and body rows, ``offset`` columns in; returns (header, last) rows.

        A :class:`Columns` body (no offset) ends the sheet.
        """
        pad = [None] * offset
        first = self.add(*pad, *[Cell(h, header_style or HEADER) for h in header])
        last = first
        if isinstance(body, Columns):
            if offset:
                raise ValueError("a Columns body starts in column A")
            self.body = body
            return first, first + len(body)
        for row in body:
            # every body cell gets the table's border, plain values included
            last = self.add(*pad, *[c if isinstance(c, Cell) else Cell(c, PLAIN) for c in row])
        return first, last

    def measure(self) -> dict[int, float]:
        widths: dict[int, float] = {}
        rows: list[list[Any]] = list(self.rows[: self.measured_from + MEASURED_ROWS])
        if self.body is not None:
            rows += [self.body.cells(i) for i in range(min(len(self.body), MEASURED_ROWS))]
        for index, row in enumerate(rows, start=1):
            if index < self.measured_from:
                continue
            for col, item in enumerate(row, start=1):
                cell = item if isinstance(item, Cell) else Cell(item)
                if cell.value is None:  # padding and blanks keep the default width
                    continue
                text = _display_width(cell)
                if cell.style is HEADER:  # headers wrap onto a few lines
                    text = min(text, 16)
                elif cell.style.wrap:
                    text = min(text, 40)
                widths[col] = max(widths.get(col, MIN_WIDTH), text)
        widths.update(self.widths)
        return {c: min(max(w, MIN_WIDTH), MAX_WIDTH) for c, w in widths.items()}

    def row_heights(self, widths: dict[int, float]) -> dict[int, float]:
        """Explicit heights, else enough lines for the longest wrapped cell of each row.

        Excel and LibreOffice do not grow a row for wrapped text in a file written
        without row heights, so the text would spill over its neighbours.
        """
        heights = dict(self.heights)
        for index, row in enumerate(self.rows, start=1):
            if index in heights:
                continue
            lines = 1
            for col, item in enumerate(row, start=1):
                if not isinstance(item, Cell) or not item.style.wrap or item.value is None:
                    continue
                room = max(widths.get(col, MIN_WIDTH) - 1, 1)
                factor = 1.2 if item.style.bold else 1.05
                needed = sum(
                    max(1, math.ceil(len(part) * factor / room))
                    for part in str(item.value).split("\n")
                )
                lines = max(lines, needed)
            if lines > 1:
                heights[index] = 15 * lines + 2
        return heights

    def write(self, workbook: Workbook) -> WriteOnlySheet:
        ws: WriteOnlySheet = workbook.create_sheet(self.title[:31])
        widths = self.measure()
        heights = self.row_heights(widths)
        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = width
        if self.freeze:
            ws.freeze_panes = self.freeze
        if self.filter_ref:
            ws.auto_filter.ref = self.filter_ref
        ws.page_setup.orientation = "portrait" if self.portrait else "landscape"
        ws.page_setup.paperSize = "9"  # A4
        printed = widths
        if self.print_columns is not None:
            printed = {c: w for c, w in widths.items() if c <= self.print_columns}
        scale = print_scale(printed, self.scale, portrait=self.portrait)
        if scale is None or self.fit_pages is not None:
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = self.fit_pages or 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
        else:  # fitting to pages would override the manual column breaks
            ws.page_setup.scale = scale
        # running header and footer: the sheet's name, chiso, the page of pages
        ws.oddHeader.center.text = "&A"
        ws.oddFooter.left.text = "chiso"
        ws.oddFooter.right.text = "&P/&N"
        for part in (ws.oddHeader.center, ws.oddFooter.left, ws.oddFooter.right):
            part.size = 9
        if self.print_rows is not None or self.print_columns is not None:
            last_col = get_column_letter(max(printed, default=1))
            ws.print_area = f"A1:{last_col}{self.print_rows or self.next_row - 1}"
        ws.print_options.gridLines = False
        if self.print_title_rows:
            ws.print_title_rows = self.print_title_rows
        if self.print_title_cols:
            ws.print_title_cols = self.print_title_cols
        for column in self.column_breaks:
            ws.col_breaks.append(Break(id=column))
        # distinct objects first (by id, no hashing): a matrix is 150k cells, a few styles
        objects = {
            id(item.style): item.style for row in self.rows for item in row
            if isinstance(item, Cell)
        }
        if self.body is not None:
            objects.update(self.body.distinct_styles())
        # One blank styled cell a style, in a fixed order (a set's order changes with each
        # run's string hashing), so the same result always makes the same stylesheet.
        # openpyxl registers a style when it writes the cell, so this comes after every
        # setting written above the rows (widths, panes, page setup properties).
        self._probed = sorted(set(objects.values()), key=repr)
        for style in self._probed:
            ws.append([_probe_cell(ws, style)])
        self._objects = objects
        self._heights = heights
        self._name = ws.title
        return ws

    def bind_styles(self, style_ids: Sequence[int]) -> None:
        """Take the style index of each probe cell, as read from the saved sheet."""
        if len(style_ids) != len(self._probed):
            raise RuntimeError(
                f"sheet {self.title!r}: {len(style_ids)} styled cells saved, "
                f"{len(self._probed)} written"
            )
        ids = dict(zip(self._probed, style_ids, strict=True))
        self._ids_by_object = {key: ids[style] for key, style in self._objects.items()}

    def xml_rows(self, strings: SharedStrings, batch: int = 2000) -> Iterator[str]:
        """The rows as ``<row>`` elements, in chunks, for :func:`splice_rows`.

        Text goes into ``strings`` (the workbook's shared strings): a country's
        provenance repeats each file path and sha256 on every value of the file.
        """
        letters = [get_column_letter(c) for c in range(1, self._max_columns() + 1)]
        ids = self._ids_by_object
        attrs = {i: _style_attr(i) for i in {0, *ids.values()}}
        # _cell_content inlined for the common cells (text, finite floats), and a blank
        # unstyled cell skipped: a country's matrix is a million cells, and three calls a
        # cell cost seconds.
        table = strings.index
        isfinite = math.isfinite
        chunk: list[str] = []
        for index, row in enumerate(self.rows, start=1):
            height = self._heights.get(index)
            opening = (
                f'<row r="{index}" ht="{height}" customHeight="1">'
                if height
                else f'<row r="{index}">'
            )
            cells = []
            for col, item in enumerate(row):
                if item is None:
                    continue
                if isinstance(item, Cell):
                    value, style_id = item.value, ids[id(item.style)]
                else:
                    value, style_id = item, 0
                kind = type(value)
                if kind is str:
                    found = table.get(value)
                    if found is None:
                        found = table[value] = len(table)
                    strings.count += 1
                    content = f' t="s"><v>{found}</v></c>'
                elif kind is float and isfinite(value):
                    content = f"><v>{value!r}</v></c>"
                else:
                    content = _cell_content(value, strings)
                    if content == "/>" and not style_id:
                        continue
                cells.append(f'<c r="{letters[col]}{index}"{attrs[style_id]}{content}')
            chunk.append(opening + "".join(cells) + "</row>")
            if len(chunk) >= batch:
                yield "".join(chunk)
                chunk = []
        if chunk:
            yield "".join(chunk)
        if self.body is not None:
            yield from _columns_xml(self.body, len(self.rows) + 1, self._ids_by_object, strings)

    def _max_columns(self) -> int:
        return max([len(row) for row in self.rows] + [len(self.body.values) if self.body else 0])


def _columns_xml(
    body: Columns,
    first_row: int,
    ids_by_object: dict[int, int],
    strings: SharedStrings,
    batch: int = 20_000,
) -> Iterator[str]:
    """A :class:`Columns` body as ``<row>`` elements, whole columns at a time.

    Each column is factorised (pandas), each distinct value turned into its XML
    once, and the cells assembled with numpy's element-wise string addition on
    object arrays: no Python loop over cells.
    """
    letters = [get_column_letter(c) for c in range(1, len(body.values) + 1)]
    attrs: list[str | np.ndarray] = []  # each column's style attribute: one, or one a row
    # by id(): hashing a Style dataclass half a million times costs seconds
    by_id = {key: _style_attr(style_id) for key, style_id in ids_by_object.items()}
    for style in body.styles:
        if isinstance(style, Style):
            attrs.append(by_id[id(style)])
        else:
            attrs.append(np.array([by_id[id(s)] for s in style], dtype=object))
    for start in range(0, len(body), batch):
        stop = min(start + batch, len(body))
        refs = np.array([f'{r}"' for r in range(first_row + start, first_row + stop)],
                        dtype=object)
        columns = [np.array([f'<row r="{r}">' for r in range(first_row + start, first_row + stop)],
                            dtype=object)]
        for col, values in enumerate(body.values):
            codes, uniques = pd.factorize(pd.Series(values[start:stop], dtype=object))
            present = codes >= 0
            used = np.bincount(codes[present], minlength=len(uniques))  # cells per value
            contents = [
                _cell_content(u, strings, references=int(n))
                for u, n in zip(uniques, used, strict=True)
            ]
            attr = attrs[col]
            if isinstance(attr, str):
                content = np.array([attr + c for c in contents] + [attr + "/>"], dtype=object)
                cells = f'<c r="{letters[col]}' + refs + content[codes]  # code -1: the blank
                if not attr:
                    cells = np.where(present, cells, "")
            else:
                attr = attr[start:stop]
                content = np.array([*contents, "/>"], dtype=object)[codes]
                cells = f'<c r="{letters[col]}' + refs + attr + content
                cells = np.where(present | (attr != ""), cells, "")
            columns.append(cells)
        yield "".join(["".join(row) + "</row>" for row in zip(*columns, strict=True)])


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class SharedStrings:
    """The workbook's shared string table: each distinct text stored (and escaped) once."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0  # references, for the table's count attribute

    def add(self, text: str, references: int = 1) -> int:
        """The text's index; ``references``: how many cells refer to it this time."""
        self.count += references
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml(self) -> bytes:
        items = "".join(
            f'<si><t xml:space="preserve">{xml_escape(_ILLEGAL_XML.sub("", text))}</t></si>'
            for text in self.index
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{_SPREADSHEET_NS}" count="{self.count}" '
            f'uniqueCount="{len(self.index)}">{items}</sst>'
        ).encode()


def _style_attr(style_id: int) -> str:
    """A cell's style attribute; none for the default style 0."""
    return f' s="{style_id}"' if style_id else ""


def _cell_content(value: Any, strings: SharedStrings, references: int = 1) -> str:
    """A cell's type and value: ``' t="s"><v>17</v></c>'``; ``'/>'`` when blank.

    Text is a shared string (``references``: the cells that hold it); numbers and
    booleans are values; None, NaN and infinities are blank.
    """
    kind = type(value)
    if kind is str:
        return f' t="s"><v>{strings.add(value, references)}</v></c>'
    if kind is float:
        return f"><v>{value!r}</v></c>" if math.isfinite(value) else "/>"
    if value is None or value is pd.NA:
        return "/>"
    if isinstance(value, bool | np.bool_):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            return "/>"
        text = str(int(value)) if isinstance(value, numbers.Integral) else repr(number)
        return f"><v>{text}</v></c>"
    return f' t="s"><v>{strings.add(str(value), references)}</v></c>'


_SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_CONTENT_TYPES = "[Content_Types].xml"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's first date, as openpyxl gives its sheets


def splice_rows(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write each sheet's rows into the saved workbook's sheet XML, replacing its probe rows.

    openpyxl spends about ten microseconds a cell writing XML; a whole country's
    provenance is millions of cells. The workbook (styles, widths, panes,
    filters, print setup, charts) is written by openpyxl with a probe row per
    style (:meth:`Sheet.write`), then the rows are streamed in as plain
    ``<row>`` elements whose text is in a shared string table added to the
    package (openpyxl writes none: the probes are blank). Sheets are deflated at
    level 1: at national scale level 6 costs seconds for a file a few per cent
    smaller.
    """
    strings = SharedStrings()
    temporary = path.with_name(path.name + ".part")
    held: dict[str, tuple[zipfile.ZipInfo, bytes]] = {}  # written after the string table
    with (
        zipfile.ZipFile(path) as source,
        # level 1 for the parts opened by name below; copied parts keep their own level
        zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        package = _Package.read(source)
        by_name = {sheet._name: sheet for sheet in sheets}
        targets = {package.sheets[name]: sheet for name, sheet in by_name.items()
                   if name in package.sheets}
        if len(targets) != len(sheets):
            missing = [s.title for s in sheets if s._name not in package.sheets]
            raise RuntimeError(f"{path}: no worksheet part for {missing}, cannot splice rows")
        if package.strings in source.namelist():  # never with blank probes: refuse, never corrupt
            raise RuntimeError(f"{path}: the workbook has shared strings, cannot splice rows")
        for info in source.infolist():
            data = source.read(info.filename)
            info.date_time = _ZIP_TIME  # not the second openpyxl wrote it: same result, same bytes
            if info.filename == _CORE_PROPERTIES:
                data = _stamped(data)
            if info.filename in (_CONTENT_TYPES, package.workbook_rels):
                held[info.filename] = (info, data)
                continue
            sheet = targets.get(info.filename)
            if sheet is None:
                target.writestr(info, data)
                continue
            text = data.decode("utf-8")
            sheet.bind_styles(_probe_styles(data))
            found = _SHEET_DATA.search(text)
            if found is None or _SHEET_DATA.search(text, found.end()):
                raise RuntimeError(f"{path}: {info.filename} has no single <sheetData>")
            # a ZipInfo of the name alone: dated 1980-01-01, deflated at the file's level 1
            with target.open(info.filename, "w") as out:
                out.write(text[: found.start()].encode("utf-8") + b"<sheetData>")
                for chunk in sheet.xml_rows(strings):
                    out.write(chunk.encode("utf-8"))
                out.write(b"</sheetData>" + text[found.end():].encode("utf-8"))
        with target.open(package.strings, "w") as out:
            out.write(strings.xml())
        for name, (info, data) in held.items():
            text = data.decode("utf-8")
            end = "</Types>" if name == _CONTENT_TYPES else "</Relationships>"
            if text.count(end) != 1:  # another serialiser (a prefix, say): refuse, never corrupt
                raise RuntimeError(f"{path}: {name} does not end in {end}, cannot splice rows")
            if name == _CONTENT_TYPES:
                text = text.replace("</Types>", f'<Override PartName="/{package.strings}" '
                                    f'ContentType="{_STRINGS_TYPE}"/></Types>')
            else:
                text = text.replace("</Relationships>", f'<Relationship Type="{_STRINGS_REL}" '
                                    f'Target="{_STRINGS_NAME}" Id="rIdStrings"/>'
                                    "</Relationships>")
            target.writestr(info, text.encode("utf-8"))
    temporary.replace(path)


_PACKAGE_RELS = "_rels/.rels"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOCUMENT_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_ID_ATTR = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRINGS_NAME = "sharedStrings.xml"
_SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>.*?</sheetData>", re.DOTALL)


@dataclass(frozen=True)
class _Package:
    """Where the parts are, read as any xlsx reader finds them (ECMA-376 part 2, Open
    Packaging Conventions): the package's relationships name the workbook part, the
    workbook's relationships name each sheet's part."""

    workbook_rels: str  # the workbook's relationships part
    sheets: dict[str, str]  # sheet name → its part
    strings: str  # where the shared string table goes: beside the workbook

    @classmethod
    def read(cls, archive: zipfile.ZipFile) -> _Package:
        workbook = next(
            _part("", rel.get("Target", ""))
            for rel in ElementTree.fromstring(archive.read(_PACKAGE_RELS))
            if rel.get("Type") == _DOCUMENT_REL
        )
        folder, _, name = workbook.rpartition("/")
        base = f"{folder}/" if folder else ""
        rels_part = f"{base}_rels/{name}.rels"
        targets = {
            rel.get("Id"): _part(base, rel.get("Target", ""))
            for rel in ElementTree.fromstring(archive.read(rels_part))
            if rel.tag == f"{_RELS_NS}Relationship"
        }
        listed = ElementTree.fromstring(archive.read(workbook)).iter(f"{{{_SPREADSHEET_NS}}}sheet")
        sheets = {
            str(sheet.get("name")): targets[sheet.get(_ID_ATTR)]
            for sheet in listed
            if sheet.get(_ID_ATTR) in targets
        }
        return cls(rels_part, sheets, f"{base}{_STRINGS_NAME}")


def _part(base: str, target: str) -> str:
    """A relationship's target as a part name in the zip (relative to ``base``, or absolute)."""
    if target.startswith("/"):
        return target[1:]
    parts: list[str] = []
    for piece in (base + target).split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _probe_styles(sheet_xml: bytes) -> list[int]:
    """The style index of each cell of a sheet as written with probe rows only (0: none)."""
    return [
        int(cell.get("s", "0"))
        for cell in ElementTree.fromstring(sheet_xml).iter(f"{{{_SPREADSHEET_NS}}}c")
    ]


_CORE_PROPERTIES = "docProps/core.xml"
_STAMPED = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def _stamped(core: bytes) -> bytes:
    """The document properties dated ``SOURCE_DATE_EPOCH`` when set (reproducible-builds.org).

    openpyxl dates a workbook when it saves it; with the variable set, the same
    result gives the same bytes, so a scorecard can be compared or checked in.
    """
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text.isdigit():
        return core
    stamp = datetime.fromtimestamp(int(text), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _STAMPED.sub(rb"\g<1>" + stamp.encode() + rb"\g<2>", core)


def _display_width(cell: Cell) -> float:
    value = cell.value
    if value is None:
        return 0
    if isinstance(value, float | int) and not isinstance(value, bool):
        fmt = cell.style.fmt or ""
        return 14 if "%" in fmt or "," in fmt else 10
    longest = max((len(line) for line in str(value).splitlines()), default=0)
    return longest * (1.2 if cell.style.bold else 1.1) + 2


def _probe_cell(ws: WriteOnlySheet, style: Style) -> Any:
    """A blank cell in ``style``, through openpyxl's public cell attributes."""
    cell = WriteOnlyCell(ws)
    cell.font = Font(
        name=FONT,
        bold=style.bold,
        italic=style.italic,
        size=style.size or 11,
        color=style.colour,
    )
    if style.fill:
        cell.fill = PatternFill("solid", fgColor=style.fill)
    cell.alignment = Alignment(wrap_text=style.wrap, horizontal=style.align, vertical="top")
    if style.border:
        cell.border = _BORDER
    if style.fmt:
        cell.number_format = style.fmt
    return cell
