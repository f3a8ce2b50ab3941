"""Reading submissions: workbooks in, a tidy :class:`~chiso.dataset.Dataset` with findings out.

:func:`read_submission` reads one file and never raises: a file that is not a
workbook, empty, password-protected, corrupt or huge becomes a finding. It reads
chiso's own templates (per-unit and consolidated, current and older format) and
hand-made sheets, finding fields by code or label wherever they are
(:mod:`chiso.submissions.layout`). The unit and period come from the template's
metadata sheet, else from cells such as ``Mã đơn vị:`` / ``Kỳ báo cáo:``, else
from the file name (said in an info finding), else from ``period=`` (said too);
otherwise the values are not used and a finding says why.

Each value is parsed with its field's kind (:mod:`chiso.vnnumbers`) and checked:
formula without a cached value, error cells, not a number, negative, not whole,
missing required fields, declared constraints (``dossiers_online (120) >
dossiers_total (100)``) and plausible ranges. A cell that failed is not checked
again by later rules, so one mistake is one finding. A value that breaks a
declared constraint (S302, on the constrained field's cell) stays in the dataset
with ``flag="S302"`` — provenance shows it — but the engine does not use it. A
cell rejected as a value (not a number, not whole, negative, a formula without a
cached value, an error cell …) stays too, with value NaN, the raw text and the
rejecting finding's code in ``flag``: the KPI says ``invalid_field``, not "not
reported".

:func:`~chiso.submissions.batch.read_submissions` reads many files: the file
gathering, the process pool and the duplicate check across files are
:mod:`chiso.submissions.batch`.

The dataset's ``submissions`` frame lists what each file submitted (see
:mod:`chiso.dataset`): the submission tracker is built on it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from chiso.catalogue.forms import FormRow, form_rows
from chiso.catalogue.model import Catalogue
from chiso.dataset import COLUMNS, Dataset, empty_frame, evidence_frame, submissions_frame
from chiso.findings import Finding, Findings, Location, Severity, Suggestions
from chiso.paths import shown
from chiso.periods import Period, PeriodError
from chiso.submissions import codes as _codes  # noqa: F401  (declares the S codes)
from chiso.submissions.evidence import check_points
from chiso.submissions.files import NotRegularFile, TooLarge, read_regular
from chiso.submissions.layout import (
    Block,
    Entry,
    Found,
    detect,
    sheet_period,
    sheet_unit,
    template_layout,
)
from chiso.submissions.matching import (
    FieldIndex,
    UnitIndex,
    name_period,
    name_units,
    parse_period,
    unit_ids,
)
from chiso.submissions.template import FORMAT_VERSION, META_SHEET, fields_for_level
from chiso.submissions.values import (
    AddFinding,
    cell_value,
    display,
    field_label,
    raw_text,
    rule_flag,
)
from chiso.submissions.workbook import Sheet, Workbook, WorkbookError, read_workbook
from chiso.units.model import Unit, Units

# In dataset COLUMNS order; the last item is the flag (None or an error code).
Record = tuple[str, str, str, float, str, str, str, str, str, str | None]
MAX_FILE_BYTES = 100_000_000



@dataclass
class FileResult:
    """What one file gave: value records, findings, and the (unit, period) it submitted.

    ``counts`` holds the (errors, warnings) of each submission (see
    :mod:`chiso.dataset`); ``modified`` is the file's mtime in UTC.
    """

    file: str
    sha256: str
    records: list[Record] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)
    submitted: list[tuple[str, str, Location]] = field(default_factory=list)
    counts: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    modified: datetime | None = None
    # The forms (FieldDef.form) each submission is on: a unit's regular report and
    # its DTI self-assessment for the same period are not duplicates of each other.
    forms: dict[tuple[str, str], str] = field(default_factory=dict)
    # Evidence beside points (unit, period, field, text, file, sheet, cell): see
    # :mod:`chiso.submissions.evidence`.
    evidence: list[tuple[str, str, str, str, str, str, str | None]] = field(default_factory=list)

    def dataset(self) -> Dataset:
        return Dataset(records_frame(self.records), Findings(self.findings),
                       submissions_frame(self.submission_rows()), evidence_frame(self.evidence))

    def submission_rows(self, dropped: Collection[tuple[str, str]] = ()) -> list[dict[str, Any]]:
        """The ``submissions`` rows of this file (one with unit None if it submitted nothing)."""
        base = {"file": self.file, "sha256": self.sha256 or None, "modified": self.modified}
        if not self.submitted:
            errors, warnings = _severities(self.findings)
            return [{**base, "unit": None, "period": None, "n_values": 0,
                     "n_errors": errors, "n_warnings": warnings}]
        kept: dict[tuple[str, str], int] = {}
        for record in self.records:
            kept[(record[0], record[1])] = kept.get((record[0], record[1]), 0) + 1
        rows = []
        for unit, period, _ in self.submitted:
            errors, warnings = self.counts.get((unit, period), (0, 0))
            duplicate = (unit, period) in dropped
            rows.append({**base, "unit": unit, "period": period,
                         "n_values": 0 if duplicate else kept.get((unit, period), 0),
                         "n_errors": errors + duplicate, "n_warnings": warnings})
        return rows


def _severities(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings) among ``findings``."""
    counts = Findings(findings).counts()
    return counts["error"], counts["warning"]


