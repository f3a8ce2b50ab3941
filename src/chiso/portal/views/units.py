"""Pages of a unit: its periods, template, upload, versions, findings and published results."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from chiso import api
from chiso.findings import Lang
from chiso.portal import storage
from chiso.portal.access import scope_of, unit_for, upload_for
from chiso.portal.models import PortalUnit, ReportingPeriod, Role, Upload
from chiso.portal.province import NotConfigured, current
from chiso.portal.results import unit_results
from chiso.portal.text import lang_of
from chiso.portal.uploads import findings_of, receive
from chiso.render.findings import to_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope.is_admin:
        return redirect("portal:province")
    if scope.unit is None:
        raise Http404
    return redirect("portal:unit", code=scope.unit)


def _status_of(uploads: list[Upload]) -> Upload | None:
    return uploads[-1] if uploads else None


@login_required
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_for(request.user, code)
    scope = scope_of(request.user)
    periods = list(ReportingPeriod.objects.all())
    rows = []
    for period in periods:
        versions = list(Upload.objects.filter(unit=unit, period=period).order_by("version"))
        counted = [u for u in versions if u.accepted]
        rows.append({"period": period, "latest": _status_of(versions),
                     "counted": counted[-1] if counted else None, "versions": len(versions)})
    children = PortalUnit.objects.filter(parent_code=unit.code) if scope.role != Role.REPORTER \
        else PortalUnit.objects.none()
    return render(request, "portal/unit.html", {
        "unit": unit, "rows": rows, "children": [c for c in children if scope.sees(c.code)],
        "scope": scope,
    })


def _period(code: str) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, code=code)


@login_required
@require_http_methods(["GET", "POST"])
def submission_page(request: HttpRequest, code: str, period: str) -> HttpResponse:
    unit = unit_for(request.user, code)
    chosen = _period(period)
    scope = scope_of(request.user)
    if request.method == "POST":
        upload = _receive_form(request, unit, chosen)
        if upload is not None:
            return redirect("portal:upload", upload_id=upload.pk)
    versions = list(Upload.objects.filter(unit=unit, period=chosen)
                    .select_related("uploaded_by").order_by("-version"))
    latest = versions[0] if versions else None
    return render(request, "portal/submission.html", {
        "unit": unit, "period": chosen, "versions": versions, "latest": latest,
        "findings": _shown(latest, lang_of(request)) if latest else [],
        "on_behalf": scope.unit != unit.code, "scope": scope,
    })


def _receive_form(request: HttpRequest, unit: PortalUnit, period: ReportingPeriod) -> Upload | None:
    sent = request.FILES.get("workbook")
    if sent is None:
        messages.error(request, "Chưa chọn tệp / no file chosen")
        return None
    try:
        province = current()
    except NotConfigured:
        messages.error(request, "Cổng chưa có danh mục đơn vị / the portal has no units file yet")
        return None
    scope = scope_of(request.user)
    return receive(sent, filename=sent.name or "upload.xlsx", size=sent.size or 0, unit=unit,
                   period=period, user=request.user, province=province,
                   on_behalf=scope.unit != unit.code, may_use_closed=scope.is_admin)


def _shown(upload: Upload, language: Lang) -> list[dict[str, Any]]:
    """Each finding with its parts for the table and its line exactly as ``chiso check`` says it."""
    rows = []
    for finding in findings_of(upload):
        rows.append({
            "finding": finding,
            "severity": finding.severity.value,
            "sheet": finding.location.sheet or "",
            "cell": finding.location.cell or "",
            "raw": "" if finding.raw is None else finding.raw,
            "value": "" if finding.value is None else finding.value,
            "message": finding.message(language),
            "line": to_text([finding], language),
        })
    return rows


@login_required
def upload_page(request: HttpRequest, upload_id: int) -> HttpResponse:
    upload = upload_for(request.user, upload_id)
    return render(request, "portal/upload.html", {
        "upload": upload, "unit": upload.unit, "period": upload.period,
        "findings": _shown(upload, lang_of(request)),
    })


@login_required
def upload_file(request: HttpRequest, upload_id: int) -> FileResponse:
    upload = upload_for(request.user, upload_id)
    if not upload.sha256:
        raise Http404
    return FileResponse(storage.path_of(upload.sha256).open("rb"), as_attachment=True,
                        filename=upload.filename, content_type=XLSX)


@login_required
def template_file(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The template of the unit and period, written by the same code as ``chiso template``."""
    unit = unit_for(request.user, code)
    chosen = _period(period)
    try:
        province = current()
    except NotConfigured:
        raise Http404 from None
    with tempfile.TemporaryDirectory(prefix="chiso-template-") as folder:
        path = api.write_template(province.catalogue, province.units, unit.code, chosen.code,
                                  folder)
        if path is None:
            raise Http404
        data = Path(path).read_bytes()
        name = Path(path).name
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def results_page(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """A unit's KPI values, goal statuses and rank, once the province published the period."""
    unit = unit_for(request.user, code)
    chosen = _period(period)
    scope = scope_of(request.user)
    if chosen.published_at is None and not scope.is_admin:
        raise Http404
    run = chosen.shown_run(preview=scope_of(request.user).is_admin)
    data = unit_results(run, unit.code, chosen.code, lang_of(request)) if run else None
    return render(request, "portal/results.html", {
        "unit": unit, "period": chosen, "results": data, "run": run,
    })


@require_POST
def set_language(request: HttpRequest, lang: str) -> HttpResponse:
    request.session["lang"] = "en" if lang == "en" else "vi"
    target = request.POST.get("next") or "/"
    from django.utils.http import url_has_allowed_host_and_scheme

    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


@login_required
def password_done(request: HttpRequest) -> HttpResponse:
    from chiso.portal.models import Account

    Account.objects.filter(user=request.user).update(must_change_password=False)
    return render(request, "portal/password_done.html")
