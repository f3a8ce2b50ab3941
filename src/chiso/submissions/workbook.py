"""A small, strict reader of .xlsx cells straight from the zip and its XML.

Why not openpyxl or calamine for reading? Submissions need three facts neither
gives cheaply at once: whether a cell holds a **formula with no cached value**
(openpyxl needs two loads; python-calamine, up to 0.9, reports such a cell as
empty and exposes no formulas), the **visibility** of each sheet (metadata
sheets are very hidden) and each cell's **stored type** (text ``"1.751"`` vs the
number 1751). The XML has all three.

Measured on 1,000 filled per-unit templates (3 sheets, ~90 cells each), one
process, Python 3.11: this module 0.8–1.3 ms/file, python-calamine 0.9
0.24–0.39 ms/file (values only: a formula without a cached value reads as an
empty cell), openpyxl ``read_only`` 5.4 ms/file, openpyxl full load 6.8 ms/file.
Calamine is faster but cannot tell "formula, no cached value" from "empty";
openpyxl is five times slower. Parsing, layout detection and checks together
cost about 2 ms a file, so 3,300 communes read in about 7 s in one process.

Only what a report needs is read: shared strings, the sheet list with states,
cells (value, type, formula) and merged ranges. Styles, charts and drawings are
ignored. Problems raise :class:`WorkbookError` with a finding code; the reader
turns it into a finding.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, NamedTuple
from urllib.parse import unquote
from xml.etree import ElementTree

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted xlsx and old .xls
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# Limits (docs/limits.md, "Workbooks"). Bytes are counted as inflated, never as declared.
MAX_SHEET_BYTES = 25_000_000  # one sheet's XML; a report is a few kB
MAX_STRINGS_BYTES = 25_000_000  # the shared strings part
MAX_PART_BYTES = 25_000_000  # any other part read (workbook.xml, relationships)
MAX_WORKBOOK_BYTES = 100_000_000  # every part of one workbook together
MAX_DIRECTORY_BYTES = 4_000_000  # the zip's central directory: ~50,000 entries
MAX_MERGED_RANGE = 10_000  # cells; a larger merged range is not filled with its text
MAX_MERGED_CELLS = 100_000  # cells of one sheet's filled merged ranges together

# number, string, boolean, error; "x": a stored value no spreadsheet program writes
# (a number such as "1_8" or "inf", a shared-string index out of range), kept as its XML.
CellKind = Literal["n", "s", "b", "e", "x"]
_LARGEST = 1.7976931348623157e308


class WorkbookError(Exception):
    """The file cannot be read as a workbook: ``code`` is the S finding code, ``params``
    fill its message (S001 and S004 take ``reason`` and ``reason_vi``)."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(params.get("reason", code))
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Problem:
    """Why a sheet was not read: a finding code and the parameters of its message."""

    code: str
    params: dict[str, str]


class Cell(NamedTuple):
    """One cell with content. A named tuple, not a dataclass: a frozen dataclass
    builds each instance through ``object.__setattr__``, and a national run makes
    millions of cells (a third of the time spent turning XML into cells)."""

    row: int  # 1-based
    col: int  # 1-based
    value: str | float | bool | None  # the stored (or cached) value
    kind: CellKind
    formula: str | None = None  # formula text without "=" ("" for a shared-formula child)

    @property
    def ref(self) -> str:
        return f"{column_letter(self.col)}{self.row}"

    @property
    def has_formula(self) -> bool:
        return self.formula is not None

    @property
    def missing_cache(self) -> bool:
        """A formula whose result was never computed (e.g. written by openpyxl)."""
        return self.formula is not None and self.value is None

    @property
    def text(self) -> str | None:
        return self.value if isinstance(self.value, str) else None

    @property
    def blank(self) -> bool:
        """Nothing in it: no value, or only spaces, and no formula (a formula with no
        cached value is not blank: it is S208)."""
        if self.formula is not None:
            return False
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class Sheet:
    name: str
    state: str  # "visible", "hidden" or "veryHidden"
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    problem: Problem | None = None  # why the sheet was not read (then it has no cells)

    @property
    def visible(self) -> bool:
        """Only ``hidden`` and ``veryHidden`` hide a sheet (``visible``, ``show``, none: shown)."""
        return self.state not in ("hidden", "veryHidden")

    def get(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))


