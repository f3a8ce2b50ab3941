"""Every finding code has a case that produces it, run through the public API.

The cases are data, one YAML file per area in ``tests/finding_cases/`` (model:
sqlfluff's ``test/fixtures/rules/std_rule_cases/*.yml``)::

    U008:                          # the code the case must produce
      - name: header and no rows   # what the case is (the test id)
        units: |                   # the units file's text (default: tests.kit.UNITS_CSV)
          code,name,level,parent

A case is the kit's small province (``tests.kit.KPI_FILES``, ``UNITS_CSV``: province
25, districts 227 and 230, fields dossiers_total/dossiers_online) with a few things
changed. What a case may say:

``kpis``
    ``{file name: text}`` replacing or adding a KPI file, ``null`` removing it, or
    edits ``{replace: {old: new}, append: text, derived: expression}`` of the kit's
    text (or of ``text:``, or of the kit's file ``base:``); ``derived`` adds a derived
    KPI ``extra`` with that expression; ``{cp1252: text}`` writes the text in
    Windows-1252, not UTF-8.
``units`` / ``units_file``
    the units file's text (or the same edits of ``tests.kit.UNITS_CSV``) and its name.
``submissions``
    ``{file name: workbook}`` written under ``submissions/``; a workbook is
    ``{template: {unit, period, consolidated, form}, values: {field: value}, evidence:
    {field: text}}`` (chiso's template, or the template of a form such as a DTI
    self-assessment, filled as an officer would; values may be text such as ``"1.751"``),
    ``{sheets: {title: [[cells]]}, merged: {title: [A1:B1]}, hidden: [title]}`` (a
    workbook made by hand with openpyxl), ``{text: ...}`` (a file that is not a
    workbook) or ``{zip: {part name: text}}`` (a package written part by part).
``inputs``
    the submission paths given to chiso (default ``[submissions]``), relative to the
    case's folder.
``period``
    the ``--period`` given to chiso.
``records``
    ``[[unit, period, field, value], ...]``: a dataset built in Python, given to
    ``api.assess`` with the loaded catalogue and units (what the reader would have
    refused to read, such as a unit the units file does not have).
``limits``
    ``{"module.NAME": value}``: a size limit lowered so that the case stays small.

Without ``submissions`` and ``inputs`` a case stops after loading (``api.load_catalogue``,
and ``api.load_units`` when it gives ``units``); otherwise it runs ``api.score``.
Cases for the portal (``P`` codes, ``portal.yml``) upload through the portal's pages:
see ``tests/portal/test_finding_cases.py``.

A new code needs a case: add it to the YAML file of its area. A code that no input
can produce goes in ``NOT_FROM_INPUT`` with the reason.
"""

from __future__ import annotations

import functools
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from ruamel.yaml import YAML

from chiso import api
from chiso.dataset import Dataset
from chiso.findings import Findings, all_codes
from chiso.submissions.template import META_SHEET, REPORT_SHEET, fill_template, write_templates
from tests.kit import KPI_FILES, UNITS_CSV, write_kpi_files

CASES = Path(__file__).parent / "finding_cases"

# Codes no input can produce, with the reason. Keep this list short: a code a user
# can meet has a case.
NOT_FROM_INPUT: dict[str, str] = {
    "E103": "a cycle among KPIs is K207 when the KPI files load, and chiso scores no "
    "catalogue with errors; E103 guards a Catalogue built in Python "
    "(tests/engine/test_assess.py makes one)",
    "E104": "a goal on an unknown KPI is K203 when the KPI files load, and chiso scores no "
    "catalogue with errors; E104 guards a Catalogue built in Python "
    "(tests/engine/test_assess.py makes one)",
}


@dataclass(frozen=True)
class Case:
    code: str
    name: str
    source: str  # the YAML file it comes from
    spec: Mapping[str, Any]

    @property
    def id(self) -> str:
        return f"{self.code}-{self.name}"


@functools.cache
def finding_cases(*files: str) -> tuple[Case, ...]:
    """The cases of ``tests/finding_cases/*.yml`` (or of the named files), in file order."""
    yaml = YAML(typ="safe", pure=True)
    paths = [CASES / f for f in files] if files else sorted(CASES.glob("*.yml"))
    cases = []
    for path in paths:
        table = yaml.load(path.read_text("utf-8")) or {}
        for code, entries in table.items():
            if str(code).startswith("x-"):  # a text shared by cases, not a code
                continue
            for spec in entries:
                cases.append(Case(str(code), str(spec.get("name", "")), path.name, spec))
    return tuple(cases)


