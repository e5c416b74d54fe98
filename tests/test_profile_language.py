"""The 审核公式 language: parsed (never eval'd), errors with line and column, names checked
against the format, rules that can never fire found, three-valued evaluation, words."""

from __future__ import annotations

import random

import pytest

from support.factories import consistent_report
from xl_disclosure.cells import BLANK
from xl_disclosure.errors import SpecError
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import FormatSpec, load_format, load_rules
from xl_disclosure.spec.expr import Compare, Logic, ParseError, parse
from xl_disclosure.spec.expr_check import analyse
from xl_disclosure.spec.expr_names import Resolver
from xl_disclosure.spec.expr_words import in_words
from xl_disclosure.spec.profile import build_profile
from xl_disclosure.validate import Finding, validate
from xl_disclosure.validate.context import Context
from xl_disclosure.validate.expressions import profile_rules

GB21 = load_format("gb2021")


def _error(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        node = parse(text)
        analyse(node, Resolver(GB21))
    return info.value


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ("T3.new.C7 +", 1, 12, "公式不完整"),
        ("T3.new.C7 >= (T3.total.C7", 1, 26, "右括号"),
        ("T3.new.C7 >=\n  T3.total.C7 +\n\n  * 2", 4, 3, "缺少数值或名称"),
        ("T3.new.C7 ≥ 1 ＆ 2", 1, 15, "无法识别的字符“＆”"),
        ("a < b < c", 1, 7, "不能连用"),
        ("T3.nothing.C7 > 0", 1, 1, "未知的单元格或名称“T3.nothing.C7”"),
        ("sum(T3.zz.*) > 0", 1, 5, "不与任何单元格匹配"),
        ("len(T3.new.C7) < 3", 1, 5, "len() 的参数应为文字"),
        ('T3.new.C7 + "件" > 1', 1, 13, "应为数字，实为文字"),
        ("section.1 > 3", 1, 11, "不能比较"),
        ("T3.new.{c} > 0", 1, 1, "占位符“{c}”"),
        ("figure.nothing > 0", 1, 1, "本格式没有名为“nothing”的数字"),
        ('__import__("os").system("rm -rf /")', 1, 17, "无法识别的字符“.”"),
        ("__import__(1) > 0", 1, 1, "未知的函数“__import__”"),
        ("open(1) > 0", 1, 1, "未知的函数“open”"),
        ("T3.new.C1.__class__ > 0", 1, 1, "未知的单元格或名称"),
        ("T3.deny.* > 0", 1, 1, "只能用在 sum() 中"),
        ("sum(T3.new.C1 : T4.F01) > 0", 1, 15, "同一张表的同一部分"),
    ],
)
def test_errors_say_what_and_where(text: str, line: int, col: int, words: str) -> None:
    err = _error(text)
    assert (err.line, err.col) == (line, col), str(err)
    assert words in str(err) and str(err).startswith(f"第{line}行第{col}列：")


def test_precedence_and_full_width_operators() -> None:
    node = parse("T3.new.C1 + T3.new.C2 * 2 ＞＝ 3 and not blank(T3.new.C3) or 1 = 1")
    assert isinstance(node, Logic) and node.op == "or"
    assert isinstance(node.left, Logic) and node.left.op == "and"
    first = node.left.left
    assert isinstance(first, Compare) and first.op == ">="
    ops = [parse(t) for t in ("a ≠ b", "a != b", "a <> b", "a ＝ b", "a == b", "a = b")]
    assert [n.op for n in ops if isinstance(n, Compare)] == ["!="] * 3 + ["=="] * 3


@pytest.mark.parametrize(
    ("text", "can_false", "can_true"),
    [
        ("T3.new.C7 >= 0", False, True),  # a count is never negative: never fires
        ("len(section.1) >= 0", False, True),
        ("sum(T3.deny.*.C7) + T4.F05 > -1", False, True),
        ("1 > 2", True, False),  # fires on every report
        ("T3.new.C7 < 0", True, False),
        ("T3.new.C7 >= T3.total.C7", True, True),
        ("T2.A.R1.C1 - T2.A.R1.C2 >= 0", True, True),
        ("abs(T3.new.C1 - T3.new.C2) >= 0", False, True),
        ("T3.new.C7 >= 0 or T4.F01 == 3", False, True),
        ("T3.new.C7 < 0 and T4.F01 == 3", True, False),
    ],
)
def test_rules_that_cannot_fire_are_known_before_any_report(
    text: str, can_false: bool, can_true: bool
) -> None:
    info = analyse(parse(text), Resolver(GB21))
    assert (info.can_false, info.can_true) == (can_false, can_true)


