"""Whatever is typed into a KPI file, loading it gives findings, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.catalogue.loader import load_catalogue
from chiso.findings import all_codes
from tests.kit import KPI_FILES, write_kpi_files

KNOWN = {spec.code for spec in all_codes()}
TEXT = st.text(alphabet=" \n\t-:{}[],'\"&*<>!#|%@0123456789.abcdefgidkpvx_", max_size=30)


@st.composite
def edited_files(draw: st.DrawFn) -> dict[str, str]:
    name = draw(st.sampled_from(sorted(KPI_FILES)))
    lines = KPI_FILES[name].splitlines(keepends=True)
    at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace"]))
    if action == "delete":
        del lines[at]
    elif action == "duplicate":
        lines.insert(at, lines[at])
    else:
        line = lines[at]
        col = draw(st.integers(min_value=0, max_value=len(line)))
        end = col if action == "insert" else draw(st.integers(min_value=col, max_value=len(line)))
        lines[at] = line[:col] + draw(TEXT) + line[end:]
    return {name: "".join(lines)}


@settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(edited_files())
def test_any_edit_of_a_kpi_file_gives_findings_not_exceptions(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_kpi_files(Path(tmp) / "kpis", files)
        catalogue, findings = load_catalogue(root)
    for finding in findings:
        assert finding.code in KNOWN
        assert finding.location.file is not None
        assert finding.message_vi and finding.message_en
    if catalogue is None:
        # no catalogue: a missing section (K004/K005), an invalid one (K1xx), or a file
        # that could not be parsed and may have held it (K001–K003)
        explained = ("K001", "K002", "K003", "K004", "K005")
        assert any(f.code in explained or f.code.startswith("K1") for f in findings)
