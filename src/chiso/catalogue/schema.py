"""The JSON Schema of a KPI file, for editors (yaml-language-server) and other tools.

Generated from :class:`~chiso.catalogue.model.CatalogueFile`, so it cannot drift
from the models: ``extra="forbid"`` becomes ``additionalProperties: false`` and an
editor underlines a typo'd key as it is typed. The committed copy lives in
``schema/kpi.schema.json``; a test keeps it in sync.
"""

from __future__ import annotations

import json
from typing import Any

from chiso.catalogue.model import CatalogueFile


def catalogue_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one KPI file."""
    schema = CatalogueFile.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "chiso KPI file",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    """The schema as the committed file reads: indented JSON with a final newline."""
    return json.dumps(catalogue_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
