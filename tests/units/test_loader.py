"""The units file: both hierarchies load; every problem is a finding with its line."""

from __future__ import annotations

from pathlib import Path

from chiso.catalogue.model import Catalogue, CatalogueInfo, Text
from chiso.units.loader import load_units

THREE_TIER = """code,name,name_en,level,parent
25,Tỉnh Phú Thọ,Phu Tho province,province,
S-TTTT,Sở Thông tin và Truyền thông,Department of ICT,department,25
227,Thành phố Việt Trì,Viet Tri city,district,25
07894,Phường Gia Cẩm,Gia Cam ward,commune,227
07897,Xã Thụy Vân,Thuy Van commune,commune,227
"""

TWO_TIER = """code,name,level,parent
25,Tỉnh Phú Thọ,province,
07894,Phường Gia Cẩm,commune,25
07897,Xã Thụy Vân,commune,25
"""


def catalogue() -> Catalogue:
    info = CatalogueInfo(id="t", name=Text(vi="t", en="t"), version="1")
    return Catalogue(info=info, groups={}, fields={}, kpis={}, programmes={})


def write(tmp_path: Path, text: str, name: str = "units.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_three_tier_hierarchy_loads_with_codes_kept_as_text(tmp_path: Path) -> None:
    units, findings = load_units(write(tmp_path, THREE_TIER), catalogue())
    assert not findings
    assert units is not None
    assert [u.code for u in units.descendants("25")] == ["S-TTTT", "227", "07894", "07897"]
    assert [u.code for u in units.ancestors("07894")] == ["227", "25"]
    assert units.levels == ["province", "department", "district", "commune"]
    assert units["227"].label("en") == "Viet Tri city"


def test_two_tier_hierarchy_loads(tmp_path: Path) -> None:
    units, findings = load_units(write(tmp_path, TWO_TIER), catalogue())
    assert not findings and units is not None
    assert [u.code for u in units.children("25")] == ["07894", "07897"]


def test_yaml_units_file_gives_the_same_hierarchy(tmp_path: Path) -> None:
    text = """units:
  - {code: "25", name: Tỉnh Phú Thọ, level: province, parent: null}
  - {code: "07894", name: Phường Gia Cẩm, level: commune, parent: "25"}
"""
    units, findings = load_units(write(tmp_path, text, "units.yaml"), catalogue())
    assert not findings and units is not None
    assert units["07894"].parent == "25"


def test_problems_are_findings_with_lines(tmp_path: Path) -> None:
    text = """code,name,level,parent
25,Tỉnh Phú Thọ,province,
227,Việt Trì,district,25
227,Việt Trì again,district,25
228,Phú Thọ,distrct,25
229,Đoan Hùng,district,99
230,,district,25
"""
    units, findings = load_units(write(tmp_path, text), catalogue())
    got = [(f.code, f.location.line) for f in findings]
    assert got == [("U003", 4), ("U005", 5), ("U007", 7), ("U004", 6)]
    assert findings[1].suggestion == "district"
    assert findings[0].message_vi == "Mã đơn vị '227' bị trùng (lần đầu ở dòng 3)"
    assert findings[0].message_en == "Unit code '227' appears again (first on line 3)"
    assert units is not None and units.codes == ["25", "227"]


def test_cycle_is_reported_and_its_units_dropped(tmp_path: Path) -> None:
    text = "code,name,level,parent\n25,P,province,\n1,A,district,2\n2,B,district,1\n3,C,commune,1\n"
    units, findings = load_units(write(tmp_path, text), catalogue())
    assert [(f.code, f.location.line) for f in findings] == [("U006", 3)]
    assert units is not None and units.codes == ["25"]


def test_missing_column_and_unreadable_file_are_findings(tmp_path: Path) -> None:
    _, findings = load_units(write(tmp_path, "code,name,level\n1,A,province\n"))
    assert [f.code for f in findings] == ["U002"]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    units, findings = load_units(bad)
    assert units is None and [f.code for f in findings] == ["U001"]
    units, findings = load_units(tmp_path / "nope.csv")
    assert units is None and [f.code for f in findings] == ["U001"]
