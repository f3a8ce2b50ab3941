"""The docs mention every command and every option (model: datasette's tests/test_docs.py).

The command tree is walked from ``chiso.cli.main``; each command has a
``## chiso NAME`` section in ``docs/cli.md`` naming each of its options, and the
README's command table names each command. A new command or option fails here until
it is documented.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from chiso.cli import main

REPO = Path(__file__).resolve().parents[1]
CLI_DOC = REPO / "docs" / "cli.md"


def commands() -> dict[str, click.Command]:
    ctx = click.Context(main, info_name="chiso")
    found = {}
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None
        found[name] = command
    return found


def options(command: click.Command) -> list[str]:
    """Every spelling of every option (``--out``, ``-o``, ``--no-report``); not ``--help``."""
    return [
        spelling
        for param in command.params
        if isinstance(param, click.Option)
        for spelling in [*param.opts, *param.secondary_opts]
    ]


def sections() -> dict[str, str]:
    """``docs/cli.md`` split at its ``## `` headings: heading → text."""
    parts = re.split(r"^## (.+)$", CLI_DOC.read_text("utf-8"), flags=re.M)
    return {heading.strip(): body for heading, body in zip(parts[1::2], parts[2::2], strict=True)}


def mentions(text: str, option: str) -> bool:
    """``option`` written as itself (``--out`` does not count for ``--out-dir``)."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


COMMANDS = commands()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_a_section_in_docs_cli(name: str) -> None:
    assert f"chiso {name}" in sections(), f"docs/cli.md has no '## chiso {name}' section"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_in_its_commands_section(name: str) -> None:
    text = sections().get(f"chiso {name}", "")
    missing = [o for o in options(COMMANDS[name]) if not mentions(text, o)]
    assert not missing, f"docs/cli.md, '## chiso {name}': options not mentioned: {missing}"


def test_the_global_options_are_documented() -> None:
    text = sections().get("Global options", "")
    missing = [o for o in options(main) if not mentions(text, o)]
    assert not missing, f"docs/cli.md, '## Global options': not mentioned: {missing}"


def test_docs_cli_documents_no_command_that_does_not_exist() -> None:
    documented = {h.removeprefix("chiso ") for h in sections() if h.startswith("chiso ")}
    assert documented <= set(COMMANDS), sorted(documented - set(COMMANDS))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_readme_names_every_command(name: str) -> None:
    assert f"`chiso {name}" in (REPO / "README.md").read_text("utf-8"), (
        f"README.md's command table does not name chiso {name}"
    )
