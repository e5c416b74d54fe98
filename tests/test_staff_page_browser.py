"""The staff page in a real headless Chromium (Debian's, driven by Playwright) over HTTP.

One staff member's session: drop a broken workbook on the page, see the wrong cells coloured
in the redrawn table, fix the values in the workbook and upload it again, write a 说明 for the
remaining warning, download the marked copy (checked with openpyxl), export the JSON and the
draft, submit. Screenshots go to ``out/staff/`` for a person to look at.
"""

from __future__ import annotations

import base64
import json
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from support.action_applier import coloured_cells
from support.browser import CHROMIUM, FLAGS
from support.factories import consistent_report
from support.live_server import serving
from support.staff_world import agency_store, stored_body, stored_count
from test_marked_copy import T3, broken
from xl_disclosure.builder.fill import fill_template
from xl_disclosure.layout import FINDINGS_FIRST_ROW, FINDINGS_SHEET, findings_column
from xl_disclosure.readers import read_workbook

OUT = Path(__file__).resolve().parents[1] / "out" / "staff"
TOKEN = "staff-page-token-3f9c2a71b6d04e58a1c7e2"
#: The agency of the reports these tests fill in (the store knows it under this name).
AGENCY = consistent_report("gb2021", random.Random(7)).meta.agency
RED, AMBER, GREEN, CREAM = (
    "rgb(192, 0, 0)",
    "rgb(255, 192, 0)",
    "rgb(146, 208, 80)",
    "rgb(255, 242, 204)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium)")
    with sync_api.sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        except Exception as exc:  # no display libraries, sandbox refused...: cannot run here
            pytest.skip(f"Chromium cannot start here: {str(exc).splitlines()[0]}")
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    from xl_disclosure.server.app import create_app

    db = tmp_path / "store.sqlite"
    with serving(create_app(agency_store(db, AGENCY, TOKEN))) as base:
        yield base, db


def _shot(page: Any, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / name), full_page=True)


def _cell(page: Any, sheet_no: int, ref: str) -> Any:
    return page.locator(f"#sheet-{sheet_no} td[data-cell='{ref}']")


def _background(locator: Any) -> str:
    return str(locator.evaluate("el => getComputedStyle(el).backgroundColor"))


def _drop_file(page: Any, path: Path) -> None:
    """Drag a file from the desktop onto the drop zone (a real DataTransfer, a real drop)."""
    data = base64.b64encode(path.read_bytes()).decode()
    page.evaluate(
        """([name, data]) => {
            const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name));
            const zone = document.getElementById("drop");
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        }""",
        [path.name, data],
    )


def _fix(path: Path) -> None:
    """What staff do in their office suite: correct the two wrong cells, keep the "/"."""
    good = consistent_report("gb2021", random.Random(7))  # what broken() started from
    report = read_workbook(path).report
    wb = load_workbook(path)
    ws = wb[T3]
    ws["J37"] = int(str(report.values["T3.total.C7"])) - 5
    ws["D14"] = int(str(good.values["T3.new.C1"]))  # the number instead of "十二"
    wb.save(path)


