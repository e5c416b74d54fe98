"""Open any supported input (workbook or JSON) as a report plus the findings of reading it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xl_disclosure.errors import InputError
from xl_disclosure.readers.base import Engine, Loaded, profile_version_findings
from xl_disclosure.validate.findings import Finding

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
JSON_SUFFIXES = (".json",)


def load_report(path: Path | str, engine: Engine = "openpyxl") -> Loaded:
    """Read a workbook (``.xlsx``/``.xlsm``) or a canonical JSON file.

    Args:
        engine: for workbooks; ``calamine`` falls back to openpyxl when it refuses a file
            (:func:`read_with_fallback`).

    Raises:
        InputError: the file cannot be read as a report (missing, not a regular file,
            foreign, damaged).
    """
    from xl_disclosure.io.files import check_input_file

    path = Path(path)
    check_input_file(path)  # a folder, pipe, device or broken link ends here, in Chinese
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        from xl_disclosure.io.canonical import read_json_file, report_from_dict

        data = read_json_file(path)
        report = report_from_dict(data, where=str(path))
        return Loaded(report, structure_findings(data), str(path), "json")
    if suffix in WORKBOOK_SUFFIXES:
        return read_with_fallback(path, engine)
    raise InputError(
        f"不支持的文件类型“{suffix or '（无扩展名）'}”。",
        where=str(path),
        hint="请提供 .xlsx/.xlsm 工作簿或 .json 文件；已发布报告的原文请逐个校验，"
        "或先用 xl-disclosure import 导入。",
    )


def structure_findings(data: dict[str, Any]) -> list[Finding]:
    """D-010 for value keys a JSON carries that the official format does not have."""
    from xl_disclosure.spec import load_format
    from xl_disclosure.validate.rules.structure import structure_difference

    spec = load_format(data["format"])
    findings = []
    extra = [k for k in data["values"] if k not in spec.cell_index]
    for table in spec.tables:
        added = [k for k in extra if k.startswith(table.id + ".")]
        if added:
            findings.append(structure_difference(table.label, "多出单元格 " + "、".join(added)))
    others = [k for k in extra if not any(k.startswith(t.id + ".") for t in spec.tables)]
    if others:
        findings.append(structure_difference("报告", "无法识别的单元格 " + "、".join(others)))
    profile = data.get("profile")
    version = profile.get("version") if isinstance(profile, dict) else None
    return findings + profile_version_findings(spec, version)


def read_with_fallback(path: Path, engine: Engine) -> Loaded:
    """Read a workbook with ``engine``; if calamine refuses it, with openpyxl.

    ``Loaded.engine`` says which engine read it.

    Raises:
        InputError: openpyxl refuses it too (its message is the one shown).
    """
    from xl_disclosure.readers import read_workbook

    if engine == "calamine":
        try:
            return read_workbook(path, engine="calamine")
        except InputError:
            pass  # refused by calamine: the reference engine decides (and words the refusal)
    return read_workbook(path, engine="openpyxl")
