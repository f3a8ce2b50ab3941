"""The portal's finding codes (P…), each produced by an upload through the pages.

The cases are ``tests/finding_cases/portal.yml``; ``tests/test_finding_codes.py`` checks
that every code has one and runs the cases of every other area.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.test_finding_codes import Case, finding_cases, write_workbook

from .portal_kit import client_for, last_upload, upload, workbook

CASES = finding_cases("portal.yml")


def upload_bytes(spec: dict[str, Any], period: str, tmp_path: Path) -> bytes:
    if "example" in spec:
        return workbook(str(spec["example"]), period)
    path = tmp_path / "upload.xlsx"
    write_workbook(path, spec, tmp_path / "kpis", tmp_path / "units.csv")
    return path.read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_upload_produces_its_code(
    case: Case, province: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    spec = case.spec["portal"]
    unit, period = str(spec.get("unit", "07882")), str(spec.get("period", "2024"))
    for name, value in (spec.get("settings") or {}).items():
        setattr(settings, name, value)
    reporting = province["periods"][period]
    if spec.get("closed"):
        reporting.is_open = False
    if spec.get("late"):
        reporting.deadline = timezone.now() - timezone.timedelta(days=1)
    reporting.save()
    upload(client_for(unit), unit, period, upload_bytes(spec["workbook"], period, tmp_path))
    codes = {f["code"] for f in last_upload(unit, period).findings}
    assert case.code in codes, (
        f"the case {case.name!r} of {case.code} (tests/finding_cases/portal.yml) "
        f"produced {', '.join(sorted(codes)) or 'nothing'}, not {case.code}"
    )
