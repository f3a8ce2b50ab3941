"""Where things are in a KPI file: the line and column of every key and value.

The loader turns ruamel.yaml's round-trip data into plain Python (what pydantic
validates) and records, for every key path such as ``("kpis", 3, "numerator")``,
where the key and where its value start. Checks that find a problem in an object
ask its :class:`Origin` for a :class:`~chiso.findings.Location`, so every finding
points at file:line:column however deep the problem sits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chiso.findings import Location

KeyPath = tuple[str | int, ...]


def path_text(path: KeyPath) -> str:
    """``("kpis", 3, "numerator")`` → ``kpis[3].numerator``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass
class SourceMap:
    """Positions of the keys and values of one file (1-based)."""

    file: str
    text: str = ""
    keys: dict[KeyPath, Mark] = field(default_factory=dict)
    values: dict[KeyPath, Mark] = field(default_factory=dict)

    def _nearest(self, table: dict[KeyPath, Mark], path: KeyPath) -> Mark | None:
        # A path may go deeper than the data (a missing key): fall back to the
        # closest enclosing node that exists.
        for end in range(len(path), -1, -1):
            mark = table.get(path[:end]) or self.values.get(path[:end])
            if mark is not None:
                return mark
        return None

    def key(self, path: KeyPath) -> Location:
        """Where the key of ``path`` is written (or its closest enclosing node)."""
        return self._location(self._nearest(self.keys, path), path)

    def value(self, path: KeyPath) -> Location:
        """Where the value of ``path`` starts (or its closest enclosing node)."""
        return self._location(self._nearest(self.values, path), path)

    def _location(self, mark: Mark | None, path: KeyPath) -> Location:
        return Location(
            file=self.file,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            path=path_text(path) or None,
        )

    def in_scalar(self, path: KeyPath, text: str, column: int) -> Location:
        """The location of 1-based ``column`` of the string ``text`` stored at ``path``.

        Exact for scalars written on one line, plain or quoted; for block and
        multi-line scalars the line of the offending part is searched for, and if
        it cannot be found the start of the value is used.
        """
        start = self.values.get(path)
        if start is None:
            return self.value(path)
        lines = self.text.splitlines()
        if not 0 < start.line <= len(lines):
            return self.value(path)
        first = lines[start.line - 1][start.column - 1 :]
        skip = 1 if first[:1] in ("'", '"') else 0
        head = text.splitlines()[0] if text else ""
        if "\n" not in text.rstrip("\n") and first[skip:].startswith(head) and head:
            return Location(
                file=self.file,
                line=start.line,
                column=start.column + skip + column - 1,
                path=path_text(path),
            )
        # Multi-line scalar (block ``|``/``>`` or folded plain text): find the
        # source line holding the word at ``column`` and point inside it.
        before = text[: column - 1]
        piece_start = before.rfind("\n") + 1
        line_text = text[piece_start:].split("\n", 1)[0]
        within = column - 1 - piece_start
        stripped = line_text.strip()
        if stripped:
            lead = len(line_text) - len(line_text.lstrip())
            for number in range(start.line, min(len(lines), start.line + 200) + 1):
                found = lines[number - 1].find(stripped)
                if found >= 0 and (number > start.line or found >= start.column - 1):
                    return Location(
                        file=self.file,
                        line=number,
                        column=found + 1 + max(within - lead, 0),
                        path=path_text(path),
                    )
        return self.value(path)


@dataclass(frozen=True)
class Origin:
    """Where one object (a field, a KPI, a programme …) was defined."""

    source: SourceMap
    path: KeyPath  # the object's own path in its file, e.g. ("kpis", 3)

    @property
    def file(self) -> str:
        return self.source.file

    def key(self, *sub: str | int) -> Location:
        return self.source.key(self.path + sub)

    def value(self, *sub: str | int) -> Location:
        return self.source.value(self.path + sub)

    def in_scalar(self, sub: KeyPath, text: str, column: int) -> Location:
        return self.source.in_scalar(self.path + sub, text, column)
