"""``chiso validate`` (lint KPI files for CI and editors) and ``chiso schema``.

Exit codes follow sqlfluff: 0 clean, 1 error findings (or warnings with
``--strict``), 2 the command was misused (such as a path that does not exist).
"""

from __future__ import annotations

from pathlib import Path

import click

from chiso.catalogue.loader import load_catalogue
from chiso.catalogue.schema import schema_text
from chiso.cli.exit_codes import ExitCode
from chiso.findings import Findings, Lang
from chiso.render.findings import (
    append_step_summary,
    summary_line,
    to_github,
    to_json,
    to_text,
)
from chiso.staging import write_text

FORMATS = ("text", "json", "github")


@click.command()
@click.argument("path", required=False, default="kpis", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for machines, github for workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    help="Message language (default: vi; en for --format github).",
)
@click.option(
    "--summary",
    "summary_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Append a Markdown table of the findings to this file "
    "(default with --format github: $GITHUB_STEP_SUMMARY when set).",
)
def validate(
    path: Path, output_format: str, strict: bool, lang: str | None, summary_file: Path | None
) -> None:
    """Kiểm tra các tệp chỉ số / lint the KPI files at PATH (default: kpis)."""
    if not path.exists():
        raise click.UsageError(
            f"'{path}' không tồn tại / does not exist: give a folder of KPI files or one "
            "*.yaml file"
        )
    language: Lang = "vi" if lang == "vi" else "en" if lang == "en" else _default_lang(
        output_format
    )
    catalogue, findings = load_catalogue(path)
    ok = not findings.has_errors(strict=strict)

    if output_format == "json":
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
        payload = to_json(
            findings, language, path=str(path), ok=ok, strict=strict, catalogue=catalogue_info
        )
        click.echo(payload)
    elif output_format == "github":
        if findings:
            click.echo(to_github(findings, language))
    else:
        if findings:
            click.echo(to_text(findings, language))
        click.echo(_closing_line(path, findings, catalogue is not None, language))

    append_step_summary(findings, language, output_format=output_format, target=summary_file)

    raise SystemExit(ExitCode.OK if ok else ExitCode.FINDINGS)


def _default_lang(output_format: str) -> Lang:
    # Annotations are read on GitHub by reviewers of any language; text and
    # JSON are read by the province's analysts.
    return "en" if output_format == "github" else "vi"


def _closing_line(path: Path, findings: Findings, built: bool, lang: Lang) -> str:
    counts = summary_line(findings, lang)
    if lang == "vi":
        status = "hợp lệ" if not findings.errors else "có lỗi"
        return f"{path}: {status} ({counts})"
    status = "valid" if not findings.errors else "has errors"
    return f"{path}: {status} ({counts})"


@click.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file instead of standard output.",
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", help="Message language.")
def schema(out: Path | None, lang: str) -> None:
    """Xuất JSON Schema của tệp chỉ số / write the JSON Schema of KPI files."""
    text = schema_text()
    if out is None:
        click.echo(text, nl=False)
        return
    write_text(out, text)
    message = f"Đã ghi {out}" if lang == "vi" else f"Wrote {out}"
    click.echo(message, err=True)
