"""The administrative report of each programme as a Word document (``--format docx``).

The document a Sở sends up, laid out by the presentation rules of Decree
30/2020/NĐ-CP (Appendix I): A4 portrait; margins top and bottom 20 mm, left 30 mm,
right 15 mm; Times New Roman throughout; at the top a two-column band with the
superior and issuing bodies (12 pt caps, the issuing body bold, a short rule
under it) beside the Quốc hiệu (12 pt bold caps, so it holds one line) and Tiêu ngữ (13–14 pt bold,
ruled under); the number and symbol (13 pt) beside the place and date (13–14 pt
italic); the document type (14 pt bold caps) and its summary line (14 pt bold);
body paragraphs at 14 pt, justified, first line indented 1 cm; "Nơi nhận:" at
12 pt bold italic with the recipients at 11 pt; the signing authority and title
in 14 pt bold caps, the signer's name in 14 pt bold. Tables are set at 12 pt so a
goal's wording fits the portrait page (the decree fixes no size for tables).

The sections: the overall result (the "4/6 mục tiêu …" headline and how many
units reported), the goal table, the per-unit table (the level a leader compares:
rank, composite score, goals by status), the units that have not reported, the
proposals, the signature block. Their texts come from
``templates/word_report.yaml``, which a province copies and edits (``--word-texts``):
every text is a Jinja template over the values named beside it in that file.

python-docx writes the file (a real, maintained library for .docx; docxtpl would
add a second template language over a .docx the province would have to keep in
step with chiso's tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from jinja2 import Environment, StrictUndefined
from ruamel.yaml import YAML

from chiso.catalogue.model import Programme
from chiso.engine.result import PROGRESS_STATUSES, Result
from chiso.engine.tracker import missing_units
from chiso.findings import Lang
from chiso.render import points, tables
from chiso.render.labels import (
    comparison_text,
    format_number,
    label,
    level_label,
    status_label,
)
from chiso.staging import Staging, staged

FONT = "Times New Roman"
BODY_PT, TABLE_PT = 14, 12

TEXT_KEYS = (
    "superior_body", "issuing_body", "number", "place_date", "document_type", "summary",
    "introduction", "heading_overall", "overall", "heading_goals", "heading_units",
    "units_intro", "heading_missing", "missing_intro", "none_missing", "no_tracker",
    "heading_proposals", "proposals", "closing", "recipients_heading", "recipients",
    "signer_authority", "signer_title", "signer_name",
)


class WordTextsError(ValueError):
    """The province's texts file cannot be used (its message says why, in vi and en)."""


def default_texts() -> dict[str, dict[str, Any]]:
    source = resources.files("chiso.render").joinpath("templates/word_report.yaml")
    data = YAML(typ="safe").load(source.read_text(encoding="utf-8"))
    return {lang: dict(data[lang]) for lang in ("vi", "en")}


def load_texts(path: str | Path | None) -> dict[str, dict[str, Any]]:
    """The default texts, with the keys of the province's file (if any) laid over them."""
    texts = default_texts()
    if path is None:
        return texts
    try:
        data = YAML(typ="safe").load(Path(path).read_text(encoding="utf-8"))
    except Exception as exc:  # ruamel raises many types; all mean "not usable YAML"
        raise WordTextsError(
            f"không đọc được tệp văn bản báo cáo {path} / cannot read the report texts "
            f"{path}: {exc}"
        ) from None
    if not isinstance(data, dict):
        raise WordTextsError(f"{path}: cần các khóa vi:, en: / needs vi: and en: keys")
    for lang, own in data.items():
        if lang not in texts or not isinstance(own, dict):
            raise WordTextsError(f"{path}: khóa '{lang}' không hợp lệ (vi, en) / "
                                 f"unknown key '{lang}' (vi, en)")
        unknown = sorted(set(own) - set(TEXT_KEYS))
        if unknown:
            raise WordTextsError(f"{path}: khóa không hợp lệ / unknown keys: "
                                 f"{', '.join(map(str, unknown))}")
        texts[lang].update(own)
    return texts


@dataclass(frozen=True)
class _Texts:
    """The texts of one language, rendered with the values of one report."""

    templates: dict[str, Any]
    values: dict[str, Any]

    def __call__(self, key: str, **more: Any) -> str:
        env = Environment(undefined=StrictUndefined, autoescape=False)
        env.filters["lower_first"] = lambda s: s[:1].lower() + s[1:] if s else s
        text = str(self.templates[key]).strip()  # spaces kept: "ngày      tháng"
        return env.from_string(text).render(**self.values, **more)


