"""The Findings helpers tests and callers use instead of hand-rolled tuples and counts."""

from __future__ import annotations

import math

import pytest

from chiso.findings import FRAME_COLUMNS, Findings, Location, number_text


def _findings() -> Findings:
    findings = Findings()
    findings.add("S202", Location(file="a.xlsx", sheet="BC", cell="D5"), text="1.751",
                 field="civil_servants", read="1751")
    findings.add("K216", Location(file="fields.yaml", line=3, column=7), id="unused_field")
    findings.add("S106", Location(file="b.xlsx"), unit="08500", period="2024", other="a.xlsx")
    return findings


def test_check_tuple_is_sheet_and_cell_in_a_workbook_else_line_and_column() -> None:
    s202, k216, s106 = _findings()
    assert s202.check_tuple() == ("S202", "BC", "D5")
    assert k216.check_tuple() == ("K216", 3, 7)
    assert s106.check_tuple() == ("S106", None, None)  # about the whole file


def test_flatten_gives_the_named_attributes_of_each_finding() -> None:
    findings = _findings()
    assert findings.flatten() == [("S202", "BC", "D5"), ("K216", None, None),
                                  ("S106", None, None)]
    assert findings.flatten(["code", "severity", "file"]) == [
        ("S202", "warning", "a.xlsx"), ("K216", "warning", "fields.yaml"),
        ("S106", "error", "b.xlsx"),
    ]


def test_to_frame_has_a_row_a_finding_and_a_column_an_attribute() -> None:
    frame = _findings().to_frame()
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert frame["code"].tolist() == ["S202", "K216", "S106"]
    assert frame.loc[frame["severity"] == "warning", "code"].tolist() == ["S202", "K216"]
    assert frame.loc[1, "line"] == 3


def test_counts_has_every_severity() -> None:
    assert _findings().counts() == {"error": 1, "warning": 2, "info": 0}
    assert Findings().counts() == {"error": 0, "warning": 0, "info": 0}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1751.0, "1751"),
        (0.9846, "0.9846"),
        (1234567, "1234567"),  # :g wrote 1.23457e+06
        (1e-05, "0.00001"),
        (0.1 + 0.2, "0.3"),  # binary noise hidden (10 significant digits)
        (12345678901.0, "12345678901"),  # a whole number exactly
        (-0.0, "0"),
        (math.inf, "inf"),
    ],
)
def test_number_text_writes_a_number_out_without_exponent_or_noise(
    value: float, text: str
) -> None:
    assert number_text(value) == text
