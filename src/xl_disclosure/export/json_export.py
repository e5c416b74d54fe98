"""Validate, build the canonical dict, check it against the schema, write it atomically."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from xl_disclosure.errors import ExportError
from xl_disclosure.io.atomic import write_atomic
from xl_disclosure.io.canonical import dumps, report_to_dict
from xl_disclosure.io.schema_check import schema_problems
from xl_disclosure.model import AnnualReport
from xl_disclosure.validate import Finding, ValidationResult, validate


def export_payload(
    report: AnnualReport,
    *,
    previous: AnnualReport | None = None,
    file_findings: Sequence[Finding] = (),
) -> tuple[bytes, ValidationResult]:
    """The canonical JSON bytes of ``report``, or :class:`ExportError` if errors stand
    (in the report, or about the file it was read from: ``file_findings``).

    The same report always gives the same bytes.
    """
    result = validate(report, previous, file_findings=file_findings)
    refusal = result.refusal()
    if refusal:
        raise ExportError(refusal)
    data = report_to_dict(report, result.summary())
    problems = schema_problems(data)
    if problems:
        raise ExportError("导出的 JSON 不符合规范：" + "；".join(problems[:5]))
    return dumps(data), result


def export_json(
    report: AnnualReport,
    path: Path,
    *,
    previous: AnnualReport | None = None,
    overwrite: bool = False,
    file_findings: Sequence[Finding] = (),
) -> tuple[Path, ValidationResult]:
    """Write the canonical JSON to ``path`` atomically; never overwrite unless asked."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise ExportError(f"文件“{path}”已存在；如需覆盖请使用 --force，或换一个文件名。")
    payload, result = export_payload(report, previous=previous, file_findings=file_findings)
    return write_atomic(path, payload), result
