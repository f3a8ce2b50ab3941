"""Who may see and do what, checked on every request against the unit hierarchy.

- a **reporter** sees its own unit only;
- a **reviewer** sees its unit and every unit below it (a district's communes) and
  may upload on their behalf;
- an **administrator** (or a Django superuser) sees every unit and the province's
  pages (units import, periods, board, scoring, publishing, audit).

A unit outside the account's scope answers 404, exactly as a unit that does not
exist: a guessed id tells nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from chiso.portal.models import Account, PortalUnit, Role, Upload
from chiso.portal.province import NotConfigured, current, descendants


@dataclass(frozen=True)
class Scope:
    role: str
    unit: str | None  # the account's own unit
    codes: frozenset[str] | None  # None: every unit

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def sees(self, code: str) -> bool:
        return self.codes is None or code in self.codes


def account_of(user: Any) -> Account | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Account.objects.select_related("unit").filter(user=user).first()


def scope_of(user: Any) -> Scope:
    """The units ``user`` may see; raises 404 for a login with no account."""
    account = account_of(user)
    if account is None:
        if getattr(user, "is_superuser", False):
            return Scope(Role.ADMIN, None, None)
        raise Http404
    if account.role == Role.ADMIN:
        return Scope(Role.ADMIN, account.unit.code if account.unit else None, None)
    if account.unit is None:
        return Scope(account.role, None, frozenset())
    own = account.unit.code
    if account.role == Role.REVIEWER:
        try:
            units = current().units
        except NotConfigured:
            return Scope(account.role, own, frozenset({own}))
        return Scope(account.role, own, frozenset(descendants(units, own)))
    return Scope(Role.REPORTER, own, frozenset({own}))


def unit_for(user: Any, code: str) -> PortalUnit:
    """The unit ``code`` if ``user`` may see it; 404 otherwise (and when it does not exist)."""
    if not scope_of(user).sees(code):
        raise Http404
    try:
        return PortalUnit.objects.get(code=code)
    except PortalUnit.DoesNotExist:
        raise Http404 from None


def upload_for(user: Any, upload_id: int) -> Upload:
    """The upload ``upload_id`` if its unit is in ``user``'s scope; 404 otherwise."""
    try:
        upload = Upload.objects.select_related("unit", "period", "uploaded_by").get(pk=upload_id)
    except Upload.DoesNotExist:
        raise Http404 from None
    if not scope_of(user).sees(upload.unit.code):
        raise Http404
    return upload


def require_admin(user: Any) -> Scope:
    scope = scope_of(user)
    if not scope.is_admin:
        raise Http404
    return scope
