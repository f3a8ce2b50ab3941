"""A budget for YAML aliases: a 468-byte file must not stand for a billion values.

YAML anchors and aliases (``&a`` … ``*a``) let a value be written once and used
again. The parser shares the value, but anything that walks the data visits it
once per use, and aliases of aliases multiply: nine levels of nine aliases
("billion laughs") are 9⁹ visits from a few hundred bytes. ``chiso validate``
hung on such a file and a units file raised ``MemoryError`` — a pull request
could stall CI.

:func:`overflow` measures what the aliases add (the values an unshared copy
would hold beyond those written), in time linear in what was written, and
finds the alias that passes :data:`MAX_ALIAS_VALUES` with its line, so the
finding points at it. Files that use a few anchors for shared labels stay far
below the budget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

#: Values (scalars, lists, mappings) that aliases may add to one file. A shared
#: block of 10 values used 100 times adds 1,000.
MAX_ALIAS_VALUES = 10_000


@dataclass(frozen=True)
class Overflow:
    """The alias that made a file exceed the budget."""

    anchor: str
    line: int | None  # 1-based
    column: int | None  # 1-based
    added: int  # values added by aliases up to and including this one
    limit: int


def overflow(
    text: str,
    root: Any,
    children: Callable[[Any], Iterable[Any]],
    limit: int | None = None,
) -> Overflow | None:
    """The alias that makes ``root`` more than ``limit`` values larger than written, if any.

    ``root`` is the parsed document (nodes or data, whichever the caller has),
    ``children`` gives an item's direct children; shared items are the aliases'
    work. ``text`` is parsed again only when the budget is exceeded, to find the
    alias's line.
    """
    if limit is None:
        limit = MAX_ALIAS_VALUES  # read now, so that setting the constant takes effect
    written, expanded = _sizes(root, children)
    if expanded - written <= limit:
        return None
    found = _first_alias_over(text, limit)
    if found is not None:
        return found
    return Overflow("?", None, None, expanded - written, limit)


def _sizes(root: Any, children: Callable[[Any], Iterable[Any]]) -> tuple[int, int]:
    """(distinct items, items counted once per use), without recursion and linear in the first.

    An item met again while it is being counted (a recursive alias) counts one.
    """
    size: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        item, done = stack.pop()
        key = id(item)
        if done:
            active.discard(key)
            size[key] = 1 + sum(size.get(id(c), 1) for c in children(item))
            continue
        if key in size or key in active:
            continue
        active.add(key)
        stack.append((item, True))
        stack.extend((c, False) for c in children(item) if id(c) not in size)
    return len(size), size.get(id(root), 1)


def _first_alias_over(text: str, limit: int) -> Overflow | None:
    """Walk the YAML events once: the first alias after which aliases added over ``limit``."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        ScalarEvent,
    )

    anchors: dict[str, int] = {}
    frames: list[list[Any]] = []  # [anchor, size so far] of each open collection
    added = 0
    for event in YAML(typ="safe", pure=True).parse(text):
        if isinstance(event, CollectionStartEvent):
            frames.append([event.anchor, 1])
        elif isinstance(event, CollectionEndEvent) and frames:
            anchor, size = frames.pop()
            if anchor:
                anchors[anchor] = size
            if frames:
                frames[-1][1] += size
        elif isinstance(event, ScalarEvent):
            if event.anchor:
                anchors[event.anchor] = 1
            if frames:
                frames[-1][1] += 1
        elif isinstance(event, AliasEvent):
            size = anchors.get(event.anchor, 1)
            added += size
            if frames:
                frames[-1][1] += size
            if added > limit:
                mark = event.start_mark
                return Overflow(str(event.anchor), mark.line + 1, mark.column + 1, added, limit)
    return None