DERIVED = """\
  - id: extra
    name: {vi: Thêm, en: Extra}
    type: derived
    expression: "EXPRESSION"
    unit: number
    direction: higher
    group: gov
"""


def edited(base: str, change: Any) -> str | bytes | None:
    """A file's text after a case's change: a whole text, null, or edits of a text."""
    if change is None or isinstance(change, str):
        return change
    if "cp1252" in change:  # a file an old Windows editor saved
        return str(change["cp1252"]).encode("cp1252")
    text = change.get("text", KPI_FILES.get(change.get("base", ""), base))
    for old, new in (change.get("replace") or {}).items():
        assert old in text, f"replace: {old!r} is not in the text it edits"
        text = text.replace(old, new)
    if "derived" in change:  # a derived KPI "extra" with this expression
        text += DERIVED.replace("EXPRESSION", change["derived"])
    return text + change.get("append", "")


def write_workbook(path: Path, spec: Mapping[str, Any], kpis: Path, units: Path) -> None:
    """Write one submission ``path`` as ``spec`` says (see the module's docstring)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if "text" in spec:
        path.write_text(spec["text"], "utf-8")
    elif "cp1252" in spec:  # bytes: each character below 256 is one byte
        path.write_bytes(str(spec["cp1252"]).encode("latin-1"))
    elif "zip" in spec:
        with zipfile.ZipFile(path, "w") as package:
            for part, text in spec["zip"].items():
                package.writestr(part, text)
    elif "package" in spec:
        write_package(path, spec["package"])
    elif "sheets" in spec:
        wb = Workbook()
        wb.remove(wb.active)
        for title, rows in spec["sheets"].items():
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(list(row))
            for ref in (spec.get("merged") or {}).get(title, []):
                ws.merge_cells(ref)
            if title in spec.get("hidden", []):
                ws.sheet_state = "hidden"
        wb.save(path)
    else:
        template = spec["template"]
        catalogue, _ = api.load_catalogue(kpis)
        tree, _ = api.load_units(units, catalogue)
        assert catalogue is not None and tree is not None, "a template case needs valid inputs"
        consolidated = bool(template.get("consolidated"))
        blanks = write_templates(
            catalogue, tree, str(template["period"]), kpis.parent / "blank",
            consolidated=consolidated, codes=None if consolidated else [str(template["unit"])],
            form=template.get("form"),
        )
        blank = blanks[-1] if consolidated else blanks[0]
        fill_template(blank, spec.get("values") or {}, out=path, evidence=spec.get("evidence"))
        if "cells" in spec:
            wb = load_workbook(path)
            for ref, value in spec["cells"].items():
                wb[REPORT_SHEET][ref] = value
            wb.save(path)
        if "meta" in spec:
            wb = load_workbook(path)
            for row in wb[META_SHEET].iter_rows():
                if row[0].value in spec["meta"]:
                    row[1].value = str(spec["meta"][row[0].value])
            wb.save(path)


NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def write_package(path: Path, spec: Mapping[str, Any]) -> None:
    """A workbook zip written part by part: one part per sheet unless ``same_part``."""
    sheets: dict[str, str] = spec["sheets"]
    states = spec.get("states") or {}
    tails = spec.get("tail") or {}
    shared = spec.get("same_part") or {}
    own = [title for title in sheets if title not in shared]
    part_of = {title: f"xl/worksheets/sheet{i}.xml" for i, title in enumerate(own, start=1)}
    part_of.update({title: part_of[other] for title, other in shared.items()})
    rid = {part: f"rId{i}" for i, part in enumerate(dict.fromkeys(part_of.values()), start=1)}
    entries = "".join(
        f'<sheet name="{title}" sheetId="{i}" r:id="{rid[part_of[title]]}"'
        + (f' state="{states[title]}"' if title in states else "") + "/>"
        for i, title in enumerate(sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="{r}" Type="{REL}/worksheet" Target="{p.removeprefix("xl/")}"/>'
        for p, r in rid.items()
    )
    rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    strings = "".join(f"<si><t>{s}</t></si>" for s in spec.get("strings", []))
    parts = {
        "[Content_Types].xml": "<Types/>",
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>{entries}'
        "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">{rels}</Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{NS}">{strings}</sst>',
    }
    for title in own:
        parts[part_of[title]] = (
            f'<worksheet xmlns="{NS}"><sheetData>{sheets[title]}</sheetData>'
            f"{tails.get(title, '')}</worksheet>"
        )
    parts.update(spec.get("parts") or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text)


def run_case(case: Case, root: Path, monkeypatch: pytest.MonkeyPatch) -> Findings:
    """Write the case's files under ``root`` and run chiso on them; its findings."""
    spec = case.spec
    for target, value in (spec.get("limits") or {}).items():
        module, _, name = target.rpartition(".")
        monkeypatch.setattr(f"{module}.{name}", value)
    kpi_changes = {name: change for name, change in (spec.get("kpis") or {}).items()}

    kpis = write_kpi_files(
        root / "kpis",
        {name: edited(KPI_FILES.get(name, ""), change) for name, change in kpi_changes.items()},
    )
    units = root / spec.get("units_file", "units.csv")
    units_text = edited(UNITS_CSV, spec.get("units", UNITS_CSV)) or ""
    if isinstance(units_text, bytes):
        units.write_bytes(units_text)
    else:
        units.write_text(units_text, "utf-8")
    if "records" in spec:
        catalogue, findings = api.load_catalogue(kpis)
        tree, found = api.load_units(units, catalogue)
        assert catalogue is not None and tree is not None, "a records case needs valid inputs"
        rows = [
            {"unit": str(unit), "period": str(period), "field": str(field), "value": value}
            for unit, period, field, value in spec["records"]
        ]
        findings.extend(found)
        findings.extend(api.assess(catalogue, tree, Dataset.from_records(rows)).findings)
        return findings
    if not {"submissions", "inputs", "links", "fifos"} & set(spec):
        catalogue, findings = api.load_catalogue(kpis)
        if "units" in spec and catalogue is not None:
            findings.extend(api.load_units(units, catalogue)[1])
        return findings
    submissions = root / "submissions"
    submissions.mkdir()
    for name, workbook in (spec.get("submissions") or {}).items():
        write_workbook(submissions / name, workbook, kpis, units)
    for name, target in (spec.get("links") or {}).items():
        (root / name).symlink_to(target)
    for name in spec.get("fifos", []):
        os.mkfifo(root / name)
    inputs = [root / p for p in spec.get("inputs", ["submissions"])]
    period = spec.get("period")
    return api.score(kpis, units, inputs, period=None if period is None else str(period)).findings


