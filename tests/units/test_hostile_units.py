"""Hostile units files: deep chains, cycles under them, unusable codes, alias bombs."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso.units.loader import load_units
from chiso.yaml_aliases import MAX_ALIAS_VALUES

HEADER = "code,name,level,parent\n"


def test_a_3000_deep_chain_loads_whole(tmp_path: Path) -> None:
    rows = ["u0,U0,province,"] + [f"u{i},U{i},commune,u{i - 1}" for i in range(1, 3000)]
    (tmp_path / "units.csv").write_text(HEADER + "\n".join(rows) + "\n", "utf-8")
    units, findings = load_units(tmp_path / "units.csv")
    assert units is not None and len(units) == 3000
    assert list(findings) == []
    assert units.depth("u2999") == 2999


def test_a_cycle_at_the_bottom_of_a_deep_chain_drops_it_and_the_units_below(
    tmp_path: Path,
) -> None:
    # u0 … u1999 hang from the province; c0 → c1 → c2 → c0 is a cycle; d0 … d999 hang
    # from c2 (below the cycle): 3 + 1000 units dropped, one U006 on c0's line.
    rows = ["u0,U0,province,"] + [f"u{i},U{i},commune,u{i - 1}" for i in range(1, 2000)]
    rows += ["c0,C0,commune,c2", "c1,C1,commune,c0", "c2,C2,commune,c1"]
    rows += ["d0,D0,commune,c2"] + [f"d{i},D{i},commune,d{i - 1}" for i in range(1, 1000)]
    (tmp_path / "units.csv").write_text(HEADER + "\n".join(rows) + "\n", "utf-8")
    units, findings = load_units(tmp_path / "units.csv")
    assert units is not None and len(units) == 2000
    (cycle,) = findings
    assert cycle.code == "U006"
    assert cycle.location.line in (2002, 2003, 2004)  # header is line 1, c0 on 2002
    assert "c0" in cycle.message_en and "c2" in cycle.message_en


@pytest.mark.parametrize("code", ["../../x", "a/b", "a\\b", ".hidden", "-rf",
                                  "\x1b[31mred", "x" * 65])
def test_a_code_that_cannot_name_a_file_is_refused_at_its_line(
    tmp_path: Path, code: str
) -> None:
    text = HEADER + "25,Tỉnh,province,\n" + f'"{code}",Huyện,district,25\n'
    (tmp_path / "units.csv").write_text(text, "utf-8")
    units, findings = load_units(tmp_path / "units.csv")
    assert units is not None and units.codes == ["25"]
    (finding,) = findings
    assert (finding.code, finding.location.line) == ("U015", 3)
    assert "\x1b" not in finding.message_en  # shown as \x1b, never sent to a terminal raw


def test_ordinary_codes_are_accepted(tmp_path: Path) -> None:
    text = HEADER + "25,Tỉnh,province,\n00227,A,district,25\nSở-KHCN_1.2,B,district,25\n"
    (tmp_path / "units.csv").write_text(text, "utf-8")
    units, findings = load_units(tmp_path / "units.csv")
    assert units is not None and len(units) == 3
    assert list(findings) == []


BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
units: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_an_alias_bomb_in_a_units_file_is_refused_at_the_alias(tmp_path: Path) -> None:
    (tmp_path / "units.yaml").write_text(BOMB, "utf-8")
    units, findings = load_units(tmp_path / "units.yaml")
    assert units is None
    (finding,) = findings
    # a is 10 values (the list and 9 strings); b's aliases add 9 × 10 = 90 (b is 91);
    # c's add 9 × 91 = 819 (c is 820); d's add 9 × 820 = 7,380 (d is 7,381; added so
    # far 8,289); e's first alias adds 7,381 → 15,670 > 10,000: line 5, column 8.
    assert (finding.code, finding.location.line) == ("U016", 5)
    assert finding.location.column == 8
    assert f"{MAX_ALIAS_VALUES:,}" in finding.message_en


def test_a_few_shared_anchors_are_fine(tmp_path: Path) -> None:
    text = """\
defaults: &district {level: district, parent: "25"}
units:
  - {code: "25", name: Tỉnh, level: province}
  - {<<: *district, code: "227", name: Việt Trì}
  - {<<: *district, code: "230", name: Cẩm Khê}
"""
    (tmp_path / "units.yaml").write_text(text, "utf-8")
    units, findings = load_units(tmp_path / "units.yaml")
    assert units is not None and len(units) == 3, findings


def test_20000_unknown_parents_are_each_reported_and_suggestions_stop_at_the_budget(
    tmp_path: Path,
) -> None:
    # Each unit names a parent that is not in the file: 20,000 U004. Suggesting a parent
    # compares it with all 20,000 codes; the budget (200,000 comparisons) allows 10.
    rows = [f"c{i:05d},Xã {i},commune,p{i:05d}" for i in range(20_000)]
    (tmp_path / "units.csv").write_text(HEADER + "\n".join(rows) + "\n", "utf-8")
    units, findings = load_units(tmp_path / "units.csv")
    assert units is None
    unknown = [f for f in findings if f.code == "U004"]
    assert len(unknown) == 20_000
    assert [f.location.line for f in unknown[:2]] == [2, 3]
    with_suggestion = [f for f in unknown if f.suggestion]
    assert len(with_suggestion) == 10
    assert with_suggestion[0].suggestion == "c00000"  # p00000 → c00000
