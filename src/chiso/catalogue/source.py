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

        YAML may fold, indent or quote a scalar, but its visible characters appear
        in the file in the same order as in the string. So the character at
        ``column`` is found by counting non-blank characters from the start of the
        value. If the file does not match the string that way (escapes in a
        double-quoted scalar), the start of the value is used.
        """
        start = self.values.get(path)
        if start is None:
            return self.value(path)
        lines = self.text.splitlines()
        if not 0 < start.line <= len(lines):
            return self.value(path)
        wanted = column - 1
        # The character to find: the one at ``column``, or the last visible one
        # before it (a column past the end, or on a blank), then step right.
        anchor = wanted
        while anchor >= len(text) or (anchor >= 0 and text[anchor].isspace()):
            anchor -= 1
        if anchor < 0:
            return self.value(path)
        target = sum(1 for ch in text[:anchor] if not ch.isspace())
        found = self._nth_visible(lines, start, target, text[anchor])
        if found is None:
            return self.value(path)
        line, col = found
        return Location(
            file=self.file, line=line, column=col + (wanted - anchor), path=path_text(path)
        )

    def _nth_visible(
        self, lines: list[str], start: Mark, target: int, expected: str
    ) -> tuple[int, int] | None:
        """1-based (line, column) of the ``target``-th visible character of a scalar."""
        row, col = start.line - 1, start.column - 1
        head = lines[row][col:]
        if head[:1] in ("|", ">"):  # block scalar: the text starts on the next line
            row, col = row + 1, 0
        elif head[:1] in ("'", '"'):
            col += 1
        count = 0
        for number in range(row, min(len(lines), row + 500)):
            line = lines[number]
            for index in range(col if number == row else 0, len(line)):
                if line[index].isspace():
                    continue
                if count == target:
                    return (number + 1, index + 1) if line[index] == expected else None
                count += 1
        return None


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
