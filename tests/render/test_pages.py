"""What a person sees: the example's outputs rendered by LibreOffice and Chromium.

Skipped, with the list of missing tools, where LibreOffice, Chromium or poppler are
not installed (``apt-get install -y libreoffice-calc libreoffice-writer chromium
poppler-utils``). The checks read the PDFs' text, so a clipped accent or a column
pushed off the page fails here.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).parent


def _pages() -> ModuleType:
    spec = importlib.util.spec_from_file_location("chiso_render_pages", HERE / "pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


pages = _pages()
pytestmark = pytest.mark.skipif(
    bool(pages.missing_tools()),
    reason=f"rendering tools not installed: {', '.join(pages.missing_tools())} "
    "(apt-get install -y libreoffice-calc libreoffice-writer chromium poppler-utils)",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("pages")
    out = pages.example_outputs(work / "out")
    subprocess.run(
        [sys.executable, "-c", "from chiso.cli import main; main()", "template", "--kpis",
         str(pages.REPO / "kpis"), "--units", str(pages.REPO / "examples/phu-tho/units.csv"),
         "--period", "2024", "--out", str(work / "tpl"), "--unit", "07882"],
        check=True, capture_output=True,
    )
    template = next((work / "tpl").glob("*.xlsx"))
    return {
        "scorecard": pages.office_pdf(out / "scorecard.xlsx", work),
        "word": pages.office_pdf(out / "resolution_2021_2025.docx", work),
        "html": pages.html_pdf(out / "resolution_2021_2025.html", work / "report.pdf"),
        "template": pages.office_pdf(template, work),
    }


def test_word_report_keeps_its_letterhead_and_fits_a_few_pages(
    rendered: dict[str, Path],
) -> None:
    pdf = rendered["word"]
    first = pages.pdf_text(pdf, 1)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "BÁO CÁO" in first
    last = pages.pdf_text(pdf, pages.pdf_pages(pdf))
    assert "Nơi nhận:" in last and "PHÓ GIÁM ĐỐC" in last
    assert pages.pdf_pages(pdf) <= 4


def test_html_report_prints_with_running_header_and_page_numbers(
    rendered: dict[str, Path],
) -> None:
    pdf = rendered["html"]
    count = pages.pdf_pages(pdf)
    texts = [pages.pdf_text(pdf, n) for n in range(1, count + 1)]
    profiles = [n for n, text in enumerate(texts, start=1) if "Hồ sơ đơn vị:" in text]
    # six goals, the district table and the submission tracker first
    assert profiles and profiles[0] <= 6
    first = texts[0]
    assert "Kỳ báo cáo: 2024" in first
    assert f"Trang 1/{count}" in first


def test_html_report_prints_each_district_profile_on_one_page(
    rendered: dict[str, Path],
) -> None:
    pdf = rendered["html"]
    texts = [pages.pdf_text(pdf, n) for n in range(1, pages.pdf_pages(pdf) + 1)]
    profiles = [n for n, text in enumerate(texts, start=1) if "Hồ sơ đơn vị:" in text]
    assert len(profiles) == 13  # the example's districts
    # one page each: consecutive pages, the last followed by the glossary's page
    assert profiles == list(range(profiles[0], profiles[0] + 13))
    viet_tri = next(texts[n - 1] for n in profiles if "Thành phố Việt Trì" in texts[n - 1])
    assert "Hạng 3/13 huyện" in viet_tri and "Đơn vị cấp dưới đã báo cáo" in viet_tri


def test_template_prints_one_page_wide_with_its_title_and_signatures(
    rendered: dict[str, Path],
) -> None:
    pdf = rendered["template"]
    first = pages.pdf_text(pdf, 1)
    assert "BÁO CÁO SỐ LIỆU CHUYỂN ĐỔI SỐ" in first  # accents not clipped
    assert "Kỳ báo cáo:" in first  # column A label not cut
    # one page wide: the last column's title is on the first page
    assert "Hướng dẫn" in first
    text = "".join(pages.pdf_text(pdf, n) for n in range(1, pages.pdf_pages(pdf) + 1))
    assert "THỦ TRƯỞNG ĐƠN VỊ" in text and "NGƯỜI LẬP BIỂU" in text


def test_scorecard_prints_a_sensible_number_of_pages(rendered: dict[str, Path]) -> None:
    pdf = rendered["scorecard"]
    # Measured on the example (68 pages; 214 before the print areas): summary 6,
    # ranking 7, the matrix's heading 1, charts 20, a profile per district 13, the
    # submission tracker 10, findings 9, provenance's heading 2. The matrix's and
    # provenance's rows, the ranking's pillar columns and the findings' raw values are
    # read on screen, not printed.
    assert pages.pdf_pages(pdf) <= 72
    first = pages.pdf_text(pdf, 1)
    assert "Tổng hợp" in first  # the running header names the sheet


def test_scorecard_prints_each_district_profile_on_one_page(rendered: dict[str, Path]) -> None:
    pdf = rendered["scorecard"]
    texts = [pages.pdf_text(pdf, n) for n in range(1, pages.pdf_pages(pdf) + 1)]
    profiles = [t for t in texts if "Hồ sơ đơn vị:" in t]
    assert len(profiles) == 13  # one page each: the example's thirteen districts
    viet_tri = next(t for t in profiles if "Hồ sơ đơn vị: Thành phố Việt Trì" in t)
    assert "Hạng 3/13 huyện" in viet_tri
    assert "Đơn vị cấp dưới đã báo cáo" in viet_tri
