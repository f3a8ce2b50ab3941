"""The dataset's list of workbooks read: what each file submitted, for the tracker."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from chiso.catalogue.model import Catalogue
from chiso.submissions.batch import read_submissions
from chiso.units.model import Units


def _vertical(code: str, staff: object = 40, with_computer: object = 30) -> dict[str, list]:
    return {"BC": [
        ["BÁO CÁO NĂM 2024"],
        ["Mã đơn vị:", code],
        ["Nội dung", "Số liệu"],
        ["Tổng số cán bộ, công chức", staff],
        ["Số cán bộ, công chức được trang bị máy tính", with_computer],
    ]}


def test_each_file_gives_one_row_with_its_counts_and_mtime(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path], tmp_path: Path
) -> None:
    good = handmade("a-227.xlsx", _vertical("227"))
    # 45 with a computer > 40 staff: S302 (error), and the value is kept flagged
    bad = handmade("b-230.xlsx", _vertical("230", 40, 45))
    broken = tmp_path / "c-broken.xlsx"
    broken.write_bytes(b"not a zip")
    stamp = datetime(2025, 1, 15, 8, 30, tzinfo=UTC).timestamp()
    os.utime(good, (stamp, stamp))
    ds = read_submissions([good, bad, broken], catalogue, units)
    rows = {Path(r["file"]).name: r for r in ds.submissions.to_dict("records")}
    assert list(rows) == ["a-227.xlsx", "b-230.xlsx", "c-broken.xlsx"]
    a, b, c = rows["a-227.xlsx"], rows["b-230.xlsx"], rows["c-broken.xlsx"]
    # A district reports 7 fields; this sheet has 2. Missing: dossiers_total,
    # dossiers_online, digitised_rate, has_it_officer (required: 4 S301 errors) and
    # it_budget (optional: 1 S301 warning).
    assert (a["unit"], a["period"], a["n_values"]) == ("227", "2024", 2)
    assert (a["n_errors"], a["n_warnings"]) == (4, 1)
    assert a["modified"] == datetime(2025, 1, 15, 8, 30, tzinfo=UTC)
    assert len(a["sha256"]) == 64
    assert b["unit"] == "230"
    assert (b["n_errors"], b["n_warnings"]) == (4 + 1, 1)  # the same 4 S301, plus S302
    assert b["n_values"] == 2  # the flagged value stays in the dataset for provenance
    assert (c["unit"], c["period"], c["n_values"], c["n_errors"]) == (None, None, 0, 1)


def test_a_duplicate_file_counts_no_values(
    catalogue: Catalogue, units: Units, handmade: Callable[..., Path]
) -> None:
    first = handmade("a.xlsx", _vertical("227"))
    second = handmade("b.xlsx", _vertical("227", 50, 20))
    ds = read_submissions([first, second], catalogue, units)
    rows = ds.submissions.set_index(ds.submissions["file"].map(lambda f: Path(f).name))
    assert rows.loc["a.xlsx", "n_values"] == 2
    assert rows.loc["b.xlsx", "n_values"] == 0
    assert rows.loc["b.xlsx", "n_errors"] >= 1  # S106: a second report
