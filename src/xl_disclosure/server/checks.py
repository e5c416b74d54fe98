"""Is a submitted body a canonical report we can store? Parse safely, schema, validator."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from xl_disclosure.model import AnnualReport
from xl_disclosure.server.safety import Refused, parse_json
from xl_disclosure.validate import Finding, Severity, ValidationResult

#: Findings kept with a version (a report has a few dozen; the cap bounds a hostile one).
MAX_FINDINGS = 500
_LISTED = 20


@dataclass(frozen=True)
class Checked:
    """A body that passed: its report and validation."""

    data: dict[str, Any]
    report: AnnualReport
    result: ValidationResult

    @property
    def year(self) -> int:
        return int(self.data["meta"]["year"])

    def findings_json(self) -> str:
        return json.dumps([finding_dict(f) for f in self.result.findings[:MAX_FINDINGS]])

    @property
    def kept(self) -> list[Finding]:
        return [f for f in self.result.warnings if f.kept]


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "label": f.severity.label,
        "message": f.message,
        "place": f.places[0] if f.places else "",
        "fingerprint": f.fingerprint,
        "explanation": f.explanation,
    }


def problems_refusal(problems: list[str], status: int = 422) -> Refused:
    shown = problems[:_LISTED]
    more = f"（另有 {len(problems) - _LISTED} 条）" if len(problems) > _LISTED else ""
    return Refused(
        status,
        f"提交未被接收：{shown[0]}{'等' if len(problems) > 1 else ''}{more}",
        "refused",
        accepted=False,
        problems=shown,
    )


def check_submission(body: bytes) -> Checked:
    """The checked report, or :class:`Refused` (422) listing every reason in Chinese."""
    from xl_disclosure.io.canonical import report_from_dict
    from xl_disclosure.io.schema_check import schema_problems
    from xl_disclosure.spec import is_format
    from xl_disclosure.validate import validate

    parsed = parse_json(body, "提交的文件")
    if not isinstance(parsed, dict) or not is_format(parsed.get("format")):
        raise problems_refusal(["不是年度报告规范 JSON（缺少或无法识别“format”）。"])
    problems = [f"不符合规范：{p}" for p in schema_problems(parsed)]
    if problems:
        raise problems_refusal(problems)
    meta = parsed.get("meta")
    year = meta.get("year") if isinstance(meta, dict) else None
    if type(year) is not int or not 1990 <= year <= 2200:
        raise problems_refusal([f"报告年度“{str(year)[:10]}”无效，应为 1990—2200 之间的年份。"])
    report = report_from_dict(parsed, where="提交的 JSON")
    result = validate(report)
    if not result.valid:
        raise problems_refusal([f"[{f.rule}] {f.message}" for f in result.errors])
    return Checked(parsed, report, result)


def stored_findings(text: str) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(text) if text else []
    return loaded


def severity_order(item: dict[str, Any]) -> int:
    return Severity(item["severity"]).rank
