"""``chiso score`` and ``chiso report``: input defaults, misuse, and a real run on the example."""

from __future__ import annotations

import json
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from chiso.cli import main
from chiso.cli.scoring import Outputs, chosen_formats, resolve_inputs

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "phu-tho"


def example_folder(root: Path, *, with_kpis: bool) -> Path:
    folder = root / "province"
    (folder / "submissions").mkdir(parents=True)
    (folder / "units.csv").write_text("code,name,level,parent\n25,Phú Thọ,province,\n", "utf-8")
    if with_kpis:
        (folder / "kpis").mkdir()
    return folder


def test_an_example_folder_supplies_units_submissions_and_its_kpis(tmp_path: Path) -> None:
    folder = example_folder(tmp_path, with_kpis=True)
    inputs = resolve_inputs([folder], None, None)
    assert inputs.units == folder / "units.csv"
    assert inputs.submissions == [folder / "submissions"]
    assert inputs.kpis == folder / "kpis"


def test_kpis_default_to_the_nearest_folder_above_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # repo/kpis and repo/examples/province: found from any working directory.
    folder = example_folder(tmp_path / "repo" / "examples", with_kpis=False)
    (tmp_path / "repo" / "kpis").mkdir()
    monkeypatch.chdir(tmp_path)
    assert resolve_inputs([folder], None, None).kpis == (tmp_path / "repo" / "kpis").resolve()


def test_kpis_default_to_the_current_folder_when_none_is_near_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if any((parent / "kpis").is_dir() for parent in tmp_path.resolve().parents):
        pytest.skip("a kpis/ folder above the temporary directory")
    folder = example_folder(tmp_path / "elsewhere", with_kpis=False)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    with pytest.raises(click.UsageError, match="--kpis 'kpis'"):
        resolve_inputs([folder], None, None)
    (tmp_path / "work" / "kpis").mkdir()
    assert resolve_inputs([folder], None, None).kpis == Path("kpis")


def test_explicit_submissions_after_the_example_folder_replace_its_own(tmp_path: Path) -> None:
    folder = example_folder(tmp_path, with_kpis=True)
    workbook = tmp_path / "one.xlsx"
    workbook.write_bytes(b"")
    assert resolve_inputs([folder, workbook], None, None).submissions == [workbook]


def test_no_units_file_is_a_usage_error(tmp_path: Path) -> None:
    workbook = tmp_path / "one.xlsx"
    workbook.write_bytes(b"")
    with pytest.raises(click.UsageError, match="units"):
        resolve_inputs([workbook], tmp_path, None)


def test_out_names_a_folder_or_the_scorecard_file() -> None:
    assert Outputs.from_option(Path("out")).scorecard == Path("out/scorecard.xlsx")
    sc = Outputs.from_option(Path("reports/sc.xlsx"))
    assert (sc.scorecard, sc.folder, sc.json) == (
        Path("reports/sc.xlsx"),
        Path("reports"),
        Path("reports/result.json"),
    )


def test_formats_follow_report_and_json_switches() -> None:
    default = ("xlsx", "md", "html", "docx")
    assert chosen_formats((), default, report=True, json=False) == ["xlsx", "md", "html", "docx"]
    assert chosen_formats((), default, report=False, json=True) == ["xlsx", "json"]
    assert chosen_formats(("html",), default, report=True, json=False) == ["html"]


def test_missing_paths_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    outcome = runner.invoke(
        main,
        ["score", "--units", str(tmp_path / "nope.csv"), str(tmp_path), "--out", str(tmp_path)],
    )
    assert outcome.exit_code == 2
    assert "không tồn tại" in outcome.output


def test_nothing_to_read_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["score"]).exit_code == 2


def test_example_run_writes_every_output(example_run: tuple[int, str, Path]) -> None:
    _, _, out = example_run
    names = sorted(p.name for p in out.iterdir())
    assert "scorecard.xlsx" in names and "result.json" in names
    assert {"resolution_2021_2025.md", "resolution_2021_2025.html"} <= set(names)