def test_words_use_the_labels_of_the_format() -> None:
    r = Resolver(GB21)
    assert in_words(parse("T4.F05 == sum(T4.F01 : T4.F04)"), r) == (
        "表四“行政复议—总计”等于表四“行政复议—结果维持”至表四“行政复议—尚未审结”之和"
    )
    assert in_words(parse("meta.publish_date <= date(meta.year + 1, 1, 20)"), r) == (
        "发布日期（计划）不晚于（报告年度＋1）年1月20日"
    )
    assert in_words(parse("prev(T3.carry_out.C7) == T3.carry_in.C7"), r).startswith("上年度表三")
    assert in_words(parse("len(section.1) <= 1500"), r) == "第一部分“总体情况”的字数不大于1500"


def _profile(rules: list[dict[str, object]], **extra: object) -> dict[str, object]:
    return {
        "profile": "test-lang",
        "version": "0.1",
        "name": "测试",
        "extends": "gb2021",
        "namespace": "TL",
        "rules": rules,
        **extra,
    }


def _spec(data: dict[str, object]) -> FormatSpec:
    return build_profile(GB21, data, where="test", rule_ids={r.id for r in load_rules()})


def test_a_broken_rule_names_the_rule_and_the_position() -> None:
    data = _profile([{"id": "TL-001", "severity": "强制", "check": "T3.new.C7 >=\n (T4.F01 + "}])
    with pytest.raises(SpecError) as info:
        _spec(data)
    assert "规则 TL-001：第2行第12列" in str(info.value)


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ({"id": "XX-001", "severity": "强制", "check": "T4.F01 > 1"}, "应为“TL-编号”"),
        ({"id": "TL-001", "severity": "严重", "check": "T4.F01 > 1"}, "级别应为强制、提示或参考"),
        ({"id": "TL-001", "severity": "提示", "check": "T4.F01"}, "应为一个条件"),
        (
            {"id": "TL-001", "severity": "提示", "check": "T4.F01 > 1", "message": "{T9.x}"},
            "提示信息中的“{T9.x}”无法识别",
        ),
        (
            {
                "id": "TL-001",
                "severity": "提示",
                "check": "T3.{r}.C7 > 1",
                "each": {"r": "rows(T9)"},
            },
            "不是本格式的表格",
        ),
    ],
)
def test_bad_rules_are_refused(rule: dict[str, object], problem: str) -> None:
    with pytest.raises(SpecError) as info:
        _spec(_profile([rule]))
    assert problem in str(info.value)


def test_a_later_local_deadline_is_refused() -> None:
    late = {"department": {"date": "02-15", "basis": "某通知"}}
    with pytest.raises(SpecError) as info:
        _spec(_profile([], deadlines=late))
    assert "本地期限只能更早" in str(info.value)


def test_evaluation_is_three_valued_and_reads_cells_as_entered() -> None:
    rules = [
        ("TL-001", "T3.new.C1 > 10000 and T4.F01 >= 0"),  # false, whatever T4.F01 is: fires
        ("TL-002", "T3.new.C1 > 10000 or T4.F01 > 10000"),  # unknown if T4.F01 is blank: silent
        ("TL-003", "not blank(T4.F02)"),
        ("TL-004", "not na(T4.F03)"),
        ("TL-005", "T4.F04 / (T4.F04 - T4.F04) > 1"),  # division by zero: unknown, silent
        ("TL-006", "prev(T3.carry_out.C7) == 999999"),  # no last year's report: silent
        ("TL-007", 'contains(section.5, "ＸＹＺ")'),  # NFKC-folded: full-width letters match
        ("TL-008", "len(section.6) <= 3"),  # characters without whitespace
    ]
    spec = _spec(_profile([{"id": i, "severity": "提示", "check": c} for i, c in rules]))
    report = consistent_report("gb2021", random.Random(5))
    report.format_id = spec.id
    report.values.update({"T4.F01": BLANK, "T4.F02": BLANK, "T4.F03": "/", "T4.F04": 3})
    report.sections[5].text += "\nxyz"
    report.sections[6].text = "无 无\n无"
    fired = {f.rule for f in _rules_over(spec, report)}
    assert fired == {"TL-001", "TL-003", "TL-004", "TL-007"}


def _rules_over(spec: FormatSpec, report: AnnualReport) -> list[Finding]:
    """The profile rules of ``spec`` (not registered anywhere) over ``report``."""

    class _Ctx(Context):
        @property
        def spec(self) -> FormatSpec:
            return spec

    return list(profile_rules(_Ctx(report)))


def test_a_rule_without_a_message_says_its_formula_and_both_sides() -> None:
    spec = _spec(_profile([{"id": "TL-001", "severity": "强制", "check": "T4.F05 == T4.F01"}]))
    report = consistent_report("gb2021", random.Random(2))
    report.values.update({"T4.F01": 1, "T4.F02": 2, "T4.F03": 0, "T4.F04": 0, "T4.F05": 3})
    (finding,) = _rules_over(spec, report)
    assert finding.message == (
        "不符合审核公式：表四“行政复议—总计”等于表四“行政复议—结果维持”（左边为3，右边为1）。"
    )
    assert finding.places == ("T4.F05", "T4.F01") and finding.severity.value == "error"
    assert validate(report).findings == ()  # the national rules are content
