"""A findings listing in the chosen ``--format`` (text, json, github): one switch for
``chiso check`` and ``chiso validate``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from chiso.findings import Findings, Lang
from chiso.render.findings import append_step_summary, to_github, to_json, to_text


def print_findings(
    findings: Findings,
    lang: Lang,
    output_format: str,
    *,
    closing: str,
    json_fields: dict[str, Any],
    summary_file: Path | None = None,
) -> None:
    """Print the findings for people (with a ``closing`` line), machines or GitHub.

    With ``--format github``, or ``summary_file``, a Markdown table of them is also
    appended to the step summary (``$GITHUB_STEP_SUMMARY``).
    """
    if output_format == "json":
        click.echo(to_json(findings, lang, **json_fields))
    elif output_format == "github":
        if findings:
            click.echo(to_github(findings, lang))
    else:
        if findings:
            click.echo(to_text(findings, lang))
        click.echo(closing)
    append_step_summary(findings, lang, output_format=output_format, target=summary_file)
