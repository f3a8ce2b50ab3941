"""Receiving an upload: store it, read it with chiso's reader, keep it as a new version.

The order matters: the file is stored (atomically, see :mod:`chiso.portal.storage`)
and read before the row is written, and the row is written in its own short
transaction that numbers the version. Two uploads for the same unit and period at
once both get a row, numbered in the order they commit (a clash on the number is
retried). Nothing earlier is changed.

An upload **counts** (``accepted``) when the reader found in it the report of this
unit for this period; its data findings (a blank required cell, online > total)
are shown and the board marks it "with errors" until a corrected version comes.
It is **rejected** — kept, with its findings, but never counted — when it is too
large, not a workbook the reader can open, another unit's or period's report,
several units' reports at once, or sent to a closed period.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from chiso import api
from chiso.findings import Finding, Findings, Location, Severity
from chiso.portal import codes as _codes  # noqa: F401  (declares the P codes)
from chiso.portal import storage
from chiso.portal.models import PortalUnit, ReportingPeriod, Upload, UploadStatus, audit
from chiso.portal.province import Province

log = logging.getLogger("chiso.portal")
VERSION_RETRIES = 20


def safe_name(name: str) -> str:
    """The base name of an uploaded file as shown back to people (no folders, no controls)."""
    base = Path(name.replace("\\", "/")).name
    cleaned = "".join(c for c in base if c.isprintable() and c not in "/\\")
    return (cleaned or "upload.xlsx")[:200]


def receive(
    source: IO[bytes],
    *,
    filename: str,
    size: int,
    unit: PortalUnit,
    period: ReportingPeriod,
    user: Any,
    province: Province,
    on_behalf: bool = False,
    via_api: bool = False,
    may_use_closed: bool = False,
) -> Upload:
    """Store, read and record one upload; returns its new version."""
    name = safe_name(filename)
    where = Location(file=name)
    findings = Findings()
    digest = ""
    limit = settings.CHISO_MAX_UPLOAD_BYTES
    if size > limit:
        findings.add("P001", where, size=size, limit=limit)
        accepted = False
    else:
        data = source.read(limit + 1)
        if len(data) > limit:  # the declared size was wrong
            findings.add("P001", where, size=len(data), limit=limit)
            accepted = False
        else:
            size = len(data)
            digest, path = storage.put(data)
            found, accepted = _read(path, name, unit, period, province)
            findings.extend(found)
    if not period.is_open and not may_use_closed:
        findings.add("P003", where, period=period.code)
        accepted = False
    now = timezone.now()
    if accepted and period.deadline is not None and now > period.deadline:
        findings.add("P006", where, deadline=_local(period.deadline))
    findings = findings.sorted()
    upload = _record(
        unit=unit, period=period, filename=name, sha256=digest, size=size, user=user,
        on_behalf=on_behalf, via_api=via_api, accepted=accepted, findings=findings,
    )
    audit(user, "upload", f"{unit.code} {period.code} v{upload.version}",
          sha256=digest, status=upload.status, errors=upload.n_errors,
          on_behalf=on_behalf, via_api=via_api)
    return upload


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _read(
    path: Path, name: str, unit: PortalUnit, period: ReportingPeriod, province: Province
) -> tuple[list[Finding], bool]:
    """The reader's findings (located in the uploaded file's name) and whether it counts."""
    result = api.read_submission(path, province.catalogue, province.units, period=period.code)
    stored = str(path)
    findings = [
        f.at(file=name) if f.location.file == stored else f for f in result.findings
    ]
    where = Location(file=name)
    submitted = {(u, p) for u, p, _ in result.submitted}
    units = sorted({u for u, _ in submitted})
    if not submitted:
        # the reader said why (not a workbook, no unit …) unless it found nothing at all
        if not any(f.severity is Severity.ERROR for f in findings):
            findings.append(_make("P005", where, expected=unit.code, period=period.code))
        return findings, False
    if len(units) > 1:
        findings.append(_make("P004", where, count=len(units), units=", ".join(units[:10])))
        return findings, False
    if units[0] != unit.code:
        findings.append(_make("P002", where, found=units[0], expected=unit.code))
        return findings, False
    # another period's workbook: the reader, told the period, said so (S103) and kept
    # nothing, so it never reaches here
    return findings, True


def _make(code: str, where: Location, **params: Any) -> Finding:
    found = Findings()
    found.add(code, where, **params)
    return found[0]


def _record(
    *, unit: PortalUnit, period: ReportingPeriod, filename: str, sha256: str, size: int,
    user: Any, on_behalf: bool, via_api: bool, accepted: bool, findings: list[Finding],
) -> Upload:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    who = user if getattr(user, "is_authenticated", False) else None
    for _ in range(VERSION_RETRIES):
        try:
            with transaction.atomic():
                latest = Upload.objects.filter(unit=unit, period=period).aggregate(
                    v=Max("version"))["v"] or 0
                return Upload.objects.create(
                    unit=unit, period=period, version=latest + 1, filename=filename,
                    sha256=sha256, size=size, uploaded_by=who, on_behalf=on_behalf,
                    via_api=via_api,
                    status=UploadStatus.ACCEPTED if accepted else UploadStatus.REJECTED,
                    n_errors=errors, n_warnings=warnings,
                    findings=[plain(f.to_dict()) for f in findings],
                )
        except IntegrityError:
            continue  # another upload took this number first: take the next
    raise RuntimeError(f"could not number a version of {unit.code} {period.code}")


def plain(item: dict[str, Any]) -> dict[str, Any]:
    """A finding's dict as strict JSON (a parsed Decimal as text, NaN as null)."""
    text = json.dumps(item, default=str, allow_nan=True)
    return dict(json.loads(text, parse_constant=lambda _: None))


def findings_of(upload: Upload) -> list[Finding]:
    """The stored findings back as :class:`Finding` objects (for chiso's renderers)."""
    return [finding_from_dict(item) for item in upload.findings]


def finding_from_dict(item: dict[str, Any]) -> Finding:
    location = Location(**item.get("location", {}))
    found = Finding(
        code=item["code"], severity=Severity(item["severity"]),
        message_vi=item["message_vi"], message_en=item["message_en"], location=location,
    )
    extra = {k: item[k] for k in ("raw", "value", "suggestion", "subject") if k in item}
    return replace(found, **extra) if extra else found


def latest_accepted(period: ReportingPeriod) -> dict[str, Upload]:
    """Unit code → the latest accepted version for ``period`` (the one that counts)."""
    chosen: dict[str, Upload] = {}
    uploads = (Upload.objects.filter(period=period, status=UploadStatus.ACCEPTED)
               .select_related("unit").order_by("unit_id", "version"))
    for upload in uploads:
        chosen[upload.unit.code] = upload
    return chosen