def issue_date() -> date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` when set (reproducible outputs)."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()


def render_word(
    result: Result,
    programme: Programme,
    *,
    lang: Lang = "vi",
    texts: dict[str, dict[str, Any]] | None = None,
    issued: date | None = None,
) -> DocxDocument:
    """The programme's administrative report as a python-docx document."""
    texts = texts or default_texts()
    root = tables.root_unit(result)
    rows = tables.goal_rows(result, programme, root.code, lang) if root else []
    progress = tables.rows_of(result.progress, programme=programme.id)
    period = tables.latest_period(progress, result.latest_period) or "—"
    province = root.label(lang) if root else ""
    expected, reported, missing = _coverage(result, period)
    values = {
        "province": province,
        "place": _place(province),
        "year": (issued or issue_date()).year,
        "programme": programme.name.get(lang),
        "period": period,
        "horizon": f"{programme.horizon.start}–{programme.horizon.end}",
        "headline": tables.goal_headline(result, rows, lang),
        "expected": expected,
        "reported": reported,
    }
    say = _Texts(texts[lang], values)
    doc = Document()
    _page_setup(doc)
    _letterhead(doc, say)
    _title(doc, say)
    _body(doc, say("introduction"))
    _heading(doc, say("heading_overall"))
    _body(doc, say("overall"))
    _heading(doc, say("heading_goals"))
    _goal_table(doc, rows, lang)
    _heading(doc, say("heading_units"))
    ranking = tables.ranking_rows(result, programme, lang)
    level = tables.ranked_level(result, ranking)
    if level is not None:
        _body(doc, say("units_intro", level=level_label(level, lang).lower()))
        _unit_table(doc, result, programme, [r for r in ranking if r.level == level], lang)
    else:
        _body(doc, label("no_data", lang))
    _points_tables(doc, points.points_table(result, programme, lang))
    _heading(doc, say("heading_missing"))
    if not expected:
        _body(doc, say("no_tracker"))
    else:
        _tracker_table(doc, result, lang)
    if expected and missing:
        _body(doc, say("missing_intro", count=len(missing)))
        for code in missing:
            unit = result.units.get(code)
            name = unit.label(lang) if unit else code
            _body(doc, f"- {name} ({code})", indent=False)
    elif expected:
        _body(doc, say("none_missing"))
    _heading(doc, say("heading_proposals"))
    _body(doc, say("proposals"))
    _body(doc, say("closing"))
    _signature(doc, say, [str(r) for r in texts[lang]["recipients"]])
    _repeat_headers(doc)
    _keep_signature_together(doc)
    return doc


def write_word_reports(
    result: Result,
    out_dir: str | Path,
    *,
    lang: Lang = "vi",
    texts: dict[str, dict[str, Any]] | None = None,
    issued: date | None = None,
    staging: Staging | None = None,
) -> list[Path]:
    """Write ``<programme>.docx`` for every programme; return the paths.

    Written atomically (see :mod:`chiso.staging`); programme ids are identifiers,
    so the names stay in ``out_dir``.
    """
    out = Path(out_dir)
    written = []
    with staged(staging) as stage:
        for programme in result.catalogue.programmes.values():
            target = out / f"{programme.id}.docx"
            document = render_word(result, programme, lang=lang, texts=texts, issued=issued)
            save_reproducibly(document, stage.path(target))
            written.append(target)
    return written


def save_reproducibly(document: Any, path: Path) -> None:
    """Save a python-docx document; under ``SOURCE_DATE_EPOCH``, the same bytes every run.

    python-docx dates every zip entry with the time of saving, so two runs a second
    apart differed in the zip headers alone (the parts were equal). With
    ``SOURCE_DATE_EPOCH`` set the entries are rewritten dated by it (zip dates start
    in 1980), in the order python-docx wrote them.
    """
    import io
    import os
    import time
    import zipfile

    buffer = io.BytesIO()
    document.save(buffer)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        path.write_bytes(buffer.getvalue())
        return
    stamp = time.gmtime(max(int(epoch), 315532800))[:6]  # 1980-01-01, the first zip date
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            dated = zipfile.ZipInfo(entry.filename, date_time=stamp)
            dated.compress_type = zipfile.ZIP_DEFLATED
            dated.external_attr = entry.external_attr
            target.writestr(dated, source.read(entry.filename))


def _coverage(result: Result, period: str) -> tuple[int, int, list[str]]:
    """(units expected, units that reported, codes of those that did not) at ``period``."""
    tracker = result.tracker
    if tracker.empty or "period" not in tracker:
        return 0, 0, []
    rows = tracker[(tracker["period"] == period) & tracker["expected"].astype(bool)]
    missing = missing_units(tracker, period)
    return len(rows), len(rows) - len(missing), missing


def _place(province: str) -> str:
    """``Phú Thọ`` from ``Tỉnh Phú Thọ``: the place line names the place, not the body."""
    for prefix in ("Tỉnh ", "Thành phố ", "TP. "):
        if province.startswith(prefix):
            return province[len(prefix):]
    return province


# ── layout ──────────────────────────────────────────────────────────────────


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    # East-Asian and complex-script slots too, or Word falls back for Vietnamese text
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    paragraph = normal.paragraph_format
    paragraph.space_before, paragraph.space_after = Pt(0), Pt(6)


def _run(paragraph: Paragraph, text: str, *, size: float = BODY_PT, bold: bool = False,
         italic: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic


def _centred(cell_or_doc: Any, text: str, **style: Any) -> Paragraph:
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, **style)
    return paragraph


RULE_STYLE = "Đường kẻ ngắn"  # the style's name as Word shows it in the styles list


def _rule(doc: DocxDocument, container: Any, width_cm: float, cell_width_cm: float) -> None:
    """A short centred line under a heading, drawn as the bottom border of an empty
    paragraph indented to ``width_cm`` (how Word users draw it, and it stays in place).

    The border belongs to a paragraph style (python-docx has no public API for a
    paragraph's own borders; a style's XML is public as ``style.element``), so a
    province that edits the document finds it as a named style.
    """
    paragraph = container.add_paragraph(style=_rule_style(doc))
    side = max((cell_width_cm - width_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)


def _rule_style(doc: DocxDocument) -> Any:
    if RULE_STYLE in [style.name for style in doc.styles]:
        return doc.styles[RULE_STYLE]
    style = doc.styles.add_style(RULE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr comes before spacing and indentation in a paragraph's properties
    style.element.get_or_add_pPr().insert(0, borders)
    return style


def _band(doc: DocxDocument, widths_cm: tuple[float, float]) -> Table:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, widths_cm)
    for cell in table.rows[0].cells:
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    return table


def _widths(table: Table, widths_cm: Sequence[float]) -> None:
    """Column widths in the table grid (LibreOffice reads these) and on every cell (Word)."""
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _letterhead(doc: DocxDocument, say: _Texts) -> None:
    left_w, right_w = 7.2, 9.8  # 17 cm: the 16.5 cm text width plus the cells' padding
    band = _band(doc, (left_w, right_w))
    left, right = band.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(left.paragraphs[0], say("superior_body"), size=12)
    _centred(left, say("issuing_body"), size=12, bold=True)
    _rule(doc, left, 2.5, left_w)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _centred(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
    _rule(doc, right, 5.6, right_w)
    dates = _band(doc, (left_w, right_w))
    number, place = dates.rows[0].cells
    number.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number.paragraphs[0], say("number"), size=13)
    place.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(place.paragraphs[0], say("place_date"), size=14, italic=True)


def _title(doc: DocxDocument, say: _Texts) -> None:
    first = _centred(doc, say("document_type"), size=14, bold=True)
    first.paragraph_format.space_before = Pt(18)
    _centred(doc, say("summary"), size=14, bold=True)
    _rule(doc, doc, 3.0, 16.5)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(12)


def _heading(doc: DocxDocument, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, text, bold=True)


def _body(doc: DocxDocument, text: str, *, indent: bool = True) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1) if indent else None
    if not indent:
        paragraph.paragraph_format.left_indent = Cm(1)
    _run(paragraph, text)


def _table(doc: DocxDocument, header: list[str], body: list[list[str]],
           widths_cm: list[float], numeric: set[int]) -> Table:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, text in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], text, size=TABLE_PT, bold=True)
    for values in body:
        cells = table.add_row().cells
        for i, text in enumerate(values):
            paragraph = cells[i].paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if i in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(paragraph, text, size=TABLE_PT)
    _widths(table, widths_cm)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    return table


def _repeat_headers(doc: DocxDocument) -> None:
    """The header row of every data table repeats on each page the table runs onto.

    python-docx has no public switch for it and no public XML of a row; the
    document's XML is public (``Document.element``), so the data tables — the only
    ones in the "Table Grid" style — get ``w:tblHeader`` on their first row there.
    """
    grid = doc.styles["Table Grid"].style_id
    for tbl in doc.element.iter(qn("w:tbl")):
        style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        first = tbl.find(qn("w:tr"))
        if style is None or style.get(qn("w:val")) != grid or first is None:
            continue
        properties = first.find(qn("w:trPr"))
        if properties is None:
            properties = OxmlElement("w:trPr")
            # a row's properties come first, after the optional table exceptions
            at = 1 if len(first) and first[0].tag == qn("w:tblPrEx") else 0
            first.insert(at, properties)
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)


def _keep_signature_together(doc: DocxDocument) -> None:
    """The signature block (the document's last table) moves whole to the next page
    rather than leave "Nơi nhận:" alone at a page's foot: ``w:cantSplit`` on its row,
    set through the document's public XML as :func:`_repeat_headers` does."""
    tables_xml = list(doc.element.iter(qn("w:tbl")))
    if not tables_xml:
        return
    for row in tables_xml[-1].findall(qn("w:tr")):
        properties = row.find(qn("w:trPr"))
        if properties is None:
            properties = OxmlElement("w:trPr")
            row.insert(1 if len(row) and row[0].tag == qn("w:tblPrEx") else 0, properties)
        properties.insert(0, OxmlElement("w:cantSplit"))


def _goal_table(doc: DocxDocument, rows: list[tables.GoalRow], lang: Lang) -> None:
    header = [label("col_no", lang), label("col_goal", lang), label("col_target", lang),
              label("col_deadline", lang), label("col_value", lang), label("col_status", lang)]
    body = [
        [str(i), row.name, comparison_text(row.comparison, row.target, row.unit_kind, lang),
         row.deadline, format_number(row.value, row.unit_kind, lang),
         status_label(row.status, lang)
         + (f" ({row.parts_text})" if row.parts_expected is not None else "")]
        for i, row in enumerate(rows, start=1)
    ]
    _table(doc, header, body, [1.2, 6.2, 2.4, 1.8, 2.0, 2.9], numeric={0, 2, 4})


def _unit_table(doc: DocxDocument, result: Result, programme: Programme,
                ranking: list[tables.RankRow], lang: Lang) -> None:
    goals = {u.unit: u for u in tables.goal_summary_rows(result, programme, lang)}
    statuses = [s for s in PROGRESS_STATUSES if s != "not_assessable" and (
        s != "incomplete_data" or any(u.counts.get(s) for u in goals.values()))]
    header = [label("col_rank", lang), label("col_unit", lang), label("col_score", lang),
              *(status_label(s, lang) for s in statuses)]
    body = []
    for row in ranking:
        counts = goals.get(row.unit)
        body.append([
            tables.rank_text(row.rank, row.tied) if row.rank is not None
            else ("—" if row.reported else label("not_reported", lang)),
            row.name,
            format_number(row.score, "number", lang, digits=1) + ("*" if row.n_zero else ""),
            *(str(counts.counts[s]) if counts else "—" for s in statuses),
        ])
    # 16.5 cm of A4 text width: the status columns share 7.8 cm (four of them, before
    # any goal can be not achieved) or 8.6 cm, the unit's name gives way.
    status_width = 7.8 if len(statuses) <= 4 else 8.6
    widths = [1.5, 12.8 - status_width, 2.2, *[status_width / len(statuses)] * len(statuses)]
    _table(doc, header, body, widths, numeric={0, 2, *range(3, 3 + len(statuses))})
    if any(row.n_zero for row in ranking):
        _body(doc, label("zero_note", lang), indent=False)


def _tracker_table(doc: DocxDocument, result: Result, lang: Lang) -> None:
    """Units reported / expected by district (the tracker), the total last."""
    view = tables.tracker_view(result, lang)
    if view is None:
        return
    header = [label(k, lang) for k in ("col_area", "col_expected", "col_reported",
                                       "col_with_errors", "col_late", "col_not_reported")]
    body = [[c.name, str(c.expected), str(c.reported), str(c.with_errors), str(c.late),
             str(c.missing)] for c in view.counts]
    _table(doc, header, body, [5.5, 2.2, 2.2, 2.2, 2.2, 2.2], numeric={1, 2, 3, 4, 5})


def _points_tables(doc: DocxDocument, table: points.PointsTable | None) -> None:
    """An official index's points by unit (total, value, band, self vs appraised), then by
    self-assessed component. The points per main index are in the scorecard and the
    HTML report: nine more columns do not fit a portrait page."""
    if table is None:
        return
    keep = [0, 1, *range(2 + table.groups, len(table.header))]
    _body(doc, f"{table.title}. {table.legend}.")
    widths = [1.6, 4.7, *[10.2 / (len(keep) - 2)] * (len(keep) - 2)]
    _table(doc, [table.header[i] for i in keep], [[r[i] for i in keep] for r in table.rows],
           widths, numeric={0, *range(2, len(keep))})
    if table.components:
        columns = [0, 1, 2, 4, 5, 6]  # unit, component, maximum, self, appraised, difference
        _table(doc, [table.components_header[i] for i in columns],
               [[r[i] for i in columns] for r in table.components],
               [3.2, 6.5, 1.6, 1.8, 1.8, 1.6], numeric={2, 3, 4, 5})


def _signature(doc: DocxDocument, say: _Texts, recipients: list[str]) -> None:
    band = _band(doc, (7.5, 9.0))
    left, right = band.rows[0].cells
    _run(left.paragraphs[0], say("recipients_heading"), size=12, bold=True, italic=True)
    for name in recipients:
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, f"- {name}", size=11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], say("signer_authority"), bold=True)
    _centred(right, say("signer_title"), bold=True)
    for _ in range(4):  # room for the signature and the seal
        _centred(right, "")
    _centred(right, say("signer_name"), bold=True)
