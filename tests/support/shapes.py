"""Generators of published pages in the twelve shapes real pages come in (issue 12).

Each generator takes a report and a random source and returns a :class:`Page`: the text (or
bytes) of a file, its suffix, and the values a reader can know from it (``expected``: a cell
printed empty is blank there, a ``减3`` is -3). :func:`wrong_placements` compares an import
with ``expected``: a placed cell whose value differs is a wrong placement, and there must be
none, in any shape, positive or truncated.

The official tables are laid out by the draft's own grid (:func:`official_table`: merged
headers and row labels exactly as printed); each shape then flattens the grid its own way.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from xl_disclosure.cells import BLANK, Blank, CellValue, NotAvailable, is_number
from xl_disclosure.draft.grid import official_table
from xl_disclosure.model import AnnualReport

#: One grid row: (text, covered, is_value) per column; covered = inside a merged cell.
GridRow = list[tuple[str, bool, bool]]


@dataclass
class Page:
    text: str
    expected: dict[str, CellValue]
    suffix: str = ".txt"
    encoding: str = "utf-8"
    states_meta: bool = True
    """The page names agency and year somewhere."""
    cut: bool = False
    ambiguous_ok: bool = False
    """Rows may stay unplaced (vanished blanks); placed ones must still be right."""
    notes_expected: list[str] = field(default_factory=list)


def blanked(report: AnnualReport, rnd: random.Random, share: float = 0.3) -> AnnualReport:
    """A copy where some zero cells are printed empty (as many real pages do)."""
    out = AnnualReport(
        report.format_id,
        report.meta,
        dict(report.values),
        dict(report.sections),
        report.preamble,
    )
    if share <= 0:
        return out
    for key, value in report.values.items():
        if value == 0 and rnd.random() < share:
            out.values[key] = BLANK
    return out


def expected_of(report: AnnualReport) -> dict[str, CellValue]:
    return {c.key: report.value(c.key) for c in report.spec.cells}


def grid(report: AnnualReport, table_id: str) -> list[GridRow]:
    table = official_table(report, table_id)
    matrix: list[GridRow] = [[("", True, False)] * table.n_cols for _ in range(table.n_rows)]
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                matrix[r][c] = ("", True, False)
        matrix[cell.row][cell.col] = (cell.text, False, not cell.header)
    return matrix


def title_lines(report: AnnualReport, rnd: random.Random) -> list[str]:
    title = f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告"
    how = rnd.randrange(3)
    if how == 0:
        return [title]
    if how == 1:
        return [f"{report.meta.agency}{report.meta.year}年", "政府信息公开工作年度报告"]
    return [f"{report.meta.year}年{report.meta.agency}", "政府信息公开工作年度报告"]


def page_items(report: AnnualReport, rnd: random.Random) -> list[tuple[str, object]]:
    """("p", text) and ("table", table id) items of the whole page, with site furniture."""
    items: list[tuple[str, object]] = [
        ("p", "首页 > 政务公开 > 政府信息公开年报"),
        ("p", "【字体：大 中 小】"),
    ]
    items += [("p", line) for line in title_lines(report, rnd)]
    items.append(("p", f"发布日期：{report.meta.publish_date}  浏览次数：{rnd.randint(1, 999)}"))
    items.append(("p", report.preamble))
    for s in report.spec.sections:
        items.append(("p", s.title))
        if s.table:
            items.append(("table", s.table))
        else:
            items.extend(("p", line) for line in report.text(s.no).split("\n"))
    return items


def _lines(report: AnnualReport, rnd: random.Random, table: Callable[[str], list[str]]) -> str:
    out: list[str] = []
    for kind, item in page_items(report, rnd):
        out.extend(table(str(item)) if kind == "table" else [str(item)])
    return "\n".join(out) + "\n"


def _pad(text: str, rnd: random.Random) -> str:
    """Numbers padded with runs of spaces, as some copies print them (shape 4)."""
    if is_number_text(text) and rnd.random() < 0.4:
        return " " * rnd.randint(1, 6) + text + " " * rnd.randint(0, 6)
    return text


def is_number_text(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(\.\d+)?", text))


# -- shape 1: one row per line, " | " between cells, trailing " |", merged cells written once
def pipe_rows(report: AnnualReport, rnd: random.Random) -> Page:
    shown = blanked(report, rnd)

    def table(tid: str) -> list[str]:
        return [" | ".join(text for text, _, _ in row) + " |" for row in grid(shown, tid)]

    return Page(_lines(shown, rnd, table), expected_of(shown))


# -- shape 2: one cell per line ending " |"; bare pipes where merged cells were; blank = "|"
def pipe_ended_cells(report: AnnualReport, rnd: random.Random) -> Page:
    shown = blanked(report, rnd)

    def table(tid: str) -> list[str]:
        out: list[str] = []
        for row in grid(shown, tid):
            covered = 0
            for text, cov, _ in row:
                if cov:
                    covered += 1
                    continue
                if covered:
                    out.append("|" * (covered + 1))
                    covered = 0
                out.append(f"{text} |" if text else "|")
            if covered:
                out.append("|" * (covered + 1))
        return out

    return Page(_lines(shown, rnd, table), expected_of(shown))


# -- shape 3: one cell per line, "|" on a line of its own between cells
def pipe_separated_cells(report: AnnualReport, rnd: random.Random) -> Page:
    shown = blanked(report, rnd)

    def table(tid: str) -> list[str]:
        out: list[str] = []
        for row in grid(shown, tid):
            for text, cov, _ in row:
                if cov:
                    continue
                out.append("|")
                out.extend(text.split("\n") if text else [])
        out.append("|")
        return out

    return Page(_lines(shown, rnd, table), expected_of(shown))


# -- shape 4: cells separated by blank lines; a blank cell is an extra empty line
def blank_line_cells(report: AnnualReport, rnd: random.Random) -> Page:
    shown = blanked(report, rnd)

    def table(tid: str) -> list[str]:
        cells = [
            text
            for row in grid(shown, tid)
            for text, cov, value in row
            if not cov and (text or value)
        ]
        out: list[str] = []
        for text in cells:  # a blank cell is one extra empty line, not a cell plus a separator
            out.extend([_pad(text, rnd), ""] if text else [""])
        return out

    return Page(_lines(shown, rnd, table), expected_of(shown))


# -- shape 5: blank cells vanished entirely (column positions lost)
def vanished_blanks(report: AnnualReport, rnd: random.Random) -> Page:
    shown = blanked(report, rnd, share=0.5)

    def table(tid: str) -> list[str]:
        return [text for row in grid(shown, tid) for text, cov, _ in row if not cov and text]

    page = Page(_lines(shown, rnd, table), expected_of(shown))
    page.ambiguous_ok = True
    return page


# -- shape 6: PDF text: label + numbers on one line, 表四 one line, char-broken headers
def pdf_text(report: AnnualReport, rnd: random.Random) -> Page:
    title = f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告"

    def table(tid: str) -> list[str]:
        out: list[str] = []
        for row in grid(report, tid):
            labels = [t for t, cov, value in row if not cov and not value and t]
            values = [t for t, cov, value in row if not cov and value]
            if not values:  # a header row: narrow headers print a few characters per token
                out.append(" ".join(_chop(t, rnd) for t in labels))
            else:
                out.append(" ".join([*labels, *values]))
        if rnd.random() < 0.5:
            out.insert(len(out) // 2, f"Page {rnd.randint(2, 9)} - {title}")
        return out

    text = _lines(report, rnd, table).replace(f"{report.meta.year}年", f"{report.meta.year} 年")
    lines = text.split("\n")
    lines.insert(len(lines) // 3, f"P. {rnd.randint(1, 5)}")
    return Page("\n".join(lines), expected_of(report))


def _chop(text: str, rnd: random.Random) -> str:
    if len(text) > 8 or rnd.random() < 0.5:
        return text
    size = rnd.choice((1, 2))
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


# -- shape 7: HTML (rowspan/colspan, &nbsp;, <br />, N元) in a .txt, or in a JS string literal
def html_page(report: AnnualReport, rnd: random.Random) -> str:
    shown = report
    parts = ["<div class='crumb'>首页 &gt; 年报</div>"]
    for kind, item in page_items(shown, rnd):
        if kind == "p":
            parts.append(f"<p>{escape(str(item))}</p>")
            continue
        table = official_table(shown, str(item))
        rows: dict[int, list[str]] = {}
        for cell in table.cells:
            text = escape(cell.text).replace("数量", "<br />数量", 1) if cell.text else "&nbsp;"
            rows.setdefault(cell.row, []).append(
                f'<td rowspan="{cell.rowspan}" colspan="{cell.colspan}">{text}</td>'
            )
        parts.append('<table border="1"><tbody>')
        parts.extend(f"<tr>{''.join(tds)}</tr>" for _, tds in sorted(rows.items()))
        parts.append("</tbody></table>")
    return "\n".join(parts)


def html_in_text(report: AnnualReport, rnd: random.Random) -> Page:
    shown = blanked(report, rnd)
    money = [c for c in shown.spec.cells if c.type.value == "money"]
    for cell in money:  # money cells printed with their unit (N元)
        value = shown.value(cell.key)
        if is_number(value):
            shown.values[cell.key] = f"{value}元"  # type: ignore[assignment]
    expected = expected_of(shown)
    for cell in money:
        text = shown.value(cell.key)
        if isinstance(text, str) and text.endswith("元"):
            expected[cell.key] = report.value(cell.key)
    html = html_page(shown, rnd)
    if rnd.random() < 0.5:
        literal = html.replace("\\", "\\\\").replace('"', '\\"').replace("/", "\\/")
        html = 'var content = "' + literal.replace("\n", "\\n") + '";\ndocument.write(content);'
    return Page(html, expected)


# -- shape 8: header words and labels broken by spaces/newlines, ASCII brackets and colons
def broken_labels(report: AnnualReport, rnd: random.Random) -> Page:
    shown = blanked(report, rnd)

    def breakup(text: str) -> str:
        text = text.replace("（", "(").replace("）", ")").replace("：", ":")
        if len(text) >= 4 and rnd.random() < 0.5:
            cut = rnd.randint(1, len(text) - 1)
            text = text[:cut] + rnd.choice((" ", "\n", "\n\n")) + text[cut:]
        return text

    def table(tid: str) -> list[str]:
        out: list[str] = []
        for row in grid(shown, tid):
            for text, cov, value in row:
                if cov or (not text and not value):
                    continue
                out.append(text if value else breakup(text))
        return out

    page = Page(_lines(shown, rnd, table), expected_of(shown))
    page.ambiguous_ok = True  # blank cells vanish in this flattening too
    return page


# -- shape 9: a Traditional-character mirror (Taiwan phrases), a header row missing 自然人
def traditional_mirror(report: AnnualReport, rnd: random.Random) -> Page:
    import opencc

    page = pipe_rows(report, rnd)
    lines = [
        line.replace("| 自然人 |", "|", 1) if "自然人" in line and "法人" not in line else line
        for line in page.text.split("\n")
    ]
    page.text = opencc.OpenCC("s2twp").convert("\n".join(lines))
    return page


def wrong_placements(expected: dict[str, CellValue], got: AnnualReport) -> list[str]:
    """Cells the import placed (a value or blank) with anything but the expected value."""
    out = []
    for key, want in expected.items():
        value = got.value(key)
        if isinstance(value, NotAvailable):
            continue
        if isinstance(value, Blank) and isinstance(want, Blank):
            continue
        if is_number(value) and is_number(want) and abs(float(value) - float(want)) < 1e-9:  # type: ignore[arg-type]
            continue
        if value == want:
            continue
        out.append(f"{key}: {value!r} != {want!r}")
    return out


def cut_text(text: str, rnd: random.Random, marker: str = "三、收到和处理") -> str:
    """The text cut at a random point inside table 三 (a copy that ends mid-table)."""
    start = text.find(marker)
    start = start if start >= 0 else len(text) // 3
    end = text.find("四、", start + 10)
    end = end if end > start else len(text)
    at = rnd.randint(start + (end - start) // 4, end - 1)
    while at > start and text[at - 1] not in "\n| ":  # a copy ends between cells
        at -= 1
    return text[:at]


SHAPES: dict[str, Callable[[AnnualReport, random.Random], Page]] = {
    "pipe-rows": pipe_rows,
    "pipe-ended-cells": pipe_ended_cells,
    "pipe-separated-cells": pipe_separated_cells,
    "blank-line-cells": blank_line_cells,
    "vanished-blanks": vanished_blanks,
    "pdf-text": pdf_text,
    "html-in-text": html_in_text,
    "broken-labels": broken_labels,
    "traditional-mirror": traditional_mirror,
}


# -- shape 10: hybrid templates (a 2019 section 二 in a 2021+ report; 2019 and 2021 mixed)
def hybrid_t2(report: AnnualReport, old: AnnualReport, rnd: random.Random, *, mixed: bool) -> Page:
    """``report`` (the year's format) printed with table 二 of ``old`` (another format): all
    of it, or (``mixed``) only the blocks after the first one."""

    def table(tid: str) -> list[str]:
        source = old if tid == "T2" else report
        rows = grid(source, tid)
        if tid == "T2" and mixed:
            own = grid(report, tid)
            first_block = next(i for i, r in enumerate(own) if i and r[0][0].startswith("第二十条"))
            second_old = next(i for i, r in enumerate(rows) if i and r[0][0].startswith("第二十条"))
            rows = own[:first_block] + rows[second_old:]
        return [" | ".join(text for text, _, _ in row) + " |" for row in rows]

    expected = expected_of(report)
    if mixed:
        first = report.spec.table("T2").blocks[0].id
        for cell in report.spec.table("T2").cells:
            if cell.block != first:
                expected[cell.key] = NOT_PLACEABLE
    else:
        for cell in report.spec.table("T2").cells:
            expected[cell.key] = NOT_PLACEABLE
    return Page(_lines(report, rnd, table), expected)


#: Marks an expected cell that must not be placed at all (another format's cell).
NOT_PLACEABLE = "（不应导入）"


# -- shape 11: empty tables and text in number cells
def empty_tables(report: AnnualReport, rnd: random.Random) -> Page:
    """Tables printed with their labels and no number at all (one cell per line)."""

    def table(tid: str) -> list[str]:
        return [
            text
            for row in grid(report, tid)
            for text, cov, value in row
            if not cov and not value and text
        ]

    expected = {c.key: BLANK for c in report.spec.cells}
    return Page(_lines(report, rnd, table), expected)  # type: ignore[arg-type]


def text_in_cells(report: AnnualReport, rnd: random.Random) -> tuple[Page, dict[str, str]]:
    """Pipe rows where some cells hold ``减N``, ``+(N) -(N)`` or ``-``; returns the page and the
    printed texts by cell."""
    shown = blanked(report, rnd, share=0.0)
    printed: dict[str, str] = {}
    expected = expected_of(shown)
    signed = [c for c in shown.spec.cells if c.type.value == "signed"]
    counts = [c for c in shown.spec.table("T3").cells if c.column.key == "C1"]
    for cell in signed[:2]:
        n = rnd.randint(1, 9)
        printed[cell.key] = f"减{n}"
        shown.values[cell.key] = f"减{n}"
        expected[cell.key] = -n
    for cell, text in zip(counts[2:4], ("+(3) -(1)", "-"), strict=False):
        printed[cell.key] = text
        shown.values[cell.key] = text
        expected[cell.key] = text

    def table(tid: str) -> list[str]:
        return [" | ".join(text for text, _, _ in row) + " |" for row in grid(shown, tid)]

    return Page(_lines(shown, rnd, table), expected), printed
