"""Text from the inputs made harmless for a terminal or a CI log.

A unit name, a cell's text or a file name is data: printed raw, ``\\x1b]8;;…``
makes a hidden link, ``\\x1b[2J`` clears the screen, ``\\x1b[8m`` hides the rest
of the line, ``\\r`` overwrites what was printed before it, and a bidi override
(U+202E) shows text backwards (GitHub renders ANSI codes in workflow logs too).
:func:`visible` writes every control character as an escape (``\\x1b``) so it
is seen, not obeyed; :func:`plain` is the same text as a rich ``Text``, so that
``[bold]`` or ``[link=…]`` in a name is shown, not read as rich markup.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls (DEL included), and the bidi embeddings, overrides and isolates.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = False) -> str:
    """``text`` with each control character written as ``\\xNN`` / ``\\uNNNN``.

    ``newlines=True`` keeps CR and LF (a format that escapes them its own way).
    """
    if newlines:
        return _CONTROLS.sub(lambda m: m.group() if m.group() in "\r\n" else _escaped(m), text)
    return _CONTROLS.sub(_escaped, text)


def plain(text: str, style: str = "") -> Text:
    """``text`` as rich ``Text``: controls escaped, square brackets shown as typed."""
    return Text(visible(text), style=style)
