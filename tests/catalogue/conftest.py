"""Loading the kit's small catalogue (``tests.kit.KPI_FILES``) with one file broken at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chiso.catalogue.loader import load_catalogue
from chiso.catalogue.model import Catalogue
from chiso.findings import Finding, Findings
from tests.kit import write_kpi_files

Loader = Callable[..., tuple[Catalogue | None, Findings]]


@pytest.fixture
def load(tmp_path: Path) -> Loader:
    """``load(**{"kpis.yaml": "..."})``: write the base catalogue with overrides and load it."""

    def run(**files: str | bytes | None) -> tuple[Catalogue | None, Findings]:
        return load_catalogue(write_kpi_files(tmp_path / "kpis", files))

    return run


def where(finding: Finding) -> tuple[str, int | None, int | None]:
    """(file name, line, column) of a finding."""
    loc = finding.location
    return Path(loc.file or "").name, loc.line, loc.column


def codes(findings: Findings) -> list[str]:
    return [f.code for f in findings]
