"""``--out`` that would overwrite an input, be read back, or is not a folder: refused, exit 2."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from chiso.cli import main
from chiso.cli.exit_codes import ExitCode

from .conftest import Province, files_under


def _score(province: Province, out: Path | str) -> tuple[int, str]:
    # messages in English (--lang en), as the assertions read
    outcome = CliRunner().invoke(
        main, ["score", "--lang", "en", *province.args("--json", "--out", str(out))])
    return outcome.exit_code, outcome.output


def test_out_naming_an_input_workbook_is_refused_and_the_workbook_kept(
    province: Province,
) -> None:
    workbook = sorted(province.submissions.iterdir())[0]
    before = workbook.read_bytes()
    outcome = CliRunner().invoke(main, [
        "score", "--lang", "en", "--kpis", str(province.kpis), "--units", str(province.units),
        str(workbook), "--out", str(workbook)])
    assert outcome.exit_code == ExitCode.USAGE
    assert "would be overwritten" in outcome.output
    assert workbook.read_bytes() == before


def test_out_inside_the_submissions_folder_is_refused_even_as_a_workbook_name(
    province: Province,
) -> None:
    workbook = sorted(province.submissions.iterdir())[0]
    before = workbook.read_bytes()
    code, output = _score(province, workbook)
    assert code == ExitCode.USAGE
    assert "inside the submissions folder" in output
    assert workbook.read_bytes() == before


def test_out_inside_the_submissions_folder_is_refused(province: Province) -> None:
    before = files_under(province.submissions)
    code, output = _score(province, province.submissions / "out")
    assert code == ExitCode.USAGE
    assert "inside the submissions folder" in output
    assert files_under(province.submissions) == before


def test_out_that_is_a_file_is_refused_not_overwritten(province: Province, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me", "utf-8")
    code, output = _score(province, notes)
    assert code == ExitCode.USAGE
    assert "is a file, not a folder" in output
    assert notes.read_text("utf-8") == "keep me"


def test_out_xlsx_that_is_a_folder_is_refused(province: Province, tmp_path: Path) -> None:
    (tmp_path / "sc.xlsx").mkdir()
    code, output = _score(province, tmp_path / "sc.xlsx")
    assert code == ExitCode.USAGE
    assert "is a folder" in output


def test_out_under_a_file_is_a_usage_error_not_a_traceback(
    province: Province, tmp_path: Path
) -> None:
    (tmp_path / "plain").write_text("", "utf-8")
    code, output = _score(province, tmp_path / "plain" / "sc.xlsx")
    assert code == ExitCode.USAGE
    assert "is not a folder" in output


def test_a_folder_where_an_output_goes_is_refused(province: Province, tmp_path: Path) -> None:
    (tmp_path / "out" / "result.json").mkdir(parents=True)
    code, output = _score(province, tmp_path / "out")
    assert code == ExitCode.USAGE
    assert "a folder is already there" in output
    assert files_under(tmp_path / "out") == []


def test_a_link_in_the_output_folder_is_replaced_and_its_target_never_written(
    province: Province, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "scorecard.xlsx").symlink_to(victim)
    (out / "result.json").symlink_to(victim)
    code, _ = _score(province, out)
    assert code == ExitCode.OK
    assert victim.read_text("utf-8") == "precious"
    assert not (out / "scorecard.xlsx").is_symlink()
    assert (out / "scorecard.xlsx").read_bytes()[:2] == b"PK"
    assert '"units"' in (out / "result.json").read_text("utf-8")


def test_template_out_that_is_a_file_is_refused(province: Province, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me", "utf-8")
    outcome = CliRunner().invoke(main, [
        "template", "--kpis", str(province.kpis), "--units", str(province.units),
        "--period", "2024", "--out", str(notes)])
    assert outcome.exit_code == ExitCode.USAGE
    assert notes.read_text("utf-8") == "keep me"
