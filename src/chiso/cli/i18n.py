"""The command line's language: click's own messages and every option's help in vi or en.

``--lang vi`` (the default) or ``CHISO_LANG=vi`` gives Vietnamese, ``--lang en``
English. The language is read from the arguments and the environment *before*
click parses them (:func:`language_of`), because click reports a missing or
unknown option while parsing — before any option's value is known.

click marks its messages for translation with the standard library's gettext
(``gettext.gettext`` in each of its modules), so its Vietnamese is a gettext
catalogue, ``locale/vi/LC_MESSAGES/click.po`` (compiled to ``click.mo``), made
the current text domain while a command runs (:func:`speaking`) and put back
afterwards. chiso's own texts, option help included, are written in both
languages where they are declared (:func:`say`, :class:`Option`).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import click

from chiso.findings import Lang

LANG_ENV = "CHISO_LANG"
LANGUAGES: tuple[Lang, ...] = ("vi", "en")
LOCALE = Path(__file__).parent / "locale"
DOMAIN = "click"

_current: ContextVar[Lang] = ContextVar("chiso_cli_lang", default="vi")


def language_of(args: Sequence[str], environ: Mapping[str, str]) -> Lang:
    """The language asked for: the last ``--lang X``/``--lang=X`` in ``args``, else
    ``CHISO_LANG``, else Vietnamese. An unknown value counts as Vietnamese (click
    then reports it, in Vietnamese)."""
    asked: str | None = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            asked = args[index + 1]
        elif arg.startswith("--lang="):
            asked = arg.split("=", 1)[1]
    if asked is None:
        asked = environ.get(LANG_ENV)
    return "en" if (asked or "").strip().lower() == "en" else "vi"


def current() -> Lang:
    """The language of the command running now."""
    return _current.get()


def say(vi: str, en: str) -> str:
    """The text in the command's language."""
    return vi if current() == "vi" else en


@contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """Run a command in ``lang``: click's messages from chiso's catalogue, then put back.

    gettext chooses a catalogue by the text domain and the ``LANGUAGE`` variable;
    both are set for the command and restored after it, so nothing outside the
    command (another program's gettext, a test's environment) sees them.
    """
    token = _current.set(lang)
    previous_domain = gettext.textdomain()
    previous_language = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        gettext.textdomain(previous_domain)
        if previous_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = previous_language
        _current.reset(token)


class Option(click.Option):
    """An option whose help is given in both languages (``help`` in English, ``help_vi``)."""

    def __init__(self, *args: Any, help_vi: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_en = self.help
        self.help_vi = help_vi

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = self.help_vi if current() == "vi" and self.help_vi else self.help_en
        return super().get_help_record(ctx)

    def get_error_hint(self, ctx: click.Context | None) -> str:
        """``'--lang'`` and, where the option reads one, its environment variable in the
        command's language (click writes "env var" in English whatever the catalogue)."""
        hint = click.Parameter.get_error_hint(self, ctx)
        if self.show_envvar and self.envvar:
            names = [self.envvar] if isinstance(self.envvar, str) else list(self.envvar)
            listed = ", ".join(f"'{name}'" for name in names)
            hint += say(f" (hoặc biến môi trường {listed})", f" (or the env var {listed})")
        return hint
