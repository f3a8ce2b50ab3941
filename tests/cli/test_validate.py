"""``chiso validate`` and ``chiso schema`` through click, as CI and editors use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from chiso.cli import main
from tests.kit import FIELDS, KPIS, PROGRAMME, pos, write_kpi_files


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


def test_clean_catalogue_exits_0_with_a_vietnamese_summary(tmp_path: Path) -> None:
    root = write_kpi_files(tmp_path / "kpis", {})
    code, out = run("validate", str(root))
    assert code == 0
    assert out.strip() == f"{root}: hợp lệ (0 lỗi, 0 cảnh báo)"


def test_error_findings_exit_1_with_location_and_message(tmp_path: Path) -> None:
    text = PROGRAMME.replace("value: 0.8", "value: 80")
    root = write_kpi_files(tmp_path / "kpis", {"programme.yaml": text})
    code, out = run("validate", str(root), "--lang", "en")
    line, column = pos(text, "80")
    assert code == 1
    assert out.splitlines()[0].startswith(
        f"{root / 'programme.yaml'}:{line}:{column}: error K208 Target 80"
    )
    assert out.splitlines()[-1] == f"{root}: has errors (1 error(s), 0 warning(s))"


def test_warnings_exit_0_unless_strict(tmp_path: Path) -> None:
    fields = FIELDS + "  - id: spare\n    label: {vi: Dự phòng, en: Spare}\n    kind: amount\n"
    root = write_kpi_files(tmp_path / "kpis", {"fields.yaml": fields})
    assert run("validate", str(root))[0] == 0
    assert run("validate", str(root), "--strict")[0] == 1


def test_nonexistent_path_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "không tồn tại" in result.output
    result = CliRunner().invoke(main, ["validate", "--lang", "en", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    root = write_kpi_files(tmp_path / "kpis", {})
    assert CliRunner().invoke(main, ["validate", str(root), "--format", "xml"]).exit_code == 2


def test_default_path_is_kpis_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_kpi_files(tmp_path / "kpis", {})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0
    assert result.output.startswith("kpis: ")


def test_json_output_shape(tmp_path: Path) -> None:
    text = KPIS.replace("numerator:", "numeratr:")
    root = write_kpi_files(tmp_path / "kpis", {"kpis.yaml": text})
    code, out = run("validate", str(root), "--format", "json")
    payload = json.loads(out)
    assert code == 1
    assert payload["ok"] is False
    assert payload["path"] == str(root)
    assert payload["summary"] == {"error": 1, "warning": 0, "info": 0}
    assert payload["catalogue"]["id"] == "demo"
    assert payload["catalogue"]["kpis"] == 0
    (finding,) = payload["findings"]
    assert finding["code"] == "K101"
    assert finding["severity"] == "error"
    assert finding["suggestion"] == "numerator"
    assert finding["location"] == {
        "file": str(root / "kpis.yaml"),
        "line": 5,
        "column": 5,
        "path": "kpis[0].numeratr",
    }
    assert finding["message"] == finding["message_vi"]  # vi by default


def test_json_when_no_catalogue_can_be_built(tmp_path: Path) -> None:
    (tmp_path / "only.yaml").write_text("groups: []\n", encoding="utf-8")
    code, out = run("validate", str(tmp_path), "--format", "json")
    payload = json.loads(out)
    assert code == 1
    assert payload["catalogue"] is None
    assert [f["code"] for f in payload["findings"]] == ["K005"]


def test_github_annotations_escape_data_and_properties(tmp_path: Path) -> None:
    # A folder name with ":" and "," lands in the file= property; a key with
    # "%" and a line break lands in the message.
    folder = tmp_path / "a:b,c"
    root = write_kpi_files(folder, {"odd.yaml": '"pct%\\nx": 1\n'})
    code, out = run("validate", str(root), "--format", "github")
    assert code == 1
    (line,) = out.splitlines()
    file_property = str(root / "odd.yaml").replace(":", "%3A").replace(",", "%2C")
    assert line.startswith(f"::error file={file_property},line=1,col=1,title=K101::")
    assert "Unknown key 'pct%25%0Ax'" in line  # English by default for GitHub
    assert "\n" not in line and "%\n" not in line


def test_github_format_appends_a_summary_to_the_step_summary(tmp_path: Path) -> None:
    text = PROGRAMME.replace("value: 0.8", "value: 80")
    root = write_kpi_files(tmp_path / "kpis", {"programme.yaml": text})
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    code, _ = run(
        "validate", str(root), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert code == 1
    content = summary.read_text(encoding="utf-8")
    assert content.startswith("earlier step\n### chiso findings: 1 error(s), 0 warning(s)")
    assert "| K208 | error |" in content


def test_summary_option_writes_markdown_in_the_chosen_language(tmp_path: Path) -> None:
    root = write_kpi_files(tmp_path / "kpis", {})
    summary = tmp_path / "out.md"
    code, _ = run("validate", str(root), "--summary", str(summary), "--lang", "vi")
    assert code == 0
    assert summary.read_text(encoding="utf-8").startswith("### Kết quả kiểm tra: 0 lỗi")


def test_schema_command_prints_and_writes_the_schema(tmp_path: Path) -> None:
    code, out = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == {"catalogue", "groups", "fields", "kpis", "programmes"}
    target = tmp_path / "nested" / "kpi.schema.json"
    assert run("schema", "--out", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8")) == schema
