"""The accuracy corpus (``bench/accuracy_corpus/*.json``): report texts with their ground truth.

Each case is a whole report: tables given compactly (the consistent rest derived), narrative
sections, where it came from (staff workbook or imported publication), cells left blank or not
available, and the findings a careful reader expects. :func:`score` compares what the
validator says with that ground truth, finding by finding, for the rules the corpus is about.

Tables, compactly:

* ``T3`` (replaces the base table): row key -> values of the applicant columns C1..C6 (missing
  ones 0) for ``new``, ``carry_in`` and the outcome rows; the （七）总计 row, ``carry_out``
  (new + carry_in − total) and the 总计 column are derived, so the tables always balance;
* ``T4`` (replaces the base table): the result cells (``F01``…); the three totals are derived;
* ``T2``: cell key -> value (the others 0);
* ``set``: cell key -> value applied last (``"blank"``, ``"na"`` for not available, a number
  to break a balance on purpose).

``agency`` names the reporting body (default 某市某局): a 街道办事处 speaks of itself by name.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support.factories import SECTION1, SECTION5
from xl_disclosure.cells import BLANK, NOT_AVAILABLE, CellValue
from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import Meta, ReportSource, SectionContent
from xl_disclosure.spec import load_format
from xl_disclosure.validate import Finding, validate

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "accuracy_corpus"
#: The rules the corpus scores; findings of other rules are not counted.
SCORED = frozenset(
    {"X-003", "X-005", "V-001", "V-010", "V-011", "D-002"}
    | {"T3-001", "T3-002", "T3-003", "T4-001", "T4-002", "T4-003"}
)
_RULE_FAMILIES = {"V-010": "blank.published", "V-011": "blank.na", "D-002": "traditional"}


@dataclass
class Case:
    id: str
    family: str
    """The phrasing family the case is written for (the test suite runs one case per family)."""
    data: dict[str, Any]
    expect: list[dict[str, str]]


@dataclass
class Score:
    case: str
    tp: list[tuple[str, str, str]] = field(default_factory=list)
    fp: list[tuple[str, str, str]] = field(default_factory=list)
    fn: list[tuple[str, str, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def load_cases(folder: Path = CORPUS) -> list[Case]:
    out = []
    for path in sorted(folder.glob("[0-9]*.json")):
        for item in json.loads(path.read_text("utf-8"))["cases"]:
            out.append(Case(item["id"], item["family"], item, item.get("expect", [])))
    return out


def family_of(f: Finding) -> str:
    if "family" in f.extra:
        return str(f.extra["family"])
    if f.rule == "V-001":
        return "blank.total" if f.expected is not None else "blank.row"
    if f.rule.startswith(("T3-", "T4-")):
        return "balance"
    return _RULE_FAMILIES.get(f.rule, f.rule)


def _t3(fmt: str, rows: dict[str, list[int]]) -> dict[str, int]:
    spec = load_format(fmt)
    block = spec.table("T3").blocks[0]
    outcome_rows = next(c for c in spec.checks if c.rule == "T3-002").rhs
    unknown = set(rows) - {*outcome_rows, "new", "carry_in"}
    assert not unknown, f"unknown T3 rows {unknown}"
    v: dict[str, int] = {}
    for col in range(1, 7):
        column = {r: vals[col - 1] if col <= len(vals) else 0 for r, vals in rows.items()}
        total = sum(column.get(r, 0) for r in outcome_rows)
        carry_out = column.get("new", 0) + column.get("carry_in", 0) - total
        assert carry_out >= 0, f"column C{col}: more completed than received + carried in"
        derived = {"total": total, "carry_out": carry_out}
        for r in block.rows:
            v[f"T3.{r.key}.C{col}"] = derived.get(r.key, column.get(r.key, 0))
    for r in block.rows:
        v[f"T3.{r.key}.C7"] = sum(v[f"T3.{r.key}.C{i}"] for i in range(1, 7))
    return v


def _t4(cells: dict[str, int]) -> dict[str, int]:
    v = {f"T4.F{i:02d}": int(cells.get(f"F{i:02d}", 0)) for i in range(1, 16)}
    for start in (1, 6, 11):
        v[f"T4.F{start + 4:02d}"] = sum(v[f"T4.F{start + i:02d}"] for i in range(4))
    return v


def _value(raw: Any) -> CellValue:
    if raw == "blank":
        return BLANK
    if raw == "na":
        return NOT_AVAILABLE
    return raw  # type: ignore[no-any-return]


def build_report(data: dict[str, Any], base: dict[str, Any]) -> AnnualReport:
    fmt = data.get("format", "gb2021")
    year = int(data.get("year", 2022 if fmt == "gb2021" else 2019))
    spec = load_format(fmt)
    report = AnnualReport.blank(fmt)
    report.meta = Meta(
        agency=data.get("agency", "某市某局"),
        year=year,
        publish_date=f"{year + 1}-01-20",
        signed_off=True,
    )
    report.meta.money_unit = "元" if spec.has("purchase_amount") else ""
    b = base[fmt]
    report.values.update({c.key: 0 for c in spec.table("T2").cells})
    report.values.update({**b.get("T2", {}), **data.get("T2", {})})
    report.values.update(_t3(fmt, data.get("T3", b["T3"])))
    report.values.update(_t4(data.get("T4", b["T4"])))
    for key, raw in data.get("set", {}).items():
        assert key in spec.cell_index, key
        report.values[key] = _value(raw)
    report.source = ReportSource(data.get("source", "workbook"))
    six = "本年度未收取信息处理费。认真落实上级年度政务公开工作要点；人大代表建议和政协提案办理结果均已公开；创新开展政策解读。"
    texts = {1: SECTION1, 5: SECTION5, 6: six}
    texts.update({int(k): "\n".join(v) for k, v in data.get("sections", {}).items()})
    titles = {int(k): v for k, v in data.get("titles", {}).items()}
    for s in spec.sections:
        report.sections[s.no] = SectionContent(titles.get(s.no, s.title), texts.get(s.no, ""))
    return report


def _key(item: dict[str, str]) -> tuple[str, str, str]:
    return item["rule"], item.get("family", ""), item.get("stated", "")


def _matches(expected: dict[str, str], f: Finding) -> bool:
    if expected["rule"] != f.rule:
        return False
    if "family" in expected and expected["family"] != family_of(f):
        return False
    if "stated" in expected and expected["stated"] != f.extra.get("stated"):
        return False
    return "place" not in expected or expected["place"] == (f.places[0] if f.places else "")


def base_tables() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / "base.json").read_text("utf-8"))
    return data


def run_case(case: Case, base: dict[str, Any] | None = None) -> tuple[Score, list[Finding]]:
    report = build_report(case.data, base or base_tables())
    found = [f for f in validate(report).findings if f.rule in SCORED]
    score = Score(case.id)
    left = list(case.expect)
    for f in found:
        hit = next((e for e in left if _matches(e, f)), None)
        item = (f.rule, family_of(f), str(f.extra.get("stated", "")))
        if hit is None:
            score.fp.append(item)
            score.messages.append(f"误报 {f.rule}：{f.message}")
        else:
            left.remove(hit)
            score.tp.append((hit["rule"], hit.get("family", family_of(f)), item[2]))
    for e in left:
        score.fn.append(_key(e))
        score.messages.append(f"漏报 {e}")
    return score, found


def run_all(cases: list[Case]) -> Iterator[Score]:
    base = base_tables()
    for case in cases:
        yield run_case(case, base)[0]
