"""The console in headless Chromium (Playwright, the system's /usr/bin/chromium).

An office logs in, sees the expected agencies with their state, opens one, returns it with a
reason; the agency resubmits; the office accepts the kept warning, approves, files, opens the
district summary (charts and tables), downloads the summary workbook. The summary printed to
PDF shows each chart whole on one page. Screenshots go to ``out/console/``.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from support.browser import CHROMIUM, FLAGS
from support.factories import consistent_report
from support.server import District, Fixed, auth, client, live_server, make_district
from xl_disclosure.export import export_payload
from xl_disclosure.server.auth import issue_token, principal_for
from xl_disclosure.server.db import Database
from xl_disclosure.server.units import add_unit
from xl_disclosure.server.workflow import submit

playwright = pytest.importorskip("playwright.sync_api")
OUT = Path(__file__).resolve().parents[1] / "out" / "console"
YEAR = 2024
KEPT = "D-009@section.1"
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="需要 /usr/bin/chromium")


def _report(agency: str, seed: int, *, kept: bool = False) -> bytes:
    r = consistent_report("gb2021", random.Random(seed), agency=agency, year=YEAR)
    if kept:
        r.sections[1].text = r.sections[1].text.split("（五）")[0].strip()
        r.explanations[KEPT] = "监督保障工作已在第五部分说明。"
    body, _ = export_payload(r)
    return body


@pytest.fixture
def district(tmp_path: Path) -> Iterator[tuple[District, str]]:
    db = Database(tmp_path / "console.sqlite")
    d = make_district(db)
    clock = Fixed(datetime(2025, 1, 20, 2, 0, tzinfo=UTC))
    for i in range(12):  # enough agencies for the top-10 charts to need 其他
        unit = add_unit(db, f"示范区第{i + 1}局", parent="示范区")
        who = principal_for(db, issue_token(db, unit.id, "agency"))
        assert who is not None
        submit(db, who, _report(unit.name, 100 + i), "r.json", clock=clock)
    who_a = principal_for(db, d.a_token)
    assert who_a is not None
    submit(db, who_a, _report(d.a_name, 1, kept=True), "a.json", clock=clock)
    with live_server(db, clock=clock, rate=0) as url:
        yield d, url


@pytest.fixture
def page() -> Iterator[Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(
            viewport={"width": 1200, "height": 900}, accept_downloads=True
        )
        yield context.new_page()
        browser.close()


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def _state_of(page: Any, agency: str) -> str:
    row = page.locator("table.cases tr", has_text=agency)
    return str(row.locator("td").nth(1).inner_text())


def test_office_walks_the_console(
    district: tuple[District, str], page: Any, tmp_path: Path
) -> None:
    d, url = district
    page.goto(f"{url}/console/login")
    page.fill("input[name=token]", "not-a-token")
    page.click("button[type=submit]")
    assert "令牌无效" in page.inner_text("main")
    page.fill("input[name=token]", d.office_token)
    page.click("button[type=submit]")
    assert "示范区 2024 年度报送情况" in page.inner_text("h1")
    assert _state_of(page, d.a_name) == "已报" and _state_of(page, d.b_name) == "未报"
    assert page.locator("table.cases tbody tr").count() == 14
    _shot(page, "1-list")

    page.click(f"text={d.a_name}")
    assert "保留的提示" in page.inner_text("main")
    assert "监督保障工作已在第五部分说明。" in page.inner_text("table.kept")
    _shot(page, "2-agency")
    page.fill("textarea[name=reason]", "第一部分请补写监督保障情况")
    page.click("button[value=return]")
    assert "退回原因：第一部分请补写监督保障情况" in page.inner_text("main")
    _shot(page, "3-returned")

    with client(url) as http:  # the agency resubmits (as its button or page would)
        r = http.post(
            "/submissions",
            content=_report(d.a_name, 2, kept=True),
            headers=auth(d.a_token),
            params={"reason": "已补写"},
        )
        assert r.status_code == 201, r.text
    page.reload()
    assert "状态：已提交" in page.inner_text("main")
    page.click("table.kept button[value=accepted]")
    assert "已接受" in page.inner_text("table.kept")
    page.click("button[value=approve]")
    assert "状态：审核通过" in page.inner_text("main")
    page.click("button[value=file]")
    assert "状态：已备案" in page.inner_text("main")
    versions = page.locator("table.history tbody tr td:first-child").all_inner_texts()
    assert versions == ["2（当前）", "1"]
    _shot(page, "4-filed")

    page.goto(f"{url}/console/regions/{d.district}?year={YEAR}")
    assert _state_of(page, d.a_name) == "已备案"
    page.click("text=汇总表与图表")
    assert page.locator("figure.chart svg").count() == 4
    assert "其他（3 个单位）" in page.inner_text("main")
    _shot(page, "5-summary")
    with page.expect_download() as info:
        page.click("text=下载汇总工作簿")
    saved = tmp_path / "summary.xlsx"
    info.value.save_as(saved)
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()))
    names = {str(row[1].value) for row in wb["各单位"].iter_rows(min_row=2) if row[1].value}
    assert d.a_name in names and {f"示范区第{i}局" for i in range(1, 13)} <= names
    _charts_fit_on_printed_pages(page, tmp_path)


def _charts_fit_on_printed_pages(page: Any, tmp_path: Path) -> None:
    """Print the summary to A4 PDF: each chart's title and its figure number on one page."""
    pdf = tmp_path / "summary.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=True)
    shutil.copy(pdf, OUT / "summary.pdf")
    if shutil.which("pdftotext") is None:
        pytest.skip("需要 poppler 的 pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    titles = re.findall(r"图(\d)", text)
    assert sorted(set(titles)) == ["1", "2", "3", "4"]
    for n, title in enumerate(
        (
            "申请办理结果（汇总）",
            "行政复议、行政诉讼结果（汇总）",
            "新收申请最多的单位",
            "行政复议、行政诉讼最多的单位",
        ),
        start=1,
    ):
        where = [i for i, p in enumerate(pages) if title in p]
        assert where, title
        assert f"图{n}" in pages[where[0]], f"图{n} 与标题不在同一页"
