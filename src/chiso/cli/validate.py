"""``chiso validate`` (lint KPI files for CI and editors) and ``chiso schema``.

Exit codes follow sqlfluff: 0 clean, 1 error findings (or warnings with
``--strict``), 2 the command was misused (such as a path that does not exist).
"""

from __future__ import annotations

from pathlib import Path

import click

from chiso import api
from chiso.cli.exit_codes import ExitCode
from chiso.cli.i18n import Option, say
from chiso.cli.listing import print_findings
from chiso.cli.options import (
    findings_format_option,
    lang_chosen,
    lang_option,
    language,
    strict_option,
)
from chiso.findings import Findings, Lang
from chiso.render.findings import summary_line
from chiso.staging import write_text


@click.command()
@click.argument("path", required=False, default="kpis", type=click.Path(path_type=Path))
@findings_format_option
@strict_option
@lang_option
@click.option(
    "--summary",
    "summary_file",
    cls=Option,
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Append a Markdown table of the findings to this file "
    "(default with --format github: $GITHUB_STEP_SUMMARY when set).",
    help_vi="Ghi thêm bảng Markdown các lỗi vào cuối tệp này "
    "(mặc định với --format github: $GITHUB_STEP_SUMMARY nếu có).",
)
@click.pass_context
def validate(
    ctx: click.Context, path: Path, output_format: str, strict: bool, lang: str,
    summary_file: Path | None,
) -> None:
    """Kiểm tra các tệp chỉ số / lint the KPI files at PATH (default: kpis)."""
    if not path.exists():
        raise click.UsageError(say(
            f"'{path}' không tồn tại: hãy chỉ ra một thư mục tệp chỉ số hoặc một tệp *.yaml",
            f"'{path}' does not exist: give a folder of KPI files or one *.yaml file",
        ))
    language_ = language(lang)
    if not lang_chosen(ctx):
        language_ = _default_lang(output_format)
    catalogue, findings = api.load_catalogue(path)
    ok = not findings.has_errors(strict=strict)
    catalogue_info = None
    if catalogue is not None:
        catalogue_info = {
            "id": catalogue.info.id,
            "version": catalogue.version,
            "digest": catalogue.digest,
            "groups": len(catalogue.groups),
            "fields": len(catalogue.fields),
            "kpis": len(catalogue.kpis),
            "programmes": len(catalogue.programmes),
        }
    print_findings(
        findings, language_, output_format,
        closing=_closing_line(path, findings, language_),
        json_fields={"path": str(path), "ok": ok, "strict": strict, "catalogue": catalogue_info},
        summary_file=summary_file,
    )
    raise SystemExit(ExitCode.OK if ok else ExitCode.FINDINGS)


def _default_lang(output_format: str) -> Lang:
    # Annotations are read on GitHub by reviewers of any language; text and
    # JSON are read by the province's analysts.
    return "en" if output_format == "github" else "vi"


def _closing_line(path: Path, findings: Findings, lang: Lang) -> str:
    counts = summary_line(findings, lang)
    if lang == "vi":
        status = "hợp lệ" if not findings.errors else "có lỗi"
        return f"{path}: {status} ({counts})"
    status = "valid" if not findings.errors else "has errors"
    return f"{path}: {status} ({counts})"


@click.command()
@click.option(
    "--out",
    cls=Option,
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file instead of standard output.",
    help_vi="Ghi lược đồ vào tệp này thay vì in ra màn hình.",
)
@lang_option
def schema(out: Path | None, lang: str) -> None:
    """Xuất JSON Schema của tệp chỉ số / write the JSON Schema of KPI files."""
    text = api.kpi_schema()
    if out is None:
        click.echo(text, nl=False)
        return
    write_text(out, text)
    click.echo(say(f"Đã ghi {out}", f"Wrote {out}"), err=True)
