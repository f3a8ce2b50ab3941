"""``chiso serve --demo examples/phu-tho``: the example province loaded into a portal.

Its units file is imported (one account per unit, all with the password
:data:`DEMO_PASSWORD`), one period per folder of ``submissions/`` is opened, and
every workbook is uploaded by its unit's account through the same code as a real
upload, so the board, versions and findings show at once. The earlier years are
closed; the last one is scored and published so a unit can see its results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from chiso.periods import Period, PeriodError
from chiso.portal import accounts
from chiso.portal.models import Account, PortalUnit, ReportingPeriod, Role
from chiso.portal.province import current, import_units
from chiso.portal.scoring import score_period
from chiso.portal.uploads import receive

DEMO_PASSWORD = "chiso-demo"
ADMIN = "admin"


def load_demo(units_file: Path, submissions: Path) -> dict[str, Any]:
    """Load the example once (a second start finds it loaded); returns what to print."""
    if PortalUnit.objects.exists():
        return _accounts_summary()
    outcome = import_units(units_file.read_bytes(), units_file.name, None,
                           password=DEMO_PASSWORD)
    if outcome.units == 0:
        raise SystemExit(f"{units_file}: the units file has errors")
    rows = list(PortalUnit.objects.all())
    roots = {u.code for u in rows if not u.parent_code}
    if not get_user_model().objects.filter(username=ADMIN).exists():
        root = PortalUnit.objects.filter(code__in=roots).first()
        accounts.create_admin(ADMIN, DEMO_PASSWORD, root)
    province = current()
    periods = sorted((p for p in submissions.iterdir() if p.is_dir() and _is_period(p.name)),
                     key=lambda p: Period.parse(p.name))
    by_code = {u.code: u for u in rows}
    users = {a.unit.code: a.user for a in Account.objects.select_related("unit", "user")
             if a.unit is not None}
    for folder in periods:
        period, _ = ReportingPeriod.objects.get_or_create(code=str(Period.parse(folder.name)))
        for path in sorted(folder.glob("*.xlsx")):
            unit = by_code.get(path.stem)
            if unit is None:
                continue
            with path.open("rb") as handle:
                receive(handle, filename=path.name, size=path.stat().st_size, unit=unit,
                        period=period, user=users.get(unit.code), province=province,
                        may_use_closed=True)
    chosen = list(ReportingPeriod.objects.order_by("code"))
    for period in chosen[:-1]:
        period.is_open = False
        period.save()
    if chosen:
        last = chosen[-1]
        admin = get_user_model().objects.get(username=ADMIN)
        run = score_period(province, last, admin)
        if run.exit_code in (0, 1):
            from django.utils import timezone

            last.published_at = timezone.now()
            last.published_run = run
            last.save()
    return _accounts_summary()


def _is_period(name: str) -> bool:
    try:
        Period.parse(name)
    except PeriodError:
        return False
    return True


def _accounts_summary() -> dict[str, Any]:
    """One account of each role to print, and how the others are named."""
    shown: dict[str, str] = {"admin": ADMIN}
    for role in (Role.REVIEWER, Role.REPORTER):
        # a reporter below a district (a commune) shows the hierarchy best
        candidates = Account.objects.filter(role=role).select_related("user", "unit")
        reviewed = set(Account.objects.filter(role=Role.REVIEWER)
                       .values_list("unit__code", flat=True))
        account = next((a for a in candidates.order_by("unit__position")
                        if role == Role.REVIEWER or (a.unit and a.unit.parent_code in reviewed)),
                       candidates.first())
        if account is not None and account.unit is not None:
            shown[role] = f"{account.user.get_username()} ({account.unit.name})"
    return {"accounts": shown, "password": DEMO_PASSWORD}
