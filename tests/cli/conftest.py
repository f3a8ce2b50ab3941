"""A tiny province written as real files: KPI files, a units file, filled templates.

One province (25) with two districts (227, 230). Each district reports
dossiers_total and dossiers_online for 2024; online_rate = online / total:
227: 80 / 100 = 0.8, 230: 30 / 60 = 0.5. The KPI files and units are the kit's
(``tests.kit.KPI_FILES``, ``UNITS_CSV``: one KPI, one programme goal).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from chiso.catalogue.loader import load_catalogue
from chiso.cli import main
from chiso.submissions.template import fill_template, write_templates
from chiso.units.loader import load_units
from tests.kit import UNITS_CSV, write_kpi_files

VALUES = {"227": (100, 80), "230": (60, 30)}

REPO = Path(__file__).resolve().parents[2]
# Dates the scorecard and the Word reports, so that two runs give the same bytes.
SOURCE_DATE_EPOCH = "1735689600"  # 2025-01-01


@dataclass(frozen=True)
class Province:
    root: Path
    kpis: Path
    units: Path
    submissions: Path

    def args(self, *more: str) -> list[str]:
        """``--kpis K --units U SUBMISSIONS`` followed by ``more``."""
        return ["--kpis", str(self.kpis), "--units", str(self.units), str(self.submissions),
                *more]


def write_kpis(folder: Path, **replaced: str) -> Path:
    return write_kpi_files(folder, dict(replaced))


@pytest.fixture
def province(tmp_path: Path) -> Province:
    root = tmp_path / "province"
    kpis = write_kpis(root / "kpis")
    units = root / "units.csv"
    units.write_text(UNITS_CSV, "utf-8")
    catalogue, _ = load_catalogue(kpis)
    tree, _ = load_units(units, catalogue)
    assert catalogue is not None and tree is not None
    submissions = root / "submissions"
    submissions.mkdir()
    blanks = write_templates(catalogue, tree, "2024", tmp_path / "blank", levels=["district"])
    for blank in blanks:
        code = blank.name.split("-")[0]
        total, online = VALUES[code]
        fill_template(blank, {"dossiers_total": total, "dossiers_online": online},
                      out=submissions / blank.name)
    return Province(root, kpis, units, submissions)


def files_under(folder: Path) -> list[str]:
    """Every file under ``folder``, relative, sorted (hidden temporary files included)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir())


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    """``chiso score examples/phu-tho --out OUT --json``, run once from the repo root.

    Under ``SOURCE_DATE_EPOCH``; (exit code, what it printed, the output folder).
    """
    out = tmp_path_factory.mktemp("score")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        outcome = CliRunner().invoke(
            main, ["score", "examples/phu-tho", "--out", str(out), "--json"]
        )
    if outcome.exception and not isinstance(outcome.exception, SystemExit):
        raise outcome.exception
    return outcome.exit_code, outcome.output, out
