"""Canonical JSON: report -> dict -> bytes (deterministic) and back (lenient).

Writing is strict: numbers (and "/" for 不适用) only, validated against the shipped schema.
Reading is lenient: any value a person may have put in a JSON becomes a :data:`CellValue`, so
that text in a number cell is a finding of the validator, not a crash of the reader.
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
)
from xl_disclosure.errors import InputError
from xl_disclosure.io.schema import schema_id
from xl_disclosure.model.report import AnnualReport, LocalTable, Meta, ReportSource, SectionContent
from xl_disclosure.spec import CellSpec, FormatSpec, format_ids, is_format, load_format
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
    return isinstance(value, Blank | NotAvailable) or (
        isinstance(value, str) and value.strip() in NA_SYMBOLS and not cell.column.na
    )


def report_to_dict(
    report: AnnualReport, validation: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The canonical dict, keys in a fixed order (spec order for values)."""
    spec = report.spec
    meta = report.meta
    start, end = meta.effective_period()
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
        "meta": {
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
        },
        "preamble": report.preamble,
        "sections": [
            {
                "no": s.no,
                "title": report.sections[s.no].title if s.no in report.sections else "",
                "text": report.text(s.no),
                "table_heading": report.sections[s.no].table_heading
                if s.no in report.sections
                else "",
            }
            for s in spec.sections
        ],
        "values": {c.key: _export_value(report.value(c.key)) for c in spec.cells},
        **({"fields": export_fields(report)} if spec.input_fields else {}),
        "local_tables": [
            {
                "section": t.section,
                "heading": t.heading,
                "columns": list(t.columns),
                "rows": [list(r) for r in t.rows],
            }
            for t in report.local_tables
        ],
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


def _import_fields(spec: FormatSpec, raw: Any) -> dict[str, str]:
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    out: dict[str, str] = {}
    for fld in spec.input_fields:
        value = data.get(fld.key)
        if isinstance(value, bool):
            out[fld.key] = "是" if value else "否"
        else:
            out[fld.key] = _text(value)
    return out


def dumps(data: dict[str, Any]) -> bytes:
    """Deterministic bytes: UTF-8, 2-space indent, Chinese unescaped, trailing newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _import_value(raw: Any) -> CellValue:
    if raw is None:
        return BLANK
    if isinstance(raw, bool):
        return str(raw).lower()
    if isinstance(raw, int | float):
        return raw
    if isinstance(raw, str):
        return normalise_text(raw)
    return json.dumps(raw, ensure_ascii=False)


def _text(raw: Any) -> str:
    return raw if isinstance(raw, str) else ("" if raw is None else str(raw))


def report_from_dict(data: Any, *, where: str = "JSON") -> AnnualReport:
    """Build a report from a canonical dict, leniently.

    Raises:
        InputError: when the data is not an xl-disclosure report at all.
    """
    if not isinstance(data, dict) or "values" not in data or "format" not in data:
        raise InputError(
            "不是 xl-disclosure 年度报告 JSON（缺少“format”或“values”）。",
            where=where,
            hint="请使用本工具导出的 JSON，或用 xl-disclosure import 从报告原文生成。",
        )
    fid = data.get("format")
    if not is_format(fid):
        if isinstance(fid, str) and SEPARATOR in fid:
            raise InputError(
                f"报告使用地方配置“{fid.partition(SEPARATOR)[2]}”，本机未安装该配置。",
                where=where,
                hint="请用 --profile 指定地方配置文件，或将其放入 XL_DISCLOSURE_PROFILES 所列文件夹。",
            )
        raise InputError(
            f"报告格式“{fid}”无法识别，应为 {' 或 '.join(format_ids())}。",
            where=where,
            hint="请确认文件来自本工具。",
        )
    assert isinstance(fid, str)
    if not isinstance(data["values"], dict):
        raise InputError("“values”应为对象（单元格键 → 数值）。", where=where)
    spec = load_format(fid)
    m: dict[str, Any] = data["meta"] if isinstance(data.get("meta"), dict) else {}
    period: dict[str, Any] = m["period"] if isinstance(m.get("period"), dict) else {}
    year = m.get("year")
    meta = Meta(
        agency=_text(m.get("agency")),
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        period_start=_text(period.get("start")),
        period_end=_text(period.get("end")),
        agency_kind=_text(m.get("agency_kind")) or "department",
        rulemaking=bool(m.get("rulemaking", False)),
        contact=_text(m.get("contact")),
        publish_date=_text(m.get("publish_date")),
        title=_text(m.get("title")),
        money_unit=_text(m.get("money_unit")),
        signed_off=bool(m.get("signed_off", False)),
    )
    sections: dict[int, SectionContent] = {}
    raw_sections = data.get("sections")
    for item in raw_sections if isinstance(raw_sections, list) else []:
        if (
            isinstance(item, dict)
            and isinstance(item.get("no"), int)
            and _text(item.get("title")).strip()
        ):
            sections[item["no"]] = SectionContent(
                title=_text(item.get("title")),
                text=_text(item.get("text")),
                table_heading=_text(item.get("table_heading")),
            )
    values = {c.key: _import_value(data["values"].get(c.key)) for c in spec.cells}
    missing = data.get("not_available")
    for key in missing if isinstance(missing, list) else []:
        if isinstance(key, str) and key in values:
            values[key] = NOT_AVAILABLE
    local_tables = [
        LocalTable(
            section=int(t.get("section", 2)),
            heading=_text(t.get("heading")),
            columns=[_text(c) for c in t.get("columns", [])],
            rows=[[_text(c) for c in row] for row in t.get("rows", [])],
        )
        for t in data.get("local_tables", []) or []
        if isinstance(t, dict)
    ]
    expl = data.get("explanations")
    return AnnualReport(
        format_id=fid,
        meta=meta,
        values=values,
        sections=sections,
        preamble=_text(data.get("preamble")),
        local_tables=local_tables,
        fields=_import_fields(spec, data.get("fields")),
        explanations={str(k): _text(v) for k, v in expl.items()} if isinstance(expl, dict) else {},
        source=ReportSource.PUBLISHED if data.get("source") == "published" else ReportSource.JSON,
    )


def unknown_value_keys(data: dict[str, Any]) -> list[str]:
    """Keys in ``values`` the format does not know (D-010 on JSON input)."""
    spec = load_format(data["format"])
    return [k for k in data["values"] if k not in spec.cell_index]


def read_json_file(path: Path) -> dict[str, Any]:
    """Parse a JSON file with a size limit and a clear message on failure."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", where=str(path)) from exc
    if size > MAX_JSON_BYTES:
        raise InputError(
            f"文件过大（{size // 1024} KB），年度报告 JSON 不应超过 5 MB。", where=str(path)
        )
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
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
            f"JSON 格式错误（第{exc.lineno}行第{exc.colno}列：{exc.msg}）。",
            where=str(path),
            hint="请检查是否被截断或手工改坏。",
        ) from exc
    if not isinstance(data, dict):
        raise InputError("JSON 顶层应为对象。", where=str(path))
    return data


def load_report_json(path: Path) -> AnnualReport:
    """Read a report JSON file (lenient)."""
    return report_from_dict(read_json_file(path), where=str(path))
