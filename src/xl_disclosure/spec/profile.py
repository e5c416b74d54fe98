"""Local profiles: a national format plus a province's tables, fields, deadlines and 审核公式.

A profile is a JSON or TOML file (its schema: ``spec/profile.schema.json``) naming the national
format it ``extends``. Built on that format it gives an *effective* format, an ordinary
:class:`~xl_disclosure.spec.model.FormatSpec` whose id is ``<format>+<profile>``
(``gb2019+zj-2019``): its extra tables are spec tables with keys in the profile's namespace
(``ZJ.T1.R3``), its fields and deadlines are data, its rules are formulas of the
:mod:`~xl_disclosure.spec.expr` language, checked here against the effective format. So the
template, the readers, the JSON and its schema, the validator and the draft honour a profile
without knowing one exists. Finding, loading and caching profiles is :mod:`~.load`'s job.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any, Final

from xl_disclosure.errors import SpecError, os_reason
from xl_disclosure.regular import NotRegular, read_regular
from xl_disclosure.spec.build import build_table, check_format, deadlines
from xl_disclosure.spec.expr import PLACEHOLDER, ParseError, parse
from xl_disclosure.spec.expr_check import analysis, instances, positions, rule_kind
from xl_disclosure.spec.expr_names import Resolver, bindings
from xl_disclosure.spec.expr_words import in_words
from xl_disclosure.spec.model import ExprRule, FormatSpec
from xl_disclosure.spec.profile_model import Binding, InputField, Instance, ProfileInfo

#: Separates a national format id from a profile id in an effective format id.
SEPARATOR: Final = "+"
SEVERITIES: Final = {
    "强制": "error",
    "提示": "warning",
    "参考": "info",
    "error": "error",
    "warning": "warning",
    "info": "info",
}
#: Names a message template may use besides names of the formula and ``each`` placeholders.
MESSAGE_NAMES: Final = frozenset({"left", "right", "diff", "cells", "formula"})
_SHEET_FORBIDDEN: Final = re.compile(r"[\[\]:*?/\\]")
MAX_PROFILE_BYTES: Final = 1024 * 1024
#: A format file is larger than a profile, but never this large.
MAX_FORMAT_BYTES: Final = 8 * 1024 * 1024


def read_profile_text(text: str, where: str, *, toml: bool) -> dict[str, Any]:
    """A profile's data from its JSON or TOML text.

    Raises:
        SpecError: the text is not JSON/TOML (with the line and column), or not an object.
    """
    try:
        data = tomllib.loads(text) if toml else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"地方配置不是有效的 TOML：{exc}", where) from exc
    except json.JSONDecodeError as exc:
        raise SpecError(
            f"地方配置不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）", where
        ) from exc
    if not isinstance(data, dict):
        raise SpecError("地方配置的顶层应为对象", where)
    return data


def read_spec_file(path: Path, noun: str, limit: int) -> bytes:
    """The bytes of a format or profile file: a folder, pipe or device named like one, a file
    that cannot be read or one over ``limit`` is a :class:`SpecError`, never a hang."""
    where = str(path)
    try:
        raw = read_regular(path, limit)
    except NotRegular as exc:
        raise SpecError(f"{noun}是{exc.kind}，不是普通文件", where) from exc
    except OSError as exc:
        raise SpecError(f"{noun}无法读取（{os_reason(exc)}）", where) from exc
    if len(raw) > limit:
        raise SpecError(f"{noun}过大（超过 {limit // 1048576} MB）", where)
    return raw


def read_profile_file(path: Path) -> dict[str, Any]:
    """Read a ``.json`` or ``.toml`` profile file."""
    where = str(path)
    raw = read_spec_file(path, "地方配置文件", MAX_PROFILE_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError("地方配置文件不是 UTF-8 编码", where) from exc
    return read_profile_text(text, where, toml=path.suffix.lower() == ".toml")


def profile_schema() -> dict[str, Any]:
    """The JSON Schema of profile files (package data)."""
    text = resources.files("xl_disclosure.spec").joinpath("profile.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def schema_problems(data: dict[str, Any]) -> list[str]:
    """Where ``data`` breaks the profile schema, in Chinese, one line each (empty: none).

    Imports :mod:`jsonschema` (authoring paths only: ``profile check``, ``--profile``).
    """
    import jsonschema

    from xl_disclosure.schema_words import error_text

    validator = jsonschema.Draft202012Validator(profile_schema())
    out = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.path)
        out.append(f"{where.lstrip('.') or '（顶层）'}：{error_text(err)}")
    return out


def canonical_text(data: dict[str, Any]) -> str:
    """The profile as compact JSON (recorded in a workbook built with it)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def build_profile(
    base: FormatSpec,
    data: dict[str, Any],
    *,
    where: str,
    rule_ids: set[str],
    problems: list[str] | None = None,
    warnings: list[str] | None = None,
) -> FormatSpec:
    """The effective format of ``base`` + the profile ``data``.

    Args:
        problems: when given, errors in rules are collected here (the broken rules left out)
            instead of raised, so ``profile check`` can list them all.
        warnings: rules that can never fire or always fire are listed here.

    Raises:
        SpecError: a malformed profile, naming the part (and for a formula, the rule id, line
            and column).
    """
    try:
        spec = _extend(base, data, where)
    except SpecError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise SpecError(
            f"地方配置结构不完整或有误：{exc!r}（请运行 xl-disclosure profile check）", where
        ) from exc
    check_format(spec, rule_ids, where)
    namespace = data["namespace"]
    resolver = Resolver(spec)
    rules: list[ExprRule] = []
    seen: set[str] = set()
    for raw in data.get("rules", ()):
        try:
            rule = compile_rule(raw, resolver, namespace, data.get("basis", ""), seen)
        except (SpecError, ParseError) as exc:
            message = (
                f"规则 {raw.get('id', '（无编号）')}：{exc}"
                if isinstance(exc, ParseError)
                else str(exc)
            )
            if problems is None:
                raise SpecError(message, where) from exc
            problems.append(message)
            continue
        seen.add(rule.id)
        rules.append(rule)
        if warnings is not None:
            warnings.extend(_reach(rule, resolver))
    return replace(spec, expr_rules=tuple(rules))


