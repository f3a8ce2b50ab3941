"""Every option shared by two commands, declared once (model: frictionless-py's
``console/common.py``, sqlfluff's ``common_options``).

Each is a decorator; help is in Vietnamese and English (:class:`chiso.cli.i18n.Option`),
shown in the language of ``--lang``/``CHISO_LANG``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import click

from chiso.cli.i18n import LANG_ENV, LANGUAGES, Option
from chiso.findings import Lang

F = TypeVar("F", bound=Callable[..., Any])

option = partial(click.option, cls=Option)

#: The formats of a findings listing: people, machines, GitHub workflow annotations.
FINDINGS_FORMATS = ("text", "json", "github")


#: Where ``chiso --lang X COMMAND`` (the group's option) leaves its language for the command.
GROUP_LANG = "chiso.lang"


def lang_option(command: F) -> F:
    """``--lang vi|en``: outputs, messages and help; the command's own ``--lang`` first,
    then ``chiso --lang`` before the command, then ``CHISO_LANG``, else vi."""
    decorator = option(
        "--lang",
        type=click.Choice(LANGUAGES),
        envvar=LANG_ENV,
        default="vi",
        show_default=True,
        show_envvar=True,
        callback=_group_lang,
        help="Language of outputs, messages and this help.",
        help_vi="Ngôn ngữ của kết quả, thông báo và phần hướng dẫn này.",
    )
    return decorator(command)


def lang_chosen(ctx: click.Context) -> bool:
    """Whether a language was asked for (``--lang`` before or after the command, or
    ``CHISO_LANG``), rather than left to the default."""
    return GROUP_LANG in ctx.meta or (
        ctx.get_parameter_source("lang") is not click.core.ParameterSource.DEFAULT
    )


def _group_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``chiso --lang en score …`` as ``chiso score --lang en …``: the group's language,
    unless the command was given its own."""
    given = ctx.meta.get(GROUP_LANG)
    if given is not None and param.name is not None and (
        ctx.get_parameter_source(param.name) is not click.core.ParameterSource.COMMANDLINE
    ):
        return str(given)
    return value


def language(value: str | None) -> Lang:
    """The ``--lang`` value as a :data:`Lang`."""
    return "en" if value == "en" else "vi"


def kpis_option(*, beside_example: bool) -> Callable[[F], F]:
    """``--kpis``: the KPI definitions; None when not given (the command finds them:
    beside or above an example folder for ``score``/``report``, else ``./kpis``)."""
    if beside_example:
        en = ("Folder (or file) of KPI definitions (default: the nearest kpis/ at or above "
              "the example folder, else ./kpis).")
        vi = ("Thư mục (hoặc tệp) định nghĩa chỉ số (mặc định: thư mục kpis/ gần nhất trong "
              "hoặc phía trên thư mục ví dụ, nếu không thì ./kpis).")
    else:
        en = "Folder (or file) of KPI definitions (default: ./kpis)."
        vi = "Thư mục (hoặc tệp) định nghĩa chỉ số (mặc định: ./kpis)."
    return option("--kpis", type=click.Path(path_type=Path), default=None, help=en, help_vi=vi)


def units_option(*, required: bool) -> Callable[[F], F]:
    """``--units``: the units file (required where no example folder can name it)."""
    return option(
        "--units",
        "units",
        type=click.Path(path_type=Path),
        required=required,  # no explicit default: click then checks ``required``
        help="Units file, CSV or YAML" + ("." if required else " (default: <example>/units.csv)."),
        help_vi="Tệp danh mục đơn vị, CSV hoặc YAML"
        + ("." if required else " (mặc định: <thư mục ví dụ>/units.csv)."),
    )


def period_option(*, required: bool = False) -> Callable[[F], F]:
    return option(
        "--period",
        required=required,
        help="Period: 2024, 2024-Q3, 2024-06, 06/2024, quý 3/2024"
        + ("." if required else " (for submissions that do not say)."),
        help_vi="Kỳ báo cáo: 2024, 2024-Q3, 2024-06, 06/2024, quý 3/2024"
        + ("." if required else " (cho báo cáo không ghi kỳ)."),
    )


def strict_option(command: F) -> F:
    return option(
        "--strict", is_flag=True,
        help="Exit 1 on warnings too.",
        help_vi="Trả mã 1 cả khi chỉ có cảnh báo.",
    )(command)


def workers_option(command: F) -> F:
    return option(
        "--workers", type=int, default=None,
        help="Processes reading workbooks (default: chosen by the files and idle cores).",
        help_vi="Số tiến trình đọc tệp Excel (mặc định: tự chọn theo số tệp và số lõi rảnh).",
    )(command)


def findings_format_option(command: F) -> F:
    """``--format text|json|github``: how a findings listing is printed (one switch)."""
    return option(
        "--format", "output_format",
        type=click.Choice(FINDINGS_FORMATS),
        default="text",
        show_default=True,
        help="text for people, json for machines, github for workflow annotations.",
        help_vi="text cho người đọc, json cho máy, github cho chú thích trong GitHub Actions.",
    )(command)


def output_formats_option(choices: tuple[str, ...], default: tuple[str, ...]) -> Callable[[F], F]:
    """``--format`` (repeatable) among the registered output writers."""
    return option(
        "--format", "formats",
        multiple=True,
        type=click.Choice(choices),
        help=f"Outputs to write (repeatable; default: {', '.join(default)}).",
        help_vi=f"Kết quả cần ghi (lặp lại được; mặc định: {', '.join(default)}).",
    )


def scoring_options(command: F) -> F:
    """The inputs and switches of ``chiso score`` and ``chiso report``."""
    decorators = [
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        kpis_option(beside_example=True),
        units_option(required=False),
        period_option(),
        option(
            "--out", "-o",
            type=click.Path(path_type=Path),
            default=Path("out"),
            show_default=True,
            help="Output folder, or a .xlsx file for the scorecard.",
            help_vi="Thư mục kết quả, hoặc tên tệp .xlsx cho bảng xếp hạng.",
        ),
        lang_option,
        strict_option,
        workers_option,
        option(
            "--quiet", "-q", is_flag=True,
            help="No progress bar and no summary.",
            help_vi="Không hiện thanh tiến độ và phần tóm tắt.",
        ),
        option(
            "--word-texts",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="The province's texts for the Word report (a copy of chiso's "
            "word_report.yaml, edited).",
            help_vi="Văn bản của tỉnh cho báo cáo Word (bản sao word_report.yaml của chiso, "
            "đã sửa).",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def database_option(command: F) -> F:
    """``--database``: the portal's database (``serve`` and ``export``)."""
    return option(
        "--database", envvar="CHISO_DATABASE_URL", default=None,
        help="postgresql://user:password@host/db (default: SQLite in the data folder).",
        help_vi="postgresql://user:password@host/db (mặc định: SQLite trong thư mục dữ liệu).",
    )(command)
