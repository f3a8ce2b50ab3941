"""Gathering files: links followed once, loops stopped, only regular files opened, one file once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from chiso.catalogue.model import Catalogue
from chiso.submissions.batch import read_submissions
from chiso.submissions.files import collect_files
from chiso.submissions.template import fill_template
from chiso.units.model import Units

VALUES = {"civil_servants": 120, "civil_servants_with_computer": 100}


@pytest.fixture
def report(template: Callable[..., Path]) -> Callable[[Path], Path]:
    """report(path) → district 227's filled template for 2024, saved at ``path``."""

    def make(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        return fill_template(template("227"), VALUES, out=path)

    return make


def _codes(findings: object) -> list[str]:
    return sorted(f.code for f in findings)  # type: ignore[attr-defined]


def test_a_linked_subfolder_is_searched(tmp_path: Path) -> None:
    (tmp_path / "subs" / "real").mkdir(parents=True)
    (tmp_path / "subs" / "real" / "a.xlsx").write_bytes(b"")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.xlsx").write_bytes(b"")
    (tmp_path / "subs" / "linked").symlink_to(tmp_path / "elsewhere")
    files, findings = collect_files([tmp_path / "subs"])
    assert [p.relative_to(tmp_path / "subs").as_posix() for p in files] == [
        "linked/b.xlsx", "real/a.xlsx"]
    assert list(findings) == []


def test_a_link_loop_is_searched_once_and_reported(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    (subs / "a").mkdir(parents=True)
    (subs / "a" / "r.xlsx").write_bytes(b"")
    (subs / "a" / "back").symlink_to(subs)  # subs/a/back/a/back/… for ever
    (subs / "self").symlink_to(".")
    files, findings = collect_files([subs])
    assert files == [subs / "a" / "r.xlsx"]
    loops = [f for f in findings if f.code == "S141"]
    assert sorted(Path(f.location.file or "").name for f in loops) == ["back", "self"]
    assert all(f.severity == "warning" for f in loops)


def test_a_fifo_is_reported_not_opened(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    (tmp_path / "subs").mkdir()
    os.mkfifo(tmp_path / "subs" / "227-2024.xlsx")  # nobody writes: open() would block
    dataset = read_submissions([tmp_path / "subs"], catalogue, units, workers=1)
    (finding,) = dataset.findings
    assert finding.code == "S140"
    assert "named pipe" in finding.message_en
    assert dataset.values.empty


def test_a_link_to_a_device_is_reported_not_read(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    (tmp_path / "zero.xlsx").symlink_to("/dev/zero")  # endless zeros: would fill the memory
    dataset = read_submissions([tmp_path / "zero.xlsx"], catalogue, units, workers=1)
    assert _codes(dataset.findings) == ["S140"]
    assert "character device" in dataset.findings[0].message_en


def test_one_file_reached_by_two_paths_is_read_once(
    catalogue: Catalogue, units: Units, tmp_path: Path, report: Callable[[Path], Path]
) -> None:
    original = report(tmp_path / "a" / "227-2024.xlsx")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "same.xlsx").symlink_to(original)
    os.link(original, tmp_path / "b" / "hard.xlsx")
    dataset = read_submissions([tmp_path / "a", tmp_path / "b"], catalogue, units, workers=1)
    codes = _codes(f for f in dataset.findings if f.severity != "warning")
    # no S106 "submitted twice"; the other two paths are said (info), the values read once
    assert "S106" not in codes
    assert codes.count("S142") == 2
    assert len(dataset.values) == 2
    assert set(dataset.values["file"]) == {str(original)}


def test_a_file_name_that_is_not_utf8_is_read_and_shown(
    catalogue: Catalogue, units: Units, tmp_path: Path, report: Callable[[Path], Path]
) -> None:
    # "báo-cáo" in cp1258/latin-1 bytes, as a Windows zip unpacked on Linux leaves it
    name = os.fsdecode(b"b\xe1o-c\xe1o-227-2024.xlsx")
    report(tmp_path / "subs" / name)
    dataset = read_submissions([tmp_path / "subs"], catalogue, units, workers=1)
    (shown,) = set(dataset.values["file"])
    assert shown.endswith("b\\xe1o-c\\xe1o-227-2024.xlsx")
    shown.encode("utf-8")  # every output can hold it
    assert len(dataset.values) == 2
