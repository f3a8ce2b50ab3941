"""Findings as a person reads them: the terminal lines and the values they quote."""

from __future__ import annotations

from chiso.catalogue.model import Catalogue, CatalogueInfo, FieldDef, Text
from chiso.catalogue.words import name_words, reason_words
from chiso.findings import Location, Words, make
from chiso.render.findings import to_text
from chiso.render.labels import reason_label, value_text


def test_a_finding_without_a_place_does_not_start_with_a_dash() -> None:
    # E101 names its unit in the message; nothing to point at in a file
    finding = make("E101", Location(), value=0.5692407071252187, subject="rate",
                   parent="Tỉnh Phú Thọ (25)", kpi="rate", period="2023", reported=51,
                   expected=52)
    line = to_text([finding], "vi")
    assert not line.startswith("-")
    assert line.startswith("cảnh báo E101 Tỉnh Phú Thọ (25): ")


def test_a_finding_in_a_file_starts_with_its_place() -> None:
    finding = make("S202", Location(file="a.xlsx", sheet="TH", cell="E5"), raw="1.751",
                   value=1751.0, subject="dossiers_total", field="x", text="1.751", read="1751")
    assert to_text([finding], "vi").startswith("a.xlsx TH!E5: cảnh báo S202 ")


def test_the_read_value_is_written_vietnamese_style() -> None:
    finding = make("S211", Location(file="a.xlsx", sheet="TH", cell="E5"), raw="0,56924 ước",
                   value=0.5692407071252187, subject="x", field="x", text="0,56924 ước",
                   read="0,5692")
    assert to_text([finding], "vi").endswith("[giá trị gốc: '0,56924 ước' → 0,5692]")
    assert to_text([finding], "en").endswith("[raw: '0,56924 ước' → 0.5692]")


def test_value_text_groups_and_rounds_by_language_and_measure() -> None:
    assert value_text(1751.0, "vi") == "1.751"
    assert value_text(1751.0, "en") == "1,751"
    assert value_text(0.5692407071252187, "vi") == "0,5692"
    assert value_text(0.5, "vi") == "0,5"
    assert value_text(0.5692407071252187, "vi", "percent") == "56,9%"
    assert value_text("abc", "vi") == "abc"
    assert value_text(None, "vi") == ""


def _catalogue() -> Catalogue:
    field = FieldDef(id="dossiers_online", kind="count",
                     label=Text(vi="Số hồ sơ trực tuyến", en="Online dossiers"))
    return Catalogue(info=CatalogueInfo(id="c", name=Text(vi="c", en="c"), version="1"),
                     groups={}, fields={"dossiers_online": field}, kpis={}, programmes={},
                     digest="d")


def test_a_field_is_named_by_its_label_in_each_language() -> None:
    named = name_words(_catalogue(), "dossiers_online")
    assert (named.vi, named.en) == ("Số hồ sơ trực tuyến", "Online dossiers")
    assert name_words(_catalogue(), "unknown") == Words("unknown", "unknown")


def test_a_missing_field_reason_names_the_field_by_its_label() -> None:
    words = reason_words(_catalogue(), "missing_field:dossiers_online")
    assert words.vi == "thiếu chỉ tiêu 'Số hồ sơ trực tuyến'"
    assert reason_label("missing_field:dossiers_online", "en", _catalogue()) == (
        "missing field 'Online dossiers'")


def test_words_fill_each_language_of_a_message() -> None:
    finding = make("S205", Location(), subject="dossiers_online",
                   field=Words("Số hồ sơ trực tuyến", "Online dossiers"),
                   read=Words("-1,5", "-1.5"))
    assert finding.message_vi == "Chỉ tiêu 'Số hồ sơ trực tuyến' không được âm (đọc được -1,5)"
    assert finding.message_en == "'Online dossiers' cannot be negative (read -1.5)"
    assert finding.subject == "dossiers_online"  # the id for machines
