"""Fixtures of the portal's tests: a data folder per test, the example province, accounts.

The tests run on SQLite (a file, as in production) or, when
``CHISO_TEST_DATABASE_URL`` is set (``postgresql://postgres@127.0.0.1:5432/test``),
on PostgreSQL: Django's test runner makes a ``test_<name>`` database there.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .portal_kit import EXAMPLE, PASSWORD, REPO


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> Iterator[None]:
    """PostgreSQL when asked; otherwise a SQLite file (threads share it as in production)."""
    from django.conf import settings

    default: dict[str, Any] = settings.DATABASES["default"]
    url = os.environ.get("CHISO_TEST_DATABASE_URL")
    folder = tempfile.mkdtemp(prefix="chiso-test-db-")
    if url:
        import dj_database_url

        parsed = dict(dj_database_url.parse(url))
        for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT"):
            default[key] = parsed.get(key, "")
        default["OPTIONS"] = {}
    else:
        default.setdefault("TEST", {})["NAME"] = str(Path(folder) / "test.sqlite3")
    # A connection object made before (with the old engine) would keep it: drop it.
    from django.db import connections

    connections.close_all()
    del connections["default"]
    yield
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def portal_settings(settings: Any, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    settings.CHISO_DATA_DIR = data
    settings.CHISO_KPIS = REPO / "kpis"
    # hashing passwords is slow on purpose; the tests make many accounts
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return data


@pytest.fixture
def province(db: None) -> dict[str, Any]:
    """The example's units imported: one account per unit (password :data:`PASSWORD`)."""
    from chiso.portal.accounts import create_admin
    from chiso.portal.models import ReportingPeriod
    from chiso.portal.province import import_units

    units_file = EXAMPLE / "units.csv"
    outcome = import_units(units_file.read_bytes(), "units.csv", None, password=PASSWORD)
    assert outcome.units == 53, outcome.findings
    create_admin("admin", PASSWORD)
    periods = {code: ReportingPeriod.objects.create(code=code) for code in ("2023", "2024")}
    return {"periods": periods}
