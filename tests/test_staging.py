"""Outputs are renamed into place together when complete, or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso.staging import OutputError, Staging, write_text


def test_outputs_appear_only_when_the_block_ends(tmp_path: Path) -> None:
    with Staging() as staging:
        staging.path(tmp_path / "a.txt").write_text("A", "utf-8")
        staging.path(tmp_path / "sub" / "b.txt").write_text("B", "utf-8")
        # written, but not yet under their names
        assert not (tmp_path / "a.txt").exists()
    assert (tmp_path / "a.txt").read_text("utf-8") == "A"
    assert (tmp_path / "sub" / "b.txt").read_text("utf-8") == "B"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.txt", "b.txt"]


def test_a_failure_leaves_the_old_files_and_no_temporary_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("old", "utf-8")
    with pytest.raises(RuntimeError), Staging() as staging:
        staging.path(tmp_path / "a.txt").write_text("half", "utf-8")
        staging.path(tmp_path / "b.txt").write_text("B", "utf-8")
        raise RuntimeError("disk full")
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert (tmp_path / "a.txt").read_text("utf-8") == "old"


def test_a_staged_output_never_written_is_an_error_not_a_stale_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("old", "utf-8")
    with pytest.raises(RuntimeError, match="never written"), Staging() as staging:
        staging.path(tmp_path / "a.txt")
    assert (tmp_path / "a.txt").read_text("utf-8") == "old"


def test_a_link_at_the_target_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious", "utf-8")
    (tmp_path / "out.txt").symlink_to(victim)
    write_text(tmp_path / "out.txt", "new")
    assert victim.read_text("utf-8") == "precious"
    assert not (tmp_path / "out.txt").is_symlink()
    assert (tmp_path / "out.txt").read_text("utf-8") == "new"


def test_a_folder_at_the_target_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "out.txt").mkdir()
    with pytest.raises(OutputError, match="a folder is already there"):
        write_text(tmp_path / "out.txt", "new")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
