"""The JSON Schema of the pack format, for editors' autocompletion and independent validators."""

from __future__ import annotations

import json
from typing import Any

from sysplay.scenarios.models import Pack, PackPart

SCHEMA_ID = "https://sysplay.invalid/schemas/pack-1.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def pack_schema() -> dict[str, Any]:
    """A schema accepting a whole pack (pack.yaml) or an included part file."""
    whole = Pack.model_json_schema(by_alias=True)
    part = PackPart.model_json_schema(by_alias=True)
    defs = {**part.pop("$defs", {}), **whole.pop("$defs", {})}
    defs["Pack"] = whole
    defs["PackPart"] = part
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": "sysplay scenario pack",
        "description": "A sysplay scenario pack file: pack.yaml (with meta) or a file it includes.",
        "anyOf": [{"$ref": "#/$defs/Pack"}, {"$ref": "#/$defs/PackPart"}],
        "$defs": defs,
    }


def schema_text() -> str:
    """The schema as stable, pretty JSON text (what `sysplay schema` writes and the repo commits)."""
    return json.dumps(pack_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
