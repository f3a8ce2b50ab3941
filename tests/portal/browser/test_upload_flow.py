"""A commune fixes its report in a real browser; the province sees the board change.

The demo province (``chiso serve --demo examples/phu-tho``) has Xã Địch Quả
(08440) with an error in its 2024 report: a required cell left blank. Here its
officer logs in, downloads the template the portal makes for it, uploads a
workbook with a count typed in words, sees that finding with its sheet and
cell, uploads the fixed workbook, and the province's administrator sees the
commune move from "with errors" to "received" on the board, scores the period
again and downloads the scorecard. Every page is saved as a screenshot in
``tests/portal/output/``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from chiso.submissions.template import CODE_COL, HEADER_ROW, REPORT_SHEET, VALUE_COL

from .conftest import LivePortal, new_page, screenshot

PASSWORD = "chiso-demo"  # the demo accounts' password (chiso serve --demo prints it)
COMMUNE = "08440"  # Xã Địch Quả, district 238 (Huyện Thanh Sơn)
PERIOD = "2024"
EXAMPLE_2024 = Path(__file__).resolve().parents[3] / "examples/phu-tho/submissions/2024/08440.xlsx"

# The planted mistake: the number of civil servants typed in words.
PLANTED_FIELD = "civil_servants"
PLANTED_TEXT = "hai mươi tư"
# What the example left blank in 2024 (its own planted mistake), filled in the fix
# with a figure between 2023's 2,935 and the 4,069 adults of 2024.
BLANK_FIELD = "adults_with_smartphone"
BLANK_FIX = 3050
FINDINGS_SHEET = "Lỗi dữ liệu"  # the scorecard's findings (in Vietnamese, the default)


def report_rows(path: Path) -> dict[str, int]:
    """Field id → row of the template's report sheet (the code column names each row)."""
    ws = load_workbook(path)[REPORT_SHEET]
    rows = {}
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        code = ws.cell(row, CODE_COL).value
        if code:
            rows[str(code)] = row
    return rows


def example_values() -> dict[str, Any]:
    """The values Xã Địch Quả sent for 2024 in the example, by field id."""
    ws = load_workbook(EXAMPLE_2024)[REPORT_SHEET]
    return {
        str(ws.cell(row, CODE_COL).value): ws.cell(row, VALUE_COL).value
        for row in range(HEADER_ROW + 1, ws.max_row + 1)
        if ws.cell(row, CODE_COL).value
    }


def filled(template: Path, values: dict[str, Any], out: Path) -> Path:
    """The template with ``values`` typed into its value column, saved as ``out``."""
    wb = load_workbook(template)
    ws = wb[REPORT_SHEET]
    rows = report_rows(template)
    for field, value in values.items():
        ws.cell(rows[field], VALUE_COL, value)
    wb.save(out)
    return out


def log_in(page: Any, username: str, shot: str | None = None) -> None:
    page.goto("/login/")
    if shot:
        screenshot(page, shot)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector('[data-testid="whoami"]')


def log_out(page: Any) -> None:
    page.click('[data-testid="logout"]')
    page.wait_for_selector("#login-form")


def board_status(page: Any, unit: str) -> str:
    return str(page.get_attribute(f'[data-testid="board-row"][data-unit="{unit}"]', "data-status"))


def board_total(page: Any, status: str) -> int:
    return int(page.inner_text(f'[data-testid="total-{status}"]').strip())


def download_scorecard(page: Any, run: Any, target: Path) -> Path:
    with page.expect_download() as download:
        run.locator('[data-testid="score-file"][data-name="scorecard.xlsx"]').click()
    download.value.save_as(target)
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as book:
        assert "xl/workbook.xml" in book.namelist()
    return target


def blank_cell_findings(scorecard: Path) -> int:
    """Rows of the scorecard's findings sheet saying a field of Địch Quả's workbook is blank."""
    sheet = load_workbook(scorecard, read_only=True)[FINDINGS_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "STT")
    code, file = header.index("Mã"), header.index("Tệp")
    return sum(
        1 for r in rows[rows.index(header) + 1 :]
        if r and r[code] == "S301" and COMMUNE in str(r[file])
    )