@dataclass
class ReadContext:
    catalogue: Catalogue
    units: Units
    period: str | None
    fields: FieldIndex
    unit_index: UnitIndex
    form_rows: dict[str, FormRow] = field(default_factory=dict)  # points fields of forms


def read_context(catalogue: Catalogue, units: Units, period: str | Period | None) -> ReadContext:
    text = str(Period.parse(str(period))) if period is not None else None
    return ReadContext(catalogue, units, text, FieldIndex.of(catalogue), UnitIndex.of(units),
                       form_rows(catalogue))


def read_submission(
    path: str | Path,
    catalogue: Catalogue,
    units: Units,
    *,
    period: str | Period | None = None,
) -> FileResult:
    """Read one workbook; never raises on bad input (see the module doc)."""
    return read_file(Path(path), read_context(catalogue, units, period))


def records_frame(records: list[Record]) -> pd.DataFrame:
    if not records:
        return empty_frame()
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    frame["value"] = frame["value"].astype(float)
    return frame


# --- one file -------------------------------------------------------------------------------


def read_file(path: Path, ctx: ReadContext) -> FileResult:
    file = shown(path)  # a name that is not UTF-8 still reaches every output
    where = Location(file=file)
    try:
        data, status = read_regular(path, MAX_FILE_BYTES)
    except NotRegularFile as exc:
        result = FileResult(file, "")
        result.findings.add("S140", where, kind=exc.kind_en, kind_vi=exc.kind_vi)
        return result
    except TooLarge as exc:
        result = FileResult(file, "")
        result.findings.add("S005", where, size=f"{exc.size:,} bytes", limit=f"{MAX_FILE_BYTES:,}")
        return result
    except OSError as exc:
        result = FileResult(file, "")
        result.findings.add("S006", where, reason=exc.strerror or str(exc))
        return result
    modified = datetime.fromtimestamp(status.st_mtime, UTC)
    result = FileResult(file, hashlib.sha256(data).hexdigest(), modified=modified)
    try:
        workbook = read_workbook(data)
    except WorkbookError as exc:
        result.findings.add(exc.code, where, **exc.params)
        return result
    try:
        _FileReader(path, workbook, ctx, result).read()
    except Exception as exc:  # a reader bug must not hide the other files' findings
        result.records.clear()
        result.submitted.clear()
        name = type(exc).__name__
        result.findings.add("S004", where, reason=f"unexpected {name} in chiso's reader",
                            reason_vi=f"lỗi {name} không lường trước trong bộ đọc của chiso")
    return result


@dataclass
class _Submission:
    unit: Unit
    period: str
    location: Location
    entries: list[Entry] = field(default_factory=list)


