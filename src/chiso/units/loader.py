"""Read the units file (CSV or YAML) into a checked :class:`Units` hierarchy.

CSV columns: ``code, name, level, parent`` (required) and ``name_en, aliases``
(optional; aliases separated by ``;``), ``valid_from, valid_to`` (optional: the
periods a row is in force, inclusive, empty = open; see :mod:`chiso.units.model`
and ``docs/units.md``). YAML: a list under ``units:`` with the same keys. Codes
are kept as text, so leading zeros survive. A code appears once, or on several
rows whose validity does not overlap. Every problem is a finding with the file
and line; the hierarchy is returned built from the valid rows whenever there is
at least one.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chiso.catalogue.model import Catalogue
from chiso.findings import Findings, Location, Suggestions, did_you_mean
from chiso.periods import Period, PeriodError
from chiso.units import codes as _codes  # noqa: F401  (declares the U codes)
from chiso.units.model import Unit, Units
from chiso.yaml_aliases import overflow

REQUIRED = ("code", "name", "level", "parent")
VALIDITY = ("valid_from", "valid_to")
OPTIONAL = ("name_en", "aliases", *VALIDITY)


def load_units(
    path: str | Path, catalogue: Catalogue | None = None
) -> tuple[Units | None, Findings]:
    """Load and check a units file; ``(None, findings)`` when nothing usable is in it."""
    path = Path(path)
    findings = Findings()
    where = Location(file=str(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        findings.add("U001", where, reason=str(exc))
        return None, findings
    if path.suffix.lower() in (".yaml", ".yml"):
        rows = _yaml_rows(text, str(path), findings)
    else:
        rows = _csv_rows(text, str(path), findings)
    if rows is None:
        return None, findings
    units = _check_rows(rows, str(path), catalogue, findings)
    if not units:
        if not findings.errors:
            findings.add("U008", where)
        return None, findings
    return Units.of(units), findings


def _csv_rows(text: str, file: str, findings: Findings) -> list[tuple[int, dict[str, str]]] | None:
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        findings.add("U008", Location(file=file))
        return None
    except csv.Error as exc:
        findings.add("U001", Location(file=file, line=1), reason=str(exc))
        return None
    if not _header_ok(header, file, findings):
        return None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            values = {
                h: (record[i].strip() if i < len(record) else "") for i, h in enumerate(header)
            }
            rows.append((reader.line_num, values))
    except csv.Error as exc:
        findings.add("U001", Location(file=file, line=reader.line_num), reason=str(exc))
    return rows


def _yaml_rows(text: str, file: str, findings: Findings) -> list[tuple[int, dict[str, str]]] | None:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data: Any = YAML(typ="rt").load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        findings.add("U001", Location(file=file, line=line), reason=str(exc).splitlines()[0])
        return None
    too_many = overflow(text, data, _data_children)
    if too_many is not None:
        findings.add("U016", Location(file=file, line=too_many.line, column=too_many.column),
                     anchor=too_many.anchor, added=too_many.added, limit=too_many.limit)
        return None
    items = data.get("units") if isinstance(data, dict) else data
    if not isinstance(items, list):
        findings.add("U001", Location(file=file), reason="expected a list of units under 'units:'")
        return None
    rows: list[tuple[int, dict[str, str]]] = []
    for index, item in enumerate(items):
        line = items.lc.item(index)[0] + 1 if hasattr(items, "lc") else index + 1
        if not isinstance(item, dict):
            findings.add(
                "U001", Location(file=file, line=line), reason="each unit must be a mapping"
            )
            continue
        if not _header_ok([str(k) for k in item], file, findings, line, require=False):
            continue
        rows.append((line, {str(k): "" if v is None else str(v).strip() for k, v in item.items()}))
    if rows and not _header_ok(list(set().union(*(r[1] for r in rows))), file, findings):
        return None
    return rows


def _data_children(item: Any) -> list[Any]:
    if isinstance(item, dict):
        return [*item.keys(), *item.values()]
    if isinstance(item, list):
        return list(item)
    return []


def _header_ok(
    header: Iterable[str], file: str, findings: Findings, line: int = 1, require: bool = True
) -> bool:
    header = list(header)
    ok = True
    for column in header:
        if column and column not in REQUIRED + OPTIONAL:
            findings.add(
                "U010",
                Location(file=file, line=line),
                column=column,
                suggestion=did_you_mean(column, REQUIRED + OPTIONAL),
            )
    if require:
        for column in REQUIRED:
            if column not in header:
                findings.add(
                    "U002", Location(file=file, line=line), column=column, columns=", ".join(header)
                )
                ok = False
    return ok


def _check_rows(
    rows: list[tuple[int, dict[str, str]]],
    file: str,
    catalogue: Catalogue | None,
    findings: Findings,
) -> list[Unit]:
    seen: dict[str, list[tuple[int, Unit]]] = {}
    accepted: list[tuple[int, Unit]] = []
    levels = catalogue.info.levels if catalogue is not None else None
    for line, row in rows:
        where = Location(file=file, line=line)
        empty = [c for c in ("code", "name", "level") if not row.get(c)]
        for column in empty:
            findings.add("U007", where, column=column)
        if empty:
            continue
        code = row["code"]
        for column in ("name", "name_en", "aliases"):
            text = row.get(column, "")
            if _has_controls(text):
                findings.add("U017", where, column=column, text=_visible(text), subject=code)
                row[column] = "".join(ch for ch in text if not _is_control(ch))
        problem = code_problem(code)
        if problem is not None:
            findings.add("U015", where, code=_visible(code), reason=problem[0],
                         reason_vi=problem[1])
            continue
        validity = _validity(row, code, where, findings)
        if validity is None:
            continue
        valid_from, valid_to = validity
        earlier = seen.get(code, [])
        dated = valid_from is not None or valid_to is not None
        if earlier and not dated and not any(u.dated for _, u in earlier):
            findings.add("U003", where, code=code, first=earlier[0][0], subject=code)
            continue
        if levels is not None and row["level"] not in levels:
            findings.add(
                "U005",
                where,
                code=code,
                level=row["level"],
                levels=", ".join(levels),
                suggestion=did_you_mean(row["level"], levels),
                subject=code,
            )
            continue
        aliases = tuple(a.strip() for a in row.get("aliases", "").split(";") if a.strip())
        unit = Unit(
            code=code,
            name=row["name"],
            level=row["level"],
            parent=row.get("parent") or None,
            name_en=row.get("name_en") or None,
            aliases=aliases,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        clash = next(((n, u) for n, u in earlier if _overlap(u.span, unit.span)), None)
        if clash is not None:
            findings.add(
                "U012",
                where,
                code=code,
                validity=unit.validity,
                other=clash[0],
                other_validity=clash[1].validity,
                subject=code,
            )
            continue
        seen.setdefault(code, []).append((line, unit))
        accepted.append((line, unit))
    kept = _with_parents(accepted, seen, file, findings)
    kept = _drop_cycles(kept, file, findings)
    reported: set[tuple[str, ...]] = set()
    for hierarchy in Units.of(u for _, u in kept).hierarchies():
        roots = tuple(u.code for u in hierarchy if u.parent is None)
        if len(roots) > 1 and roots not in reported:
            reported.add(roots)
            findings.add("U009", Location(file=file), count=len(roots), codes=", ".join(roots[:5]))
    return [u for _, u in kept]


MAX_CODE_LENGTH = 64


def code_problem(code: str) -> tuple[str, str] | None:
    """Why ``code`` cannot be a unit code (en, vi), or None.

    A code names the unit's template file and appears in every output, so it
    holds no path separator, no control character (a terminal escape), does
    not start with a dot or a dash (``..``, ``.hidden``, ``-rf``) and is at most
    :data:`MAX_CODE_LENGTH` characters. Letters other than a–z are accepted.
    """
    if "/" in code or "\\" in code:
        return "contains a path separator (/ or \\)", "chứa dấu phân cách thư mục (/ hoặc \\)"
    if _has_controls(code):
        return "contains control characters", "chứa ký tự điều khiển"
    if code[0] in ".-":
        return "starts with '.' or '-'", "bắt đầu bằng '.' hoặc '-'"
    if len(code) > MAX_CODE_LENGTH:
        return (f"is longer than {MAX_CODE_LENGTH} characters",
                f"dài hơn {MAX_CODE_LENGTH} ký tự")
    return None


def _is_control(ch: str) -> bool:
    """A control or format character: terminal escapes, bidi overrides, NUL …"""
    return unicodedata.category(ch) in ("Cc", "Cf")


def _has_controls(text: str) -> bool:
    return any(_is_control(ch) for ch in text)


def _visible(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``), for a message."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if _is_control(ch) else ch for ch in text
    )


def _validity(
    row: dict[str, str], code: str, where: Location, findings: Findings
) -> tuple[str | None, str | None] | None:
    """``(valid_from, valid_to)`` written as periods, None after a finding."""
    found: dict[str, str | None] = {}
    for column in VALIDITY:
        text = row.get(column, "")
        try:
            found[column] = str(Period.parse(text)) if text else None
        except PeriodError:
            findings.add("U011", where, text=text, column=column, subject=code)
    if len(found) < len(VALIDITY):
        return None
    valid_from, valid_to = found["valid_from"], found["valid_to"]
    ends_first = (
        valid_from is not None
        and valid_to is not None
        and Period.parse(valid_to).span[1] <= Period.parse(valid_from).span[0]
    )
    if ends_first:
        findings.add(
            "U013", where, code=code, valid_from=valid_from, valid_to=valid_to, subject=code
        )
        return None
    return valid_from, valid_to


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two spans ``(start, end]`` share some time."""
    return max(a[0], b[0]) < min(a[1], b[1])


