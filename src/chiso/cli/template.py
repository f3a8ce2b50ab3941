"""``chiso template``: Excel templates for units to fill in for one period.

Exit codes: 0 written, 2 misused (a path that does not exist, an ``--out`` that is
a file), 4 nothing written (the KPI files or the units file have errors).
Templates are staged (:mod:`chiso.staging`): all are in place, or none.
"""

from __future__ import annotations

from pathlib import Path

import click

from chiso.cli.exit_codes import ExitCode
from chiso.findings import Lang
from chiso.paths import shown
from chiso.periods import Period, PeriodError
from chiso.render.findings import to_text


@click.command()
@click.option("--kpis", type=click.Path(path_type=Path), default=Path("kpis"), show_default=True,
              help="Folder (or file) of KPI definitions.")
@click.option("--units", "units_path", type=click.Path(path_type=Path), required=True,
              help="Units file (CSV or YAML).")
@click.option("--period", required=True, help="Period: 2024, 2024-Q3 or 2024-06.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the workbooks to.")
@click.option("--consolidated", is_flag=True,
              help="Also write one workbook with a row per unit.")
@click.option("--level", "levels", multiple=True,
              help="Only units of this level (repeatable), e.g. --level commune.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def template(
    kpis: Path, units_path: Path, period: str, out: Path, consolidated: bool,
    levels: tuple[str, ...], lang: str,
) -> None:
    """Tạo biểu mẫu báo cáo Excel / write Excel templates for a period."""
    from chiso.catalogue.loader import load_catalogue
    from chiso.submissions.template import write_templates
    from chiso.units.loader import load_units

    for path in (kpis, units_path):
        if not path.exists():
            raise click.UsageError(f"'{shown(path)}' không tồn tại / does not exist")
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"--out '{shown(out)}' là một tệp, không phải thư mục / "
                               "is a file, not a folder")
    try:
        period = str(Period.parse(period))
    except PeriodError as exc:
        raise click.UsageError(str(exc)) from None
    language: Lang = "en" if lang == "en" else "vi"
    catalogue, findings = load_catalogue(kpis)
    units = None
    if catalogue is not None:
        units, unit_findings = load_units(units_path, catalogue)
        findings.extend(unit_findings)
    if findings.errors or catalogue is None or units is None:
        click.echo(to_text(findings.sorted(), language), err=True)
        click.echo("Chưa tạo biểu mẫu: hãy sửa các lỗi trên." if language == "vi"
                   else "No templates written: fix the errors above.", err=True)
        raise SystemExit(ExitCode.NOTHING_WRITTEN)
    known = set(units.levels)
    unknown = [lvl for lvl in levels if lvl not in known]
    if unknown:
        raise click.UsageError(f"unknown level(s) {', '.join(unknown)}; levels: "
                               f"{', '.join(sorted(known))}")
    written = write_templates(catalogue, units, period, out, consolidated=consolidated,
                              levels=list(levels) or None)
    for path in written:
        click.echo(shown(path))
    click.echo(f"Đã tạo {len(written)} biểu mẫu trong {shown(out)}" if language == "vi"
               else f"Wrote {len(written)} template(s) to {shown(out)}", err=True)
