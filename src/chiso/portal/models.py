"""The portal's tables: units and accounts, periods, uploads (versions), scores, audit, tokens.

The units file stays the truth about the hierarchy (it is read with
:func:`chiso.api.load_units`); :class:`PortalUnit` mirrors its rows so accounts
and uploads can point at a unit. Uploaded files live in the data folder, stored
once by sha256 (:mod:`chiso.portal.storage`); a row here points at them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class PortalUnit(models.Model):
    """One row of the imported units file."""

    code = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255, blank=True, default="")
    level = models.CharField(max_length=64)
    parent_code = models.CharField(max_length=64, blank=True, default="")
    position = models.PositiveIntegerField(default=0)  # order in the units file

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


class Role:
    """Account roles (see :mod:`chiso.portal.access`)."""

    REPORTER = "reporter"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    choices = [
        (REPORTER, "Đơn vị báo cáo / unit reporter"),
        (REVIEWER, "Huyện xem xét / district reviewer"),
        (ADMIN, "Quản trị tỉnh / province administrator"),
    ]


class Account(models.Model):
    """What a login may do: its unit and role (see :mod:`chiso.portal.access`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="chiso_account")
    # None only for a province administrator made before the units were imported
    unit = models.ForeignKey(PortalUnit, on_delete=models.PROTECT, related_name="accounts",
                             null=True, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.REPORTER)
    # A password handed out on paper must be changed at the first login.
    must_change_password = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} ({self.role}, {self.unit.code if self.unit else '-'})"


class ReportingPeriod(models.Model):
    code = models.CharField(max_length=16, unique=True)  # 2024, 2024-Q3, 2024-06
    deadline = models.DateTimeField(null=True, blank=True)
    is_open = models.BooleanField(default=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # the scoring units see: fixed when published, so a later scoring is not shown
    # until the province publishes again
    published_run = models.ForeignKey("ScoreRun", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-code"]

    def __str__(self) -> str:
        return self.code

    def shown_run(self, *, preview: bool = False) -> ScoreRun | None:
        """The published scoring; with ``preview`` (the province) the latest usable one."""
        if preview:
            return ScoreRun.objects.filter(period=self, exit_code__in=[0, 1]).first()
        return self.published_run if self.published_at else None


class UploadStatus:
    ACCEPTED = "accepted"  # the unit's workbook for the period
    REJECTED = "rejected"  # not a workbook, too large, another unit's or period's
    choices = [(ACCEPTED, "nhận / accepted"), (REJECTED, "không tính / rejected")]


class Upload(models.Model):
    """One version: every upload is kept, nothing is overwritten."""

    unit = models.ForeignKey(PortalUnit, on_delete=models.PROTECT, related_name="uploads")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="uploads")
    version = models.PositiveIntegerField()
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, blank=True, default="")  # "" when not stored
    size = models.BigIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="chiso_uploads")
    on_behalf = models.BooleanField(default=False)  # by a reviewer/administrator for the unit
    via_api = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=UploadStatus.choices)
    n_errors = models.PositiveIntegerField(default=0)
    n_warnings = models.PositiveIntegerField(default=0)
    findings = models.JSONField(default=list)  # Finding.to_dict() of each finding

    class Meta:
        ordering = ["unit__position", "period__code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "version"],
                                    name="one_number_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.period.code} v{self.version}"

    @property
    def accepted(self) -> bool:
        return self.status == UploadStatus.ACCEPTED


class ScoreRun(models.Model):
    """A scoring of a period from the stored submissions (``chiso score`` on an export)."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="scores")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    folder = models.CharField(max_length=255)  # under <data>/scores
    exit_code = models.IntegerField()
    n_files = models.PositiveIntegerField(default=0)
    files = models.JSONField(default=list)  # names of the outputs written

    class Meta:
        ordering = ["-created_at", "-id"]


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=64)
    target = models.CharField(max_length=255, blank=True, default="")
    detail = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]


class ApiToken(models.Model):
    """A token for scripts; only its sha256 is kept (shown once when made)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="chiso_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)


class UnitsFile(models.Model):
    """Each imported units file (the latest is in force; the bytes are in the store)."""

    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-imported_at", "-id"]


def audit(user: Any, action: str, target: str = "", **detail: Any) -> AuditEntry:
    """Write one line of the audit log (``user`` may be None or anonymous)."""
    who = user if getattr(user, "is_authenticated", False) else None
    return AuditEntry.objects.create(user=who, action=action, target=target, detail=detail)
