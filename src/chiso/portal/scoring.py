"""Export the counted submissions to a folder, and score a period with ``chiso score`` on it.

The export is a folder ``chiso score`` reads as it is::

    FOLDER/kpis/…                      the catalogue the portal uses
    FOLDER/units.csv (or .yaml)        the units file in force
    FOLDER/submissions/<period>/<unit>.xlsx   the latest accepted version of each unit

Scoring a period exports the periods up to it (earlier years are the history
progress is judged on) and runs ``chiso score . --json`` in that folder, in a
separate process: the portal's scorecard *is* what ``chiso score`` writes, and
``chiso export`` + ``chiso score`` gives the same bytes (with the same
``SOURCE_DATE_EPOCH``). A heavy scoring does not hold the web server's memory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.utils import timezone

from chiso.periods import Period
from chiso.portal import storage
from chiso.portal.models import ReportingPeriod, ScoreRun, audit
from chiso.portal.province import Province
from chiso.portal.uploads import latest_accepted

OUTPUTS = ("scorecard.xlsx", "result.json")


def export(province: Province, out: Path, *, up_to: str | None = None) -> int:
    """Write the export folder (see the module doc); returns the number of workbooks."""
    out.mkdir(parents=True, exist_ok=True)
    kpis = out / "kpis"
    if kpis.exists():
        shutil.rmtree(kpis)
    shutil.copytree(province.kpis, kpis)
    shutil.copyfile(province.units_path, out / f"units{province.units_path.suffix}")
    count = 0
    limit = Period.parse(up_to) if up_to else None
    for period in ReportingPeriod.objects.all():
        if limit is not None and Period.parse(period.code) > limit:
            continue
        for code, upload in sorted(latest_accepted(period).items()):
            target = out / "submissions" / period.code / f"{code}.xlsx"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(storage.path_of(upload.sha256), target)
            # The file's time is when it was uploaded: the submission tracker reads
            # it as "received", so every export of the same versions says the same.
            uploaded = upload.created_at.timestamp()
            os.utime(target, (uploaded, uploaded))
            count += 1
    return count


def score_period(province: Province, period: ReportingPeriod, user: Any) -> ScoreRun:
    """Export up to ``period``, run ``chiso score`` on it, keep the outputs; returns the run."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    folder = Path("scores") / period.code / stamp
    root = storage.data_dir() / folder
    source = root / "input"
    count = export(province, source, up_to=period.code)
    out = root / "out"
    command = [
        sys.executable, "-c", "from chiso.cli import main; main()",
        "score", ".", "--out", str(out), "--json", "--quiet",
    ]
    done = subprocess.run(command, cwd=source, capture_output=True, text=True,
                          env=dict(os.environ), check=False)
    (root / "log.txt").write_text(done.stdout + done.stderr, encoding="utf-8")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) \
        if out.is_dir() else []
    run = ScoreRun.objects.create(period=period, created_by=user if user.is_authenticated
                                  else None, folder=folder.as_posix(),
                                  exit_code=done.returncode, n_files=count, files=files)
    audit(user, "score", period.code, run=run.pk, exit_code=done.returncode, files=count)
    return run


def output_path(run: ScoreRun, name: str) -> Path | None:
    """An output of ``run`` by its listed name; None for anything not listed."""
    if name not in run.files:
        return None
    return storage.data_dir() / run.folder / "out" / name
