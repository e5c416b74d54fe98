"""Generate the JSON Schema (2020-12) of the canonical JSON from a format spec.

The shipped files ``xl_disclosure/schemas/<format>.schema.json`` are the output of
:func:`build_schema`; a test fails when they drift. Regenerate with
``python -m xl_disclosure.io.schema``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from xl_disclosure.model.report import AGENCY_KINDS, MONEY_UNITS, ReportSource
from xl_disclosure.spec import FormatSpec, ValueType, load_format
from xl_disclosure.spec.load import national_format_ids, shipped_format_ids
from xl_disclosure.version import SCHEMA_VERSION

SCHEMA_BASE = "https://xl-disclosure.github.io/schemas"


def schema_id(format_id: str) -> str:
    return f"{SCHEMA_BASE}/{format_id}/{SCHEMA_VERSION}/report.schema.json"


_NA = {"const": "/", "description": "不适用"}
#: A cell left empty (a published report printed it empty, or it is listed in
#: ``not_available``). Exported staff reports have none: the validator's V-001 blocks export.
_BLANK = {"type": "null", "description": "未填写或原文缺失（见 not_available）"}


def _value_schema(vtype: ValueType) -> dict[str, Any]:
    if vtype is ValueType.COUNT:
        number: dict[str, Any] = {"type": "integer", "minimum": 0}
    elif vtype is ValueType.SIGNED:
        number = {"type": "integer"}
    else:
        number = {"type": "number", "minimum": 0}
    return {"oneOf": [number, _NA, _BLANK]}


_TEXT = {"type": "string"}
_DATE_OR_EMPTY = {"type": "string", "anyOf": [{"format": "date"}, {"maxLength": 0}]}


def build_schema(spec: FormatSpec) -> dict[str, Any]:
    """The JSON Schema of a canonical submission in ``spec``'s format."""
    values = _values(spec)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id(spec.id),
        "title": f"政府信息公开工作年度报告（{spec.name}，{spec.instrument}）",
        "type": "object",
        "required": [
            "$schema",
            "format",
            "schema_version",
            "generator",
            "meta",
            "sections",
            "values",
        ],
        "additionalProperties": False,
        "properties": {
            "$schema": {"const": schema_id(spec.id)},
            "format": {"const": spec.id},
            "schema_version": {"const": SCHEMA_VERSION},
            "generator": _generator(),
            "meta": _meta(spec),
            "preamble": _TEXT,
            "sections": _sections(spec),
            "values": {
                "type": "object",
                "properties": values,
                "required": list(values),
                "additionalProperties": False,
            },
            "local_tables": _local_tables(),
            "explanations": {"type": "object", "additionalProperties": {"type": "string"}},
            "source": {
                "enum": [s.value for s in ReportSource],
                "description": "报告来源；published：从公开文本导入（空白单元格按公开惯例读作 0）",
            },
            "not_available": {
                "type": "array",
                "items": {"enum": list(values)},
                "uniqueItems": True,
                "description": "导入时未能定位（原文缺失）的单元格",
            },
            "validation": _validation(),
        },
    }
    _extend_for_profile(schema, spec)
    return schema


def _values(spec: FormatSpec) -> dict[str, Any]:
    """Cell key -> a number of the cell's kind, ``/`` (not applicable) or blank."""
    return {c.key: {**_value_schema(c.type), "title": c.label} for c in spec.cells}


def _generator() -> dict[str, Any]:
    """Which tool (and template) wrote the file."""
    return {
        "type": "object",
        "properties": {
            "tool": {"const": "xl-disclosure"},
            "version": _TEXT,
            "template_version": _TEXT,
        },
        "required": ["tool", "version"],
        "additionalProperties": False,
    }


def _meta(spec: FormatSpec) -> dict[str, Any]:
    """The cover: agency, a year within the format's years, the period and the cover fields."""
    return {
        "type": "object",
        "required": ["agency", "year", "period"],
        "additionalProperties": False,
        "properties": {
            "agency": {"type": "string", "minLength": 1},
            "year": {
                "type": "integer",
                "minimum": spec.year_from,
                **({"maximum": spec.year_to} if spec.year_to else {}),
            },
            "period": {
                "type": "object",
                "properties": {
                    "start": {"type": "string", "format": "date"},
                    "end": {"type": "string", "format": "date"},
                },
                "required": ["start", "end"],
                "additionalProperties": False,
            },
            "agency_kind": {"enum": list(AGENCY_KINDS)},
            "rulemaking": {"type": "boolean"},
            "contact": _TEXT,
            "publish_date": _DATE_OR_EMPTY,
            "title": _TEXT,
            "money_unit": {"enum": ["", *MONEY_UNITS]},
            "signed_off": {"type": "boolean"},
        },
    }