def _extend(base: FormatSpec, data: dict[str, Any], where: str) -> FormatSpec:
    namespace: str = data["namespace"]
    if not re.fullmatch(r"[A-Z]{2,8}", namespace):
        raise SpecError(f"命名空间“{namespace}”应为 2 至 8 个大写字母", where)
    tables = tuple(build_table(t, namespace=namespace) for t in data.get("tables", ()))
    for table in tables:
        if table.sheet and (len(table.sheet) > 31 or _SHEET_FORBIDDEN.search(table.sheet)):
            raise SpecError(
                f"表格 {table.id} 的工作表名“{table.sheet}”不能超过31个字符或含 []:*?/\\", where
            )
        if not table.layout.widths:
            raise SpecError(f"表格 {table.id} 缺少 layout.widths（各列宽度）", where)
    fields = tuple(
        InputField(f"{namespace}.{f['key']}", f["label"], f["kind"], f["where"], f.get("hint", ""))
        for f in data.get("fields", ())
    )
    local = deadlines(data.get("deadlines", {}), local=True)
    for limit in local:
        national = base.deadline(limit.agency_kind)
        if national is not None and limit.date_for(2001) > national.date_for(2001):
            raise SpecError(
                f"本地公布期限 {limit.month}月{limit.day}日 晚于{national.basis}规定的"
                f"{national.month}月{national.day}日，本地期限只能更早",
                where,
            )
    kinds = {d.agency_kind for d in local}
    info = ProfileInfo(
        data["profile"],
        str(data["version"]),
        data["name"],
        namespace,
        data.get("authority", ""),
        canonical_text(data),
    )
    return replace(
        base,
        id=f"{base.id}{SEPARATOR}{info.id}",
        name=f"{base.name}＋{info.name}",
        official=False,
        base=base.id,
        profile=info,
        tables=(*base.tables, *tables),
        input_fields=fields,
        deadlines=(*local, *(d for d in base.deadlines if d.agency_kind not in kinds)),
    )


