"""A tiny province written as real files: KPI files, a units file, filled templates.

One province (25) with two districts (227, 230). Each district reports
dossiers_total and dossiers_online for 2024; online_rate = online / total:
227: 80 / 100 = 0.8, 230: 30 / 60 = 0.5. The catalogue is the one of
``tests/catalogue/conftest.py`` (one KPI, one programme goal).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from chiso.catalogue.loader import load_catalogue
from chiso.submissions.template import fill_template, write_templates
from chiso.units.loader import load_units

KPI_FILES = {
    "catalogue.yaml": """\
catalogue:
  id: demo
  name: {vi: Thử nghiệm, en: Demo}
  version: "1"
  levels: [province, district, commune]
groups:
  - id: gov
    name: {vi: Chính quyền số, en: Digital government}
""",
    "fields.yaml": """\
fields:
  - id: dossiers_total
    label: {vi: Tổng số hồ sơ, en: All dossiers}
    kind: count
  - id: dossiers_online
    label: {vi: Hồ sơ trực tuyến, en: Online dossiers}
    kind: count
    constraints: [">= 0", "<= dossiers_total"]
""",
    "kpis.yaml": """\
kpis:
  - id: online_rate
    name: {vi: Tỷ lệ hồ sơ trực tuyến, en: Online dossier rate}
    type: ratio
    numerator: dossiers_online
    denominator: dossiers_total
    unit: percent
    direction: higher
    group: gov
""",
    "programme.yaml": """\
programmes:
  - id: resolution
    name: {vi: Nghị quyết, en: Resolution}
    horizon: {start: 2021, end: 2025}
    goals:
      - id: online
        kpi: online_rate
        value: 0.8
        deadline: 2025
        baseline: {value: 0.3, period: 2021}
""",
}

UNITS_CSV = """\
code,name,level,parent
25,Tỉnh Phú Thọ,province,
227,Thành phố Việt Trì,district,25
230,Huyện Cẩm Khê,district,25
"""

VALUES = {"227": (100, 80), "230": (60, 30)}


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
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**KPI_FILES, **replaced}.items():
        (folder / name).write_text(text, "utf-8")
    return folder


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
