"""DuckDB over the archive: the views ``cells``, ``reports``, ``findings`` and the named queries.

Every named query reads the ``reports`` table (one row per report, the named figures of its
format as ``fig_<name>`` columns), so each stays well under two seconds at a million reports;
``cells`` (one row per report and cell) is there for any other question in SQL.

Named queries, all by region level (``level`` 1 = the first part of the region path) and year:

* ``rollup``: reports and the key figures summed;
* ``indicators``: the derived indicators of ``indicators.json`` (实质公开率, 复议纠错率, 争议转化率,
  carry-over ratios), pooled and as peer percentiles P25/P50/P75 over the reports, withheld
  below ``min_n`` reports;
* ``yoy``: each key figure against the year before;
* ``identical``: agencies whose numbers are identical in two consecutive years;
* ``rule-failures``: for each rule, the share of reports it fired on.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from xl_disclosure.errors import InputError
from xl_disclosure.receiving.archive.store import REGION_LEVELS, TABLES, Archive, schemas
from xl_disclosure.spec import derived_cache, format_ids, load_format

if TYPE_CHECKING:
    import pandas as pd

NAMED = ("rollup", "indicators", "yoy", "identical", "rule-failures")
#: Reports a group needs before its percentiles are shown (peers too few to compare).
MIN_N = 5


@cache
def indicators() -> tuple[dict[str, Any], ...]:
    text = (
        resources.files("xl_disclosure.receiving.archive")
        .joinpath("indicators.json")
        .read_text("utf-8")
    )
    return tuple(json.loads(text)["indicators"])


@derived_cache
def key_figures() -> tuple[tuple[str, str], ...]:
    """(label, figure name) of the key figures of every format, first-seen order."""
    out: dict[str, str] = {}
    for fid in format_ids():
        for label, name in load_format(fid).group("key_figures"):
            out.setdefault(name, label)
    return tuple((label, name) for name, label in out.items())


def connect(archive: Archive) -> Any:
    """An in-memory DuckDB with the archive's tables as views (empty tables where none yet)."""
    try:
        import duckdb
    except ImportError as exc:
        raise InputError(
            "未安装 DuckDB。", hint='请安装：pip install "xl-disclosure[archive]"'
        ) from exc
    import pyarrow as pa

    con = duckdb.connect()
    for table, schema in schemas().items():
        if archive.files(table):
            glob = archive.glob(table).replace("'", "''")
            con.execute(
                f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{glob}', "
                "hive_partitioning = true, union_by_name = true)"
            )
        else:
            empty = schema.empty_table().append_column("year", pa.array([], pa.int64()))
            con.register(f"_{table}_empty", empty)
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM _{table}_empty")
    assert set(TABLES) == set(schemas())
    return con


def _region(level: int) -> str:
    if level <= REGION_LEVELS:
        return f"coalesce(region_{int(level)}, region)"
    return f"array_to_string(list_slice(string_split(region, '/'), 1, {int(level)}), '/')"


def _where(year: int | None, region: str | None, alias: str = "") -> str:
    parts = []
    if year is not None:
        parts.append(f"{alias}year = {int(year)}")
    if region:
        prefix = region.replace("'", "''")
        parts.append(f"({alias}region = '{prefix}' OR starts_with({alias}region, '{prefix}/'))")
    return ("WHERE " + " AND ".join(parts)) if parts else ""


def _q(label: str) -> str:
    return '"' + label.replace('"', '""') + '"'


def _sum(names: list[str]) -> str:
    return " + ".join(f"fig_{n}" for n in names) if names else "0"


def rollup_sql(level: int, where: str) -> str:
    figs = ", ".join(f"sum(fig_{name}) AS {_q(label)}" for label, name in key_figures())
    return (
        f"SELECT {_region(level)} AS 地区, year AS 年度, count(*) AS 报告数, {figs} "
        f"FROM reports {where} GROUP BY ALL ORDER BY 地区, 年度"
    )


def indicators_sql(level: int, where: str, min_n: int) -> str:
    cols, aggs, rows = [], [], []
    for n, ind in enumerate(indicators()):
        i = ind["id"]
        den = f"({_sum(ind['denominator'])}) - ({_sum(ind['minus'])})"
        cols.append(
            f"CASE WHEN {den} > 0 THEN ({_sum(ind['numerator'])}) END AS num_{i}, "
            f"CASE WHEN {den} > 0 AND ({_sum(ind['numerator'])}) IS NOT NULL THEN {den} END AS den_{i}"
        )
        aggs.append(
            f"count(den_{i}) AS n_{i}, sum(num_{i}) / sum(den_{i}) AS pooled_{i}, "
            f"quantile_cont(num_{i} / den_{i}, [0.25, 0.5, 0.75]) AS q_{i}"
        )
        guard = f"n_{i} >= {int(min_n)}"
        rows.append(
            f"SELECT 地区, year AS 年度, '{ind['label']}' AS 指标, '{ind['formula']}' AS 计算方法, "
            f"n_{i} AS 样本数, pooled_{i} AS 汇总值, "
            f"CASE WHEN {guard} THEN q_{i}[1] END AS P25, CASE WHEN {guard} THEN q_{i}[2] END AS P50, "
            f"CASE WHEN {guard} THEN q_{i}[3] END AS P75, "
            f"CASE WHEN {guard} THEN '' ELSE '样本不足 {int(min_n)} 份，不计算分位数' END AS 说明, "
            f"{n} AS _order FROM g"
        )
    return (
        f"WITH r AS (SELECT {_region(level)} AS 地区, year, {', '.join(cols)} FROM reports {where}), "
        f"g AS MATERIALIZED (SELECT 地区, year, {', '.join(aggs)} FROM r GROUP BY 地区, year) "
        f"SELECT * EXCLUDE (_order) FROM ({' UNION ALL '.join(rows)}) ORDER BY 地区, 年度, _order"
    )


