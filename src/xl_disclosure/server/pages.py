"""The console's HTML, rendered on the server (no script, no external CDN, print-friendly).

Pure functions of the data the queries return; every value passes through :func:`e`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from xl_disclosure.server.queries import LIST_STATES, OVERDUE, CaseDetail, CaseRow
from xl_disclosure.server.workflow import CHINA, STATES

if TYPE_CHECKING:
    from xl_disclosure.receiving.compare import Comparison
    from xl_disclosure.server.rollup import Rollup

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#f5f6f8}
header{background:#8b1a1a;color:#fff;padding:10px 24px}header a{color:#fff}
main{padding:16px 24px;max-width:1100px}
table{border-collapse:collapse;background:#fff;margin:8px 0 16px}
th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}
th{background:#e8edf4}td.n{text-align:right}
.s-none,.s-overdue{color:#999}.s-refused{color:#b00;font-weight:bold}.s-returned{color:#c60}
.s-approved,.s-filed,.s-published{color:#070}.late{color:#b00;font-size:12px}
.box{background:#fff;border:1px solid #ccc;padding:10px 14px;margin:10px 0}
form.inline{display:inline}textarea{width:420px;height:60px}
button{padding:4px 14px;margin:2px}
.counts span{display:inline-block;margin-right:14px}
figure.chart{break-inside:avoid;page-break-inside:avoid;margin:12px 0}
@media print{header nav,form,button{display:none}body{background:#fff}main{padding:0}}
"""


def e(value: Any) -> str:
    return escape("" if value is None else str(value))


def local_time(stamp: str | None) -> str:
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def page(title: str, body: str, *, who: str = "", csrf: str = "") -> str:
    logout = (
        f'<form class="inline" method="post" action="/console/logout">{hidden(csrf)}'
        f'<button type="submit">退出</button></form>'
        if csrf
        else ""
    )
    nav = f'<nav>{e(who)} · <a href="/console/">首页</a> {logout}</nav>' if who else ""
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><b>政府信息公开工作年度报告 · 报送与审核</b> {nav}</header>"
        f"<main><h1>{e(title)}</h1>{body}</main></body></html>"
    )


def hidden(csrf: str) -> str:
    return f'<input type="hidden" name="csrf" value="{e(csrf)}">'


def login_page(message: str = "") -> str:
    note = f'<p class="s-refused">{e(message)}</p>' if message else ""
    form = (
        f'{note}<form method="post" action="/console/login" class="box">'
        "<p>请输入政务公开办或本单位的访问令牌：</p>"
        '<input type="password" name="token" size="60" autocomplete="off" autofocus> '
        '<button type="submit">登录</button></form>'
    )
    return page("登录", form)


def _table(head: Iterable[str], rows: Iterable[Iterable[str]], cls: str = "") -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    trs = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>'


def _state_cell(row: CaseRow) -> str:
    cls = "overdue" if row.label == OVERDUE else row.state
    late = '<span class="late">（逾期报送）</span>' if row.version and row.version["late"] else ""
    return f'<td class="s-{cls}">{e(row.label)}{late}</td>'


def year_picker(path: str, year: int, years: list[int]) -> str:
    options = sorted({year, *years}, reverse=True)
    links = " ".join(
        f"<b>{y}</b>" if y == year else f'<a href="{e(path)}?year={y}">{y}</a>' for y in options
    )
    return (
        f'<p>报告年度：{links} <form class="inline" method="get" action="{e(path)}">'
        f'<input name="year" size="5" value="{year}"><button>切换</button></form></p>'
    )


def region_page(
    region: Any, rows: list[CaseRow], year: int, years: list[int], ctx: dict[str, str]
) -> str:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.label] = counts.get(r.label, 0) + 1
    order = [*LIST_STATES.values(), OVERDUE]
    summary = "".join(f"<span>{e(s)}：<b>{counts.get(s, 0)}</b></span>" for s in order)
    body_rows = []
    for r in rows:
        v = r.version or {}
        link = f'<a href="/console/units/{r.unit.id}?year={year}">{e(r.unit.name)}</a>'
        sub = (
            f' · <a href="/console/regions/{r.unit.id}?year={year}">下级单位</a>'
            if r.unit.is_region
            else ""
        )
        body_rows.append(
            [
                f"<td>{link}{sub}</td>",
                _state_cell(r),
                f"<td>{e(local_time(v.get('created_at')))}</td>",
                f'<td class="n">{e(v.get("number", ""))}</td>',
                f'<td class="n">{e(v.get("warnings", ""))}</td>',
                f'<td class="n">{e(v.get("kept", ""))}</td>',
                f"<td>{e(r.due.isoformat())}</td>",
                f"<td>{e(r.reason or r.refused_reason)}</td>",
            ]
        )
    table = _table(
        ["单位", "状态", "最近提交", "版本", "提示", "保留提示", "报送期限", "退回原因/错误"],
        body_rows,
        "cases",
    )
    links = (
        f'<p><a href="/console/regions/{region.id}/summary?year={year}">汇总表与图表</a> · '
        f'<a href="/console/audit?unit={region.id}">操作记录</a></p>'
    )
    return (
        year_picker(f"/console/regions/{region.id}", year, years)
        + f'<div class="counts box">{summary}</div>'
        + links
        + table
    )


