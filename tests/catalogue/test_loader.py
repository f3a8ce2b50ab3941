"""Reading and validating KPI files: every problem at file:line:column, in one pass."""

from __future__ import annotations

from pathlib import Path

from chiso.catalogue.loader import load_catalogue
from tests.kit import CATALOGUE, FIELDS, KPIS, PROGRAMME, pos, write_kpi_files

from .conftest import Loader, codes, where


def test_valid_catalogue_loads_without_findings(load: Loader) -> None:
    catalogue, findings = load()
    assert findings == []
    assert catalogue is not None
    assert catalogue.info.id == "demo"
    assert list(catalogue.fields) == ["dossiers_total", "dossiers_online"]
    assert list(catalogue.kpis) == ["online_rate"]
    assert catalogue.programmes["resolution"].goals[0].value == 0.8
    assert len(catalogue.digest) == 64


def test_digest_changes_with_the_bytes_of_any_file(tmp_path: Path) -> None:
    first, _ = load_catalogue(write_kpi_files(tmp_path / "a", {}))
    same, _ = load_catalogue(write_kpi_files(tmp_path / "b", {}))
    changed, _ = load_catalogue(write_kpi_files(tmp_path / "c", {"fields.yaml": FIELDS + "\n"}))
    assert first is not None and same is not None and changed is not None
    assert first.digest == same.digest
    assert first.digest != changed.digest


def test_single_file_can_be_loaded(tmp_path: Path) -> None:
    path = tmp_path / "all.yml"
    path.write_text(CATALOGUE + FIELDS + KPIS + PROGRAMME, encoding="utf-8")
    catalogue, findings = load_catalogue(path)
    assert findings == []
    assert catalogue is not None and list(catalogue.kpis) == ["online_rate"]


def test_typo_in_a_key_is_k101_at_the_key_with_did_you_mean(load: Loader) -> None:
    text = KPIS.replace("numerator:", "numeratr:")
    catalogue, findings = load(**{"kpis.yaml": text})
    # Only the typo: no knock-on "numerator missing", "field unused" or
    # "unknown KPI in the programme" for the KPI the typo broke.
    assert codes(findings) == ["K101"]
    unknown = findings[0]
    assert where(unknown) == ("kpis.yaml", *pos(text, "numeratr"))
    assert where(unknown) == ("kpis.yaml", 5, 5)
    assert unknown.suggestion == "numerator"
    assert "Did you mean 'numerator'?" in unknown.message_en
    assert "Có phải ý bạn là 'numerator'?" in unknown.message_vi
    assert catalogue is not None and catalogue.kpis == {}


def test_unknown_top_level_key_suggests_the_section(load: Loader) -> None:
    text = FIELDS.replace("fields:", "feilds:")
    _, findings = load(**{"fields.yaml": text})
    unknown = next(findings.by_code("K101"))
    assert where(unknown) == ("fields.yaml", 1, 1)
    assert unknown.suggestion == "fields"


def test_typo_in_a_nested_key_suggests_from_the_nested_model(load: Loader) -> None:
    text = KPIS.replace("en: Online dossier rate", "eng: Online dossier rate")
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K102", "K101"]
    missing, unknown = findings
    assert where(unknown) == ("kpis.yaml", *pos(text, "eng:"))
    assert unknown.suggestion == "en"  # a key of Text, not of Kpi
    # The missing key is reported at the mapping that should hold it.
    assert where(missing) == ("kpis.yaml", *pos(text, "{vi: Tỷ lệ"))
    assert "Missing required key 'en' in kpis[0].name" in missing.message_en


def test_missing_key_points_at_the_owning_mapping(load: Loader) -> None:
    text = FIELDS.replace("    kind: count\n  - id: dossiers_online", "  - id: dossiers_online")
    _, findings = load(**{"fields.yaml": text})
    assert codes(findings) == ["K102"]
    assert where(findings[0]) == ("fields.yaml", 2, 5)
    assert "Missing required key 'kind' in fields[0] 'dossiers_total'" in findings[0].message_en


def test_invalid_enum_value_is_k103_at_the_value_with_suggestion(load: Loader) -> None:
    text = KPIS.replace("unit: percent", "unit: percnt")
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K103"]
    assert where(findings[0]) == ("kpis.yaml", *pos(text, "percnt"))
    assert findings[0].raw == "percnt"
    assert findings[0].suggestion == "percent"


def test_invalid_id_explains_the_id_rule(load: Loader) -> None:
    text = FIELDS.replace("id: dossiers_total", "id: Dossiers-Total")
    _, findings = load(**{"fields.yaml": text})
    invalid = next(findings.by_code("K103"))
    assert where(invalid) == ("fields.yaml", *pos(text, "Dossiers-Total"))
    assert "lower_snake_case" in invalid.message_en
    assert "mã viết thường không dấu" in invalid.message_vi


