"""``chiso template`` and ``chiso check`` end to end, on KPI and units files written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from chiso.cli import main
from chiso.submissions.template import fill_template

KPIS = """\
catalogue:
  id: tiny
  name: {vi: Bộ chỉ số thử, en: Tiny catalogue}
  version: "1"
  levels: [province, commune]
groups:
  - id: digital_government
    name: {vi: Chính quyền số, en: Digital government}
fields:
  - id: dossiers_total
    label: {vi: Tổng số hồ sơ, en: Dossiers}
    kind: count
  - id: dossiers_online
    label: {vi: Số hồ sơ trực tuyến, en: Online dossiers}
    kind: count
    constraints: ["<= dossiers_total"]
kpis:
  - id: online_rate
    name: {vi: Tỷ lệ hồ sơ trực tuyến, en: Online rate}
    type: ratio
    numerator: dossiers_online
    denominator: dossiers_total
    unit: percent
    direction: higher
    group: digital_government
"""
UNITS = """\
code,name,name_en,level,parent,aliases
25,Tỉnh Phú Thọ,Phu Tho,province,,
08500,Phường Gia Cẩm,Gia Cam,commune,25,
08503,Xã Phương Xá,Phuong Xa,commune,25,
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "kpis").mkdir()
    (tmp_path / "kpis" / "tiny.yaml").write_text(KPIS, encoding="utf-8")
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    return tmp_path


def _run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _templates(project: Path) -> list[Path]:
    code, output = _run(project, "template", "--kpis", str(project / "kpis"), "--units",
                        str(project / "units.csv"), "--period", "2024", "--out",
                        str(project / "out"), "--level", "commune")
    assert code == 0, output
    return [Path(line) for line in output.splitlines() if line.endswith(".xlsx")]


def _check(project: Path, *args: str) -> tuple[int, str]:
    return _run(project, "check", "--kpis", str(project / "kpis"), "--units",
                str(project / "units.csv"), *args)


def test_template_then_check_clean_submissions_exits_0(project: Path) -> None:
    paths = _templates(project)
    assert [p.name for p in paths] == ["08500-phuong-gia-cam-2024.xlsx",
                                        "08503-xa-phuong-xa-2024.xlsx"]
    for path in paths:
        fill_template(path, {"dossiers_total": 100, "dossiers_online": 40})
    code, output = _check(project, str(project / "out"), "--period", "2024")
    assert code == 0, output
    assert output.strip() == "2 báo cáo, 4 giá trị đọc được; 0 lỗi, 0 cảnh báo"


def test_check_exits_1_on_errors_and_prints_where(project: Path) -> None:
    path = _templates(project)[0]
    fill_template(path, {"dossiers_total": 100, "dossiers_online": 120})
    code, output = _check(project, str(path), "--lang", "en")
    assert code == 1
    assert f"{path} 'Báo cáo'!E8: error S302 dossiers_online (120) > dossiers_total (100)" in output


def test_check_strict_fails_on_warnings(project: Path) -> None:
    path = _templates(project)[0]
    fill_template(path, {"dossiers_total": "1.751", "dossiers_online": 40})
    assert _check(project, str(path))[0] == 0
    assert _check(project, str(path), "--strict")[0] == 1


def test_check_json_output(project: Path) -> None:
    path = _templates(project)[0]
    fill_template(path, {"dossiers_total": "nhiều"})
    code, output = _check(project, str(path), "--format", "json")
    payload = json.loads(output)
    assert code == 1 and payload["ok"] is False
    assert [(f["code"], f["location"]["cell"]) for f in payload["findings"]] == [
        ("S201", "E7"), ("S301", "E8")]
    assert payload["findings"][0]["raw"] == "nhiều"


def test_check_misuse_exits_2(project: Path) -> None:
    assert _check(project, str(project / "missing.xlsx"))[0] == 2
    assert _check(project, str(project), "--period", "2024-13")[0] == 2