def _covered(span: tuple[float, float], by: list[tuple[float, float]]) -> bool:
    """The spans ``by`` together cover all of ``span`` (no gap, no missing end)."""
    reached = span[0]
    for start, end in sorted(by):
        if start > reached:
            break
        reached = max(reached, end)
        if reached >= span[1]:
            return True
    return reached >= span[1]


def _with_parents(
    accepted: list[tuple[int, Unit]],
    rows_by_code: dict[str, list[tuple[int, Unit]]],
    file: str,
    findings: Findings,
) -> list[tuple[int, Unit]]:
    """Rows whose parent is in the file (U004) and in force all the while they are (U014)."""
    kept: list[tuple[int, Unit]] = []
    suggest = Suggestions(rows_by_code)
    for line, unit in accepted:
        if unit.parent is None:
            kept.append((line, unit))
            continue
        where = Location(file=file, line=line)
        parent_rows = [u for _, u in rows_by_code.get(unit.parent, [])]
        if not parent_rows:
            findings.add(
                "U004",
                where,
                parent=unit.parent,
                code=unit.code,
                suggestion=suggest(unit.parent),
                subject=unit.code,
            )
            continue
        if not _covered(unit.span, [u.span for u in parent_rows]):
            findings.add(
                "U014",
                where,
                parent=unit.parent,
                code=unit.code,
                validity=unit.validity,
                parent_validity=", ".join(u.validity for u in parent_rows),
                subject=unit.code,
            )
            continue
        kept.append((line, unit))
    return kept


