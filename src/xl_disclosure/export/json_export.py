"""Validate, build the canonical dict, check it against the schema, write it atomically."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xl_disclosure.errors import ExportError
from xl_disclosure.io.atomic import write_atomic
from xl_disclosure.io.canonical import dumps, report_to_dict
from xl_disclosure.io.schema import load_schema
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import derived_cache
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


@derived_cache
def _schema_validator(format_id: str) -> Any:
    """One compiled validator per format (building one costs more than validating a report)."""
    import jsonschema

    return jsonschema.Draft202012Validator(
        load_schema(format_id), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def schema_problems(data: dict[str, Any]) -> list[str]:
    """Schema violations of a canonical dict, as readable strings (empty when valid)."""
    from xl_disclosure.spec import format_ids, is_format

    fid = data.get("format")
    if not is_format(fid):
        return [f"format：未知的报告格式“{fid}”，应为 {' 或 '.join(format_ids())}"]
    from xl_disclosure.schema_words import error_path, error_text

    validator = _schema_validator(str(fid))
    return [
        f"{error_path(err)}：{error_text(err)}"
        for err in sorted(
            validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
        )
    ]


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