@dataclass
class Workbook:
    sheets: list[Sheet]

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)


def column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


@lru_cache(maxsize=65536)  # the same references recur in every workbook of a batch
def parse_ref(ref: str) -> tuple[int, int]:
    """'E7' → (7, 5)."""
    m = _REF.match(ref.upper())
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def sniff(data: bytes) -> None:
    """Raise WorkbookError unless ``data`` starts like an xlsx (zip) file."""
    if not data:
        raise WorkbookError("S002")
    if data.startswith(OLE_MAGIC):
        raise WorkbookError("S003")
    if not data.startswith(ZIP_MAGICS):
        head = data[:64]
        looks_text = all(b >= 9 for b in head) and b"\x00" not in head
        raise _not_xlsx(*(_REASONS["text"] if looks_text else _REASONS["binary"]))


def read_workbook(data: bytes, *, max_sheet_bytes: int | None = None) -> Workbook:
    """Every sheet of an .xlsx held in ``data``; raises :class:`WorkbookError`.

    A sheet whose XML is larger than ``max_sheet_bytes`` (default
    :data:`MAX_SHEET_BYTES`) is listed with a ``problem`` and no cells.
    """
    sniff(data)
    if max_sheet_bytes is None:
        max_sheet_bytes = MAX_SHEET_BYTES
    directory = _directory_size(data)
    if directory > MAX_DIRECTORY_BYTES:
        # zipfile builds an object per entry: a 100 MB file of empty entries is ~1M of
        # them, 10 s and 1 GB before the first part is read. A workbook of 5,000 sheets
        # has a directory of about 0.4 MB.
        raise WorkbookError("S016", size=f"{directory:,} bytes",
                            limit=f"{MAX_DIRECTORY_BYTES:,} bytes")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return _read(_Package(data, zf), max_sheet_bytes)
    except WorkbookError:
        raise
    except ElementTree.ParseError:
        raise _damaged(*_REASONS["xml"]) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, IndexError,
            EOFError, OSError, RuntimeError, NotImplementedError, struct.error, zlib.error):
        # Whatever Python said, the user is told the archive is damaged: an exception's
        # text ("list index out of range") means nothing to a commune's officer.
        raise _damaged(*_REASONS["zip"]) from None


# Reasons shown in S001/S004 messages: (English, Vietnamese).
_REASONS: dict[str, tuple[str, str]] = {
    "text": ("the file is text", "tệp là văn bản thuần"),
    "binary": ("unknown binary format", "định dạng nhị phân không rõ"),
    "ods": ("an OpenDocument file (.ods), no Excel workbook inside",
            "tệp OpenDocument (.ods), không chứa bảng tính Excel"),
    "other_zip": ("a zip of another kind, no Excel workbook inside",
                  "tệp nén loại khác, không chứa bảng tính Excel"),
    "zip": ("the zip archive is broken", "tệp nén (zip) bị hỏng"),
    "xml": ("a part of it is not well-formed XML", "một phần của tệp không phải XML hợp lệ"),
    "truncated": ("a part of it is cut short", "một phần của tệp bị cắt cụt"),
    "inflate": ("a part of it cannot be decompressed", "một phần của tệp không giải nén được"),
    "checksum": ("a part of it fails its checksum", "một phần của tệp sai mã kiểm tra (CRC)"),
    "compression": ("a part of it uses a compression method Excel does not write",
                    "một phần của tệp nén theo phương pháp Excel không dùng"),
}


_END = b"PK\x05\x06"  # end of central directory record
_END64_LOCATOR, _END64 = b"PK\x06\x07", b"PK\x06\x06"  # zip64: where, and the record


def _directory_size(data: bytes) -> int:
    """The central directory's size as the end record declares it (zip64's if any): what
    :mod:`zipfile` reads and parses, entry by entry. 0 when there is no end record."""
    end = data.rfind(_END, max(0, len(data) - 65_557))  # the record, then a comment ≤ 64 kB
    if end < 0 or end + 22 > len(data):
        return 0
    size: int = struct.unpack_from("<I", data, end + 12)[0]
    locator = end - 20
    record = locator - 56  # zipfile reads the zip64 record just before its locator
    if (record >= 0 and data[locator:locator + 4] == _END64_LOCATOR
            and data[record:record + 4] == _END64):
        size = struct.unpack_from("<Q", data, record + 40)[0]
    return size


