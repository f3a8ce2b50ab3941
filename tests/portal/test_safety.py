"""Safety: headers, no stack trace shown, nothing from outside, login throttling, migrations."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from .portal_kit import PASSWORD, client_for, upload, workbook

PORTAL = Path(__file__).resolve().parents[2] / "src" / "chiso" / "portal"

pytestmark = pytest.mark.django_db


def test_pages_carry_the_security_headers(province: Any) -> None:
    response = client_for("07882").get("/unit/07882/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_debug_is_off_unless_asked() -> None:
    from django.conf import settings

    assert settings.DEBUG is False


def test_an_unexpected_error_shows_a_reference_id_and_no_stack_trace(
    province: Any, monkeypatch: Any, caplog: Any,
) -> None:
    from chiso import api

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api, "read_submission", broken)
    client = client_for("07882")
    client.raise_request_exception = False
    response = upload(client, "07882", "2024", workbook("07882"))
    body = response.content.decode()
    assert response.status_code == 500
    reference = re.search(r'data-testid="error-reference">(\w+)<', body)
    assert reference is not None
    assert "Traceback" not in body and "secret internals" not in body
    # the log has the details under the same id
    assert reference.group(1) in caplog.text and "secret internals" in caplog.text


def test_no_page_or_asset_loads_anything_from_outside() -> None:
    shipped = [*PORTAL.joinpath("templates").rglob("*.html"),
               *PORTAL.joinpath("static").rglob("*.*")]
    assert shipped
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text), path
        assert "@import" not in text and "url(http" not in text, path


def test_static_files_are_served_by_the_portal_itself() -> None:
    response = Client().get("/static/portal/portal.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"/* chiso portal")


def test_the_fifth_failed_login_locks_the_account_out_even_for_the_right_password(
    province: Any,
) -> None:
    client = Client()
    for _ in range(4):
        answer = client.post("/login/", {"username": "07882", "password": "wrong"})
        assert answer.status_code == 200 and 'data-testid="login-error"' in answer.content.decode()
    fifth = client.post("/login/", {"username": "07882", "password": "wrong"})
    assert fifth.status_code == 429
    locked = client.post("/login/", {"username": "07882", "password": PASSWORD})
    assert locked.status_code == 429 and 'data-testid="locked"' in locked.content.decode()
    # another account from the same address is not locked
    assert client.post("/login/", {"username": "07897", "password": PASSWORD}).status_code == 302


def test_the_right_password_logs_in(province: Any) -> None:
    client = Client()
    answer = client.post("/login/", {"username": "07882", "password": PASSWORD})
    assert answer.status_code == 302
    assert client.get("/").headers["Location"] == "/unit/07882/"


@pytest.mark.django_db(transaction=True)
def test_migrations_run_from_an_empty_database_and_back() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "portal", "zero", verbosity=0)
    assert "portal_upload" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert "portal_upload" in connection.introspection.table_names()


def test_the_models_have_no_migration_missing() -> None:
    from django.core.management import call_command

    call_command("makemigrations", "portal", "--check", "--dry-run", verbosity=0)


def test_the_cli_alone_does_not_import_django() -> None:
    code = ("import sys\nfrom click.testing import CliRunner\nfrom chiso.cli import main\n"
            "r = CliRunner().invoke(main, ['--help'])\nassert 'serve' in r.output\n"
            "print('django' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={"PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "False"


def test_the_tests_run_on_the_database_asked_for() -> None:
    # CHISO_TEST_DATABASE_URL=postgresql://… runs this suite on PostgreSQL; else a
    # SQLite file, as `chiso serve` uses by default
    import os

    from django.db import connection

    wanted = "postgresql" if os.environ.get("CHISO_TEST_DATABASE_URL") else "sqlite"
    assert connection.vendor == wanted
    if wanted == "sqlite":
        assert not connection.is_in_memory_db()
