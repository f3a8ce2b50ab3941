"""Exit codes every command keeps: 3 for a bug (no partial output), 4 for nothing written."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from chiso.cli import main
from chiso.cli.exit_codes import ExitCode

from .conftest import Province, files_under, write_kpis


def _crash(*args: object, **kwargs: object) -> str:
    raise RuntimeError("boom: a bug in a renderer")


@pytest.fixture
def crash_in_json(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """JSON rendering raises (as a bug would); tracebacks go to a folder of the test's own."""
    import chiso.render.json

    monkeypatch.setattr(chiso.render.json, "result_to_json", _crash)
    saved = tmp_path / "tmp"
    saved.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(saved))
    return saved


def test_a_clean_run_exits_0(province: Province, tmp_path: Path) -> None:
    outcome = CliRunner().invoke(main, ["score", *province.args("--out", str(tmp_path / "o"))])
    assert outcome.exit_code == ExitCode.OK, outcome.output
    assert (tmp_path / "o" / "scorecard.xlsx").is_file()


def test_an_internal_error_exits_3_and_leaves_no_output(
    province: Province, tmp_path: Path, crash_in_json: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "scorecard.xlsx").write_bytes(b"last quarter's scorecard")
    outcome = CliRunner().invoke(main, ["score", *province.args("--json", "--out", str(out))])
    assert outcome.exit_code == ExitCode.INTERNAL
    # The scorecard and reports were complete before JSON failed: none is in place,
    # the previous scorecard is untouched, no temporary file is left.
    assert files_under(out) == ["scorecard.xlsx"]
    assert (out / "scorecard.xlsx").read_bytes() == b"last quarter's scorecard"
    assert "Lỗi nội bộ của chiso" in outcome.output
    assert "Internal error in chiso" in outcome.output
    (saved,) = crash_in_json.iterdir()
    assert str(saved) in outcome.output
    assert "boom: a bug in a renderer" in saved.read_text("utf-8")
    assert "Traceback" not in outcome.output


def test_debug_prints_the_traceback_instead_of_saving_it(
    province: Province, tmp_path: Path, crash_in_json: Path
) -> None:
    args = ["--debug", "report", *province.args("--out", str(tmp_path / "o"))]
    outcome = CliRunner().invoke(main, args)
    assert outcome.exit_code == ExitCode.INTERNAL
    assert "Traceback" in outcome.output
    assert "RuntimeError: boom" in outcome.output
    assert list(crash_in_json.iterdir()) == []
    assert not (tmp_path / "o").exists() or files_under(tmp_path / "o") == []


def test_a_broken_kpi_file_writes_nothing_and_exits_4(province: Province, tmp_path: Path) -> None:
    write_kpis(province.kpis, **{"kpis.yaml": "kpis:\n  - id: [unclosed\n"})
    out = tmp_path / "out"
    for command in (["score", *province.args("--out", str(out))],
                    ["report", *province.args("--out", str(out))],
                    ["template", "--kpis", str(province.kpis), "--units", str(province.units),
                     "--period", "2024", "--out", str(out)]):
        outcome = CliRunner().invoke(main, command)
        assert outcome.exit_code == ExitCode.NOTHING_WRITTEN, (command, outcome.output)
        assert "K001" in outcome.output
        assert not out.exists()


def test_check_with_an_unusable_units_file_checks_nothing_and_exits_4(
    province: Province,
) -> None:
    province.units.write_text("code,name\n", "utf-8")  # no level, no parent column
    outcome = CliRunner().invoke(main, ["check", *province.args()])
    assert outcome.exit_code == ExitCode.NOTHING_WRITTEN
    assert "U002" in outcome.output
    assert "chưa kiểm tra báo cáo nào" in outcome.output  # nothing was checked


def test_score_says_that_nothing_was_written(province: Province, tmp_path: Path) -> None:
    province.units.write_text("code,name\n", "utf-8")  # no level, no parent column
    outcome = CliRunner().invoke(
        main, ["score", "--lang", "en", *province.args("--out", str(tmp_path / "o"))])
    assert outcome.exit_code == ExitCode.NOTHING_WRITTEN
    assert "U002" in outcome.output
    assert "Nothing written" in outcome.output
    assert not (tmp_path / "o").exists()


def test_findings_at_error_level_exit_1_with_outputs_written(
    province: Province, tmp_path: Path
) -> None:
    (province.submissions / "notes.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "o"
    outcome = CliRunner().invoke(main, ["score", *province.args("--out", str(out))])
    assert outcome.exit_code == ExitCode.FINDINGS
    assert (out / "scorecard.xlsx").is_file()