def _sections(spec: FormatSpec) -> dict[str, Any]:
    """The six sections in the format's order, each with its number, title and text."""
    items = [
        {
            "type": "object",
            "properties": {
                "no": {"const": s.no},
                "title": {"type": "string", "description": "空：该部分缺失（D-001）"},
                "text": _TEXT,
                "table_heading": _TEXT,
            },
            "required": ["no", "title", "text"],
            "additionalProperties": False,
        }
        for s in spec.sections
    ]
    return {"type": "array", "prefixItems": items, "minItems": 6, "maxItems": 6, "items": False}


def _local_tables() -> dict[str, Any]:
    """Tables a report adds in a section (as printed: a heading, columns and text rows)."""
    return {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "section": {"type": "integer", "minimum": 1, "maximum": 6},
                "heading": _TEXT,
                "columns": {"type": "array", "items": _TEXT},
                "rows": {"type": "array", "items": {"type": "array", "items": _TEXT}},
                "printed_format": {"enum": list(national_format_ids())},
            },
            "required": ["section", "heading", "columns", "rows"],
            "additionalProperties": False,
        },
    }


def _validation() -> dict[str, Any]:
    """The verdict an export carries: valid, no errors, the counts and the kept warnings."""
    return {
        "type": "object",
        "properties": {
            "valid": {"type": "boolean"},
            "errors": {"type": "integer", "minimum": 0, "maximum": 0},
            "warnings": {"type": "integer", "minimum": 0},
            "infos": {"type": "integer", "minimum": 0},
            "kept_warnings": {"type": "array", "items": _TEXT},
        },
        "required": ["valid", "errors", "warnings", "infos", "kept_warnings"],
        "additionalProperties": False,
    }


_FIELD_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "longtext": {"type": "string"},
    "yesno": {"type": ["boolean", "null"]},
    "date": _DATE_OR_EMPTY,
}


def _extend_for_profile(schema: dict[str, Any], spec: FormatSpec) -> None:
    """A profile's identity (required) and its fields; its table cells are already values."""
    if spec.profile is None:
        return
    p = spec.profile
    props: dict[str, Any] = schema["properties"]
    props["profile"] = {
        "type": "object",
        "title": f"地方配置：{p.name}",
        "properties": {
            "id": {"const": p.id},
            "version": {"type": "string"},
            "name": {"type": "string"},
        },
        "required": ["id", "version"],
        "additionalProperties": False,
    }
    schema["required"].append("profile")
    if spec.input_fields:
        props["fields"] = {
            "type": "object",
            "properties": {
                f.key: {**_FIELD_SCHEMAS[f.kind], "title": f.label} for f in spec.input_fields
            },
            "additionalProperties": False,
        }


_generated: dict[str, tuple[FormatSpec, dict[str, Any]]] = {}


def load_schema(format_id: str) -> dict[str, Any]:
    """The schema of a format: the shipped file (package data), or for a format found
    outside the package or extended by a profile, generated from its spec (and regenerated
    when the spec changed)."""
    path = resources.files("xl_disclosure.schemas").joinpath(f"{format_id}.schema.json")
    if path.is_file():
        return _shipped(format_id)
    spec = load_format(format_id)
    cached = _generated.get(format_id)
    if cached is None or cached[0] is not spec:
        cached = _generated[format_id] = (spec, build_schema(spec))
    return cached[1]


@cache
def _shipped(format_id: str) -> dict[str, Any]:
    path = resources.files("xl_disclosure.schemas").joinpath(f"{format_id}.schema.json")
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def dump_schema(spec: FormatSpec) -> str:
    return json.dumps(build_schema(spec), ensure_ascii=False, indent=2) + "\n"


def write_schemas(target: Path | None = None) -> list[Path]:
    """(Re)generate the shipped schema files."""
    out_dir = target or Path(str(resources.files("xl_disclosure.schemas")))
    written = []
    for fid in shipped_format_ids():
        path = out_dir / f"{fid}.schema.json"
        path.write_text(dump_schema(load_format(fid)), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - developer tool
    for p in write_schemas():
        print(p)
