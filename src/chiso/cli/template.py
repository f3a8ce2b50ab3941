"""``chiso template``: Excel templates for units to fill in for one period.

``--level`` takes a level's id or the word people use (``xã``, ``huyện``, ``sở``);
``--unit CODE`` (repeatable) makes the template of named units only. A run that
would write no workbook — the chosen units report no field, or none is in force in
the period — says why and exits with 4 (nothing written), never 0.

Exit codes: 0 written, 2 misused (a path that does not exist), 4 nothing written
(the KPI files or the units file have errors, or no workbook to write). Templates
are staged (:mod:`chiso.staging`): all are in place, or none.
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
@click.option("--period", required=True,
              help="Period: 2024, 2024-Q3, 2024-06, 06/2024, quý 3/2024.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the workbooks to.")
@click.option("--consolidated", is_flag=True,
              help="Also write one workbook with a row per unit.")
@click.option("--level", "levels", multiple=True,
              help="Only units of this level (repeatable): commune or xã, district or huyện …")
@click.option("--unit", "unit_codes", multiple=True,
              help="Only the unit with this code (repeatable).")
@click.option("--form", default=None,
              help="A form other than the regular report, e.g. a DTI self-assessment "
                   "(the 'form' of its fields).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def template(
    kpis: Path, units_path: Path, period: str, out: Path, consolidated: bool,
    levels: tuple[str, ...], unit_codes: tuple[str, ...], form: str | None, lang: str,
) -> None:
    """Tạo biểu mẫu báo cáo Excel / write Excel templates for a period."""
    from chiso.catalogue.loader import load_catalogue
    from chiso.submissions.template import fields_for_level, write_templates
    from chiso.units.levels import level_id, level_name
    from chiso.units.loader import load_units

    language: Lang = "en" if lang == "en" else "vi"
    for path in (kpis, units_path):
        if not path.exists():
            raise click.UsageError(_say(language, f"'{shown(path)}' không tồn tại",
                                        f"'{shown(path)}' does not exist"))
    try:
        period = str(Period.parse(period))
    except PeriodError as exc:
        raise click.UsageError(str(exc)) from None
    catalogue, findings = load_catalogue(kpis)
    units = None
    if catalogue is not None:
        units, unit_findings = load_units(units_path, catalogue)
        findings.extend(unit_findings)
    if findings.errors or catalogue is None or units is None:
        click.echo(to_text(findings.sorted(), language), err=True)
        click.echo(_say(language, "Không tạo biểu mẫu nào: hãy sửa các lỗi trên.",
                        "No template written: fix the errors above."), err=True)
        raise SystemExit(ExitCode.NOTHING_WRITTEN)
    known = units.levels
    chosen_levels = [level_id(text, known) for text in levels]
    unknown = [text for text, lvl in zip(levels, chosen_levels, strict=True) if lvl is None]
    if unknown:
        names = ", ".join(f"{lvl} ({level_name(lvl, 'vi')})" for lvl in known)
        raise click.UsageError(_say(language, f"không có cấp {', '.join(unknown)}; các cấp: "
                                    f"{names}", f"unknown level(s) {', '.join(unknown)}; "
                                    f"levels: {names}"))
    forms = {f.form for f in catalogue.fields.values() if f.form is not None}
    if form is not None and form not in forms:
        known_forms = ", ".join(sorted(forms)) or "-"
        raise click.UsageError(_say(language, f"không có biểu mẫu '{form}'; các biểu mẫu: "
                                    f"{known_forms}", f"no form '{form}'; forms: {known_forms}"))
    missing = [code for code in unit_codes if code not in units]
    if missing:
        raise click.UsageError(_say(language, f"không có đơn vị mã {', '.join(missing)} trong "
                                    f"{units_path}", f"no unit with code {', '.join(missing)} "
                                    f"in {units_path}"))
    written = write_templates(catalogue, units, period, out, consolidated=consolidated,
                              levels=[lvl for lvl in chosen_levels if lvl] or None,
                              codes=list(unit_codes) or None, form=form)
    if not written:
        asked = [lvl for lvl in chosen_levels if lvl] or [units[c].level for c in unit_codes]
        silent = [lvl for lvl in dict.fromkeys(asked) if not fields_for_level(catalogue, lvl, form)]
        if silent:
            names = ", ".join(level_name(lvl, language) for lvl in silent)
            why = _say(language, f"đơn vị cấp {names} không báo cáo chỉ tiêu nào trong bộ chỉ số",
                       f"units of level {names} report no field of the catalogue")
        else:
            why = _say(language, f"không có đơn vị nào được chọn còn hiệu lực trong kỳ {period}",
                       f"no chosen unit is in force in {period}")
        click.echo(_say(language, f"Không tạo biểu mẫu nào: {why}.",
                        f"No template written: {why}."), err=True)
        raise SystemExit(ExitCode.NOTHING_WRITTEN)
    for path in written:
        click.echo(shown(path))
    click.echo(_say(language, f"Đã tạo {len(written)} biểu mẫu trong {shown(out)}",
                    f"Wrote {len(written)} template(s) to {shown(out)}"), err=True)


def _say(lang: Lang, vi: str, en: str) -> str:
    return vi if lang == "vi" else en