def yoy_sql(level: int, where: str) -> str:
    labels = [label for label, _ in key_figures()]
    sums = ", ".join(f"sum(fig_{name}) AS {_q(label)}" for label, name in key_figures())
    order = "[" + ", ".join(f"'{label}'" for label in labels) + "]"
    return (
        f"WITH t AS MATERIALIZED (SELECT {_region(level)} AS 地区, year, count(*) AS 报告数, {sums} "
        f"FROM reports {where} GROUP BY ALL), "
        "u AS MATERIALIZED (UNPIVOT t ON COLUMNS(* EXCLUDE (地区, year, 报告数)) "
        "INTO NAME 指标 VALUE v) "
        "SELECT u.地区, u.指标, u.year AS 年度, u.报告数, u.v AS 本年, p.v AS 上年, "
        "CASE WHEN p.v > 0 THEN round((u.v - p.v) / p.v * 100, 1) END AS 变化百分比 "
        "FROM u LEFT JOIN u p ON p.地区 = u.地区 AND p.指标 = u.指标 AND p.year = u.year - 1 "
        f"ORDER BY u.地区, list_position({order}, u.指标), u.year"
    )


def identical_sql(inner: str) -> str:
    # Only fingerprints seen more than once can match: the join runs on those rows alone.
    return (
        "WITH k AS MATERIALIZED (SELECT region, agency, year, format, values_hash, file, "
        "fig_received, fig_completed FROM reports WHERE values_hash IN "
        "(SELECT values_hash FROM reports GROUP BY values_hash HAVING count(*) > 1)) "
        "SELECT b.region AS 地区, b.agency AS 机关名称, a.year AS 上年, b.year AS 本年, "
        "a.file AS 上年文件, b.file AS 本年文件, b.fig_received AS 新收申请, b.fig_completed AS 办结 "
        "FROM k a JOIN k b ON a.region = b.region AND a.agency = b.agency "
        "AND b.year = a.year + 1 AND a.format = b.format AND a.values_hash = b.values_hash "
        f"{inner} ORDER BY 地区, 机关名称, 本年"
    )


def rule_failures_sql(level: int, where: str) -> str:
    from xl_disclosure.spec.catalogue import severity_labels

    labels = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in severity_labels().items())
    return (
        f"WITH n AS (SELECT {_region(level)} AS 地区, year, count(*) AS total FROM reports {where} "
        "GROUP BY ALL), "
        f"f AS (SELECT {_region(level)} AS 地区, year, rule, any_value(severity) AS severity, "
        f"count(*) AS k FROM findings {where} GROUP BY ALL) "
        f"SELECT f.地区, f.year AS 年度, f.rule AS 规则, CASE f.severity {labels} END AS 级别, "
        "f.k AS 出现的报告数, n.total AS 报告总数, round(f.k / n.total, 4) AS 比例 "
        "FROM f JOIN n ON f.地区 = n.地区 AND f.year = n.year "
        "ORDER BY f.地区, 年度, 比例 DESC, 规则"
    )


def named_sql(
    name: str,
    *,
    level: int = 1,
    year: int | None = None,
    region: str | None = None,
    min_n: int = MIN_N,
) -> str:
    """The SQL of a named query (:data:`NAMED`)."""
    if level < 1:
        raise InputError("地区级别应为不小于 1 的整数（1 为第一级，如省）。")
    where = _where(year, region)
    if name == "rollup":
        return rollup_sql(level, where)
    if name == "indicators":
        return indicators_sql(level, where, min_n)
    if name == "yoy":
        return yoy_sql(level, where)
    if name == "identical":
        return identical_sql(_where(year, region, "b."))
    if name == "rule-failures":
        return rule_failures_sql(level, where)
    raise InputError(
        f"没有名为“{name}”的查询。", hint=f"可用的查询：{'、'.join(NAMED)}；或用 --sql 写 SQL。"
    )


def run_sql(archive: Archive, sql: str) -> pd.DataFrame:
    """Run SQL over the archive views; a Chinese error for a bad statement."""
    import duckdb

    con = connect(archive)
    try:
        frame: pd.DataFrame = con.execute(sql).df()
    except duckdb.Error as exc:
        raise InputError(
            f"SQL 执行失败：{str(exc).splitlines()[0][:300]}",
            hint="可用的表：cells、reports、findings（列见 README）。",
        ) from exc
    finally:
        con.close()
    return frame


def run_named(archive: Archive, name: str, **params: Any) -> pd.DataFrame:
    return run_sql(archive, named_sql(name, **params))
