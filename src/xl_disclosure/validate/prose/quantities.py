"""The quantities a sentence states: a number and its unit (``58件``, ``41.7%``, ``12.35万元``,
``6个``, ``3条``), found in the normalised text (:func:`.sentences.normalise`).

Some units are read only in a sentence that needs them (个/份/项 where documents or purchase
projects are named, 条 where applications are): elsewhere they count something else (3个工作日,
信息50条).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xl_disclosure.validate.prose.numbers import NUM, parse_number

_CLAUSE_END = r"(?=[,;:。!?、()]|$)"
#: The units a stated quantity ends in: each with what must not follow it (起诉, 起草) and
#: what it measures.
_UNITS = (
    ("件次", "", "count"),
    ("件", "", "count"),
    ("宗", "", "count"),
    ("起", "(?!诉|草)", "count"),
    ("%", "", "percent"),
    ("万元", "", "money"),
    ("元", "", "money"),
    # documents (and 2019's purchase projects) are often counted in 个/份/项 (制发行政规范性文件
    # 6个, 采购项目2项); only for them, and only where the count ends the clause (not 3个工作日)
    ("个", _CLAUSE_END, "document"),
    ("份", _CLAUSE_END, "document"),
    ("项", _CLAUSE_END, "document"),
    # small bodies count applications in 条 or 封 too (收到依申请公开信息3条, 收到12封申请);
    # only for the flow of applications, whose sentences name 申请 (信息50条, 来信12封)
    ("条", "", "item"),
    ("封", "", "item"),
)


def _quantity_pattern(units: tuple[tuple[str, str, str], ...]) -> re.Pattern[str]:
    return re.compile(rf"({NUM})(" + "|".join(re.escape(u) + g for u, g, _ in units) + ")")


def _unit_ends(units: tuple[tuple[str, str, str], ...]) -> re.Pattern[str]:
    """The last characters of the units: a sentence without one states no quantity, and
    searching for them is much cheaper than for a quantity, which may start anywhere."""
    return re.compile("[" + re.escape("".join(sorted({u[-1] for u, _, _ in units}))) + "]")


#: Units read only in a sentence with one of these words: 个/份/项 are everywhere (一个,
#: 3个工作日) and serve only documents and purchase projects; 条 (信息50条) only applications.
_GATES = {"document": re.compile("规范性文件|规章|采购项目"), "item": re.compile("申请")}
COUNT_UNITS = tuple(u for u, _, kind in _UNITS if kind == "count")
DOCUMENT_UNITS = tuple(u for u, _, kind in _UNITS if kind == "document")
ITEM_UNITS = tuple(u for u, _, kind in _UNITS if kind == "item")
MONEY_UNITS = tuple(u for u, _, kind in _UNITS if kind == "money")
#: How far before a count in 条 the word 申请 must stand (受理申请61条，办结54条，结转下年度7条),
#: unless the count names applications itself (12封申请).
_ITEM_REACH = 20
#: What a count of applications names right after it (N件政府信息公开申请…, 12封申请).
APPLICATIONS_NOUN = re.compile(r"(?:的)?(?:政府信息公开|依申请公开|信息公开)?申请")
#: Figures an application may be counted in 条 for.
ITEM_FIGURES = frozenset({"received", "carry_in", "completed", "carry_out"})


def _quantity_patterns(gates: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The quantity pattern and its unit ends for a sentence whose open gates are ``gates``."""
    units = tuple(u for u in _UNITS if u[2] not in _GATES or u[2] in gates)
    return _quantity_pattern(units), _unit_ends(units)


#: (document words there, application words there) -> the patterns (looked up per sentence).
_PATTERNS = {
    (d, i): _quantity_patterns(frozenset(k for k, on in (("document", d), ("item", i)) if on))
    for d in (False, True)
    for i in (False, True)
}
_DOCUMENT_GATE, _ITEM_GATE = _GATES["document"].search, _GATES["item"].search

_IDIOM = re.compile(r"[一两]件(?:[一两事件]|不落|不漏)")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, at ``start:end`` of the normalised sentence."""

    start: int
    end: int
    value: float
    text: str
    unit: str


def quantities(norm: str) -> list[Quantity]:
    """Every quantity of a normalised sentence, in order (not 一件一档, 每一件, a date's 3-5)."""
    out: list[Quantity] = []
    quantity, unit_ends = _PATTERNS[_DOCUMENT_GATE(norm) is not None, _ITEM_GATE(norm) is not None]
    if unit_ends.search(norm) is None:
        return out
    for m in quantity.finditer(norm):
        value = parse_number(m.group(1))
        if value is None or (m.start() > 0 and norm[m.start() - 1] in ".-/~"):
            continue
        if _IDIOM.match(norm, m.start()) or (m.start() > 0 and norm[m.start() - 1] in "每逐第同"):
            continue  # 一件一档, 每一件: not a count
        if (
            m.group(2) in ITEM_UNITS
            and "申请" not in norm[max(0, m.start() - _ITEM_REACH) : m.start()]
            and APPLICATIONS_NOUN.match(norm, m.end()) is None
        ):
            continue  # 信息50条 in a sentence that names 申请 elsewhere
        out.append(Quantity(m.start(), m.end(), value, m.group(0), m.group(2)))
    return out