def compile_rule(
    raw: dict[str, Any], resolver: Resolver, namespace: str, basis: str, seen: set[str]
) -> ExprRule:
    """One rule of a profile, every ``each`` instance resolved and type-checked.

    Raises:
        ParseError: a formula that does not parse, names something unknown or mixes types.
        SpecError: a bad id, severity or message template.
    """
    rule_id = str(raw["id"])
    if not re.fullmatch(rf"{namespace}-[0-9A-Z]{{1,6}}", rule_id):
        raise SpecError(f"规则编号“{rule_id}”应为“{namespace}-编号”，如 {namespace}-001")
    if rule_id in seen:
        raise SpecError(f"规则编号“{rule_id}”重复")
    severity = SEVERITIES.get(str(raw.get("severity")))
    if severity is None:
        raise SpecError(f"规则 {rule_id} 的级别应为强制、提示或参考")
    node = parse(str(raw["check"]))
    each = tuple(
        (name, bindings(source, resolver.spec, f"规则 {rule_id} 的 each.{name}"))
        for name, source in dict(raw.get("each", {})).items()
    )
    built: list[Instance] = []
    found = []
    for binding, inst in instances(node, each):
        result = analysis(inst, resolver)
        if result.info.type != "bool":
            raise ParseError("公式应为一个条件（比较或 and/or/not），不能只是一个值", 1, 1)
        found.append(result)
        places: list[str] = []
        for ref in positions(inst):
            places.extend(p for p in result.targets[ref].places if p not in places)
        built.append(
            Instance(
                tuple(binding.items()),
                inst,
                tuple((ref, result.targets[ref]) for ref in positions(inst)),
                in_words(inst, resolver),
                tuple(places),
            )
        )
    if not built:
        raise SpecError(f"规则 {rule_id} 的 each 没有任何取值")
    message = str(raw.get("message", ""))
    _check_message(message, rule_id, resolver, {name for name, _ in each})
    return ExprRule(
        id=rule_id,
        severity=severity,
        basis=str(raw.get("basis", basis)),
        kind=rule_kind(found, resolver),
        formula=str(raw.get("formula") or _each_words(each) + built[0].words),
        message=message,
        check=str(raw["check"]),
        node=node,
        each=each,
        instances=tuple(built),
    )


def _each_words(each: tuple[tuple[str, tuple[Binding, ...]], ...]) -> str:
    if not each:
        return ""
    parts = []
    for name, values in each:
        labels = "、".join(b.label for b in values[:4]) + ("等" if len(values) > 4 else "")
        parts.append(f"{name}取{labels}")
    return "对" + "，".join(parts) + "分别检查（下为第一项）："


def _check_message(message: str, rule_id: str, resolver: Resolver, each: set[str]) -> None:
    for name in PLACEHOLDER.findall(message) + re.findall(r"\{([^{}]*[.][^{}]*)\}", message):
        if name in MESSAGE_NAMES or name in each:
            continue
        try:
            resolver.resolve(parse(name))
        except (ParseError, TypeError) as exc:
            raise SpecError(f"规则 {rule_id} 的提示信息中的“{{{name}}}”无法识别") from exc


def _reach(rule: ExprRule, resolver: Resolver) -> list[str]:
    """Warnings about a rule that can never fire, or fires on every report."""
    infos = [analysis(inst.node, resolver).info for inst in rule.instances]
    if not any(i.can_false for i in infos):
        return [
            f"规则 {rule.id} 永远不会触发：按各单元格可能的取值，公式总是成立（{rule.formula}）"
        ]
    if not any(i.can_true for i in infos):
        return [f"规则 {rule.id} 对任何报告都会触发：公式不可能成立（{rule.formula}）"]
    return []
