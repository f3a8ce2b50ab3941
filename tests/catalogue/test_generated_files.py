"""Files generated from code stay in sync with it: the JSON Schema and the findings reference."""

from __future__ import annotations

import json
from pathlib import Path

from chiso.catalogue.model import CatalogueFile
from chiso.catalogue.schema import catalogue_schema, schema_text
from chiso.findings import all_codes
from chiso.findings_doc import REGENERATE, render

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_matches_the_models() -> None:
    committed = (ROOT / "schema" / "kpi.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "schema/kpi.schema.json is out of date: run `chiso schema --out schema/kpi.schema.json`"
    )


def test_schema_forbids_unknown_keys_in_every_object() -> None:
    schema = catalogue_schema()
    objects = [schema, *schema["$defs"].values()]
    objects = [o for o in objects if o.get("type") == "object" and "properties" in o]
    assert len(objects) >= 10
    assert all(o["additionalProperties"] is False for o in objects)
    assert set(schema["properties"]) == set(CatalogueFile.model_fields)


def test_committed_findings_reference_lists_every_code() -> None:
    committed = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    assert committed == render(), f"docs/findings.md is out of date: run `{REGENERATE}`"


def test_findings_reference_has_one_row_per_code_with_both_languages() -> None:
    text = render()
    for spec in all_codes():
        row = next(line for line in text.splitlines() if line.startswith(f"| {spec.code} |"))
        assert spec.severity.value in row
        assert spec.title_en.replace("*", "\\*") in row
    assert REGENERATE in text.splitlines()[2]


def test_schema_file_is_valid_json_with_a_draft() -> None:
    data = json.loads((ROOT / "schema" / "kpi.schema.json").read_text(encoding="utf-8"))
    assert data["$schema"].startswith("https://json-schema.org/")
