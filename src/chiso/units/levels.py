"""The names people give the usual levels, in Vietnamese and English: one home for both.

Levels are data (a catalogue may add its own), so a level this table does not know
is shown as its id and matched only by its id. The usual ones are also matched by
the words an officer types: ``xã``, ``phường``, ``cấp huyện``, ``sở`` … (case and
accents do not matter), so ``chiso template --level xã`` means ``commune``.
"""

from __future__ import annotations

from collections.abc import Iterable

from chiso.vnnumbers import fold

#: level id -> (Vietnamese name, English name), as a column or a heading shows it.
LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "province": ("Tỉnh", "Province"),
    "department": ("Sở, ngành", "Department"),
    "district": ("Huyện", "District"),
    "commune": ("Xã", "Commune"),
}

#: Other words for the usual levels (a ward and a town are communes' peers, an urban
#: district and a provincial city are districts' peers in the hierarchy).
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "province": ("tỉnh", "cấp tỉnh", "thành phố trực thuộc trung ương"),
    "department": ("sở", "sở ngành", "sở, ban, ngành", "ngành", "cơ quan"),
    "district": ("huyện", "cấp huyện", "quận", "thị xã", "thành phố thuộc tỉnh"),
    "commune": ("xã", "cấp xã", "phường", "thị trấn", "xã, phường, thị trấn"),
}


def level_name(level: str, lang: str) -> str:
    """``Xã`` / ``Commune`` for ``commune``; an unknown level as its id."""
    pair = LEVEL_NAMES.get(level)
    if pair is None:
        return level
    return pair[0] if lang == "vi" else pair[1]


def level_id(text: str, known: Iterable[str]) -> str | None:
    """The level id among ``known`` that ``text`` names (id, name or usual word), or None."""
    known = list(known)
    wanted = fold(text)
    for level in known:
        if fold(level) == wanted:
            return level
    for level in known:
        names = (*LEVEL_NAMES.get(level, ()), *_SYNONYMS.get(level, ()))
        if any(fold(name) == wanted for name in names):
            return level
    return None
