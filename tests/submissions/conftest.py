"""A small catalogue and unit tree shared by the submission tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

import pytest
from openpyxl import Workbook

from chiso.catalogue.model import Catalogue, CatalogueInfo, FieldDef, FieldKind, Plausible, Text
from chiso.submissions.template import write_templates
from chiso.units.model import Unit, Units


def _field(id: str, vi: str, kind: FieldKind, **extra: object) -> FieldDef:
    return FieldDef(id=id, label=Text(vi=vi, en=id.replace("_", " ")), kind=kind, **extra)


@pytest.fixture
def catalogue() -> Catalogue:
    fields = [
        _field("civil_servants", "Tổng số cán bộ, công chức", FieldKind.COUNT,
               unit_label=Text(vi="người", en="people")),
        _field("civil_servants_with_computer", "Số cán bộ, công chức được trang bị máy tính",
               FieldKind.COUNT, constraints=["<= civil_servants"]),
        _field("dossiers_total", "Tổng số hồ sơ thủ tục hành chính tiếp nhận", FieldKind.COUNT),
        _field("dossiers_online", "Số hồ sơ tiếp nhận trực tuyến", FieldKind.COUNT,
               constraints=["<= dossiers_total"], aliases=["Hồ sơ trực tuyến"]),
        _field("digitised_rate", "Tỷ lệ hồ sơ được số hóa", FieldKind.PERCENT,
               plausible=Plausible(min=0.05)),
        _field("it_budget", "Kinh phí chi cho công nghệ thông tin", FieldKind.AMOUNT,
               required=False, plausible=Plausible(max=50_000),
               unit_label=Text(vi="triệu đồng", en="million dong")),
        _field("has_it_officer", "Có cán bộ chuyên trách công nghệ thông tin", FieldKind.YES_NO),
        _field("cadastral_map", "Có bản đồ địa chính số", FieldKind.YES_NO, levels=["commune"]),
    ]
    return Catalogue(
        info=CatalogueInfo(id="phu_tho", name=Text(vi="Chỉ số chuyển đổi số Phú Thọ",
                                                  en="Phu Tho digital transformation index"),
                           version="2024.1"),
        groups={}, fields={f.id: f for f in fields}, kpis={}, programmes={},
        digest="d1g3st",
    )


@pytest.fixture
def units() -> Units:
    return Units.of([
        Unit("25", "Tỉnh Phú Thọ", "province"),
        Unit("S01", "Sở Khoa học và Công nghệ", "department", parent="25"),
        Unit("227", "Thành phố Việt Trì", "district", parent="25"),
        Unit("230", "Huyện Cẩm Khê", "district", parent="25"),
        Unit("08500", "Phường Gia Cẩm", "commune", parent="227"),
        Unit("08503", "Xã Phương Xá", "commune", parent="230", aliases=("Phương Xá",)),
    ])


# --- workbook builders ------------------------------------------------------------------------

Rows = Sequence[Sequence[Any]]


@pytest.fixture
def template(catalogue: Catalogue, units: Units, tmp_path: Path) -> Callable[..., Path]:
    """template(unit_code, period="2024") → the path of chiso's template for that unit."""

    def make(unit_code: str, period: str = "2024", *, folder: str = "templates") -> Path:
        level = units[unit_code].level
        paths = write_templates(catalogue, units, period, tmp_path / folder, levels=[level])
        return next(p for p in paths if p.name.startswith(f"{unit_code}-"))

    return make


@pytest.fixture
def handmade(tmp_path: Path) -> Callable[..., Path]:
    """handmade(name, {sheet: rows}, merged={sheet: ["A1:D1"]}, hidden=[sheet]) → path.

    Rows are lists of cell values written from A1 with openpyxl, as a person
    would type them (``None`` leaves a cell empty, ``"=..."`` is a formula
    without a cached value).
    """

    def make(name: str, sheets: dict[str, Rows], *, merged: dict[str, list[str]] | None = None,
             hidden: Sequence[str] = ()) -> Path:
        wb = Workbook()
        wb.remove(wb.active)
        for title, rows in sheets.items():
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(list(row))
            for ref in (merged or {}).get(title, []):
                ws.merge_cells(ref)
            if title in hidden:
                ws.sheet_state = "hidden"
        path = tmp_path / name
        wb.save(path)
        return path

    return make


_WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>"""
_SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData>{merged}</worksheet>"""


@pytest.fixture
def raw_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """raw_xlsx(name, {sheet: sheetData XML}, strings=[...], absolute=False) → path.

    Builds the zip by hand, the way other programs write it: cached formula
    values, inline strings, error cells, absolute part names (Google Sheets)
    or cells without ``r`` attributes — things openpyxl cannot write.
    """

    def make(name: str, sheets: dict[str, str], *, strings: Sequence[str] = (),
             absolute: bool = False, states: dict[str, str] | None = None,
             merged: dict[str, list[str]] | None = None) -> Path:
        path = tmp_path / name
        sheet_tags, rels = [], []
        with ZipFile(path, "w", ZIP_DEFLATED) as zf:
            for i, (title, rows) in enumerate(sheets.items(), start=1):
                state = (states or {}).get(title)
                state_attr = f' state="{state}"' if state else ""
                sheet_tags.append(
                    f'<sheet name="{title}" sheetId="{i}"{state_attr} r:id="rId{i}"/>')
                target = f"/xl/worksheets/sheet{i}.xml" if absolute else f"worksheets/sheet{i}.xml"
                rels.append(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
                            f'officeDocument/2006/relationships/worksheet" Target="{target}"/>')
                refs = (merged or {}).get(title, [])
                merge_xml = (f'<mergeCells count="{len(refs)}">'
                             + "".join(f'<mergeCell ref="{r}"/>' for r in refs)
                             + "</mergeCells>") if refs else ""
                zf.writestr(f"xl/worksheets/sheet{i}.xml",
                            _SHEET.format(rows=rows, merged=merge_xml))
            n = len(sheets) + 1
            rels.append(f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/sharedStrings" '
                        'Target="sharedStrings.xml"/>')
            zf.writestr("xl/workbook.xml", _WORKBOOK.format(sheets="".join(sheet_tags)))
            zf.writestr("xl/_rels/workbook.xml.rels",
                        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
                        'schemas.openxmlformats.org/package/2006/relationships">'
                        + "".join(rels) + "</Relationships>")
            zf.writestr("xl/sharedStrings.xml",
                        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                        'openxmlformats.org/spreadsheetml/2006/main">'
                        + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
            zf.writestr("[Content_Types].xml", "<Types/>")
        return path

    return make
