"""The staff page's endpoints over real HTTP (no browser): limits, refusals, downloads."""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.factories import consistent_report
from support.live_server import serving
from support.staff_world import agency_store, stored_body, stored_count
from test_marked_copy import broken
from xl_disclosure.builder.fill import fill_template
from xl_disclosure.server.staff import MAX_UPLOAD
from xl_disclosure.server.staff_forms import safe_name

httpx = pytest.importorskip("httpx")
TOKEN = "staff-page-token-3f9c2a71b6d04e58a1c7e2"
#: The agency of the reports these tests fill in (the store knows it under this name).
AGENCY = consistent_report("gb2021", random.Random(7)).meta.agency


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    from xl_disclosure.server.app import create_app

    db = tmp_path / "s.sqlite"
    with serving(create_app(agency_store(db, AGENCY, TOKEN))) as base:
        yield base, db


def _post(base: str, path: str, **kwargs: object) -> httpx.Response:
    return httpx.post(f"{base}/staff/{path}", timeout=60, **kwargs)  # type: ignore[arg-type]


def test_page_headers_and_static_files(site: tuple[str, Path]) -> None:
    base, _ = site
    home = httpx.get(f"{base}/staff")
    assert home.status_code == 200 and "拖到这里" in home.text
    assert "default-src 'none'" in home.headers["content-security-policy"]
    assert home.headers["cache-control"] == "no-store"
    assert "http" not in home.text.replace(base, "").split("<main>")[0].lower().replace(
        "http-equiv", ""
    )  # no external resource in the head
    css = httpx.get(f"{base}/staff/static/staff.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert httpx.get(f"{base}/staff/static/../app.py").status_code == 404
    assert httpx.get(f"{base}/staff/static/secret.txt").status_code == 404


def test_refusals_are_chinese_pages(site: tuple[str, Path], tmp_path: Path) -> None:
    base, db = site
    too_big = _post(base, "check", files={"file": ("a.xlsx", b"0" * (MAX_UPLOAD + 1))})
    assert too_big.status_code == 413 and "文件过大" in too_big.text
    assert _post(base, "check", content=b"x" * 100).status_code == 400
    wrong_type = _post(base, "check", files={"file": ("报告.docx", b"PK..")})
    assert wrong_type.status_code == 400 and "只能上传 .xlsx 或 .xlsm" in wrong_type.text
    tampered = _post(base, "check", data={"book": "!!not base64!!", "name": "a.xlsx"})
    assert tampered.status_code == 400 and "重新上传" in tampered.text
    book = fill_template(broken(), tmp_path / "填报.xlsx").read_bytes()
    form = {"book": base64.b64encode(book).decode(), "name": "填报.xlsx", "token": TOKEN}
    refused = _post(base, "json", data=form)
    assert refused.status_code == 409 and "不能导出" in refused.text
    assert _post(base, "submit", data=form).status_code == 409
    assert stored_count(db) == 0


def test_downloads_and_submit_from_the_page_data(site: tuple[str, Path], tmp_path: Path) -> None:
    base, db = site
    book = fill_template(consistent_report("gb2021", random.Random(7)), tmp_path / "x.xlsx")
    form = {"book": base64.b64encode(book.read_bytes()).decode(), "name": "../../某局.xlsx"}
    marked = _post(base, "marked", data=form)
    assert marked.status_code == 200 and marked.content[:2] == b"PK"
    assert (
        "%E6%9F%90%E5%B1%80_%E5%B7%B2%E6%A0%87%E8%AE%B0.xlsx"
        in marked.headers["content-disposition"]
    )  # 某局_已标记.xlsx, without the folders
    exported = _post(base, "json", data=form)
    assert exported.status_code == 200 and json.loads(exported.content)["format"] == "gb2021"
    assert _post(base, "draft", data=form).content[:2] == b"PK"
    assert _post(base, "submit", data=form).status_code == 401
    assert _post(base, "submit", data={**form, "token": "bad"}).status_code == 422
    assert stored_count(db) == 0
    stored = _post(base, "submit", data={**form, "token": TOKEN})
    assert stored.status_code == 201 and "第 1 版" in stored.text
    assert stored_body(db) == exported.content


def test_safe_name_keeps_only_the_file_name() -> None:
    assert safe_name("C:\\Users\\张三\\桌面\\报告.xlsx") == "报告.xlsx"
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name('a<b>"c.xlsx') == "abc.xlsx"
    assert safe_name("") == "填报.xlsx"
