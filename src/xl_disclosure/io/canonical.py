"""Canonical JSON: report -> dict -> bytes (deterministic) and back (lenient).

Writing is strict: numbers (and "/" for 不适用) only, validated against the shipped schema.
Reading is lenient for cell values: any value a person may have put in a cell becomes a
:data:`CellValue`, so that text in a number cell is a finding of the validator, not a crash of
the reader. Every other field must have its documented type; a wrong one is refused with its
path (:mod:`xl_disclosure.io.json_fields`), never guessed at or silently dropped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xl_disclosure.cells import (
    BLANK,
    NA_SYMBOLS,
    NOT_AVAILABLE,
    Blank,
    CellValue,
    NotAvailable,
    normalise_text,
    printed_none,
)
from xl_disclosure.errors import InputError
from xl_disclosure.io.files import read_input
from xl_disclosure.io.json_fields import (
    HINT_JSON,
    check_text,
    expect_choice,
    expect_flag,
    expect_list,
    expect_object,
    expect_text,
    expect_text_list,
    loads,
    quoted,
    wrong_type,
)
from xl_disclosure.io.schema import schema_id
from xl_disclosure.model.report import AnnualReport, LocalTable, Meta, ReportSource, SectionContent
from xl_disclosure.spec import (
    CellSpec,
    FormatSpec,
    format_ids,
    is_format,
    load_format,
    national_format_ids,
)
from xl_disclosure.spec.profile import SEPARATOR
from xl_disclosure.version import SCHEMA_VERSION, TEMPLATE_VERSION, __version__

#: Maximum size of a JSON file we agree to read (a report is a few tens of KB).
MAX_JSON_BYTES = 5 * 1024 * 1024


def _export_value(value: CellValue) -> Any:
    if isinstance(value, str) and value.strip() in NA_SYMBOLS:
        return "/"
    if isinstance(value, Blank | NotAvailable):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _printed_empty(value: CellValue, cell: CellSpec) -> bool:
    """Empty as printed: blank, unknown, or a "/" where the column does not accept 不适用."""
    return isinstance(value, Blank | NotAvailable) or printed_none(value, cell.column.na)


def _meta_dict(report: AnnualReport) -> dict[str, Any]:
    meta = report.meta
    start, end = meta.effective_period()
    return {
        "agency": meta.agency,
        "year": meta.year,
        "period": {"start": start, "end": end},
        "agency_kind": meta.agency_kind,
        "rulemaking": meta.rulemaking,
        "contact": meta.contact,
        "publish_date": meta.publish_date,
        "title": meta.title,
        "money_unit": meta.money_unit,
        "signed_off": meta.signed_off,
    }


def _sections_list(report: AnnualReport) -> list[dict[str, Any]]:
    """Every section of the format, in order (title and heading "" where the report has none)."""
    out = []
    for s in report.spec.sections:
        section = report.sections.get(s.no)
        out.append(
            {
                "no": s.no,
                "title": section.title if section is not None else "",
                "text": report.text(s.no),
                "table_heading": section.table_heading if section is not None else "",
            }
        )
    return out


def _local_table_dict(table: LocalTable) -> dict[str, Any]:
    return {
        "section": table.section,
        "heading": table.heading,
        "columns": list(table.columns),
        "rows": [list(r) for r in table.rows],
        **({"printed_format": table.printed_format} if table.printed_format else {}),
    }


def report_to_dict(
    report: AnnualReport, validation: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The canonical dict, keys in a fixed order (spec order for values)."""
    spec = report.spec
    out: dict[str, Any] = {
        "$schema": schema_id(spec.id),
        "format": spec.id,
        **_profile_of(spec),
        "schema_version": SCHEMA_VERSION,
        "generator": {
            "tool": "xl-disclosure",
            "version": __version__,
            "template_version": TEMPLATE_VERSION,
        },
        "meta": _meta_dict(report),
        "preamble": report.preamble,
        "sections": _sections_list(report),
        "values": {c.key: _export_value(report.value(c.key)) for c in spec.cells},
        **({"fields": export_fields(report)} if spec.input_fields else {}),
        "local_tables": [_local_table_dict(t) for t in report.local_tables],
        "explanations": dict(sorted(report.explanations.items())),
    }
    # Written only when they change how a cell reads, so every other report keeps its shape
    # (a complete publication reads the same whatever its source): an imported publication
    # reads its empty and "/" cells as printed empty (0); cells not available are unknown.
    if report.source is ReportSource.PUBLISHED and any(
        _printed_empty(report.value(c.key), c) for c in spec.cells
    ):
        out["source"] = ReportSource.PUBLISHED.value
    missing = [c.key for c in spec.cells if isinstance(report.value(c.key), NotAvailable)]
    if missing:
        out["not_available"] = missing
    if validation is not None:
        out["validation"] = validation
    return out


def _profile_of(spec: FormatSpec) -> dict[str, Any]:
    """``{"profile": {id, version, name}}`` for a format extended by a profile, else nothing."""
    if spec.profile is None:
        return {}
    p = spec.profile
    return {"profile": {"id": p.id, "version": p.version, "name": p.name}}


