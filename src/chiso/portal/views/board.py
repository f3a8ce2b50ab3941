"""The submission board: every expected unit of a period, received / with errors / late / missing.

The statuses and counts are chiso's submission tracker (:func:`chiso.api.track`),
the same computation as the scorecard's sheet: the portal reads the version of
each unit that counts (its latest accepted upload) and gives the tracker the
upload times and the period's deadline.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pandas as pd
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from chiso import api
from chiso.dataset import Dataset
from chiso.portal import storage
from chiso.portal.access import require_admin, unit_for
from chiso.portal.models import PortalUnit, ReportingPeriod
from chiso.portal.province import NotConfigured, Province, current, descendants
from chiso.portal.uploads import latest_accepted

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUSES = ("received", "with_errors", "late", "missing")


def tracker_of(province: Province, period: ReportingPeriod) -> pd.DataFrame:
    """The tracker of ``period`` from the stored versions that count.

    Reading every counted workbook again takes about a second for fifty units,
    so the answer is kept (per process) under a key made of everything it depends
    on: the units file, the period's deadline and each counted version.
    """
    counted = latest_accepted(period)
    key = "chiso-board-" + hashlib.sha256(repr((
        str(province.units_path), period.code, period.deadline,
        sorted((code, u.sha256, u.created_at) for code, u in counted.items()),
    )).encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        return found.copy()
    paths = [storage.path_of(u.sha256) for _, u in sorted(counted.items())]
    dataset = api.read_submissions(paths, province.catalogue, province.units,
                                   period=period.code, workers=1) if paths else Dataset()
    received = {u.sha256: u.created_at for u in counted.values()}
    deadlines = {period.code: period.deadline} if period.deadline else {}
    tracker = api.track(province.units, province.catalogue, dataset, [period.code],
                        received_at=received, deadlines=deadlines)
    cache.set(key, tracker, timeout=3600)
    return tracker.copy()


@login_required
def board(request: HttpRequest, period: str) -> HttpResponse:
    """The province's board: every expected unit."""
    require_admin(request.user)
    return _board(request, get_object_or_404(ReportingPeriod, code=period), None, None)


@login_required
def unit_board(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """A district's board: the district and the units below it (a reviewer's view)."""
    unit = unit_for(request.user, code)
    chosen = get_object_or_404(ReportingPeriod, code=period)
    try:
        below = descendants(current().units, unit.code)
    except NotConfigured:
        below = {unit.code}
    return _board(request, chosen, unit, below)


def _board(request: HttpRequest, chosen: ReportingPeriod, unit: PortalUnit | None,
           within: set[str] | None) -> HttpResponse:
    context: dict[str, Any] = {"period": chosen, "board_unit": unit}
    try:
        province = current()
    except NotConfigured as exc:
        return render(request, "portal/board.html", {**context, "problem": str(exc)})
    tracker = tracker_of(province, chosen)
    if within is not None:
        tracker = tracker[tracker["unit"].isin(sorted(within))].reset_index(drop=True)
    summary = api.track_summary(tracker)
    if request.GET.get("format") == "xlsx":
        return _excel(tracker, summary, chosen.code)
    status = request.GET.get("status", "")
    district = request.GET.get("district", "")
    shown = tracker
    if status in STATUSES:
        shown = shown[shown["status"] == status]
    if district:
        shown = shown[shown["district"] == district]
    counted = latest_accepted(chosen)
    rows: list[dict[str, Any]] = shown.to_dict("records")  # type: ignore[assignment]
    for row in rows:
        upload = counted.get(str(row["unit"]))
        row["upload_id"] = upload.pk if upload else None
    names = dict(PortalUnit.objects.values_list("code", "name"))
    codes = sorted({str(d) for d in tracker["district"].dropna().unique()})
    summary_rows: list[dict[str, Any]] = summary.to_dict("records")  # type: ignore[assignment]
    for row in summary_rows:
        code = row.get("district")
        row["district"] = None if code is None or code != code else str(code)  # NaN: none
        row["district_name"] = names.get(row["district"] or "", "")
    counts = tracker["status"].value_counts().to_dict() if len(tracker) else {}
    return render(request, "portal/board.html", {
        **context, "rows": rows, "summary": summary_rows,
        "districts": [(code, names.get(code, "")) for code in codes],
        "statuses": STATUSES, "status": status, "district": district,
        "totals": [(s, int(counts.get(s, 0))) for s in STATUSES],
    })


def _excel(tracker: pd.DataFrame, summary: pd.DataFrame, period: str) -> HttpResponse:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame = tracker.copy()
        if "received" in frame:
            frame["received"] = frame["received"].map(
                lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
        frame.to_excel(writer, sheet_name="Tình hình nộp", index=False)
        summary.to_excel(writer, sheet_name="Theo huyện", index=False)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tinh-hinh-nop-{period}.xlsx"'
    return response