def test_deadline_that_is_not_a_period_says_how_to_write_one(load: Loader) -> None:
    text = PROGRAMME.replace("deadline: 2025", "deadline: 2025-12-31")
    _, findings = load(**{"programme.yaml": text})
    assert codes(findings) == ["K103"]
    assert where(findings[0]) == ("programme.yaml", *pos(text, "2025-12-31"))
    assert findings[0].raw == "2025-12-31"  # YAML read a date; shown as typed
    assert "periods are written 2025, 2025-Q3 or 2025-06" in findings[0].message_en
    assert "kỳ ghi dạng 2025, 2025-Q3 hoặc 2025-06" in findings[0].message_vi


def test_unquoted_version_number_asks_for_quotes(load: Loader) -> None:
    from tests.kit import CATALOGUE as text

    text = text.replace('version: "1"', "version: 2025.1")
    _, findings = load(**{"catalogue.yaml": text})
    assert codes(findings) == ["K103"]
    assert 'put it in quotes ("2025.1")' in findings[0].message_en
    assert 'hãy đặt trong dấu nháy ("2025.1")' in findings[0].message_vi


def test_bad_constraint_points_at_the_constraint(load: Loader) -> None:
    text = FIELDS.replace('"<= dossiers_total"', '"at most dossiers_total"')
    _, findings = load(**{"fields.yaml": text})
    assert codes(findings) == ["K104"]
    assert where(findings[0]) == ("fields.yaml", *pos(text, '"at most'))


def test_one_bad_kpi_does_not_hide_the_others(load: Loader) -> None:
    second = KPIS.split("\n", 1)[1].replace("online_rate", "broken_one").replace(
        "direction: higher", "direction: upward"
    )
    third = KPIS.split("\n", 1)[1].replace("online_rate", "broken_two").replace(
        "group: gov", "group: gov\n    colour: red"
    )
    text = KPIS + second + third
    catalogue, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K103", "K101"]
    assert where(findings[0]) == ("kpis.yaml", *pos(text, "upward"))
    assert where(findings[1]) == ("kpis.yaml", *pos(text, "colour"))
    assert catalogue is not None and list(catalogue.kpis) == ["online_rate"]


def test_bad_yaml_is_k001_with_line_and_other_files_still_load(load: Loader) -> None:
    text = "fields:\n  - id: [unclosed\n    kind: count\n"
    catalogue, findings = load(**{"broken.yaml": text})
    assert codes(findings) == ["K001"]
    assert where(findings[0])[:2] == ("broken.yaml", 3)
    assert catalogue is not None and "online_rate" in catalogue.kpis


def test_tab_indentation_is_k001_not_a_traceback(load: Loader) -> None:
    _, findings = load(**{"tabs.yaml": "fields:\n\t- id: x\n"})
    assert codes(findings) == ["K001"]
    assert where(findings[0]) == ("tabs.yaml", 2, 1)


def test_duplicate_keys_are_all_reported_as_k007(load: Loader) -> None:
    text = KPIS.replace("unit: percent", "unit: percent\n    unit: count").replace(
        "group: gov", "group: gov\n    group: gov"
    )
    _, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K007", "K007"]
    assert [where(f) for f in findings] == [
        ("kpis.yaml", *pos(text, "unit:", nth=1)),
        ("kpis.yaml", *pos(text, "group:", nth=1)),
    ]
    assert "'unit'" in findings[0].message_en


def test_non_utf8_file_is_k002(load: Loader) -> None:
    # Saved by an old editor in Windows-1252: "à" is the single byte 0xE0.
    content = "fields:\n  - id: x\n    label: {vi: Hà Giang, en: Ha Giang}\n".encode("cp1252")
    _, findings = load(**{"legacy.yaml": content})
    assert codes(findings) == ["K002"]
    assert where(findings[0]) == ("legacy.yaml", 3, None)
    assert "UTF-8" in findings[0].message_en


def test_empty_file_and_a_list_file_are_k003(load: Loader) -> None:
    _, findings = load(**{"empty.yaml": "# nothing yet\n", "list.yml": "- id: x\n"})
    assert codes(findings) == ["K003", "K003"]
    assert [where(f)[0] for f in findings] == ["empty.yaml", "list.yml"]


def test_section_that_is_not_a_list_is_k103(load: Loader) -> None:
    _, findings = load(**{"extra.yaml": "groups:\n  id: economy\n"})
    assert codes(findings) == ["K103"]
    assert where(findings[0]) == ("extra.yaml", 2, 3)