def _findings(items: list[dict[str, Any]]) -> str:
    if not items:
        return "<p>没有发现问题。</p>"
    rows = [
        [
            f"<td>{e(f['label'])}</td>",
            f"<td>{e(f['rule'])}</td>",
            f"<td>{e(f['place'])}</td>",
            f"<td>{e(f['message'])}</td>",
            f"<td>{e(f['explanation'])}</td>",
        ]
        for f in items
    ]
    return _table(["级别", "规则", "位置", "说明", "单位的说明"], rows, "findings")


def _kept(d: CaseDetail, year: int, csrf: str) -> str:
    if not d.kept:
        return "<p>没有附说明保留的提示。</p>"
    rows = []
    for f in d.kept:
        review = f.get("review") or {}
        decision = {"accepted": "已接受", "rejected": "不接受"}.get(
            review.get("decision", ""), "待审阅"
        )
        form = ""
        if d.can_review and d.row.state == "submitted":
            form = (
                f'<form method="post" action="/console/units/{d.unit.id}/{year}/warning">{hidden(csrf)}'
                f'<input type="hidden" name="fingerprint" value="{e(f["fingerprint"])}">'
                '<input name="note" placeholder="意见（可选）">'
                '<button name="decision" value="accepted">接受</button>'
                '<button name="decision" value="rejected">不接受</button></form>'
            )
        rows.append(
            [
                f"<td>{e(f['rule'])}</td>",
                f"<td>{e(f['message'])}</td>",
                f"<td>{e(f['explanation'])}</td>",
                f"<td>{e(decision)} {e(review.get('note', ''))}{form}</td>",
            ]
        )
    return _table(["规则", "提示", "单位的说明", "审阅"], rows, "kept")


def _actions(d: CaseDetail, year: int, csrf: str) -> str:
    state = d.row.state
    form = f'method="post" action="/console/units/{d.unit.id}/{year}/act"'
    parts = []
    if d.can_review and state in ("submitted", "approved"):
        parts.append(
            f'<form {form}>{hidden(csrf)}<textarea name="reason" placeholder="退回原因（必填）"></textarea>'
            '<button name="action" value="return">退回</button></form>'
        )
    if d.can_review and state == "submitted":
        parts.append(
            f'<form {form}>{hidden(csrf)}<button name="action" value="approve">通过</button></form>'
        )
    if d.can_review and state == "approved":
        parts.append(
            f'<form {form}>{hidden(csrf)}<button name="action" value="file">备案</button></form>'
        )
    if state == "filed":
        parts.append(
            f'<form {form}>{hidden(csrf)}<input name="url" size="40" placeholder="公开网址 https://…">'
            '<input name="date" size="12" placeholder="公开日期 2025-01-20">'
            '<button name="action" value="publish">已公开</button></form>'
        )
    return f'<div class="box">{"".join(parts)}</div>' if parts else ""


def _history(d: CaseDetail) -> str:
    rows = [
        [
            f'<td class="n">{e(v["number"])}{"（当前）" if d.row.version and v["id"] == d.row.version["id"] else ""}</td>',
            f"<td>{e(local_time(v['created_at']))}</td>",
            f"<td>{e(v['reason'] or '首次提交')}</td>",
            f"<td>{e(SOURCES.get(v['source'], v['source']))}</td>",
            f"<td>{'逾期' if v['late'] else ''}</td>",
            f'<td><a href="/console/versions/{v["id"]}">下载</a> <small>{e(v["sha256"][:12])}</small></td>',
        ]
        for v in d.history
    ]
    return _table(["版本", "提交时间", "原因", "来源", "逾期", "文件"], rows, "history")


def _events(events: list[dict[str, Any]]) -> str:
    rows = [
        [
            f"<td>{e(local_time(ev['at']))}</td>",
            f"<td>{e(ev['actor'])}</td>",
            f"<td>{e(ACTIONS.get(ev['action'], ev['action']))}</td>",
            f"<td>{e(_detail(ev['detail']))}</td>",
        ]
        for ev in events
    ]
    return _table(["时间", "操作人", "操作", "内容"], rows, "audit")


SOURCES = {
    "api": "接口",
    "button": "工作簿按钮",
    "staff": "网页",
    "rollup": "下级汇总",
    "demo": "演示",
}
ACTIONS = {
    "submit": "提交",
    "submit-refused": "提交被拒",
    "approve": "审核通过",
    "return": "退回",
    "file": "备案",
    "publish": "公开",
    "review-warning": "审阅保留提示",
}


