"""``chiso serve`` (first start, the first administrator, the demo) and ``chiso export``."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from chiso.cli import main

from .portal_kit import EXAMPLE, REPO, SUBMISSIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(monkeypatch: Any) -> list[tuple[Any, ...]]:
    """``chiso serve`` runs everything but the server itself (recorded instead)."""
    import django.core.management as management

    real = management.call_command
    started: list[tuple[Any, ...]] = []

    def call_command(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "runserver":
            started.append((name, *args))
            return None
        return real(name, *args, **kwargs)

    monkeypatch.setattr(management, "call_command", call_command)
    for name in ("CHISO_DATA_DIR", "CHISO_KPIS", "CHISO_ALLOWED_HOSTS", "CHISO_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return started


def test_the_first_start_says_how_to_create_the_administrator(
    served: list[tuple[Any, ...]], tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    result = CliRunner().invoke(main, ["serve", "--data", str(data), "--kpis",
                                       str(REPO / "kpis"), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert f"chiso serve --data {data} --create-admin admin" in result.output
    assert "http://127.0.0.1:8123/" in result.output
    assert served == [("runserver", "127.0.0.1:8123")]
    assert (data / "secret_key").stat().st_mode & 0o077 == 0


def test_create_admin_asks_for_a_password_and_makes_an_administrator(
    served: list[tuple[Any, ...]], tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    args = ["serve", "--data", str(data), "--kpis", str(REPO / "kpis"), "--create-admin", "boss"]
    weak = CliRunner().invoke(main, args, input="123\n123\n")
    assert weak.exit_code == 2  # Django's password rules refuse it
    result = CliRunner().invoke(main, args, input="Mat-khau-tinh-2025\nMat-khau-tinh-2025\n")
    assert result.exit_code == 0, result.output
    from chiso.portal.access import scope_of
    from chiso.portal.models import Account

    account = Account.objects.get(user__username="boss")
    assert scope_of(account.user).is_admin and account.user.check_password("Mat-khau-tinh-2025")
    assert served == []


def test_serve_without_a_data_folder_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2 and "--data" in result.output


def test_the_demo_loads_units_accounts_submissions_and_a_published_period(
    tmp_path: Path, settings: Any,
) -> None:
    example = tmp_path / "example"
    for period, codes in (("2023", ["07882", "07897"]), ("2024", ["07882", "08440"])):
        (example / "submissions" / period).mkdir(parents=True)
        for code in codes:
            shutil.copy(SUBMISSIONS / period / f"{code}.xlsx",
                        example / "submissions" / period / f"{code}.xlsx")
    shutil.copy(EXAMPLE / "units.csv", example / "units.csv")
    from chiso.portal.demo import DEMO_PASSWORD, load_demo
    from chiso.portal.models import Account, ReportingPeriod, ScoreRun, Upload

    shown = load_demo(example / "units.csv", example / "submissions")
    assert shown["password"] == DEMO_PASSWORD
    # the reporter shown is a commune under a district, the reviewer a district
    assert shown["accounts"]["reporter"].startswith("07882 ")
    assert shown["accounts"]["reviewer"].startswith("227 ")
    assert Account.objects.count() == 54  # 53 units and the administrator
    assert [(u.unit.code, u.period.code, u.status) for u in
            Upload.objects.order_by("period__code", "unit__code")] == [
        ("07882", "2023", "accepted"), ("07897", "2023", "accepted"),
        ("07882", "2024", "accepted"), ("08440", "2024", "accepted")]
    periods = {p.code: p for p in ReportingPeriod.objects.all()}
    assert not periods["2023"].is_open and periods["2024"].is_open
    assert periods["2024"].published_at is not None
    # 08440's blank required cell is an error finding: chiso score exits 1
    assert ScoreRun.objects.get().exit_code == 1
    # a second start finds the example loaded and changes nothing
    load_demo(example / "units.csv", example / "submissions")
    assert Upload.objects.count() == 4


def test_a_first_start_in_its_own_process_creates_and_migrates_the_sqlite_database(
    tmp_path: Path,
) -> None:
    import os
    import sqlite3
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CHISO_", "DJANGO_"))}
    done = subprocess.run(
        [sys.executable, "-c", "from chiso.cli import main; main()", "export", "--data",
         str(tmp_path), "--out", str(tmp_path / "out"), "--kpis", str(REPO / "kpis")],
        capture_output=True, text=True, env=env, check=False, cwd=tmp_path)
    # nothing imported yet: a usage error that says so, after migrating
    assert done.returncode == 2 and "no units file imported" in done.stderr
    tables = {row[0] for row in sqlite3.connect(tmp_path / "portal.sqlite3").execute(
        "select name from sqlite_master where type='table'")}
    assert {"portal_upload", "portal_account", "auth_user", "axes_accessattempt"} <= tables
