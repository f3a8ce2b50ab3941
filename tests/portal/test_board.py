"""The submission board: chiso's tracker over the versions that count."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from .portal_kit import client_for, upload, workbook

pytestmark = pytest.mark.django_db


def _statuses(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-testid="board-row" data-unit="([^"]+)" data-status="(\w+)"',
                           page))


@pytest.fixture
def sent(province: Any) -> None:
    upload(client_for("07882"), "07882", "2024", workbook("07882"))  # clean
    upload(client_for("08440"), "08440", "2024", workbook("08440"))  # a blank required cell
    upload(client_for("07948"), "07948", "2024", workbook("07882"))  # another unit's: refused
    period = province["periods"]["2024"]
    period.deadline = timezone.now()  # the three above came before it
    period.save()
    upload(client_for("07897"), "07897", "2024", workbook("07897"))  # after the deadline


def test_the_board_shows_each_units_status(sent: None) -> None:
    page = client_for("admin").get("/province/periods/2024/board/").content.decode()
    statuses = _statuses(page)
    assert (statuses["07882"], statuses["08440"], statuses["07897"], statuses["07948"],
            statuses["07936"]) == ("received", "with_errors", "late", "missing", "missing")
    # every unit that reports a field is expected: 8 departments, 13 districts, 31
    # communes = 52 rows; 3 sent a counted workbook, so 49 are missing
    assert len(statuses) == 52
    assert list(statuses.values()).count("missing") == 49
    assert 'data-testid="total-missing">49<' in page


def test_the_board_filters_by_status_and_district(sent: None) -> None:
    admin = client_for("admin")
    missing = _statuses(admin.get("/province/periods/2024/board/?status=missing")
                        .content.decode())
    assert set(missing.values()) == {"missing"} and len(missing) == 49
    viet_tri = _statuses(admin.get("/province/periods/2024/board/?district=227")
                         .content.decode())
    # Việt Trì itself and its three communes
    assert viet_tri == {"227": "missing", "07882": "received", "07897": "late",
                        "07936": "missing"}


def test_the_board_exports_to_excel(sent: None) -> None:
    response = client_for("admin").get("/province/periods/2024/board/?format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    assert header[:8] == ("unit", "name", "level", "parent", "district", "period",
                          "expected", "status")
    by_unit = {r[0]: r[7] for r in rows[1:]}
    assert len(by_unit) == 52 and by_unit["08440"] == "with_errors"


def test_a_status_nobody_has_counts_zero_and_departments_have_no_nan_district(
    province: Any,
) -> None:
    upload(client_for("07882"), "07882", "2024", workbook("07882"))  # clean, before no deadline
    page = client_for("admin").get("/province/periods/2024/board/").content.decode()
    # 1 received, 51 of the 52 expected units missing, nobody with errors or late:
    # each total is a number, 0 included (an empty total reads as "unknown")
    totals = dict(re.findall(r'data-testid="total-(\w+)">([^<]*)<', page))
    assert totals == {"received": "1", "with_errors": "0", "late": "0", "missing": "51"}
    # the 8 departments have no district: their summary row says "-", not pandas' nan
    summary = page.split('data-testid="board-summary"')[1].split("</table>")[0]
    assert "nan" not in summary
    assert '<tr data-district=""><td>-</td><td>8</td>' in summary


def test_a_district_reviewer_sees_the_board_of_its_own_units_only(sent: None) -> None:
    page = client_for("227").get("/unit/227/2024/board/").content.decode()
    assert _statuses(page) == {"227": "missing", "07882": "received", "07897": "late",
                               "07936": "missing"}
    assert client_for("228").get("/unit/227/2024/board/").status_code == 404
    assert client_for("07882").get("/unit/227/2024/board/").status_code == 404
    assert client_for("227").get("/province/periods/2024/board/").status_code == 404


def test_the_board_changes_as_soon_as_a_corrected_version_comes(sent: None) -> None:
    admin = client_for("admin")
    before = _statuses(admin.get("/province/periods/2024/board/").content.decode())
    assert before["08440"] == "with_errors"
    # Địch Quả fills the required cell it had left blank (E29, its S301) and sends again
    book = load_workbook(io.BytesIO(workbook("08440")))
    sheet = book["Báo cáo"]
    assert sheet["E29"].value is None
    sheet["E29"] = 1234
    fixed = io.BytesIO()
    book.save(fixed)
    upload(client_for("08440"), "08440", "2024", fixed.getvalue())
    after = _statuses(admin.get("/province/periods/2024/board/").content.decode())
    # sent after the deadline set in the fixture: counted, and late
    assert after["08440"] == "late"
