"""``chiso serve`` and ``chiso export``: the upload portal (needs ``pip install chiso[serve]``).

Django is imported only when these commands run: the rest of the CLI does not
need the web framework.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import click

from chiso.cli.i18n import Option
from chiso.cli.options import database_option

SERVE_EXTRA = "Cổng báo cáo cần gói bổ sung / the portal needs: pip install 'chiso[serve]'"


def _require_django() -> None:
    try:
        import django  # noqa: F401
    except ModuleNotFoundError:
        raise click.UsageError(SERVE_EXTRA) from None


@click.command()
@click.option("--data", cls=Option, type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Data folder: uploaded files, scores and the SQLite database.",
              help_vi="Thư mục dữ liệu: tệp đã tải lên, điểm và cơ sở dữ liệu SQLite.")
@click.option("--demo", cls=Option, type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Load an example province (e.g. examples/phu-tho).",
              help_vi="Nạp một tỉnh ví dụ (như examples/phu-tho).")
@click.option("--kpis", cls=Option, type=click.Path(exists=True, path_type=Path), default=None,
              help="KPI catalogue folder (default: <data>/kpis, the example's, or ./kpis).",
              help_vi="Thư mục bộ chỉ số (mặc định: <data>/kpis, của ví dụ, hoặc ./kpis).")
@database_option
@click.option("--host", cls=Option, default="127.0.0.1", show_default=True,
              help="Address to listen on.", help_vi="Địa chỉ lắng nghe.")
@click.option("--port", cls=Option, default=8000, show_default=True, type=int,
              help="Port to listen on.", help_vi="Cổng lắng nghe.")
@click.option("--create-admin", "admin", cls=Option, default=None, metavar="USERNAME",
              help="Create a province administrator (asks for the password) and stop.",
              help_vi="Tạo tài khoản quản trị của tỉnh (hỏi mật khẩu) rồi dừng.")
def serve(data: Path | None, demo: Path | None, kpis: Path | None, database: str | None,
          host: str, port: int, admin: str | None) -> None:
    """Chạy cổng báo cáo / run the upload portal on http://HOST:PORT."""
    _require_django()
    if data is None:
        if demo is None:
            raise click.UsageError("give --data DIR (or --demo EXAMPLE)")
        data = Path(tempfile.mkdtemp(prefix="chiso-demo-"))
    inputs = None
    if demo is not None:
        from chiso.cli.scoring import resolve_inputs

        inputs = resolve_inputs([demo], kpis, None)
        kpis = inputs.kpis
    elif kpis is None and not (data / "kpis").is_dir():
        kpis = Path("kpis")
    from chiso.portal.bootstrap import configure, migrate

    configure(data, kpis=kpis, database=database, hosts=[host])
    migrate()
    if admin is not None:
        _create_admin(admin)
        return
    click.echo(f"Dữ liệu / data: {data}")
    if inputs is not None:
        from chiso.portal.demo import load_demo

        click.echo("Đang nạp ví dụ / loading the example …")
        shown = load_demo(inputs.units, inputs.submissions[0])
        click.echo("Tài khoản thử / demo accounts (mật khẩu / password: "
                   f"{shown['password']}):")
        for role, name in shown["accounts"].items():
            click.echo(f"  {role:9} {name}")
        click.echo("  (mỗi đơn vị một tài khoản: mã đơn vị viết thường / one account per unit: "
                   "its code in lower case)")
    else:
        _print_first_steps(data)
    _load_province()
    click.echo(f"Mở / open: http://{host}:{port}/  (Ctrl+C để dừng / to stop)")
    from django.core.management import call_command

    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True,
                 skip_checks=True)


def _load_province() -> None:
    """Load the catalogue and the units file before the first request, not during it.

    Loaded lazily, they cost the first upload after a start seconds; and a burst
    of uploads (every commune on the deadline) loaded them once per thread at the
    same time: in benchmarks/portal.py the first 16 of 225 uploads took 8.5-12.6 s.
    """
    from chiso.portal.province import NotConfigured, current

    # nothing imported yet: the province's page says what to do
    with contextlib.suppress(NotConfigured):
        current()


def _print_first_steps(data: Path) -> None:
    from chiso.portal.models import Account, Role

    if Account.objects.filter(role=Role.ADMIN).exists():
        return
    click.echo("Chưa có quản trị viên / no administrator yet. Tạo bằng / create one with:")
    click.echo(f"  chiso serve --data {data} --create-admin admin")
    click.echo("rồi đăng nhập và nhập danh mục đơn vị / then log in and import the units file.")


def _create_admin(username: str) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from chiso.portal.accounts import create_admin

    if get_user_model().objects.filter(username=username).exists():
        raise click.UsageError(f"'{username}' đã có / already exists")
    password = click.prompt("Mật khẩu / password", hide_input=True,
                            confirmation_prompt=True)
    try:
        validate_password(password)
    except ValidationError as exc:
        raise click.UsageError(" ".join(exc.messages)) from None
    create_admin(username, password)
    click.echo(f"Đã tạo quản trị viên / administrator created: {username}")


@click.command()
@click.option("--data", cls=Option, type=click.Path(exists=True, file_okay=False,
              path_type=Path), required=True, help="The portal's data folder.",
              help_vi="Thư mục dữ liệu của cổng báo cáo.")
@click.option("--out", cls=Option, type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Folder to write (chiso score reads it as it is).",
              help_vi="Thư mục để ghi (chiso score đọc được ngay).")
@click.option("--period", cls=Option, default=None,
              help="Only periods up to this one (e.g. 2024).",
              help_vi="Chỉ các kỳ đến kỳ này (như 2024).")
@click.option("--kpis", cls=Option, type=click.Path(exists=True, path_type=Path), default=None,
              help="KPI catalogue folder (default: <data>/kpis).",
              help_vi="Thư mục bộ chỉ số (mặc định: <data>/kpis).")
@database_option
def export(data: Path, out: Path, period: str | None, kpis: Path | None,
           database: str | None) -> None:
    """Xuất các báo cáo được tính / export the counted workbooks for ``chiso score``."""
    _require_django()
    from chiso.periods import Period, PeriodError

    if period is not None:
        try:
            period = str(Period.parse(period))
        except PeriodError as exc:
            raise click.UsageError(str(exc)) from None
    from chiso.portal.bootstrap import configure, migrate

    configure(data, kpis=kpis, database=database)
    migrate()
    from chiso.portal.province import NotConfigured, current
    from chiso.portal.scoring import export as write_export

    try:
        province = current()
    except NotConfigured as exc:
        raise click.UsageError(str(exc)) from None
    count = write_export(province, out, up_to=period)
    click.echo(f"{count} báo cáo / workbooks → {out}")
    click.echo(f"Chấm điểm / score: cd {out} && chiso score . --out out")
