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

from chiso import api
from chiso.cli.exit_codes import ExitCode
from chiso.cli.i18n import Option, say
from chiso.cli.options import kpis_option, lang_option, language, period_option, units_option
from chiso.paths import shown
from chiso.periods import Period, PeriodError
from chiso.render.findings import to_text
from chiso.submissions.template import fields_for_level
from chiso.units.levels import level_id, level_name


@click.command()
@kpis_option(beside_example=False)
@units_option(required=True)
@period_option(required=True)
@click.option("--out", cls=Option, type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Folder to write the workbooks to.",
              help_vi="Thư mục để ghi các tệp biểu mẫu.")
@click.option("--consolidated", cls=Option, is_flag=True,
              help="Also write one workbook with a row per unit.",
              help_vi="Ghi thêm một tệp tổng hợp, mỗi đơn vị một dòng.")
@click.option("--level", "levels", cls=Option, multiple=True,
              help="Only units of this level (repeatable): commune or xã, district or huyện …",
              help_vi="Chỉ các đơn vị cấp này (lặp lại được): xã hoặc commune, huyện hoặc "
              "district …")
@click.option("--unit", "unit_codes", cls=Option, multiple=True,
              help="Only the unit with this code (repeatable).",
              help_vi="Chỉ đơn vị có mã này (lặp lại được).")
@click.option("--form", cls=Option, default=None,
              help="A form other than the regular report, e.g. a DTI self-assessment "
                   "(the 'form' of its fields).",
              help_vi="Một biểu mẫu khác báo cáo định kỳ, ví dụ tự đánh giá DTI "
                      "('form' của các chỉ tiêu).")
@lang_option
def template(
    kpis: Path | None, units: Path, period: str, out: Path, consolidated: bool,
    levels: tuple[str, ...], unit_codes: tuple[str, ...], form: str | None, lang: str,
) -> None:
    """Tạo biểu mẫu báo cáo Excel / write Excel templates for a period."""
    language_ = language(lang)
    units_path = units
    kpis = kpis or Path("kpis")
    for path in (kpis, units_path):
        if not path.exists():
            raise click.UsageError(say(f"'{shown(path)}' không tồn tại",
                                       f"'{shown(path)}' does not exist"))
    try:
        period = str(Period.parse(period))
    except PeriodError as exc:
        raise click.UsageError(str(exc)) from None
    catalogue, findings = api.load_catalogue(kpis)
    unit_tree = None
    if catalogue is not None:
        unit_tree, unit_findings = api.load_units(units_path, catalogue)
        findings.extend(unit_findings)
    if findings.errors or catalogue is None or unit_tree is None:
        click.echo(to_text(findings.sorted(), language_), err=True)
        click.echo(say("Không tạo biểu mẫu nào: hãy sửa các lỗi trên.",
                       "No template written: fix the errors above."), err=True)
        raise SystemExit(ExitCode.NOTHING_WRITTEN)
    known = unit_tree.levels
    chosen_levels = [level_id(text, known) for text in levels]
    unknown = [text for text, lvl in zip(levels, chosen_levels, strict=True) if lvl is None]
    if unknown:
        names = ", ".join(f"{lvl} ({level_name(lvl, 'vi')})" for lvl in known)
        raise click.UsageError(say(f"không có cấp {', '.join(unknown)}; các cấp: "
                                    f"{names}", f"unknown level(s) {', '.join(unknown)}; "
                                    f"levels: {names}"))
    forms = {f.form for f in catalogue.fields.values() if f.form is not None}
    if form is not None and form not in forms:
        known_forms = ", ".join(sorted(forms)) or "-"
        raise click.UsageError(say(f"không có biểu mẫu '{form}'; các biểu mẫu: "
                                    f"{known_forms}", f"no form '{form}'; forms: {known_forms}"))
    missing = [code for code in unit_codes if code not in unit_tree]
    if missing:
        raise click.UsageError(say(f"không có đơn vị mã {', '.join(missing)} trong "
                                    f"{units_path}", f"no unit with code {', '.join(missing)} "
                                    f"in {units_path}"))
    written = api.write_templates(catalogue, unit_tree, period, out, consolidated=consolidated,
                                  levels=[lvl for lvl in chosen_levels if lvl] or None,
                                  codes=list(unit_codes) or None, form=form)
    if not written:
        asked = [lvl for lvl in chosen_levels if lvl] or [unit_tree[c].level for c in unit_codes]
        silent = [lvl for lvl in dict.fromkeys(asked) if not fields_for_level(catalogue, lvl, form)]
        if silent:
            names = ", ".join(level_name(lvl, language_) for lvl in silent)
            why = say(f"đơn vị cấp {names} không báo cáo chỉ tiêu nào trong bộ chỉ số",
                       f"units of level {names} report no field of the catalogue")
        else:
            why = say(f"không có đơn vị nào được chọn còn hiệu lực trong kỳ {period}",
                       f"no chosen unit is in force in {period}")
        click.echo(say(f"Không tạo biểu mẫu nào: {why}.",
                        f"No template written: {why}."), err=True)
        raise SystemExit(ExitCode.NOTHING_WRITTEN)
    for path in written:
        click.echo(shown(path))
    click.echo(say(f"Đã tạo {len(written)} biểu mẫu trong {shown(out)}",
                    f"Wrote {len(written)} template(s) to {shown(out)}"), err=True)
