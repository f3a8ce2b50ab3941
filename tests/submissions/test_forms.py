"""Forms other than the regular report (a DTI self-assessment): own template, own fields.

A field with ``form: dti`` is in the ``dti`` template and not in the regular one; a
workbook is expected to hold the fields of the forms it is on, so neither report
warns about the other's empty rows; a unit's report and its self-assessment for the
same period are two submissions, not a duplicate (S106). Points above the maximum
and decimals typed with a comma are read as in any report.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from chiso.catalogue.model import Catalogue, FieldDef, FieldKind, Text
from chiso.submissions.batch import read_submissions
from chiso.submissions.template import REPORT_SHEET, fill_template, write_templates
from chiso.units.model import Units


def with_dti_form(catalogue: Catalogue) -> Catalogue:
    points = FieldDef(
        id="awareness_self", label=Text(vi="Nhận thức số: điểm tự đánh giá (tối đa 80)",
                                        en="Awareness: self-assessed points (at most 80)"),
        kind=FieldKind.AMOUNT, levels=["district"], constraints=["<= 80"], form="dti",
    )
    return catalogue.model_copy(update={"fields": {**catalogue.fields, points.id: points}})


def field_ids(path: Path) -> list[str]:
    ws = load_workbook(path)[REPORT_SHEET]
    return [str(c.value) for c in ws["B"][6:] if c.value]


def district_templates(catalogue: Catalogue, units: Units, out: Path, form: str | None) -> Path:
    (path,) = write_templates(catalogue, units, "2024", out, codes=["227"], form=form)
    return path


def test_the_form_has_its_fields_and_the_report_does_not(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    catalogue = with_dti_form(catalogue)
    report = district_templates(catalogue, units, tmp_path, None)
    form = district_templates(catalogue, units, tmp_path, "dti")
    assert "awareness_self" not in field_ids(report)
    assert field_ids(form) == ["awareness_self"]
    assert form.name == "227-thanh-pho-viet-tri-2024-dti.xlsx"


def test_report_and_form_are_two_submissions_without_each_others_warnings(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    catalogue = with_dti_form(catalogue)
    report = fill_template(
        district_templates(catalogue, units, tmp_path / "t", None),
        {"civil_servants": 120, "civil_servants_with_computer": 118, "dossiers_total": 900,
         "dossiers_online": 500, "digitised_rate": 0.8, "it_budget": 700,
         "has_it_officer": "Có"},
        out=tmp_path / "report.xlsx",
    )
    form = fill_template(district_templates(catalogue, units, tmp_path / "t", "dti"),
                         {"awareness_self": "62,5"}, out=tmp_path / "dti.xlsx")
    data = read_submissions([report, form], catalogue, units)
    assert [f.code for f in data.findings] == []
    values = data.values.set_index("field")["value"]
    assert values["awareness_self"] == 62.5  # typed with a decimal comma
    assert values["civil_servants"] == 120


def test_points_above_the_maximum_are_found_at_their_cell(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    catalogue = with_dti_form(catalogue)
    form = fill_template(district_templates(catalogue, units, tmp_path / "t", "dti"),
                         {"awareness_self": "85,5"}, out=tmp_path / "dti.xlsx")
    data = read_submissions([form], catalogue, units)
    (finding,) = data.findings
    assert finding.code == "S302"
    assert finding.location.sheet == REPORT_SHEET and finding.location.cell
    assert "85.5" in finding.message_en and "80" in finding.message_en


def test_two_self_assessments_of_one_unit_are_a_duplicate(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    catalogue = with_dti_form(catalogue)
    blank = district_templates(catalogue, units, tmp_path / "t", "dti")
    first = fill_template(blank, {"awareness_self": 60}, out=tmp_path / "a.xlsx")
    second = fill_template(blank, {"awareness_self": 70}, out=tmp_path / "b.xlsx")
    data = read_submissions([first, second], catalogue, units)
    assert [f.code for f in data.findings] == ["S106"]