def test_example_exit_code_follows_error_findings(example_run: tuple[int, str, Path]) -> None:
    code, _, out = example_run
    errors = json.loads((out / "result.json").read_text("utf-8"))["findings"]["summary"]["error"]
    assert code == (1 if errors else 0)


def test_example_scorecard_agrees_with_the_engine(example_run: tuple[int, str, Path]) -> None:
    _, output, out = example_run
    data = json.loads((out / "result.json").read_text("utf-8"))
    (province,) = [
        r
        for r in data["goal_summary"]
        if r["programme"] == "resolution_2021_2025"
        and r["unit"] == "25"
        and r["period"] == data["latest_period"]
    ]
    wb = openpyxl.load_workbook(out / "scorecard.xlsx")
    assert wb.sheetnames[0] == "Tổng hợp"
    summary = wb["Tổng hợp"]
    headlines = [
        summary.cell(r, 1).value
        for r in range(1, summary.max_row + 1)
        if str(summary.cell(r, 1).value or "").startswith(f"{province['achieved']}/")
    ]
    total = province["goals_total"]
    assert headlines and headlines[0].startswith(
        f"{province['achieved']}/{total} mục tiêu đã hoàn thành"
    )
    assert headlines[0] in output  # the terminal summary shows the same headline
    # the ranking sheet's district ranks are the engine's
    composite = {
        r["unit"]: r["rank"]
        for r in data["composite"]
        if r["programme"] == "resolution_2021_2025"
        and r["level"] == "district"
        and r["period"] == data["latest_period"]
    }
    ranking = wb["Xếp hạng"]
    header = {ranking.cell(4, c).value: c for c in range(1, ranking.max_column + 1)}
    shown = {
        ranking.cell(r, header["Mã đơn vị"]).value: ranking.cell(r, header["Hạng"]).value
        for r in range(5, ranking.max_row + 1)
        if ranking.cell(r, header["Cấp"]).value == "Huyện"
        # the sheet lists every programme's ranking: this one is the Resolution's
        and ranking.cell(r, header["Đề án / Nghị quyết"]).value
        == "Nghị quyết chính quyền số 2021–2025"
    }
    assert len(composite) == 13
    assert {k: v for k, v in shown.items() if k in composite} == composite


def test_example_findings_sheet_lists_the_planted_mistakes(
    example_run: tuple[int, str, Path],
) -> None:
    _, _, out = example_run
    data = json.loads((out / "result.json").read_text("utf-8"))
    ws = openpyxl.load_workbook(out / "scorecard.xlsx")["Lỗi dữ liệu"]
    assert ws.max_row - 4 == len(data["findings"]["items"]) > 0


def test_report_command_writes_only_reports_and_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    outcome = CliRunner().invoke(
        main, ["report", "examples/phu-tho", "--out", str(tmp_path), "--lang", "en", "-q"]
    )
    assert outcome.exit_code in (0, 1), outcome.output  # 1: the example's planted errors
    from chiso.catalogue.loader import load_catalogue

    catalogue, _ = load_catalogue(REPO / "kpis")
    assert catalogue is not None
    expected = {f"{p}.{ext}" for p in catalogue.programmes for ext in ("md", "html", "docx")}
    assert {p.name for p in tmp_path.iterdir()} == expected | {"result.json"}


def test_a_typo_in_the_example_folder_says_it_does_not_exist(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(main, ["score", str(tmp_path / "phu-th"), "--out",
                                        str(tmp_path / "out")])
    assert outcome.exit_code == 2
    assert "phu-th' không tồn tại" in outcome.output
    assert "units" not in outcome.output


def test_a_broken_kpi_file_writes_nothing_and_exits_4(tmp_path: Path) -> None:
    folder = example_folder(tmp_path, with_kpis=True)
    (folder / "kpis" / "broken.yaml").write_text("fields:\n  - id: [unclosed\n", "utf-8")
    out = tmp_path / "out"
    outcome = CliRunner().invoke(main, ["score", str(folder), "--out", str(out)])
    assert outcome.exit_code == 4
    assert "K001" in outcome.output
    assert "Không ghi tệp nào" in outcome.output
    assert not out.exists()