def _detail(detail: dict[str, Any]) -> str:
    names = {
        "number": "版本",
        "reason": "原因",
        "from": "原状态",
        "to": "新状态",
        "url": "网址",
        "published_on": "日期",
        "decision": "结果",
        "note": "意见",
        "late": "逾期",
    }
    parts = []
    for key, value in detail.items():
        if key in names and value not in ("", None, False):
            shown = STATES.get(value, value) if key in ("from", "to") else value
            parts.append(f"{names[key]}：{shown}")
    return "；".join(str(p) for p in parts)


def _comparison(cmp: Comparison | None) -> str:
    if cmp is None:
        return "<p>没有上一年度的报告可比较。</p>"
    rows = [
        [
            f"<td>{e(h.name)}</td>",
            f'<td class="n">{e(h.old)}</td>',
            f'<td class="n">{e(h.new)}</td>',
            f'<td class="n">{e(h.delta)}</td>',
        ]
        for h in cmp.headlines
    ]
    text = "".join(
        f"<li>{e(s.title)}：与上年重复 {s.percent:.0f}%{'（雷同）' if s.flagged else ''}</li>"
        for s in cmp.similarity
    )
    return _table(["指标", "上年", "本年", "变化"], rows, "compare") + f"<ul>{text}</ul>"


def unit_page(d: CaseDetail, year: int, years: list[int], cmp: Comparison | None, csrf: str) -> str:
    r = d.row
    state = f'<p>状态：<b class="s-{r.state}">{e(r.label)}</b>'
    if r.reason:
        state += f"　退回原因：{e(r.reason)}"
    if d.published:
        state += f'　公开：<a href="{e(d.published["url"])}">{e(d.published["url"])}</a> {e(d.published["date"])}'
    state += f"　报送期限：{e(r.due.isoformat())}{'　<span class=late>逾期</span>' if r.overdue else ''}</p>"
    if r.refused_reason:
        state += f'<p class="s-refused">最近一次提交被拒：{e(r.refused_reason)}</p>'
    return (
        year_picker(f"/console/units/{d.unit.id}", year, years)
        + f"<p>单位：{e(d.path)}</p>{state}{_actions(d, year, csrf)}"
        + f"<h2>保留的提示（附说明）</h2>{_kept(d, year, csrf)}"
        + f"<h2>校验结果（当前版本）</h2>{_findings(d.findings)}"
        + f"<h2>与上年度比较</h2>{_comparison(cmp)}"
        + f"<h2>版本记录</h2>{_history(d)}<h2>操作记录</h2>{_events(d.events)}"
    )


def audit_page(events: list[dict[str, Any]]) -> str:
    return _events(events)


def summary_page(rollup: Rollup, charts: list[str], csrf: str, can_submit: bool) -> str:
    region, year = rollup.region, rollup.year
    base = f"/console/regions/{region.id}/download"
    links = (
        f'<p><a href="{base}/summary.xlsx?year={year}">下载汇总工作簿（.xlsx）</a> · '
        f'<a href="{base}/combined.json?year={year}">下载汇总 JSON</a></p>'
    )
    missing = [n for n in rollup.expected if n not in rollup.counted]
    info = (
        f"<p>已计入汇总：{len(rollup.counted)}/{len(rollup.expected)} 个单位"
        + (f"（未计入：{e('、'.join(missing))}）" if missing else "")
        + "。被退回的报告不计入。</p>"
    )
    upward = ""
    if can_submit:
        upward = (
            f'<form method="post" action="/console/rollup/{year}" class="box">{hidden(csrf)}'
            f"将本级汇总作为“{e(region.name)}”的报告报送上级："
            '<button type="submit">上报汇总</button></form>'
        )
    figs = "".join(f'<figure class="chart">{svg}</figure>' for svg in charts)
    return (
        info + links + upward + "<h2>图表</h2>" + figs + "<h2>汇总表</h2>" + combined_tables(rollup)
    )


def combined_tables(rollup: Rollup) -> str:
    report = rollup.agg.combined
    out = []
    for table in report.spec.tables:
        for block in table.blocks:
            head = ["项目", *(e(c.full_label) for c in block.columns)]
            rows = [
                [f"<td>{e('—'.join(r.path))}</td>"]
                + [
                    f'<td class="n">{e(report.values.get(block.cell_key(r, c), ""))}</td>'
                    for c in block.columns
                ]
                for r in block.rows
            ]
            title = f"{table.label} {block.heading or ''}"
            out.append(f"<h3>{e(title)}</h3>" + _table(head, rows, "combined"))
    return "".join(out)


def download_name(name: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(name)}"