class _FileReader:
    def __init__(
        self, path: Path, workbook: Workbook, ctx: ReadContext, result: FileResult
    ) -> None:
        self.path = path
        self.file = shown(path)
        self.workbook = workbook
        self.ctx = ctx
        self.result = result
        self.findings = result.findings
        self.meta = _metadata(workbook.sheet(META_SHEET))
        self.submissions: dict[tuple[str, str], _Submission] = {}
        self.out_of_force: set[tuple[str, str]] = set()  # (unit, period) already said S118

    # "Did you mean" within a budget per file: a sheet of 20,000 unknown names must
    # not compare each with every unit (see :class:`~chiso.findings.Suggestions`).
    @cached_property
    def suggest_unit(self) -> Suggestions:
        return Suggestions(self.ctx.unit_index.candidates())

    @cached_property
    def suggest_field(self) -> Suggestions:
        return Suggestions(self.ctx.catalogue.fields)

    def at(self, sheet: str | None = None, cell: str | None = None) -> Location:
        return Location(file=self.file, sheet=sheet, cell=cell)

    def read(self) -> None:
        if self.meta and not self._template_matches():
            return
        read_any = skipped = False
        said: set[int] = set()  # problems shared by several sheets are said once
        for sheet in self.workbook.sheets:
            if not sheet.visible:  # metadata and other hidden sheets are not reports
                continue
            if sheet.problem is not None:
                if id(sheet.problem) not in said:
                    said.add(id(sheet.problem))
                    self.findings.add(sheet.problem.code, self.at(sheet.name),
                                      **sheet.problem.params)
                skipped = True
                continue
            read_any |= self._read_sheet(sheet)
        if not read_any and not skipped:
            hidden = self._hidden_report()
            if hidden is not None:
                self.findings.add("S015", self.at(hidden), sheet=hidden)
            else:
                self.findings.add("S007", self.at())
        file_level = _severities(self.findings)
        for sub in self.submissions.values():
            before = len(self.findings)
            self._check(sub)
            key = (sub.unit.code, sub.period)
            self.result.submitted.append((*key, sub.location))
            errors, warnings = _severities(self.findings[before:])
            if len(self.submissions) == 1:  # a unit's own file: all its findings are its
                errors, warnings = errors + file_level[0], warnings + file_level[1]
            self.result.counts[key] = (errors, warnings)

    def _hidden_report(self) -> str | None:
        """The first hidden sheet (not chiso's metadata) that holds a report, if any.

        Hidden sheets are not read: a sheet someone hid is often an old copy or a
        lookup table. But when the only report of a file is on one, skipping it with
        a warning would make the unit look as if it never reported; S015 (an error)
        names the sheet instead, and its values are still not used.
        """
        for sheet in self.workbook.sheets:
            if sheet.visible or sheet.name == META_SHEET or sheet.problem is not None:
                continue
            layout = detect(sheet, self.ctx.fields, self.ctx.unit_index, self.ctx.period)
            if layout.kind != "none":
                return sheet.name
        return None

    # -- the template's metadata ------------------------------------------------------------

    def _template_matches(self) -> bool:
        meta, info = self.meta, self.ctx.catalogue.info
        where = self.at(META_SHEET)
        if meta.get("catalogue_id") and meta["catalogue_id"] != info.id:
            self.findings.add("S109", where, found=meta["catalogue_id"], expected=info.id)
            return False
        version = meta.get("format_version", "")
        if version.isdigit() and int(version) < FORMAT_VERSION:
            self.findings.add("S110", where, found=version, expected=FORMAT_VERSION)
        elif not version.isdigit() or int(version) > FORMAT_VERSION:
            self.findings.add("S117", where, found=version, expected=FORMAT_VERSION)
        found_version = meta.get("catalogue_version", "")
        if found_version and found_version != self.ctx.catalogue.version:
            self.findings.add("S107", where, found=found_version,
                              expected=self.ctx.catalogue.version)
        else:
            digest, current = meta.get("catalogue_digest", ""), self.ctx.catalogue.digest
            if digest and current and digest != current:
                self.findings.add("S108", where, found=digest[:12], expected=current[:12])
        return True

    # -- one sheet --------------------------------------------------------------------------

    def _read_sheet(self, sheet: Sheet) -> bool:
        layout = None
        if self.meta.get("kind") == "unit" and self.meta.get("format_version") == str(
                FORMAT_VERSION):
            layout = template_layout(sheet, self.ctx.fields)
        if layout is None:
            layout = detect(sheet, self.ctx.fields, self.ctx.unit_index, self.ctx.period)
        if layout.kind == "none":
            return False
        if layout.period_choices and self.ctx.period is None:
            # One column per period: the period the heading states picks the column.
            heading = self._heading_period(sheet, layout.period_row)
            if heading is not None and heading in layout.period_choices:
                layout = detect(sheet, self.ctx.fields, self.ctx.unit_index, heading)
            elif heading is not None:
                self.findings.add("S104", self.at(sheet.name), reason=(
                    f"the heading says {heading} but the columns are for "
                    f"{', '.join(layout.period_choices)}"))
                return True
        if layout.period_choices:
            choices = ", ".join(layout.period_choices)
            if self.ctx.period is not None:
                self.findings.add("S103", self.at(sheet.name), found=choices,
                                  expected=self.ctx.period)
            else:
                self.findings.add("S104", self.at(sheet.name),
                                  reason=f"one column per period ({choices}); give --period")
            return True
        if self.meta:
            for cell in layout.code_cells:
                code = str(cell.value).strip()
                self.findings.add(
                    "S113", self.at(sheet.name, cell.ref), subject=code, code=code,
                    suggestion=self.suggest_field(code),
                )
        for issue in layout.issues:
            where = self.at(issue.sheet, issue.cell)
            if issue.code == "S101":
                self.findings.add("S101", where, raw=issue.text, unit=issue.text,
                                  suggestion=self.suggest_unit(issue.text))
            elif issue.code == "S102":
                self.findings.add("S102", where, reason=issue.text)
            else:
                self.findings.add(issue.code, where, text=issue.text)
        period = self._period(sheet, layout.first_row, layout.column_period)
        if layout.kind in ("horizontal", "columns"):
            for block in layout.blocks:
                if period is not None and block.unit is not None:
                    where = self.at(sheet.name, block.unit_cell)
                    self._add(block, block.unit, period, where, where)
            return True
        stated = self._unit(sheet, layout.first_row)
        if stated is not None and period is not None:
            self._add(layout.blocks[0], stated[0], period, self.at(sheet.name), stated[1])
        return True

    def _add(
        self, block: Block, unit: Unit, period: str, where: Location, unit_at: Location
    ) -> None:
        """Register a block of values from ``unit`` for ``period`` (``unit_at``: its unit cell)."""
        in_force = self._in_force(unit, period, unit_at)
        if in_force is None:
            return
        unit = in_force
        sub = self.submissions.get((unit.code, period))
        if sub is None:
            self.submissions[(unit.code, period)] = _Submission(unit, period, where, block.entries)
        elif block.unit_cell is not None:  # a consolidated sheet lists the unit twice
            self.findings.add("S106", where, subject=unit.code, unit=unit.code, period=period,
                              other=str(sub.location))
        else:  # a per-unit report split over several sheets
            sub.entries.extend(block.entries)

    def _in_force(self, unit: Unit, period: str, where: Location) -> Unit | None:
        """The unit's row in force in ``period``; None (said once, S118) when none is.

        A units file with validity columns has one row per code and time; the row
        in force at the end of the period gives the level the values are checked for.
        """
        units = self.ctx.units
        if not units.dated:
            return unit
        try:
            current = units.as_of(period).get(unit.code)
        except PeriodError:  # not a period text: S104 already said why
            return unit
        if current is None and (unit.code, period) not in self.out_of_force:
            self.out_of_force.add((unit.code, period))
            validity = ", ".join(u.validity for u in units.rows_of(unit.code))
            self.findings.add("S118", where, subject=unit.code, unit=unit.code, period=period,
                              validity=validity)
        return current

    def _meta_at(self, key: str) -> Location:
        """The metadata sheet's cell holding ``key``'s value (the sheet when not found)."""
        sheet = self.workbook.sheet(META_SHEET)
        for (row, col), cell in sorted(sheet.cells.items()) if sheet else ():
            if col == 1 and isinstance(cell.value, str) and cell.value.strip() == key:
                return self.at(META_SHEET, f"B{row}")
        return self.at(META_SHEET)

    def _unit(self, sheet: Sheet, first_row: int) -> tuple[Unit, Location] | None:
        """The sheet's unit and where it was read (metadata, a cell, the file name)."""
        where = self.at(sheet.name)
        index = self.ctx.unit_index
        if self.meta.get("unit_code"):
            code = self.meta["unit_code"]
            unit = self.ctx.units.get(code)
            if unit is None:
                self.findings.add("S101", self.at(META_SHEET), raw=code, unit=code,
                                  suggestion=self.suggest_unit(code))
                return None
            return unit, self._meta_at("unit_code")
        stated = sheet_unit(sheet, index, first_row)
        if stated is not None:
            if stated.conflict:
                self.findings.add("S102", self.at(sheet.name, stated.cell), raw=stated.text,
                                  reason="the heading names different units: "
                                  + "; ".join(stated.conflict))
                return None
            if stated.sharing and stated.value is None:
                self.findings.add("S102", self.at(sheet.name, stated.cell), raw=stated.text,
                                  reason=f"'{stated.text}' is the name of {len(stated.sharing)} "
                                  f"units ({', '.join(stated.sharing)})")
                return None
            if stated.value is None:
                self.findings.add("S101", self.at(sheet.name, stated.cell), raw=stated.text,
                                  unit=stated.text,
                                  suggestion=self.suggest_unit(stated.text))
                return None
            return self.ctx.units[stated.value], self.at(sheet.name, stated.cell)
        named = name_units(self.path.stem, index)
        if len(named) == 1:
            self.findings.add("S111", where, unit=named[0].code)
            return named[0], self.at()
        reason = (f"the file name matches several units: {unit_ids(named)}" if named
                  else "no metadata sheet, no 'Mã đơn vị:' cell, no unit in the file name")
        self.findings.add("S102", where, reason=reason)
        return None

    def _period(self, sheet: Sheet, first_row: int, column: Found | None) -> str | None:
        found = self._stated_period(sheet, first_row) if column is None else Found(
            column.value, column.text, column.cell)
        expected = self.ctx.period
        if found is not None and expected is not None and found.value != expected:
            where = (self.at(sheet.name, found.cell) if found.cell
                     else self.at(META_SHEET if self.meta else None))
            self.findings.add("S103", where, raw=found.text, found=found.value, expected=expected)
            return None
        return found.value if found is not None else None

    def _heading_period(self, sheet: Sheet, above_row: int) -> str | None:
        """The period the metadata or the heading (rows above ``above_row``) states, if any."""
        if self.meta.get("period"):
            return parse_period(self.meta["period"])
        stated, _ = sheet_period(sheet, above_row)
        return stated.value if stated is not None else None

    def _stated_period(self, sheet: Sheet, first_row: int) -> Found | None:
        where = self.at(sheet.name)
        if self.meta.get("period"):
            value = parse_period(self.meta["period"])
            if value is not None:
                return Found(value, self.meta["period"], "")
        stated, several = sheet_period(sheet, first_row)
        if stated is not None:
            if stated.value is None:
                self.findings.add("S104", self.at(sheet.name, stated.cell), raw=stated.text,
                                  reason=f"'{stated.text}' is not a period")
                return None
            return stated
        from_name = name_period(self.path.stem)
        if from_name is not None:
            self.findings.add("S112", where, period=from_name)
            return Found(from_name, self.path.name, "")
        if self.ctx.period is not None:
            self.findings.add("S105", where, period=self.ctx.period)
            return Found(self.ctx.period, "", "")
        reason = ("titles mention several periods: " + ", ".join(several) if several
                  else "no metadata sheet, no 'Kỳ báo cáo:' cell, no period in the file name")
        self.findings.add("S104", where, reason=reason)
        return None

    def _adder(self, entry: Entry) -> AddFinding:
        """Adds a finding at the entry's cell (the location is built only for a finding)."""
        return lambda code, **params: self.findings.add(
            code, self.at(entry.sheet, entry.ref), **params
        )

    # -- the values of one submission --------------------------------------------------------

    def _check(self, sub: _Submission) -> None:
        catalogue = self.ctx.catalogue
        values: dict[str, tuple[float, Entry]] = {}
        failed: set[str] = set()
        invalid: list[Record] = []
        seen: dict[str, Entry] = {}
        blanks: dict[str, Entry] = {}
        for entry in sub.entries:
            definition = catalogue.fields[entry.field]
            cell = entry.cell
            if cell is None or cell.blank:
                blanks.setdefault(entry.field, entry)
                continue
            if entry.field in seen:
                self.findings.add("S114", self.at(entry.sheet, entry.ref), raw=raw_text(cell),
                                  subject=entry.field, field=field_label(definition),
                                  unit=sub.unit.code,
                                  other=f"{seen[entry.field].sheet}!{seen[entry.field].ref}")
                continue
            seen[entry.field] = entry
            if definition.levels is not None and sub.unit.level not in definition.levels:
                self.findings.add("S115", self.at(entry.sheet, entry.ref), raw=raw_text(cell),
                                  subject=entry.field, field=field_label(definition),
                                  level=sub.unit.level)
                continue
            before = len(self.findings)
            value = cell_value(definition, cell, self._adder(entry))
            if value is None:
                failed.add(entry.field)
                # Kept for provenance with the rejecting finding's code: the KPI then
                # says invalid_field, not "not reported".
                code = next((f.code for f in self.findings[before:]
                             if f.severity is Severity.ERROR), "S201")
                invalid.append((sub.unit.code, sub.period, entry.field, math.nan, self.file,
                                self.result.sha256, entry.sheet, entry.ref, raw_text(cell), code))
                continue
            values[entry.field] = (value, entry)
        # The forms this workbook is (the regular report, a DTI self-assessment …):
        # a field of another form is not expected in it.
        forms = {catalogue.fields[f].form for f in (*values, *blanks, *failed)} or {None}
        self.result.forms[(sub.unit.code, sub.period)] = ",".join(sorted(f or "" for f in forms))
        expected = [d for form in forms for d in fields_for_level(catalogue, sub.unit.level, form)]
        for definition in expected:
            if definition.id not in values and definition.id not in failed:
                # An optional field left empty is still said, as a warning: never silent.
                blank = blanks.get(definition.id)
                where = (self.at(blank.sheet, blank.ref) if blank
                         else self.at(sub.location.sheet, sub.location.cell))
                self.findings.add("S301", where, subject=definition.id,
                                  field=field_label(definition),
                                  severity=None if definition.required else "warning")
        # Rules compare reported values with each other, so they run once all are read.
        for field_id, (value, entry) in values.items():
            flag = rule_flag(catalogue.fields[field_id], value, values, self._adder(entry),
                             fields=catalogue.fields)
            self.result.records.append((
                sub.unit.code, sub.period, field_id, value, self.file, self.result.sha256,
                entry.sheet, entry.ref, "" if entry.cell is None else raw_text(entry.cell), flag,
            ))
        self.result.records.extend(invalid)
        self._evidence(sub, values)

    def _evidence(self, sub: _Submission, values: dict[str, tuple[float, Entry]]) -> None:
        """The points values of a form: maxima and evidence (:func:`check_points`)."""
        for field_id, text, sheet, cell in check_points(
            values, sub.entries, self.ctx.form_rows, self.ctx.catalogue.fields,
            self.workbook.sheet, self.at, self.findings,
        ):
            self.result.evidence.append((sub.unit.code, sub.period, field_id, text,
                                         self.file, sheet, cell))


def _metadata(sheet: Sheet | None) -> dict[str, str]:
    if sheet is None:
        return {}
    meta: dict[str, str] = {}
    for (_, col), cell in sorted(sheet.cells.items()):
        if col == 1 and isinstance(cell.value, str):
            value = sheet.get(cell.row, 2)
            meta[cell.value.strip()] = "" if value is None else display(value.value).strip()
    return meta