def _not_xlsx(en: str, vi: str) -> WorkbookError:
    return WorkbookError("S001", reason=en, reason_vi=vi)


def _damaged(en: str, vi: str) -> WorkbookError:
    return WorkbookError("S004", reason=en, reason_vi=vi)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attr(element: ElementTree.Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (transitional or strict OOXML)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


class _TooLarge(Exception):
    """A part inflates past its limit; ``size`` says how large as far as known."""

    def __init__(self, size: str, by_budget: bool) -> None:
        super().__init__(size)
        self.size = size
        self.by_budget = by_budget


_LOCAL_HEADER = b"PK\x03\x04"


class _Package:
    """The zip's parts by name, read through one bounded inflater.

    Part names are matched as the packaging format (OPC) says: case-insensitively,
    with ``\\`` (written by some Windows tools) taken as ``/``. Two entries with the
    same name are refused: which one a program shows is not defined. Every part is
    inflated from the raw bytes with :mod:`zlib` up to a limit, counting the bytes
    actually produced — the sizes the zip declares are not trusted — and all parts
    of a workbook together are held to :data:`MAX_WORKBOOK_BYTES`.
    """

    def __init__(self, data: bytes, zf: zipfile.ZipFile) -> None:
        self.data = data
        self.inflated = 0
        self.parts: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            name = _part_name(info.filename)
            if not name or name.endswith("/"):
                continue  # a folder entry
            key = name.lower()
            if key in self.parts:
                raise WorkbookError("S009", part=name)
            self.parts[key] = info

    def has(self, name: str) -> bool:
        return name.lower() in self.parts

    def read(self, name: str, limit: int) -> bytes:
        """The part's bytes; raises :class:`_TooLarge` past ``limit`` or the workbook's budget."""
        info = self.parts[name.lower()]
        budget = MAX_WORKBOOK_BYTES - self.inflated
        if info.file_size > limit:  # declared too large: believed without inflating
            raise _TooLarge(f"{info.file_size:,} bytes", by_budget=False)
        data = _inflate(self.data, info, min(limit, budget) + 1)
        if len(data) > min(limit, budget):
            raise _TooLarge(f"> {min(limit, budget):,} bytes", by_budget=budget < limit)
        self.inflated += len(data)
        return data

    def xml(self, name: str, limit: int) -> ElementTree.Element:
        """A structural part parsed; too large → S014, the workbook is not read."""
        try:
            data = self.read(name, limit)
        except _TooLarge as exc:
            raise WorkbookError("S014", part=name, size=exc.size,
                                limit=f"{limit:,} bytes") from None
        return ElementTree.fromstring(data)

    def relationships(self, source: str) -> list[tuple[str, str, str]]:
        """(Id, Type, target part name) of the part ``source``'s relationships ('' = package)."""
        folder, _, base = source.rpartition("/")
        rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if not self.has(rels):
            return []
        out = []
        for rel in self.xml(rels, MAX_PART_BYTES):
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            written = rel.get("Target", "")
            target = _part_name(unquote(written) if "%" in written else written)
            if written.startswith(("/", "\\")):
                part = target  # absolute, from the package root (Google Sheets)
            elif "." in target.partition("/")[0] or "/." in target:  # ./ or ../ to resolve
                part = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
            else:
                part = f"{folder}/{target}" if folder else target
            out.append((rel.get("Id", ""), rel.get("Type", ""), part))
        return out


def _part_name(name: str) -> str:
    return name.replace("\\", "/").lstrip("/")


def _inflate(data: bytes, info: zipfile.ZipInfo, most: int) -> bytes:
    """The entry's bytes, at most ``most`` of them, checked against its CRC when complete."""
    start = info.header_offset
    if data[start:start + 4] != _LOCAL_HEADER:
        raise _damaged(*_REASONS["zip"])
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    start += 30 + name_length + extra_length
    if info.flag_bits & 0x1:
        raise WorkbookError("S003")  # an encrypted zip entry
    raw = memoryview(data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        out = bytes(raw[:most])
        if len(out) == most:
            return out
        if len(out) < info.compress_size:
            raise _damaged(*_REASONS["truncated"])
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            out = inflater.decompress(raw, most)
        except zlib.error:
            raise _damaged(*_REASONS["inflate"]) from None
        if len(out) == most:
            return out  # over the limit: the caller refuses it, no need to finish
        if not inflater.eof:
            raise _damaged(*_REASONS["truncated"])
    else:
        raise _damaged(*_REASONS["compression"])
    if zlib.crc32(out) != info.CRC:
        raise _damaged(*_REASONS["checksum"])
    return out


_OFFICE_DOCUMENT = "/officeDocument"  # the relationship type's tail, transitional or strict


def _read(package: _Package, max_sheet_bytes: int) -> Workbook:
    workbook_part = next((part for _, kind, part in package.relationships("")
                          if kind.endswith(_OFFICE_DOCUMENT) and package.has(part)), None)
    if workbook_part is None and package.has("xl/workbook.xml"):
        workbook_part = "xl/workbook.xml"  # no package relationships: the usual place
    if workbook_part is None:
        raise _not_xlsx(*_REASONS["ods" if package.has("content.xml") else "other_zip"])
    root = package.xml(workbook_part, MAX_PART_BYTES)
    relationships = package.relationships(workbook_part)
    targets = {rid: part for rid, _, part in relationships}
    strings_part = next((part for _, kind, part in relationships
                         if kind.endswith("/sharedStrings")), None)
    if strings_part is None:  # not declared: where Excel puts it
        strings_part = posixpath.join(posixpath.dirname(workbook_part), "sharedStrings.xml")
    strings: list[str] = []
    if package.has(strings_part):
        strings = _shared_strings(package.xml(strings_part, MAX_STRINGS_BYTES))
    sheets: list[Sheet] = []
    read: dict[str, Sheet] = {}  # part name (lower case) → the sheet that read it
    over_budget: Problem | None = None
    for element in root.iter():
        if _local(element.tag) != "sheet":
            continue
        sheet = Sheet(name=element.get("name", "?"), state=element.get("state", "visible"))
        sheets.append(sheet)
        part = targets.get(_attr(element, "id") or "")
        if part is None or not package.has(part):
            raise _damaged(f"sheet '{sheet.name}' has no part in the archive",
                           f"trang tính '{sheet.name}' không có nội dung trong tệp")
        first = read.get(part.lower())
        if first is not None:
            # Two sheets naming one part: it is read once, the second sheet not at all.
            sheet.problem = Problem("S010", {"other": first.name})
            continue
        read[part.lower()] = sheet
        if over_budget is not None:
            sheet.problem = over_budget
            continue
        try:
            xml = package.read(part, max_sheet_bytes)
        except _TooLarge as exc:
            if exc.by_budget:
                over_budget = sheet.problem = Problem(
                    "S011", {"limit": f"{MAX_WORKBOOK_BYTES:,} bytes", "first": sheet.name})
            else:
                sheet.problem = Problem("S005", {"size": exc.size,
                                                 "limit": f"{max_sheet_bytes:,} bytes"})
            continue
        _read_sheet(xml, strings, sheet)
    return Workbook(sheets)


def _shared_strings(root: ElementTree.Element) -> list[str]:
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    t_tag = f"{ns}t"
    out: list[str] = []
    for si in root:
        # Nearly every string is a lone <t>; rich text (runs) takes the slower path.
        text = (si[0].text or "") if len(si) == 1 and si[0].tag == t_tag else _text_of(si)
        out.append(unescape(text) if "_x" in text else text)
    return out


def _text_of(element: ElementTree.Element) -> str:
    """Text of an <si> or <is>: its <t>, or the <t> of its rich-text runs (not phonetics)."""
    parts: list[str] = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _escaped(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    # A lone surrogate is no character: it stays as written rather than break a writer later.
    return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)


def unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes decoded: ``_x000D_`` is a carriage return, ``_x005F_`` a
    literal ``_`` (so ``_x005F_x000D_`` reads ``_x000D_``)."""
    return _ESCAPE.sub(_escaped, text)


def _read_sheet(xml: bytes, strings: list[str], sheet: Sheet) -> None:
    root = ElementTree.fromstring(xml)
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    c_tag, v_tag, f_tag, is_tag = f"{ns}c", f"{ns}v", f"{ns}f", f"{ns}is"
    t_tag = f"{ns}t"
    cells = sheet.cells
    n_strings = len(strings)
    row_number = 0
    for row in root.iter(f"{ns}row"):
        r = row.get("r")
        row_number = int(r) if r else row_number + 1
        col_number = 0
        for c in row.iter(c_tag):
            ref = c.get("r")
            if ref:
                row_number, col_number = parse_ref(ref)
            else:
                col_number += 1
            if not len(c):
                continue  # a styled but empty cell: no value, no formula
            if len(c) == 1:
                # Fast paths for the cells nearly every report is made of — a number, a
                # shared string, an inline string — giving what _cell gives for them.
                child, kind = c[0], c.get("t", "n")
                text = child.text
                if child.tag == v_tag and text:
                    if kind == "n":
                        try:
                            number = float(text)
                        except ValueError:
                            number = math.inf
                        # float() also takes "1_8", "inf" and "nan"; no spreadsheet writes them.
                        if -_LARGEST <= number <= _LARGEST and "_" not in text:
                            cells[(row_number, col_number)] = Cell(
                                row_number, col_number, number, "n")
                            continue
                    elif kind == "s" and text.isdecimal() and int(text) < n_strings:
                        cells[(row_number, col_number)] = Cell(
                            row_number, col_number, strings[int(text)], "s")
                        continue
                elif (child.tag == is_tag and kind == "inlineStr" and len(child) == 1
                      and child[0].tag == t_tag):
                    text = child[0].text or ""
                    cells[(row_number, col_number)] = Cell(
                        row_number, col_number, unescape(text) if "_x" in text else text, "s")
                    continue
            cell = _cell(c, row_number, col_number, strings, v_tag, f_tag, is_tag)
            if cell is not None:
                cells[(row_number, col_number)] = cell
    filled = 0
    for element in root.iter(f"{ns}mergeCell"):
        ref = element.get("ref", "")
        if ":" in ref:
            start, end = ref.split(":", 1)
            (r1, c1), (r2, c2) = parse_ref(start), parse_ref(end)
            area = (r2 - r1 + 1) * (c2 - c1 + 1)
            if 0 < area <= MAX_MERGED_RANGE:
                filled += area
            sheet.merged.append((r1, c1, r2, c2))
    if filled > MAX_MERGED_CELLS:
        # Filling them would copy text into more cells than any report has (a "merge
        # bomb": 41 kB of XML, billions of cells): the sheet is refused, not half read.
        sheet.cells, sheet.merged = {}, []
        sheet.problem = Problem("S013", {"count": f"{filled:,}",
                                         "limit": f"{MAX_MERGED_CELLS:,}"})


def _cell(
    c: ElementTree.Element, row: int, col: int, strings: list[str],
    v_tag: str, f_tag: str, is_tag: str,
) -> Cell | None:
    kind = c.get("t", "n")
    f = v = inline = None
    for child in c:
        tag = child.tag
        if tag == v_tag:
            v = child
        elif tag == f_tag:
            f = child
        elif tag == is_tag:
            inline = child
    formula = None if f is None else (f.text or "")
    text = None if v is None else v.text
    if kind == "inlineStr":
        value = unescape(_text_of(inline)) if inline is not None else None
        return Cell(row, col, value, "s", formula)
    if text is None or (text == "" and kind != "str"):
        if formula is None:
            return None  # a styled but empty cell
        return Cell(row, col, None, "s" if kind == "str" else "n", formula)
    if kind == "s":
        if text.isdecimal() and int(text) < len(strings):
            return Cell(row, col, strings[int(text)], "s", formula)
        return Cell(row, col, f't="s" v="{_clip(text)}"', "x", formula)
    if kind in ("str", "d"):
        return Cell(row, col, unescape(text), "s", formula)
    if kind == "b":
        flag = text.strip()
        if flag in ("0", "1", "true", "false"):
            return Cell(row, col, flag in ("1", "true"), "b", formula)
        return Cell(row, col, f't="b" v="{_clip(text)}"', "x", formula)
    if kind == "e":
        return Cell(row, col, text, "e", formula)
    try:
        number = float(text)
    except ValueError:
        number = math.inf
    if -_LARGEST <= number <= _LARGEST and "_" not in text:
        return Cell(row, col, number, "n", formula)
    return Cell(row, col, f'v="{_clip(text)}"', "x", formula)


def _clip(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[:most] + "…"
