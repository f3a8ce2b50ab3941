"""Names from the inputs are shown, never run: Markdown/HTML reports, scorecard, terminal."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from chiso.cli import main
from chiso.cli.exit_codes import ExitCode

from .conftest import Province

SCRIPT = "<script>alert(1)</script>"
LINK = '=HYPERLINK("http://evil.invalid","Bấm")'
MARKUP = "[bold]Cẩm Khê[/bold]"


def _rename(province: Province) -> None:
    text = province.units.read_text("utf-8")
    text = text.replace("Thành phố Việt Trì", SCRIPT).replace("Huyện Cẩm Khê", MARKUP)
    text = text.replace("Tỉnh Phú Thọ", f'"{LINK.replace(chr(34), chr(34) * 2)}"')
    province.units.write_text(text, "utf-8")


def test_names_are_escaped_in_reports_and_text_in_the_scorecard(
    province: Province, tmp_path: Path
) -> None:
    _rename(province)
    out = tmp_path / "out"
    outcome = CliRunner().invoke(main, ["score", *province.args("--out", str(out))])
    assert outcome.exit_code == ExitCode.OK, outcome.output
    md = (out / "resolution.md").read_text("utf-8")
    html = (out / "resolution.html").read_text("utf-8")
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
    # a Markdown link or image cannot be made from a name
    assert "\\[bold\\]" in md
    with zipfile.ZipFile(out / "scorecard.xlsx") as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in package.read(n) for n in sheets)
    wb = openpyxl.load_workbook(out / "scorecard.xlsx")
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert {SCRIPT, MARKUP} <= texts
    assert any(isinstance(t, str) and t.startswith(LINK) for t in texts)
    # rich markup in a name is shown as typed in the terminal summary
    assert MARKUP in outcome.output


def test_escape_codes_from_inputs_never_reach_the_terminal(
    province: Province, tmp_path: Path
) -> None:
    # a file named with a "clear screen" code, and a units name with a colour code
    (province.submissions / "x\x1b[2Jy.xlsx").write_bytes(b"not a workbook")
    province.units.write_text(
        province.units.read_text("utf-8").replace("Huyện Cẩm Khê", "Cẩm\x1b[8m Khê"), "utf-8")
    for command in (["check", *province.args()],
                    ["score", *province.args("--out", str(tmp_path / "o"))]):
        outcome = CliRunner().invoke(main, command)
        assert outcome.exit_code == ExitCode.FINDINGS, outcome.output
        assert "\x1b" not in outcome.output
        assert "x\\x1b[2Jy.xlsx" in outcome.output  # shown escaped (click would drop it)
        assert "U017" in outcome.output  # the name's code was removed, and said


def test_github_annotations_show_escape_codes_escaped(province: Province) -> None:
    (province.submissions / "x\x1b[2Jy.xlsx").write_bytes(b"not a workbook")
    outcome = CliRunner().invoke(main, ["check", *province.args("--format", "github")])
    assert outcome.exit_code == ExitCode.FINDINGS
    # click drops escape codes when not writing to a terminal, a terminal gets them:
    # shown escaped, they reach neither
    assert "x\\x1b[2Jy.xlsx" in outcome.output
    assert "\x1b" not in outcome.output
