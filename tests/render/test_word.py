"""The administrative report as a Word document, opened again with python-docx.

The conftest result: province 25 with four districts, 2024; 2/4 goals achieved,
1/4 on track, 1/4 off track; districts ranked Việt Trì 1, Đoan Hùng 2, Thị xã Phú
Thọ and Hạ Hòa 3= (arithmetic in conftest.py).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from docx import Document
from docx.shared import Pt
from docx.table import Table

from chiso.cli import main
from chiso.engine.result import Result
from chiso.render.word import WordTextsError, load_texts, render_word, write_word_reports

ISSUED = date(2025, 1, 15)


def _lines(doc: Any) -> list[str]:
    """Every non-empty paragraph's text, in the body and in table cells, in document order."""
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    lines += [p.text for p in cell.paragraphs]
        else:
            lines.append(block.text)
    return [line for line in lines if line.strip()]


def _with_tracker(result: Result, missing: list[str]) -> Result:
    rows = [
        {"unit": code, "period": "2024", "expected": True,
         "status": "missing" if code in missing else "received"}
        for code in ("227", "228", "230", "231")
    ]
    return dataclasses.replace(result, tracker=pd.DataFrame(rows))


def _docx(result: Result, tmp_path: Path, **kwargs: Any) -> Any:
    path = tmp_path / "report.docx"
    render_word(result, result.catalogue.programmes["nq"], issued=ISSUED, **kwargs).save(path)
    return Document(str(path))


def test_the_letterhead_follows_decree_30(result: Result, tmp_path: Path) -> None:
    doc = _docx(result, tmp_path)
    head = _lines(doc)[:6]
    assert head == [
        "UBND TỈNH PHÚ THỌ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số:        /BC-SKHCN", "Phú Thọ, ngày      tháng      năm 2025",
    ]


def test_title_summary_and_headline(result: Result, tmp_path: Path) -> None:
    lines = _lines(_docx(result, tmp_path))
    assert "BÁO CÁO" in lines
    summary = lines[lines.index("BÁO CÁO") + 1]
    assert summary.startswith("Kết quả thực hiện") and summary.endswith("kỳ 2024")
    assert ("Đến kỳ 2024, 2/4 mục tiêu đã hoàn thành, 1/4 đảm bảo tiến độ, "
            "1/4 chậm tiến độ.") in lines


def test_goal_table_has_a_row_per_goal_with_value_target_and_status(
    result: Result, tmp_path: Path
) -> None:
    doc = _docx(result, tmp_path)
    goals = doc.tables[2]  # after the two letterhead bands
    header = [c.text for c in goals.rows[0].cells]
    assert header == ["STT", "Mục tiêu", "Chỉ tiêu", "Thời hạn", "Giá trị", "Trạng thái"]
    assert len(goals.rows) == 1 + 4
    statuses = [row.cells[5].text for row in goals.rows[1:]]
    assert sorted(statuses) == sorted(
        ["Đã hoàn thành", "Đã hoàn thành", "Đảm bảo tiến độ", "Chậm tiến độ"])


def test_district_table_ranks_the_four_districts_with_ties(
    result: Result, tmp_path: Path
) -> None:
    units = _docx(result, tmp_path).tables[3]
    ranks = [(row.cells[0].text, row.cells[1].text) for row in units.rows[1:]]
    assert ranks == [("1", "Thành phố Việt Trì"), ("2", "Huyện Đoan Hùng"),
                     ("3=", "Thị xã Phú Thọ"), ("3=", "Huyện Hạ Hòa")]
    assert units.rows[1].cells[2].text == "98,4"  # 98.4375 rounded to one decimal


def test_units_not_reported_are_listed(result: Result, tmp_path: Path) -> None:
    lines = _lines(_docx(_with_tracker(result, ["231"]), tmp_path))
    assert "IV. ĐƠN VỊ CHƯA GỬI BÁO CÁO" in lines
    assert "Đến kỳ 2024, còn 1 đơn vị chưa gửi báo cáo:" in lines
    assert "- Huyện Hạ Hòa (231)" in lines
    # 3 of 4 expected units reported
    assert any("3/4 đơn vị phải báo cáo" in line for line in lines)


def test_without_a_tracker_the_report_claims_nothing_about_who_reported(
    result: Result, tmp_path: Path
) -> None:
    lines = _lines(_docx(result, tmp_path))
    assert "Chưa có danh sách đơn vị phải báo cáo kỳ 2024." in lines
    assert not any("đã gửi báo cáo" in line for line in lines)


