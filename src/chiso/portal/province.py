"""The province the portal serves: its KPI catalogue and units file, loaded with chiso.api.

The catalogue is the folder ``CHISO_KPIS``; the units file is the latest one an
administrator imported (kept in the store and copied to ``<data>/units/`` with
its own suffix, which tells the loader CSV from YAML). Both are loaded once per
process and file (they are read-only data; a new units file is a new key).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from chiso import api
from chiso.catalogue.model import Catalogue
from chiso.findings import Findings
from chiso.portal import storage
from chiso.portal.models import PortalUnit, UnitsFile
from chiso.units.model import Units


class NotConfigured(Exception):
    """No usable catalogue or units file yet (the page says what to do)."""


@dataclass(frozen=True)
class Province:
    catalogue: Catalogue
    units: Units
    units_path: Path
    kpis: Path


def units_folder() -> Path:
    return storage.data_dir() / "units"


def units_path_of(record: UnitsFile) -> Path:
    return units_folder() / f"{record.sha256}{Path(record.filename).suffix.lower() or '.csv'}"


@lru_cache(maxsize=4)
def _catalogue(kpis: str) -> tuple[Catalogue | None, Findings]:
    return api.load_catalogue(kpis)


@lru_cache(maxsize=8)
def _units(path: str, kpis: str) -> tuple[Units | None, Findings]:
    catalogue, _ = _catalogue(kpis)
    return api.load_units(path, catalogue)


def catalogue() -> Catalogue:
    kpis = str(settings.CHISO_KPIS)
    found, findings = _catalogue(kpis)
    if found is None or findings.has_errors():
        raise NotConfigured(f"không đọc được bộ chỉ số {kpis} (chạy chiso validate) / "
                            f"the KPI catalogue {kpis} cannot be loaded (run chiso validate)")
    return found


def current() -> Province:
    """The catalogue and the units in force; :class:`NotConfigured` when not imported yet."""
    cat = catalogue()
    record = UnitsFile.objects.first()
    if record is None:
        raise NotConfigured("chưa nhập danh mục đơn vị (/province/units/) / "
                            "no units file imported yet (/province/units/)")
    path = units_path_of(record)
    units, _ = _units(str(path), str(settings.CHISO_KPIS))
    if units is None:
        raise NotConfigured(f"không đọc được danh mục đơn vị {path} / "
                            f"the units file {path} cannot be loaded")
    return Province(cat, units, path, Path(settings.CHISO_KPIS))


def check_units_file(data: bytes, filename: str) -> tuple[Units | None, Findings, Path]:
    """Store a units file and load it; the caller imports it only without errors."""
    digest, _ = storage.put(data)
    suffix = Path(filename).suffix.lower()
    if suffix not in {".csv", ".yaml", ".yml"}:
        suffix = ".csv"
    path = units_folder() / f"{digest}{suffix}"
    if not path.is_file():
        storage.write_atomically(path, data)
    units, findings = _units(str(path), str(settings.CHISO_KPIS))
    return units, findings, path


def descendants(units: Units, code: str) -> set[str]:
    """``code`` and every unit below it in the hierarchy (from the units file)."""
    children: dict[str | None, list[str]] = {}
    for unit in units:
        children.setdefault(unit.parent, []).append(unit.code)
    found = {code}
    todo = [code]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def mirror_units(units: Units) -> list[PortalUnit]:
    """Create or update one :class:`PortalUnit` per unit (existing rows are kept)."""
    rows = []
    for position, unit in enumerate(units):
        row, _ = PortalUnit.objects.update_or_create(
            code=unit.code,
            defaults={
                "name": unit.name,
                "name_en": unit.name_en or "",
                "level": unit.level,
                "parent_code": unit.parent or "",
                "position": position,
            },
        )
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Imported:
    """The outcome of :func:`import_units`: new accounts (with passwords) or the findings."""

    units: int
    accounts: list[dict[str, Any]]
    findings: Findings


def import_units(data: bytes, filename: str, user: Any, *,
                 password: str | None = None) -> Imported:
    """Check a units file with chiso's loader and, without errors, make it the one in force.

    Its units are mirrored, and each unit without an account gets one: the top
    unit an administrator, units with units below them (districts) reviewers, the
    others reporters; with a one-time password each unless ``password`` is given.
    """
    from chiso.portal.accounts import accounts_for_units
    from chiso.portal.models import audit

    units, findings, _ = check_units_file(data, filename)
    if units is None or findings.has_errors():
        return Imported(0, [], findings)
    digest = hashlib.sha256(data).hexdigest()
    who = user if getattr(user, "is_authenticated", False) else None
    UnitsFile.objects.create(sha256=digest, filename=filename, imported_by=who)
    rows = mirror_units(units)
    parents = {u.parent for u in units if u.parent}
    roots = {u.code for u in units if not u.parent}
    reviewer_levels = {u.level for u in units if u.code in parents and u.code not in roots}
    made = accounts_for_units(rows, reviewer_levels=reviewer_levels, password=password)
    audit(user, "import_units", filename, sha256=digest, units=len(rows), accounts=len(made))
    return Imported(len(rows), made, findings)
