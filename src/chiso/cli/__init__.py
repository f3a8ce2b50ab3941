"""The ``chiso`` command line: thin click commands over the Python API.

Exit codes everywhere (:mod:`chiso.cli.exit_codes`): 0 clean, 1 findings at
error level (or warnings with ``--strict``), 2 the command itself was misused,
3 an internal error, 4 nothing written because the inputs were unusable.

Messages, click's own included, and every option's help are in Vietnamese, or in
English with ``--lang en`` or ``CHISO_LANG=en`` (:mod:`chiso.cli.i18n`): the
language is read before click parses the arguments, so its errors about them
are in that language too.

An unexpected exception anywhere in a command is a bug in chiso, not bad data:
:class:`LazyGroup` turns it into exit 3 with a short bilingual message saying
where to report it and where the traceback was saved (a file in the temporary
folder; ``chiso --debug …`` prints it instead). Outputs are staged
(:mod:`chiso.staging`), so a crash leaves none half-written.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from typing import Any

import click

from chiso import __version__
from chiso.cli.exit_codes import ExitCode
from chiso.cli.i18n import LANGUAGES, Option, language_of, say, speaking
from chiso.cli.options import GROUP_LANG

# Where to report a bug: the package names no public address, so the message names the
# place every installation has.
REPORT_VI = "trang báo lỗi (issues) của kho mã chiso, hoặc người cài đặt chiso cho đơn vị bạn"
REPORT_EN = "the chiso repository's issue tracker, or whoever installed chiso for you"

# name -> "module:attribute"; modules are imported only when their command runs.
COMMANDS = {
    "validate": "chiso.cli.validate:validate",
    "schema": "chiso.cli.validate:schema",
    "score": "chiso.cli.score:score",
    "report": "chiso.cli.report:report",
    "check": "chiso.cli.check:check",
    "template": "chiso.cli.template:template",
    "serve": "chiso.cli.serve:serve",
    "export": "chiso.cli.serve:export",
}


#: Commands whose language is CHISO_LANG's only (the portal's pages follow the session's).
NO_LANG = frozenset({"serve", "export"})


class LazyGroup(click.Group):
    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """Run in the language of ``--lang``/``CHISO_LANG``, chosen before click parses."""
        argv = list(sys.argv[1:] if args is None else args)
        with speaking(language_of(argv, os.environ)):
            return super().main(argv, *rest, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: Any = getattr(importlib.import_module(module_name), attr)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt):
            raise  # usage errors, exit codes and Ctrl-C: click handles them
        except Exception as exc:  # a bug in chiso: exit 3, never a traceback that looks like data
            debug = bool(ctx.meta.get("chiso.debug"))
            internal_error(exc, debug=debug)
            ctx.exit(ExitCode.INTERNAL)


def internal_error(exc: BaseException, *, debug: bool) -> None:
    """Say on stderr that chiso failed (exit 3 follows), with where the traceback is."""
    text = "".join(traceback.format_exception(exc))
    if debug:
        click.echo(text, err=True, nl=False)
        saved = None
    else:
        saved = _save_traceback(text)
    where_vi = f"Chi tiết lỗi đã lưu tại {saved}." if saved else ""
    where_en = f"The traceback is saved in {saved}." if saved else ""
    if saved is None and not debug:
        where_vi = "Chạy lại với chiso --debug để xem chi tiết."
        where_en = "Run again with chiso --debug to see the traceback."
    summary = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    click.echo(
        f"Lỗi nội bộ của chiso (không phải lỗi dữ liệu của bạn): {summary}\n"
        f"  Không tệp kết quả nào bị ghi dở. {where_vi}\n"
        f"  Xin báo cho {REPORT_VI}, kèm tệp chi tiết và lệnh đã chạy.\n"
        f"Internal error in chiso (not a problem with your data): {summary}\n"
        f"  No output was left half-written. {where_en}\n"
        f"  Please report it to {REPORT_EN}, with that file and the command you ran.",
        err=True,
    )


def _save_traceback(text: str) -> str | None:
    """Write the traceback to a new file in the temporary folder; its path, or None."""
    try:
        with tempfile.NamedTemporaryFile(
            "w", prefix="chiso-error-", suffix=".txt", delete=False, encoding="utf-8",
            errors="backslashreplace",
        ) as handle:
            handle.write(f"chiso {__version__}\n{text}")
            return handle.name
    except OSError:
        return None


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="chiso", cls=Option,
                      help="Show the version and exit.", help_vi="Hiện phiên bản rồi thoát.")
@click.option("--debug", cls=Option, is_flag=True,
              help="Print the traceback of an internal error (exit 3) instead of saving it.",
              help_vi="In chi tiết lỗi nội bộ (mã 3) ra màn hình thay vì lưu vào tệp.")
@click.option("--lang", cls=Option, type=click.Choice(LANGUAGES), default=None,
              help="Language of the command (as its own --lang, which wins).",
              help_vi="Ngôn ngữ của lệnh (như tùy chọn --lang của lệnh, tùy chọn đó được ưu tiên).")
@click.pass_context
def main(ctx: click.Context, debug: bool, lang: str | None) -> None:
    """chiso: chấm điểm chỉ số chuyển đổi số / score digital-transformation KPIs."""
    ctx.meta["chiso.debug"] = debug
    if lang is not None and ctx.invoked_subcommand in NO_LANG:
        raise click.UsageError(say(
            f"'{ctx.invoked_subcommand}' không nhận --lang: hãy đặt CHISO_LANG={lang}",
            f"'{ctx.invoked_subcommand}' takes no --lang: set CHISO_LANG={lang} instead",
        ))
    if lang is not None:
        ctx.meta[GROUP_LANG] = lang