def failure_message(case: Case, findings: Findings) -> str:
    found = ", ".join(sorted({f.code for f in findings})) or "nothing"
    return (
        f"the case {case.name!r} of {case.code} (tests/finding_cases/{case.source}) "
        f"produced {found}, not {case.code}"
    )


def test_every_finding_code_has_a_case() -> None:
    declared = {spec.code for spec in all_codes()}
    cased = {case.code for case in finding_cases()}
    missing = sorted(declared - cased - set(NOT_FROM_INPUT))
    assert not missing, (
        f"finding codes without a case that produces them: {', '.join(missing)}. "
        "Add one under its code in tests/finding_cases/<area>.yml (how: the docstring of "
        "tests/test_finding_codes.py), or, if no input can produce it, to NOT_FROM_INPUT "
        "there with the reason."
    )


def test_cases_and_exceptions_name_declared_codes() -> None:
    declared = {spec.code for spec in all_codes()}
    unknown = sorted({case.code for case in finding_cases()} - declared)
    assert not unknown, f"cases for codes nobody declares: {unknown}"
    assert not set(NOT_FROM_INPUT) - declared, "NOT_FROM_INPUT names an undeclared code"
    assert not set(NOT_FROM_INPUT) & {case.code for case in finding_cases()}, (
        "a code with a case is produced from input: take it out of NOT_FROM_INPUT"
    )


def test_every_case_has_a_name_unique_under_its_code() -> None:
    ids = [case.id for case in finding_cases()]
    assert all(case.name for case in finding_cases()), "every case needs a name"
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


INPUT_CASES = [case for case in finding_cases() if case.source != "portal.yml"]


@pytest.mark.parametrize("case", INPUT_CASES, ids=[case.id for case in INPUT_CASES])
def test_case_produces_its_code(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = run_case(case, tmp_path, monkeypatch)
    assert case.code in {f.code for f in findings}, failure_message(case, findings)