def test_folder_without_kpi_files_is_k004_and_no_catalogue(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing", encoding="utf-8")
    catalogue, findings = load_catalogue(tmp_path)
    assert catalogue is None
    assert codes(findings) == ["K004"]


def test_missing_catalogue_section_is_k005_and_no_catalogue(load: Loader) -> None:
    text = "groups:\n  - id: gov\n    name: {vi: Chính quyền số, en: Digital government}\n"
    catalogue, findings = load(**{"catalogue.yaml": text})
    assert catalogue is None
    assert codes(findings) == ["K005"]


def test_catalogue_declared_twice_is_k006_pointing_at_the_first(load: Loader) -> None:
    extra = 'catalogue:\n  id: other\n  name: {vi: Khác, en: Other}\n  version: "2"\n'
    catalogue, findings = load(**{"z_more.yaml": extra})
    assert codes(findings) == ["K006"]
    assert where(findings[0]) == ("z_more.yaml", 1, 1)
    assert "catalogue.yaml:1" in findings[0].message_en
    assert catalogue is not None and catalogue.info.id == "demo"


def test_files_in_subfolders_are_read(load: Loader) -> None:
    extra = FIELDS.replace("dossiers_total", "staff").replace("dossiers_online", "staff_pc")
    catalogue, findings = load(**{"more/extra.yml": extra})
    assert catalogue is not None and "staff_pc" in catalogue.fields
    assert set(codes(findings)) == {"K216"}  # the new fields are not used by a KPI


def test_merge_keys_fill_in_and_written_keys_win(load: Loader) -> None:
    text = (
        "kpis:\n"
        "  - &rate\n"
        "    id: online_rate\n"
        "    name: {vi: Tỷ lệ, en: Rate}\n"
        "    type: ratio\n"
        "    numerator: dossiers_online\n"
        "    denominator: dossiers_total\n"
        "    unit: percent\n"
        "    direction: higher\n"
        "    group: gov\n"
        "  - <<: *rate\n"
        "    id: offline_rate\n"
        "    direction: lower\n"
        "    colour: red\n"
    )
    catalogue, findings = load(**{"kpis.yaml": text})
    assert codes(findings) == ["K101"]
    assert where(findings[0]) == ("kpis.yaml", *pos(text, "colour"))
    assert catalogue is not None
    # offline_rate failed (colour); the anchor's KPI loads as written.
    assert catalogue.kpis["online_rate"].direction.value == "higher"


def test_merged_kpi_takes_the_written_values(load: Loader) -> None:
    text = KPIS.replace("  - id: online_rate", "  - &rate\n    id: online_rate") + (
        "  - <<: *rate\n    id: offline_rate\n    direction: lower\n"
    )
    catalogue, findings = load(**{"kpis.yaml": text})
    assert findings == []
    assert catalogue is not None
    assert catalogue.kpis["offline_rate"].direction.value == "lower"
    assert catalogue.kpis["offline_rate"].numerator == "dossiers_online"


def test_alias_loop_and_two_documents_are_k001(load: Loader) -> None:
    _, findings = load(
        **{"loop.yaml": "groups: &g\n  - <<: *g\n", "two.yaml": "groups: []\n---\nfields: []\n"}
    )
    assert codes(findings) == ["K001", "K001"]
    assert [where(f)[0] for f in findings] == ["loop.yaml", "two.yaml"]


def test_kpi_of_the_wrong_shape_is_k104_at_the_kpi_in_both_languages(load: Loader) -> None:
    text = KPIS.replace("    denominator: dossiers_total\n", "")
    _, findings = load(**{"kpis.yaml": text})
    # dossiers_total, used only by the removed denominator, is now unused (K216).
    assert codes(findings) == ["K216", "K104"]
    shape = findings[1]
    assert where(shape) == ("kpis.yaml", *pos(text, "id: online_rate"))
    assert "a ratio KPI needs denominator" in shape.message_en
    assert "chỉ số loại ratio cần khai báo denominator" in shape.message_vi


def test_follow_on_findings_after_a_yaml_error_are_one_k270(load: Loader) -> None:
    # One unquoted colon in a label breaks fields.yaml: the KPI file's two formula
    # names (dossiers_online, dossiers_total) would be K202 twice — follow-ons that
    # the broken file may well define. They become one K270 that counts them (2).
    broken = FIELDS.replace("label: {vi: Tổng số hồ sơ, en: All dossiers}",
                            "label:\n      vi: Tổng số: hồ sơ")
    _, findings = load(**{"fields.yaml": broken})
    assert codes(findings) == ["K001", "K270"]
    k270 = findings[1]
    assert where(k270) == where(findings[0])
    assert "2" in k270.message("en") and "fields.yaml" in k270.message("en")
    assert "Đã bỏ qua 2 lỗi" in k270.message("vi")


def test_without_a_yaml_error_unknown_names_are_still_reported(load: Loader) -> None:
    _, findings = load(**{"fields.yaml": FIELDS.replace("dossiers_online", "dossier_online")})
    assert "K202" in codes(findings) and "K270" not in codes(findings)
