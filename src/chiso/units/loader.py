"""Read the units file (CSV or YAML) into a checked :class:`Units` hierarchy.

CSV columns: ``code, name, level, parent`` (required) and ``name_en, aliases``
(optional; aliases separated by ``;``). YAML: a list under ``units:`` with the
same keys. Codes are kept as text, so leading zeros survive. Every problem is a
finding with the file and line; the hierarchy is returned built from the valid
rows whenever there is at least one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chiso.catalogue.model import Catalogue
from chiso.findings import Findings, Location, did_you_mean
from chiso.units import codes as _codes  # noqa: F401  (declares the U codes)
from chiso.units.model import Unit, Units

REQUIRED = ("code", "name", "level", "parent")
OPTIONAL = ("name_en", "aliases")


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
    first_line: dict[str, int] = {}
    units: list[Unit] = []
    levels = catalogue.info.levels if catalogue is not None else None
    for line, row in rows:
        where = Location(file=file, line=line)
        empty = [c for c in ("code", "name", "level") if not row.get(c)]
        for column in empty:
            findings.add("U007", where, column=column)
        if empty:
            continue
        code = row["code"]
        if code in first_line:
            findings.add("U003", where, code=code, first=first_line[code], subject=code)
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
        first_line[code] = line
        aliases = tuple(a.strip() for a in row.get("aliases", "").split(";") if a.strip())
        units.append(
            Unit(
                code=code,
                name=row["name"],
                level=row["level"],
                parent=row.get("parent") or None,
                name_en=row.get("name_en") or None,
                aliases=aliases,
            )
        )
    known = {u.code for u in units}
    kept: list[Unit] = []
    for unit in units:
        if unit.parent is not None and unit.parent not in known:
            findings.add(
                "U004",
                Location(file=file, line=first_line[unit.code]),
                parent=unit.parent,
                code=unit.code,
                suggestion=did_you_mean(unit.parent, known),
                subject=unit.code,
            )
            continue
        kept.append(unit)
    kept = _drop_cycles(kept, file, first_line, findings)
    roots = [u.code for u in kept if u.parent is None]
    if len(roots) > 1:
        findings.add("U009", Location(file=file), count=len(roots), codes=", ".join(roots[:5]))
    return kept


def _drop_cycles(
    units: list[Unit], file: str, first_line: dict[str, int], findings: Findings
) -> list[Unit]:
    parent = {u.code: u.parent for u in units}
    in_cycle: set[str] = set()
    for start in parent:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in path and node not in in_cycle:
            path.append(node)
            node = parent.get(node)
        if node is not None and node in path:
            cycle = path[path.index(node) :]
            if not in_cycle.intersection(cycle):
                findings.add(
                    "U006",
                    Location(file=file, line=first_line[cycle[0]]),
                    cycle=" → ".join([*cycle, cycle[0]]),
                )
            in_cycle.update(cycle)
    # Units under a cycle have no path to a root either: drop them too.
    return [u for u in units if not _reaches(u.code, parent, in_cycle)]


def _reaches(code: str, parent: dict[str, str | None], bad: set[str]) -> bool:
    seen: set[str] = set()
    node: str | None = code
    while node is not None and node not in seen:
        if node in bad:
            return True
        seen.add(node)
        node = parent.get(node)
    return False