def test_commune_fixes_its_report_and_the_province_sees_it(
    demo_portal: LivePortal, browser: Any, tmp_path: Path
) -> None:
    page = new_page(browser, demo_portal)

    # The province, before: the demo's 2024 report of Địch Quả has a blank cell.
    log_in(page, "admin", shot="01-login")
    screenshot(page, "02-province")
    page.goto(f"/province/periods/{PERIOD}/board/")
    screenshot(page, "03-board-before")
    assert board_status(page, COMMUNE) == "with_errors"
    received_before = board_total(page, "received")
    with_errors_before = board_total(page, "with_errors")
    log_out(page)

    # The commune logs in and lands on its own page, then opens 2024.
    log_in(page, COMMUNE)
    assert page.url.rstrip("/").endswith(f"/unit/{COMMUNE}")
    screenshot(page, "04-commune-home")
    page.click(f'[data-testid="open-period-{PERIOD}"]')
    page.wait_for_selector('[data-testid="upload-form"]')
    screenshot(page, "05-submission")

    # The template the portal makes for this commune and period.
    with page.expect_download() as download:
        page.click('[data-testid="template-download"]')
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.suffix == ".xlsx"
    rows = report_rows(template)
    assert PLANTED_FIELD in rows and BLANK_FIELD in rows

    # First upload: the example's figures with the count typed in words.
    values = example_values()
    wrong = filled(template, {**values, BLANK_FIELD: BLANK_FIX, PLANTED_FIELD: PLANTED_TEXT},
                   tmp_path / "bao-cao-sai.xlsx")
    page.set_input_files('[data-testid="workbook-input"]', str(wrong))
    page.click('[data-testid="upload-submit"]')
    page.wait_for_selector('[data-testid="upload-title"]')
    screenshot(page, "06-upload-with-error")
    planted_cell = f"{get_column_letter(VALUE_COL)}{rows[PLANTED_FIELD]}"
    finding = page.locator(f'[data-testid="finding"][data-cell="{planted_cell}"]')
    assert finding.count() == 1, page.inner_text("main")
    assert finding.get_attribute("data-code") == "S201"  # not a number
    assert REPORT_SHEET in finding.inner_text()
    assert PLANTED_TEXT in finding.inner_text()  # the raw text, as typed
    assert "không phải là số" in finding.inner_text()
    # The same finding in English, then back to Vietnamese.
    page.click('[data-testid="lang-switch"]')
    page.wait_for_selector(f'[data-testid="finding"][data-cell="{planted_cell}"]')
    screenshot(page, "06-upload-with-error-en")
    assert "is not a number" in finding.inner_text()
    page.click('[data-testid="lang-switch"]')
    page.wait_for_selector('[data-testid="upload-again"]')

    # Second upload: the same workbook with the number.
    page.click('[data-testid="upload-again"]')
    page.wait_for_selector('[data-testid="upload-form"]')
    fixed = filled(template, {**values, BLANK_FIELD: BLANK_FIX}, tmp_path / "bao-cao.xlsx")
    page.set_input_files('[data-testid="workbook-input"]', str(fixed))
    page.click('[data-testid="upload-submit"]')
    page.wait_for_selector('[data-testid="upload-title"]')
    screenshot(page, "07-upload-fixed")
    assert page.get_attribute('[data-testid="upload-status"]', "data-status") == "accepted"
    assert page.locator('[data-testid="finding"].sev-error').count() == 0
    page.click('[data-testid="back-to-submission"]')
    screenshot(page, "08-submission-versions")
    log_out(page)

    # The province, after: Địch Quả has moved from "with errors" to "received".
    log_in(page, "admin")
    page.goto(f"/province/periods/{PERIOD}/board/")
    screenshot(page, "09-board-after")
    assert board_status(page, COMMUNE) == "received"
    assert board_total(page, "received") == received_before + 1
    assert board_total(page, "with_errors") == with_errors_before - 1

    # Score the period from the stored reports and download the scorecard.
    page.goto(f"/province/periods/{PERIOD}/")
    runs_before = page.locator('[data-testid="score-runs"] tbody tr').count()
    page.click('[data-testid="score-now"]')
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"score-runs\"] tbody tr').length > n",
        arg=runs_before,
    )
    screenshot(page, "10-period-scored")
    runs = page.locator('[data-testid="score-runs"] tbody tr')
    before = download_scorecard(page, runs.nth(1), tmp_path / "scorecard-before.xlsx")
    after = download_scorecard(page, runs.first, tmp_path / "scorecard.xlsx")
    # The demo's scoring had the blank cell of Địch Quả among its findings; the new
    # one, from the fixed workbook, has not.
    assert blank_cell_findings(before) == 1
    assert blank_cell_findings(after) == 0
    page.context.close()
