"""Check one submitted JSON file: the per-file function of aggregation (and of the archive).

It runs in a worker process (or on a Dask worker) and returns a small picklable
:class:`Examined`: the agency, year and format, every value as a float (NaN where the cell
holds no number), the findings of one validation, or the reason the file cannot be used.

The hot path is the fastest one that gives the same verdict: ``orjson`` parses, a compiled
schema validator (``jsonschema-rs``) checks the structure, and python-jsonschema runs only for
a file that failed, to explain why in words. A file that ``orjson`` refuses is parsed again by
the standard library (BOM, NaN, very large numbers), so nothing is rejected that was accepted
before.
"""

from __future__ import annotations

import math
import os
import sys
from array import array
from pathlib import Path
from typing import Any, NamedTuple

from xl_disclosure import regular
from xl_disclosure.errors import InputError, os_reason
from xl_disclosure.io.schema_check import compiled_validator, schema_problems
from xl_disclosure.spec import is_format, load_format
from xl_disclosure.validate import Finding, Severity

_MAX_LISTED = 3

#: A finding as stored between processes: rule, severity, message, places, expected, actual,
#: explanation.
FindingRow = tuple[str, str, str, tuple[str, ...], str | None, str | None, str]


class Examined(NamedTuple):
    """What one file is, as far as aggregation needs to know.

    A named tuple: it is pickled to disk and read back once per pass over the batch, and a
    tuple is rebuilt several times faster than a frozen dataclass.
    """

    path: str
    reason: str = ""
    """Why the file cannot be used at all ("" when it is a readable report)."""
    agency: str = ""
    year: int | None = None
    format_id: str = ""
    money_unit: str = ""
    values: bytes = b""
    """``array('d')`` of the spec's cells in spec order, NaN where not a number."""
    findings: tuple[FindingRow, ...] = ()
    digest: str = ""
    """SHA-256 of the file's bytes (the archive's report identity)."""

    @property
    def name(self) -> str:
        # Path(...).name for a plain string, without building a Path (once per report per pass)
        return os.path.basename(self.path)  # noqa: PTH119


def unpack_values(packed: bytes) -> array[float]:
    """:attr:`Examined.values` (``array('d')`` bytes) as numbers."""
    out = array("d")
    out.frombytes(packed)
    return out


def finding_row(f: Finding) -> FindingRow:
    return (f.rule, f.severity.value, f.message, f.places, f.expected, f.actual, f.explanation)


def finding_from_row(row: FindingRow) -> Finding:
    rule, severity, message, places, expected, actual, explanation = row
    return Finding(rule, Severity(severity), message, places, expected, actual, explanation)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file (never blocks on a FIFO or a device; bounded in size).

    Raises:
        InputError: the path is not a regular file, is too big or cannot be read.
    """
    try:
        raw = regular.read_regular(path, limit)
    except regular.NotRegular as exc:
        raise InputError(f"是{exc.kind}，不是普通文件。", where=str(path)) from exc
    except OSError as exc:
        raise InputError(f"无法读取文件（{os_reason(exc)}）。", where=str(path)) from exc
    if len(raw) > limit:
        raise InputError(
            f"文件过大，年度报告 JSON 不应超过 {limit // 1048576} MB。",
            where=str(path),
        )
    return raw


def parse_json_checked(path: Path, raw: bytes) -> tuple[dict[str, Any], bool]:
    """The object in ``raw`` (``orjson`` first; the standard library, with its Chinese messages,
    where it refuses), and whether its strings are known to be clean
    (:func:`~xl_disclosure.io.json_fields.text_is_clean`: orjson parsed them, no escapes)."""
    import orjson

    from xl_disclosure.io.json_fields import text_is_clean

    try:
        data, clean = orjson.loads(raw), text_is_clean(raw)
    except orjson.JSONDecodeError:
        data, clean = _parse_slow(path, raw), False
    if not isinstance(data, dict):
        raise InputError("JSON 顶层应为对象。", where=str(path))
    return data, clean


def _parse_slow(path: Path, raw: bytes) -> Any:
    import json

    from xl_disclosure.io.canonical import read_json_file

    try:
        return read_json_file(path)
    except ValueError as exc:  # Python's limit on the digits of an integer
        raise InputError("JSON 中有位数过多的数字，不是年度报告的数据。", where=str(path)) from exc
    except json.JSONDecodeError as exc:  # pragma: no cover - read_json_file maps these
        raise InputError(f"JSON 格式错误：{exc.msg}", where=str(path)) from exc


def structure_problem(data: dict[str, Any]) -> str:
    """Why ``data`` is not a canonical report of a known format ("" when it is)."""
    fid = data.get("format")
    if not isinstance(fid, str) or not is_format(fid):
        return f"不是本工具的年度报告 JSON（格式“{fid}”无法识别）。"
    problems = schema_problems(data)
    if not problems:
        return ""
    more = f"等 {len(problems)} 处" if len(problems) > _MAX_LISTED else ""
    return "不符合规范 JSON 结构：" + "；".join(problems[:_MAX_LISTED]) + more + "。"


def _agency_of(data: dict[str, Any]) -> str:
    meta = data.get("meta")
    agency = meta.get("agency") if isinstance(meta, dict) else None
    return agency if isinstance(agency, str) else ""


_FLOAT_MAX = sys.float_info.max
_NUMBERS = frozenset({int, float})


def values_array(report: Any) -> bytes:
    """Every cell of the report's format as a float, NaN where the cell holds no number."""
    values = report.values
    keys = report.spec.cell_index
    cells = list(map(values.get, keys))
    if not set(map(type, cells)) <= _NUMBERS:  # a blank, text, a bool ...
        return _values_slow(values, keys)
    try:  # the usual report: a number in every cell
        out = array("d", cells)
    except OverflowError:
        return _values_slow(values, keys)
    if not math.isfinite(sum(out)):  # NaN or infinity from a lenient parse (or a huge sum)
        return _values_slow(values, keys)
    return out.tobytes()


