"""Import of published reports flattened the ways real pages flatten them.

A random consistent report is rendered as a published page (title, preamble, six sections,
official tables) in several layouts, then imported; every value must come back.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from html import escape
from pathlib import Path

import pytest

from support.factories import consistent_report
from xl_disclosure.cells import display
from xl_disclosure.model import AnnualReport
from xl_disclosure.receiving.importer import import_report
from xl_disclosure.spec import Block

Grid = list[list[str]]


def _block_grid(report: AnnualReport, block: Block) -> Grid:
    """The rows of one official block as a page prints them (group labels on first row only)."""
    grid: Grid = []
    if block.heading:
        grid.append([block.heading])
    depth = max(len(c.path) for c in block.columns)
    if block.table == "T2":
        grid.append([block.corner or "", *(c.label for c in block.columns)])
    else:
        for d in range(depth):
            row = (
                [block.corner or ""] if d == 0 and block.corner else ([""] if block.corner else [])
            )
            seen: set[tuple[str, ...]] = set()
            for c in block.columns:
                prefix = c.path[: d + 1]
                if len(c.path) <= d:
                    row.append("")
                elif prefix not in seen:
                    seen.add(prefix)
                    row.append(c.path[d])
            grid.append(row)
    shown: set[tuple[str, ...]] = set()
    for r in block.rows:
        lead = []
        for d in range(len(r.path)):
            prefix = r.path[: d + 1]
            lead.append("" if prefix in shown and d < len(r.path) - 1 else r.path[d])
            shown.add(prefix)
        vals = [display(report.value(block.cell_key(r, c))) for c in block.columns]
        grid.append([*lead, *vals])
    return grid


def _page(report: AnnualReport) -> list[tuple[str, object]]:
    """The page as ("p", text) and ("table", Grid) items."""
    spec = report.spec
    items: list[tuple[str, object]] = [
        ("p", f"{report.meta.agency}{report.meta.year}年政府信息公开"),
        ("p", "工作年度报告"),
        ("p", report.preamble),
    ]
    for s in spec.sections:
        items.append(("p", s.title))
        if s.table:
            items.append(
                (
                    "table",
                    [row for b in spec.table(s.table).blocks for row in _block_grid(report, b)],
                )
            )
        else:
            items.extend(("p", line) for line in report.text(s.no).split("\n"))
    return items


def _text(report: AnnualReport, row_fn: Callable[[list[str]], str], row_sep: str = "\n") -> str:
    out = []
    for kind, item in _page(report):
        if kind == "p":
            out.append(str(item))
        else:
            assert isinstance(item, list)
            out.append(row_sep.join(row_fn(row) for row in item))
    return "\n".join(out) + "\n"


def tab_cells(report: AnnualReport) -> str:
    """The Zhenhai way: each cell on its own tab-led line, rows separated by blank lines."""

    def row(cells: list[str]) -> str:
        return "\n".join("\t" + c.replace("数量", "\n数量", 1) for c in cells) + "\n"

    return _text(report, row)


def tsv(report: AnnualReport) -> str:
    return _text(report, "\t".join)


def pipes(report: AnnualReport) -> str:
    return _text(report, " | ".join)


def markdown(report: AnnualReport) -> str:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    return _text(report, row)


def lines(report: AnnualReport) -> str:
    """No marker at all: one non-empty cell per line."""
    return _text(report, lambda cells: "\n".join(c for c in cells if c))


def blank_separated(report: AnnualReport) -> str:
    """Cells separated by blank lines, long labels wrapped over two lines."""

    def cell(c: str) -> str:
        return c[:12] + "\n" + c[12:] if len(c) > 24 else c

    return _text(report, lambda cells: "\n\n".join(cell(c) for c in cells if c), "\n\n")


def html(report: AnnualReport) -> str:
    parts = ["<html><head><title>x</title><style>p{}</style></head><body><div>首页 &gt; 年报</div>"]
    for kind, item in _page(report):
        if kind == "p":
            parts.append(f"<p>{escape(str(item))}</p>")
        else:
            assert isinstance(item, list)
            parts.append("<table border=1>")
            for row in item:
                cells = "".join(
                    f"<td>{escape(c).replace('数量', '<br/>数量', 1)}</td>" for c in row
                )
                parts.append(f"<tr>{cells}</tr>")
            parts.append("</table>")
    parts.append("<p>打印本页</p><p>主办单位：测试</p></body></html>")
    return "\n".join(parts)


def write_docx(report: AnnualReport, path: Path) -> None:
    import docx

    document = docx.Document()
    for kind, item in _page(report):
        if kind == "p":
            document.add_paragraph(str(item))
        else:
            assert isinstance(item, list)
            width = max(len(r) for r in item)
            table = document.add_table(rows=len(item), cols=width)
            for i, row in enumerate(item):
                for j, c in enumerate(row):
                    table.cell(i, j).text = c
    document.save(str(path))


TEXT_STYLES: dict[str, Callable[[AnnualReport], str]] = {
    "tab-cells": tab_cells,
    "tsv": tsv,
    "pipes": pipes,
    "markdown": markdown,
    "lines": lines,
    "blank-separated": blank_separated,
}


def _check(report: AnnualReport, path: Path) -> None:
    result = import_report(path)
    got = result.report
    assert result.complete, (result.missing, [c.key for c in result.missing_cells], result.notes)
    assert got.format_id == report.format_id
    assert got.meta.year == report.meta.year and got.meta.agency == report.meta.agency
    assert got.values == {k: report.value(k) for k in got.values}
    for no in (1, 5, 6):
        assert got.text(no) == report.text(no)


@pytest.mark.parametrize("fid", ["gb2019", "gb2021"])
@pytest.mark.parametrize("style", sorted(TEXT_STYLES))
def test_text_layouts_round_trip(style: str, fid: str, tmp_path: Path) -> None:
    for seed in range(3):
        report = consistent_report(fid, random.Random(seed), agency="测试市某某局")
        path = tmp_path / f"{style}-{seed}.txt"
        path.write_text(TEXT_STYLES[style](report), "utf-8")
        _check(report, path)


@pytest.mark.parametrize("fid", ["gb2019", "gb2021"])
def test_html_tables_round_trip(fid: str, tmp_path: Path) -> None:
    report = consistent_report(fid, random.Random(7), agency="测试市某某局")
    path = tmp_path / "r.html"
    path.write_text(html(report), "utf-8")
    _check(report, path)


@pytest.mark.parametrize("fid", ["gb2019", "gb2021"])
def test_docx_tables_round_trip(fid: str, tmp_path: Path) -> None:
    report = consistent_report(fid, random.Random(11), agency="测试市某某局")
    path = tmp_path / "r.docx"
    write_docx(report, path)
    _check(report, path)


def test_gbk_text_and_unknown_extra_row(tmp_path: Path) -> None:
    report = consistent_report("gb2019", random.Random(5), agency="测试市某某局")
    text = tsv(report).replace("规章\t", "其他主动公开文件\t9\t9\t9\n规章\t", 1)
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    result = import_report(path)
    assert result.complete
    assert any("其他主动公开文件" in n for n in result.notes)


def test_unsupported_file_is_an_input_error(tmp_path: Path) -> None:
    from xl_disclosure.errors import InputError

    path = tmp_path / "r.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(InputError):
        import_report(path)


_NOT_A_REPORT = (
    "<html><head><title>某市人民政府2023年工作总结</title></head><body>"
    "<p>某市人民政府2023年工作总结</p><p>今年全市经济运行稳中有进，共办理民生实事12件。</p>"
    "</body></html>"
)


def test_a_page_that_is_not_a_report_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another page of a website (no section heading, no table cell): refused in words, and no
    JSON full of unplaced cells is written."""
    from xl_disclosure.cli import main
    from xl_disclosure.errors import InputError

    page = tmp_path / "总结.html"
    page.write_text(_NOT_A_REPORT, "utf-8")
    with pytest.raises(InputError, match="不像政府信息公开工作年度报告"):
        import_report(page)
    out = tmp_path / "r.json"
    assert main(["import", str(page), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "不像政府信息公开工作年度报告" in err and "文字识别" in err and "Traceback" not in err
    assert not out.exists()


def test_a_batch_refuses_the_page_and_imports_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from xl_disclosure.cli import main

    folder = tmp_path / "下载"
    folder.mkdir()
    (folder / "a-总结.html").write_text(_NOT_A_REPORT, "utf-8")
    report = consistent_report("gb2021", random.Random(3), agency="某市某某局")
    (folder / "b-年报.txt").write_text(TEXT_STYLES["pipes"](report), "utf-8")
    out = tmp_path / "导入"
    assert main(["import", str(folder), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert "a-总结.html：文件中没有找到年度报告" in captured.err
    assert "无法读取 1 个" in captured.out
    assert [p.name for p in sorted(out.glob("*.json"))] == ["b-年报.json"]


def grid_html(report: AnnualReport, blanks: frozenset[str] = frozenset()) -> str:
    """A page whose tables use rowspan/colspan like the 上海 2019 copy; ``blanks`` print &nbsp;."""
    from xl_disclosure.layout.grid import block_grid, parse_a1

    parts = [
        f"<p style='text-align:center'>{report.meta.year}年{report.meta.agency}政府信息公开工作年度报告</p>",
        "<p>发布日期：2021-01-20</p>",
        f"<p>{escape(report.preamble)}</p>",
    ]
    for s in report.spec.sections:
        parts.append(f"<p><br />{s.title}</p>")
        if not s.table:
            parts.extend(f"<p>{escape(line)}</p>" for line in report.text(s.no).split("\n"))
            continue
        items: dict[int, list[tuple[int, str, int, int]]] = {}
        top = 1
        for block in report.spec.table(s.table).blocks:
            t2 = s.table == "T2"
            grid = block_grid(
                block,
                top,
                label_cols=1 if t2 else None,
                value_slots=3 if t2 else None,
                helpers=False,
            )
            cells = [
                (lab.cell, lab.merge, escape(lab.text).replace("数量", "<br />数量"))
                for lab in grid.labels
            ]
            for gc in grid.cells:
                text = "&nbsp;" if gc.key in blanks else display(report.value(gc.key))
                cells.append((gc.cell, gc.merge, text))
            for cell, merge, text in cells:
                r1, c1 = parse_a1(cell)
                r2, c2 = parse_a1(merge.split(":")[1]) if merge else (r1, c1)
                items.setdefault(r1, []).append((c1, text, r2 - r1 + 1, c2 - c1 + 1))
            top = grid.next_row
        parts.append("<table border='1'><tbody>")
        for r in sorted(items):
            tds = "".join(
                f"<td rowspan='{rs}' colspan='{cs}'><p align='center'>{text}</p></td>"
                for _, text, rs, cs in sorted(items[r])
            )
            parts.append(f"<tr>{tds}</tr>")
        parts.append("</tbody></table>")
    return "".join(parts)


@pytest.mark.parametrize("fid", ["gb2019", "gb2021"])
def test_rowspan_tables_with_blank_cells(
    fid: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from xl_disclosure.cli import main

    report = consistent_report(fid, random.Random(13), agency="测试市某某局")
    blanks = frozenset(
        {"T3.new.C1", "T3.total.C3", "T3.carry_out.C7", "T4.F01", "T4.F15", "T2.A.R2.C2"}
    )
    path = tmp_path / "r.htm"
    path.write_text(grid_html(report, blanks), "utf-8")
    result = import_report(path)
    assert {c.key for c in result.missing_cells} == blanks == result.blank_cells
    assert result.missing == []
    got = result.report
    assert got.meta.agency == "测试市某某局" and got.meta.publish_date == "2021-01-20"
    assert got.preamble == report.preamble
    assert {k: v for k, v in got.values.items() if k not in blanks} == {
        k: report.value(k) for k in got.values if k not in blanks
    }
    assert main(["import", str(path), "-o", str(tmp_path / "r.json")]) == 1
    err = capsys.readouterr().err
    assert "以下 6 个单元格在原文中为空" in err and "未能定位" not in err


def test_site_furniture_before_the_title_is_skipped(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(17), agency="测试市某某局")
    page = html(report).replace(
        "<div>首页 &gt; 年报</div>",
        "<ul><li>首页</li><li>政府信息公开</li><li>政府信息公开年报</li><li>工作报告</li></ul>",
    )
    path = tmp_path / "r.html"
    path.write_text(page, "utf-8")
    result = import_report(path)
    assert result.report.meta.title == f"测试市某某局{report.meta.year}年政府信息公开工作年度报告"
    assert result.report.preamble == report.preamble
    assert result.complete


@pytest.mark.parametrize("style", ["tsv", "html", "js"])
def test_stray_control_characters_do_not_reach_the_json(style: str, tmp_path: Path) -> None:
    """Control characters (and a broken ``\\u`` escape) in a source are dropped on import, so
    the JSON written from it is read back and validated instead of refused."""
    from xl_disclosure.cli import main

    report = consistent_report("gb2021", random.Random(9), agency="测试市某某局")
    report.sections[1].text = "本年度\x01主动公开\x07政府信息。"
    if style == "tsv":
        source = tmp_path / "r.txt"
        source.write_text(tsv(report).replace("测试市某某局", "测试市\x02某某局", 1), "utf-8")
    else:
        page = html(report).replace("本年度", "本年度\x1b", 1)
        if style == "js":
            literal = page.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            page = 'document.write("' + literal.replace("</", "<\\/") + '\\ud800");'
        source = tmp_path / ("r.txt" if style == "js" else "r.html")
        source.write_text(page, "utf-8")
    out = tmp_path / "r.json"
    assert main(["import", str(source), "-o", str(out)]) in (0, 1)
    assert main(["validate", str(out)]) in (0, 1)
    got = import_report(source).report
    assert got.meta.agency == "测试市某某局"
    assert "主动公开政府信息" in got.text(1)
