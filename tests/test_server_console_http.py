"""The console's pages and forms over real HTTP: sessions, CSRF, isolation, the year-over-year
comparison, the audit page (the browser walk is in test_server_console_browser.py)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.factories import consistent_report, following_report
from support.server import District, auth, live_server, make_district
from xl_disclosure.export import export_payload
from xl_disclosure.server.db import Database

HTML = {"Accept": "text/html"}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[District, str]]:
    db = Database(tmp_path / "c.sqlite")
    d = make_district(db)
    with live_server(db, rate=0) as url:
        yield d, url


def login(url: str, token: str) -> httpx.Client:
    http = httpx.Client(base_url=url, timeout=30, headers=HTML)
    r = http.post("/console/login", data={"token": token})
    assert r.status_code == 303, r.text
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    return http


def csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_year_over_year_change_is_shown(site: tuple[District, str]) -> None:
    d, url = site
    last = consistent_report("gb2021", random.Random(5), agency=d.a_name, year=2023)
    this = following_report(last, random.Random(6))
    with httpx.Client(base_url=url, timeout=30) as api:
        for report, reason in ((last, ""), (this, "")):
            body, _ = export_payload(report)
            r = api.post(
                "/submissions", content=body, headers=auth(d.a_token), params={"reason": reason}
            )
            assert r.status_code == 201, r.text
    office = login(url, d.office_token)
    page = office.get(f"/console/units/{d.a}", params={"year": 2024}).text
    assert "与上年度比较" in page and "没有上一年度的报告可比较" not in page
    assert "新收申请" in page and "与上年重复" in page
    page_2023 = office.get(f"/console/units/{d.a}", params={"year": 2023}).text
    assert "没有上一年度的报告可比较" in page_2023


def test_forms_need_the_session_and_its_csrf_value(site: tuple[District, str]) -> None:
    d, url = site
    body, _ = export_payload(
        consistent_report("gb2021", random.Random(7), agency=d.a_name, year=2024)
    )
    httpx.post(f"{url}/submissions", content=body, headers=auth(d.a_token), timeout=30)
    anonymous = httpx.post(
        f"{url}/console/units/{d.a}/2024/act", data={"action": "approve"}, timeout=30
    )
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "login-required"
    office = login(url, d.office_token)
    page = office.get(f"/console/units/{d.a}", params={"year": 2024}).text
    forged = office.post(f"/console/units/{d.a}/2024/act", data={"action": "approve", "csrf": "x"})
    assert forged.status_code == 403 and "表单已过期" in forged.text
    ok = office.post(
        f"/console/units/{d.a}/2024/act", data={"action": "approve", "csrf": csrf(page)}
    )
    assert ok.status_code == 303
    assert '状态：<b class="s-approved">通过' in office.get(f"/console/units/{d.a}?year=2024").text
    audit = office.get("/console/audit").text
    assert "审核通过" in audit and "示范区（政务公开办" in audit
    out = office.post("/console/logout", data={"csrf": csrf(page)})
    assert out.status_code == 303
    assert office.get("/console/").status_code in (303, 401)


def test_an_agency_sees_only_its_own_page(site: tuple[District, str]) -> None:
    d, url = site
    agency = login(url, d.a_token)
    home = agency.get("/console/", follow_redirects=True)
    assert f"{d.a_name} " in home.text and "报送期限" in home.text
    assert agency.get(f"/console/units/{d.b}").status_code == 404
    assert agency.get(f"/console/regions/{d.district}").status_code == 404
    assert "退回" not in home.text.split("<h2>")[0].split("状态：")[1][:40]


def test_a_bad_token_gets_the_login_page_again(site: tuple[District, str]) -> None:
    _, url = site
    r = httpx.post(f"{url}/console/login", data={"token": "nope"}, headers=HTML, timeout=30)
    assert r.status_code == 401 and "令牌无效" in r.text
    r = httpx.get(f"{url}/console/regions/1", headers=HTML, timeout=30)
    assert r.status_code == 303 and r.headers["location"] == "/console/login"
