"""JSON Schema errors in Chinese: where (the path) and what is wrong, one line each.

python-jsonschema words its errors in English (``'' should be non-empty``); a receiving office
or a profile author reads Chinese. Used for submitted JSON (:mod:`xl_disclosure.export`) and
for profile files (:mod:`xl_disclosure.spec.profile`).

Example:
    >>> import jsonschema
    >>> err = next(jsonschema.Draft202012Validator({"type": "integer", "minimum": 0}).iter_errors(-1))
    >>> error_text(err)
    '应不小于 0，当前为 -1'
"""

from __future__ import annotations

import json
from typing import Any

_TYPES = {
    "integer": "整数",
    "number": "数字",
    "string": "文字",
    "boolean": "是/否（true/false）",
    "object": "对象（{…}）",
    "array": "列表（[…]）",
    "null": "空（null）",
}


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:60]


def _kind(schema: Any) -> str:
    """A sub-schema in words: ``不小于 0 的整数``, ``“/”``, ``空（null）``."""
    if not isinstance(schema, dict):
        return "规定的值"
    if "const" in schema:
        return f"“{schema['const']}”"
    kind = schema.get("type")
    words = (
        "或".join(_TYPES.get(str(k), str(k)) for k in kind)
        if isinstance(kind, list)
        else _TYPES.get(str(kind), "规定的值")
    )
    if "minimum" in schema:
        return f"不小于 {schema['minimum']} 的{words}"
    return words


def error_path(err: Any) -> str:
    """``values/T3.new.C7``, ``sections/3/title``; ``（顶层）`` for the document itself."""
    return "/".join(str(p) for p in err.absolute_path) or "（顶层）"


def error_text(err: Any) -> str:
    """What is wrong, in Chinese."""
    value, kind, expected = err.instance, err.validator, err.validator_value
    if kind == "required":
        missing = [k for k in expected if isinstance(value, dict) and k not in value]
        return f"缺少必填项“{'”“'.join(missing)}”"
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(err.schema.get("properties", {})))
        return f"有规范中没有的项“{'”“'.join(map(str, extra))}”（请检查拼写）"
    if kind == "type":
        return f"应为{_kind({'type': expected})}，当前为 {_shown(value)}"
    if kind == "minimum":
        return f"应不小于 {expected}，当前为 {_shown(value)}"
    if kind == "maximum":
        return f"应不大于 {expected}，当前为 {_shown(value)}"
    if kind in ("oneOf", "anyOf"):
        return f"应为{'、'.join(_kind(s) for s in expected)}之一，当前为 {_shown(value)}"
    if kind == "const":
        return f"应为 {_shown(expected)}，当前为 {_shown(value)}"
    if kind == "enum":
        return f"应为 {'、'.join(map(str, expected))} 之一，当前为 {_shown(value)}"
    if kind == "minLength":
        return "不能为空" if expected == 1 else f"至少 {expected} 个字符"
    if kind == "maxLength":
        return f"不能超过 {expected} 个字符"
    if kind in ("minItems", "maxItems"):
        return f"项数应{'不少于' if kind == 'minItems' else '不多于'} {expected}"
    if kind == "format":
        return f"应为{'日期（如 2025-01-20）' if expected == 'date' else expected}格式，当前为 {_shown(value)}"
    if kind == "pattern":
        return f"{_shown(value)} 格式不对（{err.schema.get('description', expected)}）"
    return f"不符合规范（{kind}）"