def export_fields(report: AnnualReport) -> dict[str, Any]:
    """A profile's fields: texts, ``true``/``false`` (``null`` unanswered), ISO dates."""
    out: dict[str, Any] = {}
    for fld in report.spec.input_fields:
        text = report.fields.get(fld.key, "")
        if fld.kind == "yesno":
            out[fld.key] = {"是": True, "否": False}.get(text.strip())
        else:
            out[fld.key] = text.strip() if fld.kind == "date" else text
    return out


def _import_fields(spec: FormatSpec, raw: Any, where: str) -> dict[str, str]:
    """A profile's extra inputs (text; a yes/no field may come as a JSON boolean)."""
    data = expect_object(raw, ("fields",), where)
    out: dict[str, str] = {}
    for fld in spec.input_fields:
        value = data.get(fld.key)
        if isinstance(value, bool):
            out[fld.key] = "是" if value else "否"
        else:
            out[fld.key] = expect_text(value, ("fields", fld.key), where)
    return out


def dumps(data: dict[str, Any]) -> bytes:
    """Deterministic bytes: UTF-8, 2-space indent, Chinese unescaped, trailing newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _import_value(raw: Any) -> CellValue:
    """A cell value as read: whatever it is, the validator gets to name it (lenient)."""
    if raw is None:
        return BLANK
    if isinstance(raw, bool):
        return str(raw).lower()
    if isinstance(raw, int | float):
        return raw
    if isinstance(raw, str):
        return normalise_text(raw)
    return "（JSON 列表）" if isinstance(raw, list) else "（JSON 对象）"


def report_from_dict(data: Any, *, where: str = "JSON", text_checked: bool = False) -> AnnualReport:
    """Build a report from a canonical dict.

    ``text_checked``: the caller has already established that no string in ``data`` holds a
    character no file can hold (:func:`~xl_disclosure.io.json_fields.text_is_clean` on the
    bytes orjson parsed), so the walk over every string is skipped.

    Cell values are read leniently (text in a number cell is a finding of the validator);
    every other field must have its documented type, or the report is refused with the
    path of the field (:mod:`xl_disclosure.io.json_fields`).

    Raises:
        InputError: not an xl-disclosure report, a field of the wrong type, or text that no
            file can hold (a lone surrogate, NUL or another control character).
    """
    if not isinstance(data, dict) or "values" not in data or "format" not in data:
        raise InputError(
            "不是 xl-disclosure 年度报告 JSON（缺少“format”或“values”）。",
            where=where,
            hint="请使用本工具导出的 JSON，或用 xl-disclosure import 从报告原文生成。",
        )
    if not text_checked:
        check_text(data, where)
    fid = _known_format(data.get("format"), where)
    if not isinstance(data["values"], dict):
        raise wrong_type(("values",), "对象（单元格键 → 数值）", data["values"], where)
    spec = load_format(fid)
    numbers = [s.no for s in spec.sections]
    values = _cell_values(spec, data["values"], data.get("not_available"), where)
    expl = expect_object(data.get("explanations"), ("explanations",), where)
    return AnnualReport(
        format_id=fid,
        meta=_meta(data.get("meta"), where),
        values=values,
        sections=_sections(data.get("sections"), numbers, where),
        preamble=expect_text(data.get("preamble"), ("preamble",), where),
        local_tables=_local_tables(data.get("local_tables"), numbers, where),
        explanations={k: expect_text(v, ("explanations", k), where) for k, v in expl.items()},
        fields=_import_fields(spec, data.get("fields"), where),
        source=ReportSource.PUBLISHED if data.get("source") == "published" else ReportSource.JSON,
    )


def _known_format(fid: Any, where: str) -> str:
    """``fid`` if it names a format (or local profile) installed here, else why not."""
    if is_format(fid):
        assert isinstance(fid, str)
        return fid
    if isinstance(fid, str) and SEPARATOR in fid:
        raise InputError(
            f"报告使用地方配置“{fid.partition(SEPARATOR)[2]}”，本机未安装该配置。",
            where=where,
            hint="请用 --profile 指定地方配置文件，或将其放入 XL_DISCLOSURE_PROFILES 所列文件夹。",
        )
    raise InputError(
        f"报告格式{quoted(fid)}无法识别，应为 {' 或 '.join(format_ids())}。",
        where=where,
        hint="请确认文件来自本工具。",
    )


def _cell_values(
    spec: FormatSpec, raw: dict[str, Any], missing: Any, where: str
) -> dict[str, CellValue]:
    """Every cell of ``spec`` read from the ``values`` object (numbers as they are, the rest
    leniently), the cells listed in ``not_available`` marked so."""
    values = {
        key: v if type(v) is int or type(v) is float else _import_value(v)
        for key, v in zip(spec.cell_index, map(raw.get, spec.cell_index), strict=True)
    }
    for i, key in enumerate(expect_list(missing, ("not_available",), where) if missing else []):
        if expect_text(key, ("not_available", i), where) in values:
            values[key] = NOT_AVAILABLE
    return values


def _meta(raw: Any, where: str) -> Meta:
    m = expect_object(raw, ("meta",), where)
    period = expect_object(m.get("period"), ("meta", "period"), where)

    def text(key: str) -> str:
        return expect_text(m.get(key), ("meta", key), where)

    year = m.get("year")
    return Meta(
        agency=text("agency"),
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        period_start=expect_text(period.get("start"), ("meta", "period", "start"), where),
        period_end=expect_text(period.get("end"), ("meta", "period", "end"), where),
        agency_kind=text("agency_kind") or "department",
        rulemaking=expect_flag(m.get("rulemaking"), ("meta", "rulemaking"), where),
        contact=text("contact"),
        publish_date=text("publish_date"),
        title=text("title"),
        money_unit=text("money_unit"),
        signed_off=expect_flag(m.get("signed_off"), ("meta", "signed_off"), where),
    )


def _sections(raw: Any, numbers: list[int], where: str) -> dict[int, SectionContent]:
    """Sections with a title (an untitled one counts as missing: D-001 names it)."""
    out: dict[int, SectionContent] = {}
    for i, item in enumerate(expect_list(raw, ("sections",), where)):
        path = ("sections", i)
        s = expect_object(item, path, where)
        no = expect_choice(s.get("no"), numbers, (*path, "no"), where)
        title = expect_text(s.get("title"), (*path, "title"), where)
        text = expect_text(s.get("text"), (*path, "text"), where)
        heading = expect_text(s.get("table_heading"), (*path, "table_heading"), where)
        if title.strip():
            out[no] = SectionContent(title=title, text=text, table_heading=heading)
    return out


def _local_tables(raw: Any, numbers: list[int], where: str) -> list[LocalTable]:
    tables = []
    for i, item in enumerate(expect_list(raw, ("local_tables",), where)):
        path = ("local_tables", i)
        t = expect_object(item, path, where)
        rows = expect_list(t.get("rows"), (*path, "rows"), where)
        tables.append(
            LocalTable(
                section=expect_choice(t.get("section", 2), numbers, (*path, "section"), where),
                heading=expect_text(t.get("heading"), (*path, "heading"), where),
                columns=expect_text_list(t.get("columns"), (*path, "columns"), where),
                rows=[expect_text_list(r, (*path, "rows", j), where) for j, r in enumerate(rows)],
                printed_format=_printed_format(t, path, where),
            )
        )
    return tables


def _printed_format(table: dict[str, Any], path: tuple[str | int, ...], where: str) -> str:
    if "printed_format" not in table:
        return ""
    value, choices = table["printed_format"], national_format_ids()
    if value not in choices:
        raise wrong_type(
            (*path, "printed_format"), "格式 " + "、".join(choices) + " 之一", value, where
        )
    return str(value)


def unknown_value_keys(data: dict[str, Any]) -> list[str]:
    """Keys in ``values`` the format does not know (D-010 on JSON input)."""
    spec = load_format(data["format"])
    return [k for k in data["values"] if k not in spec.cell_index]


def read_json_file(path: Path) -> dict[str, Any]:
    """Parse a JSON file: a regular file (never a pipe or device), at most
    :data:`MAX_JSON_BYTES`, UTF-8, with a clear message on every failure."""
    path = Path(path)
    raw = read_input(path, max_bytes=MAX_JSON_BYTES, noun="年度报告 JSON ")
    try:
        data = loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(
            "文件不是 UTF-8 编码的文本。", where=str(path), hint="请另存为 UTF-8 编码。"
        ) from exc
    except RecursionError as exc:
        raise InputError(
            "JSON 嵌套层次过深，不是年度报告 JSON。",
            where=str(path),
            hint="请使用本工具导出的 JSON。",
        ) from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"JSON 格式错误（第{exc.lineno}行第{exc.colno}列：{_syntax(exc.msg)}）。",
            where=str(path),
            hint="请检查是否被截断或手工改坏。",
            detail=exc.msg,
        ) from exc
    if not isinstance(data, dict):
        raise InputError("JSON 顶层应为对象。", where=str(path), hint=HINT_JSON)
    return data


#: json's English syntax messages (their start) -> Chinese.
_SYNTAX = (
    ("Expecting value", "此处应有一个值"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"),
    ("Expecting property name", "键名应为双引号括起的文字"),
    ("Unterminated string", "文字缺少结尾的引号"),
    ("Invalid control character", "文字中有未转义的控制字符"),
    ("Invalid \\escape", "无效的转义序列"),
    ("Invalid \\uXXXX escape", "无效的 \\u 转义"),
    ("Extra data", "JSON 结束后还有多余的内容"),
)


def _syntax(msg: str) -> str:
    return next((zh for en, zh in _SYNTAX if msg.startswith(en)), "语法错误")


def load_report_json(path: Path) -> AnnualReport:
    """Read a report JSON file (lenient)."""
    return report_from_dict(read_json_file(path), where=str(path))