def test_signature_block_closes_the_document(result: Result, tmp_path: Path) -> None:
    lines = _lines(_docx(result, tmp_path))
    assert lines[-1] == "(Họ và tên)"
    assert {"Nơi nhận:", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "- Lưu: VT, CĐS."} <= set(lines)


def test_page_font_and_sizes_follow_decree_30(result: Result, tmp_path: Path) -> None:
    doc = _docx(result, tmp_path)
    section = doc.sections[0]
    # stored in twentieths of a point: equal to within a hundredth of a millimetre
    measured = (section.page_width, section.page_height, section.left_margin,
                section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(m.mm, 1) for m in measured] == [210, 297, 30, 15, 20, 20]
    assert doc.styles["Normal"].font.name == "Times New Roman"
    body_sizes = {r.font.size for p in doc.paragraphs for r in p.runs if r.text.strip()}
    assert body_sizes <= {Pt(12), Pt(13), Pt(14)}
    assert Pt(14) in body_sizes


def test_a_province_edits_the_texts(result: Result, tmp_path: Path) -> None:
    own = tmp_path / "texts.yaml"
    own.write_text('vi:\n  issuing_body: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"\n'
                   '  signer_name: "Nguyễn Văn A"\n', "utf-8")
    lines = _lines(_docx(result, tmp_path, texts=load_texts(own)))
    assert lines[1] == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert lines[-1] == "Nguyễn Văn A"
    assert "BÁO CÁO" in lines  # the keys left out keep chiso's text


def test_an_unknown_key_in_the_texts_is_refused(tmp_path: Path) -> None:
    own = tmp_path / "texts.yaml"
    own.write_text("vi:\n  isuing_body: X\n", "utf-8")
    with pytest.raises(WordTextsError, match="isuing_body"):
        load_texts(own)


def test_english_report(result: Result, tmp_path: Path) -> None:
    lines = _lines(_docx(result, tmp_path, lang="en"))
    assert "REPORT" in lines and "Recipients:" in lines


def test_one_document_per_programme(result: Result, tmp_path: Path) -> None:
    paths = write_word_reports(result, tmp_path, issued=ISSUED)
    assert [p.name for p in paths] == ["nq.docx"]


def test_cli_bad_texts_file_is_a_usage_error_before_anything_is_written(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "province"
    (folder / "submissions").mkdir(parents=True)
    (folder / "units.csv").write_text("code,name,level,parent\n25,Phú Thọ,province,\n", "utf-8")
    (tmp_path / "texts.yaml").write_text("vi: [not, a, mapping]\n", "utf-8")
    out = tmp_path / "out"
    outcome = CliRunner().invoke(main, ["score", str(folder), "--out", str(out), "--format",
                                        "docx", "--word-texts", str(tmp_path / "texts.yaml")])
    assert outcome.exit_code == 2
    assert "vi" in outcome.output
    assert not out.exists()


def test_data_tables_repeat_their_header_row_on_every_page(result: Result, tmp_path: Path) -> None:
    from docx.oxml.ns import qn

    doc = _docx(result, tmp_path)
    data = [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(data) == 2  # the goal table and the district table
    tables = [tbl for tbl in doc.element.iter(qn("w:tbl"))
              if tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}") is not None]
    for tbl in tables:
        rows = tbl.findall(qn("w:tr"))
        header = [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") for row in rows]
        assert header[0] is not None and header[0].get(qn("w:val")) == "true"
        assert header[1:] == [None] * (len(rows) - 1)  # only the first row repeats


def test_the_short_rules_under_the_headings_are_a_named_bordered_style(
    result: Result, tmp_path: Path,
) -> None:
    from docx.oxml.ns import qn

    doc = _docx(result, tmp_path)
    style = doc.styles["Đường kẻ ngắn"]
    bottom = style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert bottom is not None and bottom.get(qn("w:val")) == "single"
    ruled = [p for p in doc.paragraphs if p.style.name == "Đường kẻ ngắn"]
    ruled += [p for t in doc.tables for c in t.rows[0].cells for p in c.paragraphs
              if p.style.name == "Đường kẻ ngắn"]
    # under the issuing body, under the motto, under the title; each empty and centred
    assert len(ruled) == 3
    assert all(p.text == "" for p in ruled)
    assert all(p.paragraph_format.left_indent == p.paragraph_format.right_indent
               for p in ruled)
