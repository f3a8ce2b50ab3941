"""``chiso.api`` as a user calls it: each public function on the kit's small province.

The province (``tests.kit``): 25 with districts 227 and 230; one KPI, online_rate =
dossiers_online / dossiers_total; one goal, online_rate >= 0.8 by 2025.
227 reports 80 / 100 = 0.8, 230 reports 30 / 60 = 0.5; the province rolls up
(80 + 30) / (100 + 60) = 0.6875.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso import api
from chiso.catalogue.model import Catalogue
from chiso.submissions.template import fill_template
from chiso.units.model import Units
from tests.kit import UNITS_CSV, write_kpi_files

VALUES = {"227": (100, 80), "230": (60, 30)}


@pytest.fixture
def province(tmp_path: Path) -> Path:
    """kpis/, units.csv and submissions/ (both districts' filled templates, 2024)."""
    write_kpi_files(tmp_path / "kpis")
    (tmp_path / "units.csv").write_text(UNITS_CSV, "utf-8")
    catalogue, units = loaded(tmp_path)
    (tmp_path / "submissions").mkdir()
    for code, (total, online) in VALUES.items():
        blank = api.write_template(catalogue, units, code, "2024", tmp_path / "blank")
        assert blank is not None
        fill_template(blank, {"dossiers_total": total, "dossiers_online": online},
                      out=tmp_path / "submissions" / blank.name)
    return tmp_path


def loaded(root: Path) -> tuple[Catalogue, Units]:
    catalogue, findings = api.load_catalogue(root / "kpis")
    assert catalogue is not None and not findings.has_errors()
    units, findings = api.load_units(root / "units.csv", catalogue)
    assert units is not None and not findings.has_errors()
    return catalogue, units


def test_load_catalogue_returns_the_catalogue_and_its_findings(tmp_path: Path) -> None:
    catalogue, findings = api.load_catalogue(write_kpi_files(tmp_path / "kpis"))
    assert catalogue is not None and list(catalogue.kpis) == ["online_rate"]
    assert list(findings) == []


def test_load_catalogue_does_not_raise_on_a_broken_file(tmp_path: Path) -> None:
    kpis = write_kpi_files(tmp_path / "kpis", {"kpis.yaml": "kpis:\n  - id: [unclosed\n"})
    _, findings = api.load_catalogue(kpis)
    assert findings.has_errors() and "K001" in {f.code for f in findings}


def test_load_units_returns_the_tree(tmp_path: Path) -> None:
    catalogue, _ = api.load_catalogue(write_kpi_files(tmp_path / "kpis"))
    (tmp_path / "units.csv").write_text(UNITS_CSV, "utf-8")
    units, findings = api.load_units(tmp_path / "units.csv", catalogue)
    assert units is not None and units.codes == ["25", "227", "230"]
    assert list(findings) == []


def test_write_template_is_none_for_a_unit_not_in_force(tmp_path: Path) -> None:
    write_kpi_files(tmp_path / "kpis")
    (tmp_path / "units.csv").write_text(UNITS_CSV, "utf-8")
    catalogue, units = loaded(tmp_path)
    assert api.write_template(catalogue, units, "999", "2024", tmp_path / "out") is None


def test_read_submission_reads_one_workbook(province: Path) -> None:
    catalogue, units = loaded(province)
    [path] = sorted((province / "submissions").glob("227-*.xlsx"))
    result = api.read_submission(path, catalogue, units)
    assert [(u, p) for u, p, _ in result.submitted] == [("227", "2024")]
    assert not any(f.severity == "error" for f in result.findings)


def test_read_submissions_then_assess(province: Path) -> None:
    catalogue, units = loaded(province)
    dataset = api.read_submissions([province / "submissions"], catalogue, units)
    wide = dataset.wide()
    assert wide.loc[("230", "2024"), "dossiers_online"] == 30
    result = api.assess(catalogue, units, dataset)
    values = result.values.set_index(["unit", "period", "kpi"])["value"]
    # (80 + 30) / (100 + 60) = 0.6875
    assert values[("25", "2024", "online_rate")] == pytest.approx(0.6875)
    assert values[("230", "2024", "online_rate")] == pytest.approx(0.5)


def test_score_runs_the_whole_pipeline(province: Path) -> None:
    run = api.score(province / "kpis", province / "units.csv", [province / "submissions"])
    assert run.result is not None and not run.findings.has_errors()
    values = run.result.values.set_index(["unit", "period", "kpi"])["value"]
    assert values[("227", "2024", "online_rate")] == pytest.approx(0.8)


def test_score_stops_at_an_unusable_catalogue(province: Path) -> None:
    write_kpi_files(province / "kpis", {"kpis.yaml": "kpis:\n  - id: [unclosed\n"})
    run = api.score(province / "kpis", province / "units.csv", [province / "submissions"])
    assert run.result is None and run.findings.has_errors()


def test_track_lists_every_expected_unit_and_counts_them(province: Path) -> None:
    catalogue, units = loaded(province)
    dataset = api.read_submissions([province / "submissions"], catalogue, units)
    tracker = api.track(units, catalogue, dataset, ["2024"])
    assert {"227", "230"} <= set(tracker["unit"])
    summary = api.track_summary(tracker)
    assert len(summary) >= 1