def test_staff_session_in_chromium(browser: Any, site: tuple[str, Path], tmp_path: Path) -> None:
    base, db = site
    workbook = fill_template(broken(), tmp_path / "镇海区某局2024.xlsx")
    page = browser.new_page(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    errors: list[str] = []  # script errors and blocked resources (CSP, missing files)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and ("Content Security Policy" in m.text or "404" in m.text)
            else None
        ),
    )
    page.goto(f"{base}/staff")
    assert "在线校验" in page.title()
    # The browser's own file button (its words in the browser's language) is replaced by the box.
    assert page.locator("#chosen").inner_text() == "未选择文件"
    assert page.locator("#file").evaluate("e => getComputedStyle(e).opacity") == "0"
    _shot(page, "01-upload.png")

    # 1. drop the broken workbook: errors red, the warning amber, other inputs cream
    with page.expect_navigation():
        _drop_file(page, workbook)
    assert "强制 4 条" in page.locator("#summary").inner_text()
    t3 = 4
    assert _background(_cell(page, t3, "J37")) == RED
    assert _background(_cell(page, t3, "D14")) == RED
    assert _background(_cell(page, t3, "E14")) == AMBER
    assert _background(_cell(page, t3, "F14")) == CREAM
    assert "T3-001" in (_cell(page, t3, "J37").get_attribute("title") or "")
    assert _cell(page, t3, "J37").inner_text().startswith("错")  # not colour alone
    assert page.locator("#export-json").is_disabled() and page.locator("#submit").is_disabled()
    _cell(page, t3, "J37").hover()
    assert _cell(page, t3, "J37").locator(".why").is_visible()  # the explanation on the cell
    _shot(page, "02-errors.png")

    # 2. fix the values in the workbook and upload it again (file picker this time)
    _fix(workbook)
    page.set_input_files("#file", str(workbook))
    assert page.locator("#chosen").inner_text().startswith("已选择：镇海区某局2024.xlsx")
    with page.expect_navigation():
        page.click("#upload button[type=submit]")
    summary = page.locator("#summary").inner_text()
    assert "强制 0 条" in summary and "提示 1 条" in summary
    assert _background(_cell(page, t3, "J37")) == CREAM
    assert _background(_cell(page, t3, "E14")) == AMBER
    assert not page.locator("#export-json").is_disabled()
    _shot(page, "03-fixed.png")

    # 3. write the 说明 for the kept warning in the page
    reason = "本单位无商业企业申请人，填“/”表示不适用，已向政务公开办说明。"
    page.fill("textarea[name='explain:V-006@T3.new.C2']", reason)
    with page.expect_navigation():
        page.click("#recheck")
    assert _background(_cell(page, t3, "E14")) == GREEN
    assert "（已说明）" in page.locator("#f1").inner_text()
    _shot(page, "04-explained.png")
    page.set_input_files("#file", str(workbook))  # uploading again keeps the page's 说明
    with page.expect_navigation():
        page.click("#upload button[type=submit]")
    assert _background(_cell(page, t3, "E14")) == GREEN

    # 4. the marked copy carries the 说明 and the marks, read back with openpyxl
    with page.expect_download() as download:
        page.click("#download-marked")
    copy = tmp_path / download.value.suggested_filename
    download.value.save_as(copy)
    assert copy.name == "镇海区某局2024_已标记.xlsx"
    wb = load_workbook(copy)
    ws = wb[FINDINGS_SHEET]
    col = findings_column("explanation")
    assert ws[f"{col}{FINDINGS_FIRST_ROW}"].value == reason
    assert coloured_cells(wb)[(T3, "E14")][0] == "K"
    again = read_workbook(copy).validate()
    assert again.valid and all(f.kept for f in again.warnings)

    # 5. exports: the JSON records the kept warning, the draft is a .docx
    with page.expect_download() as download:
        page.click("#export-json")
    exported = json.loads(Path(download.value.path()).read_text("utf-8"))
    assert "V-006@T3.new.C2" in exported["validation"]["kept_warnings"]
    with page.expect_download() as download:
        page.click("#export-draft")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"

    # 6. submit: a wrong token is refused, the right one stores exactly one submission
    page.fill("#token", "wrong")
    with page.expect_navigation():
        page.click("#submit")
    assert "令牌错误" in page.locator("#notice").inner_text() and stored_count(db) == 0
    page.fill("#token", TOKEN)
    with page.expect_navigation():
        page.click("#submit")
    assert "已提交" in page.locator("#notice").inner_text()
    _shot(page, "05-submitted.png")
    assert stored_count(db) == 1
    assert json.loads(stored_body(db))["meta"]["agency"] == exported["meta"]["agency"]
    assert errors == []


def test_nothing_is_kept_and_bad_uploads_get_a_chinese_message(
    browser: Any, site: tuple[str, Path], tmp_path: Path
) -> None:
    base, db = site
    before = {p.name for p in Path(tempfile.gettempdir()).glob("xd-staff-*")}
    page = browser.new_page()
    page.goto(f"{base}/staff")
    fake = tmp_path / "不是工作簿.xlsx"
    fake.write_bytes(b"just text, renamed")
    page.set_input_files("#file", str(fake))
    with page.expect_navigation():
        page.click("#upload button[type=submit]")
    assert "无法校验该工作簿" in page.locator("#error").inner_text()
    big = tmp_path / "很大.xlsx"
    big.write_bytes(b"PK" + b"\0" * (6 * 1024 * 1024))
    page.set_input_files("#file", str(big))
    with page.expect_navigation():
        page.click("#upload button[type=submit]")
    assert "文件过大" in page.locator("#error").inner_text()
    _shot(page, "06-refused.png")
    workbook = fill_template(broken(), tmp_path / "填报.xlsx")
    page.set_input_files("#file", str(workbook))
    with page.expect_navigation():
        page.click("#upload button[type=submit]")
    assert page.locator("#summary").is_visible()
    assert stored_count(db) == 0  # checking stores nothing
    after = {p.name for p in Path(tempfile.gettempdir()).glob("xd-staff-*")}
    assert after <= before  # the gate's temporary files are gone
