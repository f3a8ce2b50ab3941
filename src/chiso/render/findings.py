"""Findings as text, JSON, GitHub annotations and a Markdown step summary.

The GitHub format follows the workflow-command rules: in the message, ``%`` →
``%25``, CR → ``%0D``, LF → ``%0A``; in properties also ``:`` → ``%3A`` and
``,`` → ``%2C``. Only about ten annotations show per step, so CI should also
append :func:`to_markdown` to ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chiso.findings import Finding, Findings, Lang, Severity
from chiso.render.labels import severity_label
from chiso.render.terminal_text import visible


def severity_word(severity: Severity, lang: Lang) -> str:
    """``lỗi`` / ``error``: the severity inside a line of text (the labels' word, lower case)."""
    return severity_label(severity.value, lang).lower()


def to_text(findings: Iterable[Finding], lang: Lang = "vi") -> str:
    """One line a finding: ``location: severity CODE message [raw → value]``.

    Control characters from the inputs are shown escaped (:func:`visible`): this
    text goes to terminals and CI logs.
    """
    lines = []
    for f in findings:
        line = f"{f.location}: {severity_word(f.severity, lang)} {f.code} {f.message(lang)}"
        if f.raw is not None:
            shown = "" if f.value is None else f" → {f.value}"
            line += f" [{'giá trị gốc' if lang == 'vi' else 'raw'}: {f.raw!r}{shown}]"
        lines.append(visible(line))
    return "\n".join(lines)


def summary_line(findings: list[Finding], lang: Lang = "vi") -> str:
    counts = Findings(findings).counts()
    errors, warnings = counts["error"], counts["warning"]
    if lang == "vi":
        return f"{errors} lỗi, {warnings} cảnh báo"
    return f"{errors} error(s), {warnings} warning(s)"


def to_json(findings: Iterable[Finding], lang: Lang = "vi", **extra: Any) -> str:
    findings = Findings(findings)
    items = [f.to_dict(lang) for f in findings]
    payload = {
        **extra,
        "summary": findings.counts(),
        "findings": items,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: Iterable[Finding], lang: Lang = "en") -> str:
    """GitHub Actions annotations, one a line."""
    lines = []
    for f in findings:
        command = {"error": "error", "warning": "warning", "info": "notice"}[f.severity.value]
        props = []
        loc = f.location
        if loc.file:
            props.append(f"file={escape_property(visible(loc.file, newlines=True))}")
        if loc.line is not None:
            props.append(f"line={loc.line}")
        if loc.column is not None:
            props.append(f"col={loc.column}")
        props.append(f"title={escape_property(f.code)}")
        message = f.message(lang)
        if loc.sheet is not None:
            message = f"{loc.sheet}!{loc.cell or ''}: {message}"
        # GitHub shows ANSI codes in logs: a name's escape codes are shown, not obeyed
        message = escape_data(visible(message, newlines=True))
        lines.append(f"::{command} {','.join(props)}::{message}")
    return "\n".join(lines)


def to_markdown(findings: Iterable[Finding], lang: Lang = "en") -> str:
    """A Markdown table of findings (for ``$GITHUB_STEP_SUMMARY``)."""
    rows = list(findings)
    head = (
        "| Mã | Mức | Vị trí | Nội dung |\n|---|---|---|---|"
        if lang == "vi"
        else "| Code | Severity | Location | Message |\n|---|---|---|---|"
    )
    body = [
        f"| {f.code} | {severity_word(f.severity, lang)} | `{f.location}` "
        f"| {_cell(f.message(lang))} |"
        for f in rows
    ]
    title = "Kết quả kiểm tra" if lang == "vi" else "chiso findings"
    return "\n".join([f"### {title}: {summary_line(rows, lang)}", "", head, *body]) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def append_step_summary(
    findings: Iterable[Finding], lang: Lang, *, output_format: str, target: Path | None = None
) -> Path | None:
    """Append :func:`to_markdown` to ``target``, or with ``--format github`` to
    ``$GITHUB_STEP_SUMMARY`` when set. Returns the file written, if any."""
    if target is None and output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        target = Path(os.environ["GITHUB_STEP_SUMMARY"])
    if target is None:
        return None
    with target.open("a", encoding="utf-8") as handle:
        handle.write(to_markdown(findings, lang))
    return target
