"""Open any supported input (workbook or JSON) as a report plus the findings of reading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xl_disclosure.errors import InputError
from xl_disclosure.model import AnnualReport
from xl_disclosure.validate.findings import Finding

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
JSON_SUFFIXES = (".json",)


@dataclass
class Loaded:
    """A report read from a file, with what the reader noticed (old template version, ...)."""

    report: AnnualReport
    findings: list[Finding] = field(default_factory=list)
    source: str = ""


def load_report(path: Path | str) -> Loaded:
    """Read a workbook (``.xlsx``/``.xlsm``) or a canonical JSON file.

    Raises:
        InputError: the file cannot be read as a report (missing, foreign, damaged).
    """
    path = Path(path)
    if not path.exists():
        raise InputError("文件不存在。", where=str(path), hint="请检查路径。")
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        from xl_disclosure.io.canonical import load_report_json

        return Loaded(load_report_json(path), [], str(path))
    if suffix in WORKBOOK_SUFFIXES:
        from xl_disclosure.readers import read_workbook

        result = read_workbook(path)
        return Loaded(result.report, list(result.findings), str(path))
    raise InputError(
        f"不支持的文件类型“{suffix or '（无扩展名）'}”。",
        where=str(path),
        hint="请提供 .xlsx/.xlsm 工作簿或 .json 文件。",
    )