def test_check_github_format_annotates_cells_and_writes_the_step_summary(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _templates(project)[0]
    fill_template(path, {"dossiers_total": 100, "dossiers_online": 120})
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, output = _check(project, str(path), "--format", "github", "--lang", "en")
    assert code == 1
    assert output.splitlines()[0] == (
        f"::error file={path},title=S302::Báo cáo!E8: "
        "dossiers_online (120) > dossiers_total (100), "
        "but the rule is dossiers_online <= dossiers_total"
    )
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("### chiso findings: 1 error(s), 0 warning(s)")
    assert "| S302 | error |" in table


def _template(project: Path, *args: str) -> tuple[int, str]:
    return _run(project, "template", "--kpis", str(project / "kpis"), "--units",
                str(project / "units.csv"), "--period", "2024", "--out", str(project / "out"),
                *args)


@pytest.mark.parametrize("level", ["xã", "Xa", "commune", "phường"])
def test_template_level_takes_the_vietnamese_word(project: Path, level: str) -> None:
    code, output = _template(project, "--level", level)
    assert code == 0, output
    assert sorted(p.name for p in (project / "out").iterdir()) == [
        "08500-phuong-gia-cam-2024.xlsx", "08503-xa-phuong-xa-2024.xlsx"]


def test_template_unknown_level_lists_the_levels_with_their_names(project: Path) -> None:
    code, output = _template(project, "--level", "thôn")
    assert code == 2
    assert "commune (Xã)" in output and "thôn" in output


def test_template_unit_writes_the_named_unit_only(project: Path) -> None:
    code, output = _template(project, "--unit", "08503")
    assert code == 0, output
    assert [p.name for p in (project / "out").iterdir()] == ["08503-xa-phuong-xa-2024.xlsx"]


def test_template_unknown_unit_code_is_a_usage_error(project: Path) -> None:
    code, output = _template(project, "--unit", "99999")
    assert code == 2
    assert "99999" in output


def test_template_of_a_level_that_reports_nothing_says_so_and_exits_4(project: Path) -> None:
    # tiny's fields have no levels, so every level reports them: give them one.
    kpis = project / "kpis" / "tiny.yaml"
    kpis.write_text(KPIS.replace("kind: count\n", "kind: count\n    levels: [commune]\n"), "utf-8")
    code, output = _template(project, "--level", "province")
    assert code == 4
    assert "Không tạo biểu mẫu nào" in output and "Tỉnh" in output
    assert not (project / "out").exists() or not list((project / "out").iterdir())


def test_template_with_a_broken_kpi_file_writes_nothing_and_exits_4(project: Path) -> None:
    (project / "kpis" / "tiny.yaml").write_text(KPIS.replace("kind: count", "kind: cuont", 1),
                                               "utf-8")
    code, output = _template(project)
    assert code == 4
    assert "Không tạo biểu mẫu nào" in output


def test_template_reads_a_written_period(project: Path) -> None:
    code, output = _run(project, "template", "--kpis", str(project / "kpis"), "--units",
                        str(project / "units.csv"), "--period", "quý 3/2024", "--out",
                        str(project / "out"), "--unit", "08503")
    assert code == 0, output
    assert [p.name for p in (project / "out").iterdir()] == ["08503-xa-phuong-xa-2024-Q3.xlsx"]


def _with_form(project: Path) -> None:
    kpis = project / "kpis" / "tiny.yaml"
    kpis.write_text(kpis.read_text(encoding="utf-8").replace("kpis:\n", """\
  - id: awareness_self
    label: {vi: "Nhận thức số: điểm tự đánh giá", en: "Awareness: self-assessed points"}
    kind: amount
    constraints: ["<= 80"]
    form: dti
kpis:
  - id: awareness_points
    name: {vi: Điểm nhận thức số, en: Awareness points}
    type: simple
    field: awareness_self
    unit: number
    direction: higher
    group: digital_government
""", 1), encoding="utf-8")


def test_template_form_writes_the_form_s_fields_only(project: Path) -> None:
    _with_form(project)
    code, output = _template(project, "--form", "dti", "--unit", "08503")
    assert code == 0, output
    (path,) = (project / "out").iterdir()
    assert path.name == "08503-xa-phuong-xa-2024-dti.xlsx"
    ws = load_workbook(path)["Báo cáo"]
    assert [c.value for c in ws["B"][6:] if c.value] == ["awareness_self"]


def test_template_unknown_form_lists_the_forms(project: Path) -> None:
    _with_form(project)
    code, output = _template(project, "--form", "dtii")
    assert code == 2
    assert "dtii" in output and "dti" in output
