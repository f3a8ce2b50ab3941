"""The output writers' registry: each format writes only its own files."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso import api
from chiso.cli.score import score
from chiso.engine.result import Result
from chiso.render.outputs import WRITERS, Destination, register_output_writer


@pytest.mark.parametrize("fmt", ["md", "html", "json", "xlsx"])
def test_each_format_writes_only_its_own_files(
    result: Result, tmp_path: Path, fmt: str
) -> None:
    written = api.write_outputs(result, tmp_path, [fmt], lang="vi")
    suffix = {"md": ".md", "html": ".html", "json": ".json", "xlsx": ".xlsx"}[fmt]
    assert written and all(p.suffix == suffix for p in written)
    assert sorted(tmp_path.iterdir()) == sorted(written)  # nothing else, not even for a moment


def test_the_scorecard_goes_where_the_destination_names_it(result: Result, tmp_path: Path) -> None:
    where = Destination(tmp_path / "reports", tmp_path / "sc.xlsx")
    assert api.write_outputs(result, where, ["xlsx", "json"]) == [
        tmp_path / "sc.xlsx", tmp_path / "reports" / "result.json"]


def test_the_command_line_formats_are_the_registry_s() -> None:
    choices = next(p for p in score.params if p.name == "formats").type.choices  # type: ignore[attr-defined]
    assert tuple(choices) == tuple(WRITERS) == api.output_formats()


def test_a_format_is_registered_once() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register_output_writer("md", vi="", en="")(lambda request: [])


def test_an_unknown_format_is_refused_before_anything_is_written(
    result: Result, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        api.write_outputs(result, tmp_path, ["xlsx", "pdf"])
    assert not any(tmp_path.iterdir())
