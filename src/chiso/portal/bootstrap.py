"""Starting the portal outside a web server: settings from options, Django set up, migrations run.

Used by ``chiso serve`` and ``chiso export``; the settings module reads the
environment, so the options are put there before Django is set up.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def configure(data: Path, *, kpis: Path | None = None, database: str | None = None,
              hosts: list[str] | None = None) -> None:
    """Set the portal's environment for ``data`` and set Django up (once per process)."""
    data = data.resolve()
    data.mkdir(parents=True, exist_ok=True)
    key = data / "secret_key"
    if not key.is_file() and not os.environ.get("CHISO_SECRET_KEY"):
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    os.environ["CHISO_DATA_DIR"] = str(data)
    if kpis is not None:
        os.environ["CHISO_KPIS"] = str(kpis.resolve())
    if database:
        os.environ["CHISO_DATABASE_URL"] = database
    if hosts:
        known = os.environ.get("CHISO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
        os.environ["CHISO_ALLOWED_HOSTS"] = ",".join(dict.fromkeys([*known, *hosts]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.portal.settings")
    import django

    django.setup()


def migrate() -> None:
    """Create or bring the database up to date (a new SQLite file on first start)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
