"""The province administrator's pages: units and accounts, periods, scoring, publishing, audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from chiso.periods import Period, PeriodError
from chiso.portal.access import require_admin
from chiso.portal.models import (
    AuditEntry,
    PortalUnit,
    ReportingPeriod,
    ScoreRun,
    UnitsFile,
    Upload,
    audit,
)
from chiso.portal.province import NotConfigured, current, import_units
from chiso.portal.scoring import output_path, score_period
from chiso.portal.text import lang_of
from chiso.render.findings import to_text


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    try:
        province = current()
        problem = ""
    except NotConfigured as exc:
        province, problem = None, str(exc)
    return render(request, "portal/province.html", {
        "periods": ReportingPeriod.objects.all(),
        "units": PortalUnit.objects.count(),
        "uploads": Upload.objects.count(),
        "configured": province is not None, "problem": problem,
        "units_file": UnitsFile.objects.first(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def units_import(request: HttpRequest) -> HttpResponse:
    """Import the units file: its units, and one account per unit with a one-time password."""
    require_admin(request.user)
    context: dict[str, Any] = {"units": PortalUnit.objects.all()}
    if request.method == "POST":
        sent = request.FILES.get("units_file")
        if sent is None:
            messages.error(request, "Chưa chọn tệp / no file chosen")
            return render(request, "portal/units.html", context)
        data = sent.read(10_000_000)
        outcome = import_units(data, sent.name or "units.csv", request.user)
        if outcome.units == 0:
            context["findings_text"] = to_text(outcome.findings.sorted(), lang_of(request)) or "?"
            return render(request, "portal/units.html", context, status=400)
        return render(request, "portal/passwords.html",
                      {"made": outcome.accounts, "count": outcome.units})
    return render(request, "portal/units.html", context)


BAD_DEADLINE = ("Hạn nộp không hợp lệ: hãy ghi dạng 2025-10-15 17:00 / "
                "invalid deadline: write it as 2025-10-15 17:00")


def _deadline(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    parsed = datetime.fromisoformat(text)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@login_required
@require_http_methods(["GET", "POST"])
def periods(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    if request.method == "POST":
        try:
            code = str(Period.parse(request.POST.get("code", "")))
            deadline = _deadline(request.POST.get("deadline", ""))
        except PeriodError as exc:
            messages.error(request, f"Kỳ báo cáo không hợp lệ / invalid period: {exc}")
            return redirect("portal:periods")
        except ValueError:
            messages.error(request, BAD_DEADLINE)
            return redirect("portal:periods")
        _, created = ReportingPeriod.objects.get_or_create(
            code=code, defaults={"deadline": deadline, "is_open": True})
        if created:
            audit(request.user, "open_period", code, deadline=str(deadline))
        return redirect("portal:period", period=code)
    return render(request, "portal/periods.html", {"periods": ReportingPeriod.objects.all()})


@login_required
@require_http_methods(["GET", "POST"])
def period_page(request: HttpRequest, period: str) -> HttpResponse:
    require_admin(request.user)
    chosen = get_object_or_404(ReportingPeriod, code=period)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "close":
            chosen.is_open = False
        elif action == "open":
            chosen.is_open = True
        elif action == "deadline":
            try:
                chosen.deadline = _deadline(request.POST.get("deadline", ""))
            except ValueError:
                messages.error(request, BAD_DEADLINE)
                return redirect("portal:period", period=period)
        elif action == "publish":
            latest = chosen.shown_run(preview=True)
            if latest is None:
                messages.error(request, "Hãy chấm điểm trước khi công bố / score the period "
                               "before publishing it")
                return redirect("portal:period", period=period)
            chosen.published_at = timezone.now()
            chosen.published_run = latest
        elif action == "unpublish":
            chosen.published_at = None
            chosen.published_run = None
        else:
            raise Http404
        chosen.save()
        audit(request.user, f"period_{action}", chosen.code,
              deadline=str(chosen.deadline), is_open=chosen.is_open)
        return redirect("portal:period", period=period)
    return render(request, "portal/period.html", {
        "period": chosen, "runs": ScoreRun.objects.filter(period=chosen),
    })


@login_required
@require_POST
def score(request: HttpRequest, period: str) -> HttpResponse:
    require_admin(request.user)
    chosen = get_object_or_404(ReportingPeriod, code=period)
    try:
        province = current()
    except NotConfigured as exc:
        messages.error(request, str(exc))
        return redirect("portal:period", period=period)
    run = score_period(province, chosen, request.user)
    if run.exit_code not in (0, 1):
        messages.error(request, f"Chấm điểm không thành công / scoring failed (chiso score: "
                       f"exit {run.exit_code}; {run.folder}/log.txt)")
    return redirect("portal:period", period=period)


@login_required
def score_file(request: HttpRequest, run_id: int, name: str) -> FileResponse:
    require_admin(request.user)
    run = get_object_or_404(ScoreRun, pk=run_id)
    path = output_path(run, name)
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    entries = AuditEntry.objects.select_related("user")[:500]
    return render(request, "portal/audit.html", {"entries": entries})


@login_required
def unit_history(request: HttpRequest, code: str) -> HttpResponse:
    """Every version of every period of one unit."""
    require_admin(request.user)
    unit = get_object_or_404(PortalUnit, code=code)
    uploads = Upload.objects.filter(unit=unit).select_related("period", "uploaded_by") \
        .order_by("-period__code", "-version")
    return render(request, "portal/history.html", {"unit": unit, "uploads": uploads})
