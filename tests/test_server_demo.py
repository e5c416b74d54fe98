"""``make serve``: the demo district a newcomer sees at once (and the CLI that serves it)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from support.server import free_port
from xl_disclosure.server.auth import principal_for
from xl_disclosure.server.db import Database
from xl_disclosure.server.demo import DISTRICT, build_demo
from xl_disclosure.server.queries import region_list
from xl_disclosure.server.units import find_unit

ROOT = Path(__file__).resolve().parents[1]


def test_the_demo_district_has_every_kind_of_state(tmp_path: Path) -> None:
    path, lines = build_demo(tmp_path)
    db = Database(path)
    office_token = next(line.split("：")[1] for line in lines if "示例区政务公开办" in line)
    office = principal_for(db, office_token)
    district = find_unit(db, DISTRICT)
    assert office is not None and district is not None
    rows = region_list(db, office, district.id, 2019)
    labels = sorted(r.label for r in rows)
    assert labels == sorted(["已报", "已报", "通过", "退回", "逾期"])
    late = [r.unit.name for r in rows if r.version and r.version["late"]]
    assert late == ["示例区卫生健康局"]
    assert (tmp_path / "tokens.txt").read_text("utf-8").count("：") >= 7
    again, _ = build_demo(tmp_path)  # a second run starts afresh: the old tokens are gone
    assert principal_for(Database(again), office_token) is None


def test_serve_demo_starts_the_console(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xl_disclosure.cli",
            "serve",
            "--demo",
            str(tmp_path),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/console/login", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and "请输入政务公开办或本单位的访问令牌" in r.text
        token = (tmp_path / "tokens.txt").read_text("utf-8").splitlines()[2].split("：")[1]
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            page = http.post(
                "/console/login",
                data={"token": token},
                headers={"Accept": "text/html"},
                follow_redirects=True,
            )
            assert page.status_code == 200 and "示例区 2019 年度报送情况" in page.text
            assert "退回" in page.text and "逾期" in page.text
    finally:
        proc.terminate()
        proc.wait(timeout=20)
