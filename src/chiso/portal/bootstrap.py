"""Starting the portal outside a web server: settings from options, Django set up, migrations run.

Used by ``chiso serve`` and ``chiso export``; the settings module reads the
environment, so the options are put there before Django is set up. The last two
functions are for starting ``chiso serve`` in a process of its own, as the browser
tests (``tests/portal/browser``) and the load benchmark (``benchmarks/portal.py``) do.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import sys
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


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on at the moment (the OS picks it)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def chiso_command() -> list[str]:
    """The command that runs this interpreter's ``chiso``, for ``subprocess``.

    The console script beside the interpreter (a virtual environment), else the
    one on ``PATH``, else the CLI through the interpreter itself.
    """
    script = Path(sys.executable).parent / "chiso"
    if script.exists():
        return [str(script)]
    found = shutil.which("chiso")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from chiso.cli import main; sys.exit(main())"]
