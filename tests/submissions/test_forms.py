"""Forms other than the regular report (a DTI self-assessment): own template, own fields.

A field with ``form: dti`` is in the ``dti`` template and not in the regular one; a
workbook is expected to hold the fields of the forms it is on, so neither report
warns about the other's empty rows; a unit's report and its self-assessment for the
same period are two submissions, not a duplicate (S106). Points above the maximum
and decimals typed with a comma are read as in any report.

A form's rows scored by a points programme show the maximum and how they are
scored, and take evidence (tài liệu kiểm chứng) in a column of its own: read into
``Dataset.evidence``, required where the programme says (S150, S151), and points
above the goal's maximum are S152 where the field itself sets no bound.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from chiso.catalogue.model import (
    Catalogue,
    FieldDef,
    FieldKind,
    Goal,
    Horizon,
    Kpi,
    Points,
    Programme,
    Scoring,
    Text,
)
from chiso.submissions.batch import read_submissions
from chiso.submissions.template import (
    EVIDENCE_COL,
    FORM_TITLES,
    HEADER_ROW,
    REPORT_SHEET,
    fill_template,
    write_templates,
)
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


# ── Evidence (tài liệu kiểm chứng), maximum and how it is scored ─────────────────────
def with_points_programme(catalogue: Catalogue, *, evidence: bool = True,
                          upper_bound: bool = True) -> Catalogue:
    """The DTI form's field scored by a points programme that requires evidence."""
    catalogue = with_dti_form(catalogue)
    if not upper_bound:
        field = catalogue.fields["awareness_self"].model_copy(update={"constraints": []})
        catalogue = catalogue.model_copy(update={"fields": {**catalogue.fields, field.id: field}})
    kpi = Kpi(id="awareness_points", name=Text(vi="Điểm", en="Points"), type="simple",
              field="awareness_self", unit="number", direction="higher", group="dti_awareness",
              rollup="none")
    goal = Goal(id="awareness", kpi=kpi.id, value=80, deadline=2025,
                points=Points(max=80, reported=True))
    programme = Programme(id="dti", name=Text(vi="DTI", en="DTI"),
                          horizon=Horizon(start=2022, end=2025), goals=[goal],
                          scoring=Scoring(method="points", evidence=evidence))
    return catalogue.model_copy(update={
        "kpis": {**catalogue.kpis, kpi.id: kpi},
        "programmes": {**catalogue.programmes, programme.id: programme},
    })


def form_cells(path: Path) -> dict[str, object]:
    ws = load_workbook(path)[REPORT_SHEET]
    titles = [c.value for c in ws[HEADER_ROW]]
    row = [c.value for c in ws[HEADER_ROW + 1]]
    return dict(zip(titles, row, strict=True))


def test_the_form_has_maximum_evidence_and_how_it_is_scored_columns(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    catalogue = with_points_programme(catalogue)
    form = district_templates(catalogue, units, tmp_path, "dti")
    ws = load_workbook(form)[REPORT_SHEET]
    assert [c.value for c in ws[HEADER_ROW]] == list(FORM_TITLES)
    cells = form_cells(form)
    assert cells["Mã chỉ tiêu"] == "awareness_self"
    assert cells["Điểm tối đa"] == 80
    assert "tối đa 80 điểm" in str(cells["Cách chấm"])
    assert "bắt buộc ghi tài liệu kiểm chứng" in str(cells["Cách chấm"])
    evidence = ws.cell(HEADER_ROW + 1, EVIDENCE_COL)
    assert evidence.protection.locked is False  # an input, like the value


def test_evidence_is_read_beside_the_points(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    catalogue = with_points_programme(catalogue)
    form = fill_template(district_templates(catalogue, units, tmp_path / "t", "dti"),
                         {"awareness_self": "8,5"}, out=tmp_path / "dti.xlsx",
                         evidence={"awareness_self": "Kế hoạch số 45/KH-UBND ngày 12/3/2024"})
    data = read_submissions([form], catalogue, units)
    assert [f.code for f in data.findings] == []
    assert data.values.set_index("field")["value"]["awareness_self"] == 8.5  # comma decimal
    (row,) = data.evidence.to_dict("records")
    assert row["field"] == "awareness_self" and row["unit"] == "227"
    assert row["text"] == "Kế hoạch số 45/KH-UBND ngày 12/3/2024"
    assert (row["sheet"], row["cell"]) == (REPORT_SHEET, f"F{HEADER_ROW + 1}")


def test_points_without_required_evidence_are_s150_at_the_evidence_cell(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    catalogue = with_points_programme(catalogue)
    form = fill_template(district_templates(catalogue, units, tmp_path / "t", "dti"),
                         {"awareness_self": 60}, out=tmp_path / "dti.xlsx")
    (finding,) = read_submissions([form], catalogue, units).findings
    assert finding.code == "S150"
    assert (finding.location.sheet, finding.location.cell) == (REPORT_SHEET, f"F{HEADER_ROW + 1}")
    assert "'dti'" in finding.message_en


def test_no_evidence_needed_for_zero_points_or_when_not_required(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    blank = district_templates(with_points_programme(catalogue), units, tmp_path / "t", "dti")
    zero = fill_template(blank, {"awareness_self": 0}, out=tmp_path / "zero.xlsx")
    assert read_submissions([zero], with_points_programme(catalogue), units).findings == []
    some = fill_template(blank, {"awareness_self": 60}, out=tmp_path / "some.xlsx")
    optional = with_points_programme(catalogue, evidence=False)
    assert read_submissions([some], optional, units).findings == []


def test_a_sheet_without_an_evidence_column_is_s151_at_the_points(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    catalogue = with_points_programme(catalogue)
    form = fill_template(district_templates(catalogue, units, tmp_path / "t", "dti"),
                         {"awareness_self": 60}, out=tmp_path / "dti.xlsx")
    wb = load_workbook(form)
    wb[REPORT_SHEET].cell(HEADER_ROW, EVIDENCE_COL).value = "Ghi chú"
    wb.save(form)
    (finding,) = read_submissions([form], catalogue, units).findings
    assert finding.code == "S151"
    assert finding.location.cell == f"E{HEADER_ROW + 1}"


def test_points_above_the_goal_maximum_without_a_constraint_are_s152(
    catalogue: Catalogue, units: Units, tmp_path: Path
) -> None:
    catalogue = with_points_programme(catalogue, evidence=False, upper_bound=False)
    form = fill_template(district_templates(catalogue, units, tmp_path / "t", "dti"),
                         {"awareness_self": "85,5"}, out=tmp_path / "dti.xlsx")
    (finding,) = read_submissions([form], catalogue, units).findings
    assert finding.code == "S152"
    assert finding.location.cell == f"E{HEADER_ROW + 1}"
    assert "85.5" in finding.message_en and "80" in finding.message_en
