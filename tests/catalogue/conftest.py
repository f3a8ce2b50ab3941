"""A small valid catalogue written as real files, and helpers to break one file at a time."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from chiso.catalogue.loader import load_catalogue
from chiso.catalogue.model import Catalogue
from chiso.findings import Finding, Findings

CATALOGUE = """\
catalogue:
  id: demo
  name: {vi: Thử nghiệm, en: Demo}
  version: "1"
  levels: [province, district, commune]
groups:
  - id: gov
    name: {vi: Chính quyền số, en: Digital government}
"""

FIELDS = """\
fields:
  - id: dossiers_total
    label: {vi: Tổng số hồ sơ, en: All dossiers}
    kind: count
  - id: dossiers_online
    label: {vi: Hồ sơ trực tuyến, en: Online dossiers}
    kind: count
    constraints: [">= 0", "<= dossiers_total"]
"""

KPIS = """\
kpis:
  - id: online_rate
    name: {vi: Tỷ lệ hồ sơ trực tuyến, en: Online dossier rate}
    type: ratio
    numerator: dossiers_online
    denominator: dossiers_total
    unit: percent
    direction: higher
    group: gov
"""

PROGRAMME = """\
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
"""

BASE = {
    "catalogue.yaml": CATALOGUE,
    "fields.yaml": FIELDS,
    "kpis.yaml": KPIS,
    "programme.yaml": PROGRAMME,
}

Loader = Callable[..., tuple[Catalogue | None, Findings]]


def write_files(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write the base catalogue with some files replaced (text), added, or left out (None)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in {**BASE, **files}.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def load(tmp_path: Path) -> Loader:
    """``load(**{"kpis.yaml": "..."})``: write the base catalogue with overrides and load it."""

    def run(**files: str | bytes | None) -> tuple[Catalogue | None, Findings]:
        return load_catalogue(write_files(tmp_path / "kpis", files))

    return run


def pos(text: str, needle: str, nth: int = 0, offset: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` occurrence of ``needle`` in ``text``, plus offset."""
    text = textwrap.dedent(text)
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    start += offset
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column


def where(finding: Finding) -> tuple[str, int | None, int | None]:
    """(file name, line, column) of a finding."""
    loc = finding.location
    return Path(loc.file or "").name, loc.line, loc.column


def codes(findings: Findings) -> list[str]:
    return [f.code for f in findings]
