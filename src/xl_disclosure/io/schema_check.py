"""Check a canonical dict against its format's JSON Schema: fast when valid, worded when not.

Every path that checks a report's structure (export, the server's submissions, aggregation,
the archive) asks here. A compiled validator (``jsonschema-rs``) answers whether the dict is
valid; python-jsonschema runs only on a dict that failed, to say where and why in Chinese
(:mod:`xl_disclosure.schema_words`). Both are built once per format and process, and rebuilt
when a format is replaced (:func:`xl_disclosure.spec.derived_cache`).
"""

from __future__ import annotations

from typing import Any

from xl_disclosure.io.schema import load_schema
from xl_disclosure.spec import derived_cache, format_ids, is_format


@derived_cache
def compiled_validator(format_id: str) -> Any:
    """The compiled schema check of one format (``jsonschema-rs``)."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(format_id), validate_formats=True)


@derived_cache
def explaining_validator(format_id: str) -> Any:
    """python-jsonschema's validator of one format, used to list a failed dict's errors."""
    import jsonschema

    return jsonschema.Draft202012Validator(
        load_schema(format_id), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def schema_valid(data: dict[str, Any]) -> bool:
    """Whether ``data`` is a canonical report of a known format (compiled check only)."""
    fid = data.get("format")
    return isinstance(fid, str) and is_format(fid) and bool(compiled_validator(fid).is_valid(data))


def schema_problems(data: dict[str, Any]) -> list[str]:
    """Schema violations of a canonical dict, as readable strings (empty when valid)."""
    fid = data.get("format")
    if not isinstance(fid, str) or not is_format(fid):
        return [f"format：未知的报告格式“{fid}”，应为 {' 或 '.join(format_ids())}"]
    if compiled_validator(fid).is_valid(data):
        return []
    from xl_disclosure.schema_words import error_path, error_text

    errors = explaining_validator(fid).iter_errors(data)
    return [
        f"{error_path(err)}：{error_text(err)}"
        for err in sorted(errors, key=lambda e: list(map(str, e.absolute_path)))
    ]
