"""The token API for scripts: POST a workbook, GET its findings, GET published results.

``Authorization: Token <key>`` on every call (no cookies, so no CSRF token);
the same access checks as the pages. Answers are JSON; findings are the dicts
``chiso check --format json`` prints.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chiso.portal.access import scope_of, unit_for, upload_for
from chiso.portal.accounts import new_token, user_of_token
from chiso.portal.models import ReportingPeriod, Upload, audit
from chiso.portal.province import NotConfigured, current
from chiso.portal.results import unit_results
from chiso.portal.uploads import receive

View = Callable[..., HttpResponse]


def token_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        scheme, _, key = header.partition(" ")
        user = user_of_token(key.strip()) if scheme.lower() in {"token", "bearer"} else None
        if user is None:
            return JsonResponse({"error": "unauthorized",
                                 "message": "Authorization: Token <key> required"}, status=401)
        request.user = user
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"error": "not_found"}, status=404)

    return wrapped


def upload_json(upload: Upload) -> dict[str, Any]:
    return {
        "id": upload.pk,
        "unit": upload.unit.code,
        "period": upload.period.code,
        "version": upload.version,
        "status": upload.status,
        "filename": upload.filename,
        "sha256": upload.sha256 or None,
        "size": upload.size,
        "received": upload.created_at.isoformat(),
        "on_behalf": upload.on_behalf,
        "summary": {"error": upload.n_errors, "warning": upload.n_warnings},
        "findings": upload.findings,
    }


def _period(code: str) -> ReportingPeriod:
    try:
        return ReportingPeriod.objects.get(code=code)
    except ReportingPeriod.DoesNotExist:
        raise Http404 from None


@csrf_exempt
@require_POST
@token_required
def api_upload(request: HttpRequest) -> HttpResponse:
    """``POST /api/v1/uploads`` with form fields ``unit``, ``period`` and the file ``workbook``."""
    sent = request.FILES.get("workbook")
    if sent is None:
        return JsonResponse({"error": "bad_request", "message": "file field 'workbook' missing"},
                            status=400)
    unit = unit_for(request.user, request.POST.get("unit", ""))
    period = _period(request.POST.get("period", ""))
    try:
        province = current()
    except NotConfigured:
        return JsonResponse({"error": "not_configured"}, status=503)
    scope = scope_of(request.user)
    upload = receive(sent, filename=sent.name or "upload.xlsx", size=sent.size or 0, unit=unit,
                     period=period, user=request.user, province=province,
                     on_behalf=scope.unit != unit.code, via_api=True,
                     may_use_closed=scope.is_admin)
    return JsonResponse(upload_json(upload), status=201)


@csrf_exempt
@require_GET
@token_required
def api_upload_detail(request: HttpRequest, upload_id: int) -> HttpResponse:
    return JsonResponse(upload_json(upload_for(request.user, upload_id)))


@csrf_exempt
@require_GET
@token_required
def api_uploads(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """Every version of a unit's submission for a period, oldest first."""
    unit = unit_for(request.user, code)
    chosen = _period(period)
    versions = Upload.objects.filter(unit=unit, period=chosen).order_by("version")
    return JsonResponse({"unit": unit.code, "period": chosen.code,
                         "versions": [upload_json(u) for u in versions]})


@csrf_exempt
@require_GET
@token_required
def api_results(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """A unit's values, goal statuses and ranks of a published period."""
    unit = unit_for(request.user, code)
    chosen = _period(period)
    if chosen.published_at is None and not scope_of(request.user).is_admin:
        raise Http404
    run = chosen.shown_run(preview=scope_of(request.user).is_admin)
    data = unit_results(run, unit.code, chosen.code) if run else None
    if data is None:
        raise Http404
    return JsonResponse({"unit": unit.code, "period": chosen.code, **data})


@login_required
@require_http_methods(["GET", "POST"])
def token_page(request: HttpRequest) -> HttpResponse:
    """Make an API token (shown once)."""
    scope_of(request.user)  # a login without an account has no token
    key = None
    if request.method == "POST":
        key = new_token(request.user)
        audit(request.user, "new_token", request.user.get_username())
    return render(request, "portal/token.html", {"key": key})
