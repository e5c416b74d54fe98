"""The server over real HTTP on 127.0.0.1 (uvicorn in a thread, httpx as the client)."""

from __future__ import annotations

import json
import os
import random
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.action_applier import apply_to_file, coloured_cells
from support.factories import consistent_report
from support.remote_payload import build_payload
from xl_disclosure.builder import build_workbook
from xl_disclosure.builder.fill import write_report
from xl_disclosure.builder.marks import install_marks
from xl_disclosure.export import export_payload
from xl_disclosure.layout import layout_for
from xl_disclosure.model import AnnualReport
from xl_disclosure.server.store import Store

httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")
pytestmark = pytest.mark.skipif(
    not os.environ.get("XLWINGS_LICENSE_KEY"),
    reason="remote engine needs XLWINGS_LICENSE_KEY=noncommercial",
)
TOKEN = "test-token-123"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    from xl_disclosure.server.app import create_app

    db = tmp_path / "store.sqlite"
    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(create_app(db, TOKEN), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", db
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def _book(report: AnnualReport, path: Path) -> Path:
    wb = build_workbook(report.format_id)
    install_marks(wb, layout_for(report.format_id))
    write_report(wb, report)
    wb.save(path)
    return path


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_validate_endpoint_returns_actions_the_client_applies(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = server
    report = consistent_report("gb2021", random.Random(11))
    report.values["T3.total.C7"] = int(str(report.values["T3.total.C7"])) + 1
    path = _book(report, tmp_path / "填报.xlsx")
    r = httpx.post(f"{url}/xlwings/validate", json=build_payload(path), timeout=60)
    assert r.status_code == 200
    actions = r.json()["actions"]
    assert [a["func"] for a in actions] == [
        "setValues",
        "setValues",
        "activateSheet",
        "rangeSelect",
        "alert",
    ]
    apply_to_file(path, actions)
    p = layout_for("gb2021").locate("T3.total.C7")
    assert p is not None
    assert coloured_cells(__import__("openpyxl").load_workbook(path))[(p.sheet, p.cell)][0] == "E"


def test_remote_export_stores_a_submission_with_the_token(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    url, db = server
    path = _book(consistent_report("gb2021", random.Random(12)), tmp_path / "正确.xlsx")
    refused = httpx.post(f"{url}/xlwings/export_json", json=build_payload(path), timeout=60)
    assert refused.status_code == 200 and "拒绝导出" in refused.json()["actions"][-1]["args"][0]
    assert Store(db).count() == 0
    ok = httpx.post(
        f"{url}/xlwings/export_json", json=build_payload(path), headers=_auth(), timeout=60
    )
    alert = ok.json()["actions"][-1]
    assert alert["func"] == "alert" and "提交编号 1" in alert["args"][0]
    back = httpx.get(f"{url}/submissions/1", headers=_auth(), timeout=10)
    assert back.status_code == 200 and back.json()["format"] == "gb2021"


def test_submit_and_read_back(server: tuple[str, Path]) -> None:
    url, _ = server
    body, _ = export_payload(consistent_report("gb2019", random.Random(13)))
    r = httpx.post(f"{url}/submissions", content=body, headers=_auth(), timeout=30)
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    back = httpx.get(f"{url}/submissions/{sid}", headers=_auth(), timeout=10)
    assert back.status_code == 200 and back.content == body


def test_bad_token_is_refused_and_nothing_stored(server: tuple[str, Path]) -> None:
    url, db = server
    body, _ = export_payload(consistent_report("gb2021", random.Random(14)))
    for headers in ({}, _auth("wrong"), {"Authorization": TOKEN}):
        r = httpx.post(f"{url}/submissions", content=body, headers=headers, timeout=10)
        assert r.status_code == 401 and "未授权" in r.text
    assert httpx.get(f"{url}/submissions/1", headers=_auth("wrong"), timeout=10).status_code == 401
    assert Store(db).count() == 0


def test_malformed_or_invalid_json_is_refused_with_a_chinese_message(
    server: tuple[str, Path],
) -> None:
    url, db = server
    good, _ = export_payload(consistent_report("gb2021", random.Random(15)))
    truncated = good[: len(good) // 2]
    r = httpx.post(f"{url}/submissions", content=truncated, headers=_auth(), timeout=10)
    assert r.status_code == 422
    assert "JSON 格式错误" in r.json()["problems"][0]
    data = json.loads(good)
    data["values"]["T3.total.C7"] = "十二"
    r = httpx.post(
        f"{url}/submissions", content=json.dumps(data).encode(), headers=_auth(), timeout=10
    )
    assert r.status_code == 422 and any("不符合规范" in p for p in r.json()["problems"])
    data = json.loads(good)
    data["values"]["T3.total.C7"] = data["values"]["T3.total.C7"] + 1
    r = httpx.post(
        f"{url}/submissions", content=json.dumps(data).encode(), headers=_auth(), timeout=10
    )
    assert r.status_code == 422 and any(p.startswith("[T3-") for p in r.json()["problems"])
    assert Store(db).count() == 0
