"""Accounts: one per unit made from the units file, administrators, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from chiso.portal.models import Account, ApiToken, PortalUnit, Role

# No 0/O, 1/l/I: a password read from paper and typed on a phone.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time_password(length: int = 12) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def username_for(unit: PortalUnit) -> str:
    return unit.code.lower()


def role_for(unit: PortalUnit, root_codes: set[str], district_levels: set[str]) -> str:
    if unit.code in root_codes:
        return Role.ADMIN
    if unit.level in district_levels:
        return Role.REVIEWER
    return Role.REPORTER


@transaction.atomic
def accounts_for_units(units: list[PortalUnit], *, reviewer_levels: set[str],
                       password: str | None = None) -> list[dict[str, Any]]:
    """One account per unit that has none; returns the new ones with their one-time passwords.

    The root unit's account is an administrator, units of ``reviewer_levels``
    (districts) reviewers, the others reporters. Existing accounts are left as they are.
    """
    user_model = get_user_model()
    # A shared password (the demo) is hashed once: hashing is slow on purpose.
    shared = make_password(password) if password else None
    roots = {u.code for u in units if not u.parent_code}
    made = []
    for unit in units:
        if Account.objects.filter(unit=unit).exists():
            continue
        name = username_for(unit)
        if user_model.objects.filter(username=name).exists():
            continue
        secret = password or one_time_password()
        user = user_model(username=name)
        user.password = shared or make_password(secret)
        user.save()
        role = role_for(unit, roots, reviewer_levels)
        Account.objects.create(user=user, unit=unit, role=role,
                               must_change_password=password is None)
        made.append({"unit": unit, "username": name, "password": secret, "role": role})
    return made


def create_admin(username: str, password: str, unit: PortalUnit | None = None) -> Any:
    """A province administrator, also a Django superuser (the admin site)."""
    user = get_user_model().objects.create_superuser(username=username, password=password)
    Account.objects.create(user=user, unit=unit, role=Role.ADMIN)
    return user


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_token(user: Any) -> str:
    """A new API token for ``user``; only its sha256 is stored, the key is shown once."""
    key = "chiso_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=_digest(key), prefix=key[6:12])
    return key


def user_of_token(key: str) -> Any | None:
    token = ApiToken.objects.select_related("user").filter(digest=_digest(key)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
