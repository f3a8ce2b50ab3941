"""The ``chiso`` command line: thin click commands over the Python API.

Exit codes everywhere: 0 clean, 1 findings at error level (or warnings with
``--strict``), 2 the command itself was misused.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from chiso import __version__

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


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: Any = getattr(importlib.import_module(module_name), attr)
        return command


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="chiso")
def main() -> None:
    """chiso: chấm điểm chỉ số chuyển đổi số / score digital-transformation KPIs."""