def _values_slow(values: dict[str, Any], keys: Any) -> bytes:
    out = array("d")
    for key in keys:
        v = values.get(key)
        if type(v) is float:  # not bools, text, blanks ...
            out.append(v if math.isfinite(v) else math.nan)
        elif type(v) is int:
            out.append(float(v) if abs(v) <= _FLOAT_MAX else math.nan)
        else:
            out.append(math.nan)
    return out.tobytes()


def read_submitted(path: str, limit: int | None = None) -> tuple[bytes, str]:
    """The bytes of one submitted file and their SHA-256 (hex).

    Raises:
        InputError: the path is not a regular file, is too big or cannot be read.
    """
    import hashlib

    from xl_disclosure.io.canonical import MAX_JSON_BYTES

    raw = read_regular(Path(path), limit or MAX_JSON_BYTES)
    return raw, hashlib.sha256(raw).hexdigest()


def examine(path: str, limit: int | None = None) -> Examined:
    """Read, check and validate one file; never raises for a bad file."""
    try:
        raw, digest = read_submitted(path, limit)
    except InputError as exc:
        return Examined(path, reason=exc.message)
    return examine_bytes(path, raw, digest)


def examine_bytes(path: str, raw: bytes, digest: str) -> Examined:
    """:func:`examine` of bytes already read from ``path`` (``digest``: their SHA-256)."""
    from xl_disclosure.io.canonical import report_from_dict
    from xl_disclosure.validate import validate

    where = Path(path)
    try:
        data, clean = parse_json_checked(where, raw)
    except InputError as exc:
        return Examined(path, reason=exc.message)
    reason = structure_problem(data)
    if reason:
        return Examined(path, reason=reason, agency=_agency_of(data), digest=digest)
    try:
        report = report_from_dict(data, where=where.name, text_checked=clean)
        result = validate(report, source=where.name)
    except InputError as exc:
        return Examined(path, reason=exc.message, agency=_agency_of(data), digest=digest)
    meta = report.meta
    return Examined(
        path,
        agency=meta.agency,
        year=meta.year,
        format_id=report.format_id,
        money_unit=meta.money_unit,
        values=values_array(report),
        findings=tuple(finding_row(f) for f in result.findings),
        digest=digest,
    )


def cell_keys(format_id: str) -> tuple[str, ...]:
    """The cell keys of a format in the order of :attr:`Examined.values`."""
    return tuple(c.key for c in load_format(format_id).cells)


def warm() -> None:
    """Load specs, rules and the compiled schemas once per worker process."""
    from xl_disclosure.spec import format_ids, load_rules

    load_rules()
    for fid in format_ids():
        load_format(fid)
        compiled_validator(fid)