def _drop_cycles(
    rows: list[tuple[int, Unit]], file: str, findings: Findings
) -> list[tuple[int, Unit]]:
    """Rows without units that are their own ancestors, nor units below them.

    A dated file is checked one hierarchy at a time: parents change over time,
    and only units in force together can form a cycle. Each unit is walked up
    once (:func:`_cut_off`): linear in the number of units, so a 3,000-deep
    chain is checked in milliseconds (the walk that searched a list for every
    step took 42 s).
    """
    line_of = {id(u): line for line, u in rows}
    reported: set[frozenset[str]] = set()
    dropped: set[int] = set()
    for hierarchy in Units.of(u for _, u in rows).hierarchies():
        parent = {u.code: u.parent for u in hierarchy}
        cut_off, cycles = _cut_off(parent)
        for cycle in cycles:
            if frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                findings.add(
                    "U006",
                    Location(file=file, line=line_of[id(hierarchy[cycle[0]])]),
                    cycle=" → ".join([*cycle, cycle[0]]),
                )
        # Units under a cycle have no path to a root either: drop them too.
        dropped.update(id(u) for u in hierarchy if u.code in cut_off)
    return [(line, u) for line, u in rows if id(u) not in dropped]


def _cut_off(parent: dict[str, str | None]) -> tuple[set[str], list[list[str]]]:
    """Codes with no path to a root (in a cycle or below one), and each cycle once.

    Every code is visited once: a walk up stops at a code already judged, and
    everything on the walk takes that judgement.
    """
    judged: dict[str, bool] = {}  # code -> cut off
    cycles: list[list[str]] = []
    for start in parent:
        path: list[str] = []
        on_path: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in judged and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = parent.get(node)
        if node is not None and node in on_path:
            cycles.append(path[on_path[node]:])
            cut = True
        else:
            cut = node is not None and judged[node]
        for code in path:
            judged[code] = cut
    return {code for code, cut in judged.items() if cut}, cycles
