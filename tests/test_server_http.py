"""The workbook buttons against the server over real HTTP (uvicorn on 127.0.0.1).

The payloads are built exactly as xlwings' VBA client builds them from real filled workbooks;
the returned actions are applied back to the file. Every button needs the agency's token; the
alert after 导出JSON tells the agency its version, its state and the office's reason.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest

from support.action_applier import apply_to_file, coloured_cells
from support.factories import consistent_report
from support.remote_payload import build_payload
from support.server import District, auth, client, live_server, make_district
from xl_disclosure.builder import build_workbook
from xl_disclosure.builder.fill import write_report
from xl_disclosure.builder.marks import install_marks
from xl_disclosure.layout import layout_for
from xl_disclosure.model import AnnualReport
from xl_disclosure.server.db import Database

pytestmark = pytest.mark.skipif(
    not os.environ.get("XLWINGS_LICENSE_KEY"),
    reason="remote engine needs XLWINGS_LICENSE_KEY=noncommercial",
)
YEAR = 2024


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[District, httpx.Client]]:
    db = Database(tmp_path / "b.sqlite")
    d = make_district(db)
    with live_server(db, rate=0) as url, client(url) as http:
        yield d, http


def _book(report: AnnualReport, path: Path) -> Path:
    wb = build_workbook(report.format_id)
    install_marks(wb, layout_for(report.format_id))
    write_report(wb, report)
    wb.save(path)
    return path


def _alert(actions: list[dict[str, Any]]) -> str:
    alert = actions[-1]
    assert alert["func"] == "alert"
    return str(alert["args"][0])


def test_validate_returns_actions_the_client_applies(
    site: tuple[District, httpx.Client], tmp_path: Path
) -> None:
    d, http = site
    report = consistent_report("gb2021", random.Random(11), agency=d.a_name, year=YEAR)
    report.values["T3.total.C7"] = int(str(report.values["T3.total.C7"])) + 1
    path = _book(report, tmp_path / "填报.xlsx")
    refused = http.post("/xlwings/validate", json=build_payload(path))
    assert refused.status_code == 401 and "访问令牌" in refused.json()["error"]
    r = http.post("/xlwings/validate", json=build_payload(path), headers=auth(d.a_token))
    assert r.status_code == 200
    actions = r.json()["actions"]
    assert [a["func"] for a in actions][-3:] == ["activateSheet", "rangeSelect", "alert"]
    apply_to_file(path, actions)
    p = layout_for("gb2021").locate("T3.total.C7")
    assert p is not None
    assert coloured_cells(openpyxl.load_workbook(path))[(p.sheet, p.cell)][0] == "E"


def test_export_json_submits_a_version_and_the_alert_tells_state_and_reason(
    site: tuple[District, httpx.Client], tmp_path: Path
) -> None:
    d, http = site
    first = _book(
        consistent_report("gb2021", random.Random(12), agency=d.a_name, year=YEAR),
        tmp_path / "a.xlsx",
    )
    r = http.post("/xlwings/export_json", json=build_payload(first), headers=auth(d.a_token))
    text = _alert(r.json()["actions"])
    assert "已提交到服务器" in text and "第 1 版" in text and "当前状态：已提交" in text, text
    cases = http.get(f"/api/units/{d.a}/cases/{YEAR}", headers=auth(d.office_token)).json()
    assert cases["versions"][0]["source"] == "button"
    back = http.post(
        f"/api/units/{d.a}/cases/{YEAR}/return",
        json={"reason": "表三数字有误"},
        headers=auth(d.office_token),
    )
    assert back.json()["state"] == "returned"
    again = http.post("/xlwings/export_json", json=build_payload(first), headers=auth(d.a_token))
    assert "服务器未接收" in _alert(again.json()["actions"])  # unchanged after a return
    second = _book(
        consistent_report("gb2021", random.Random(13), agency=d.a_name, year=YEAR),
        tmp_path / "b.xlsx",
    )
    r = http.post("/xlwings/export_json", json=build_payload(second), headers=auth(d.a_token))
    text = _alert(r.json()["actions"])
    assert "第 2 版" in text and "上次退回原因：表三数字有误" in text, text
    http.post(f"/api/units/{d.a}/cases/{YEAR}/approve", json={}, headers=auth(d.office_token))
    r = http.post("/xlwings/export_json", json=build_payload(first), headers=auth(d.a_token))
    assert "审核通过" in _alert(r.json()["actions"]) and "联系政务公开办退回" in _alert(
        r.json()["actions"]
    )
    history = http.get(f"/api/units/{d.a}/cases/{YEAR}", headers=auth(d.a_token)).json()["versions"]
    assert [v["reason"] for v in history] == ["按退回意见修改后重新提交", ""]


def test_a_workbook_of_another_agency_is_not_submitted(
    site: tuple[District, httpx.Client], tmp_path: Path
) -> None:
    d, http = site
    path = _book(
        consistent_report("gb2021", random.Random(14), agency=d.b_name, year=YEAR),
        tmp_path / "b.xlsx",
    )
    r = http.post("/xlwings/export_json", json=build_payload(path), headers=auth(d.a_token))
    assert "不一致" in _alert(r.json()["actions"])
    assert (
        http.get(f"/api/units/{d.b}/cases/{YEAR}", headers=auth(d.office_token)).json()["versions"]
        == []
    )


def test_export_draft_gives_a_download_link(
    site: tuple[District, httpx.Client], tmp_path: Path
) -> None:
    d, http = site
    path = _book(
        consistent_report("gb2021", random.Random(15), agency=d.a_name, year=YEAR),
        tmp_path / "c.xlsx",
    )
    r = http.post("/xlwings/export_draft", json=build_payload(path), headers=auth(d.a_token))
    link = _alert(r.json()["actions"]).split("\n")[-1]
    assert link.startswith(str(http.base_url).rstrip("/") + "/files/"), link
    got = httpx.get(link, timeout=30)
    assert got.status_code == 200 and got.content[:2] == b"PK"
    wrong = httpx.get(link.split("?")[0] + "?key=wrong", timeout=30)
    assert wrong.status_code == 404 and "链接无效" in wrong.json()["error"]
