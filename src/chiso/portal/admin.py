"""The Django admin for the province's account management (and a read-only look at the rest)."""

from django.contrib import admin

from chiso.portal.models import (
    Account,
    ApiToken,
    AuditEntry,
    PortalUnit,
    ReportingPeriod,
    ScoreRun,
    Upload,
)


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role", "must_change_password")
    list_filter = ("role",)
    search_fields = ("user__username", "unit__code", "unit__name")


@admin.register(PortalUnit)
class PortalUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent_code")
    search_fields = ("code", "name")


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("code", "deadline", "is_open", "published_at")


class ReadOnly(admin.ModelAdmin):
    # Versions, scores and the audit log are records: never edited, never deleted.
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Upload)
class UploadAdmin(ReadOnly):
    list_display = ("unit", "period", "version", "status", "n_errors", "created_at", "uploaded_by")
    list_filter = ("status", "period")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly):
    list_display = ("at", "user", "action", "target")


@admin.register(ScoreRun)
class ScoreRunAdmin(ReadOnly):
    list_display = ("period", "created_at", "exit_code", "n_files")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "prefix", "created_at", "last_used_at")
    readonly_fields = ("digest", "prefix")
