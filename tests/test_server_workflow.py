"""The review workflow over real HTTP (uvicorn on 127.0.0.1), on SQLite and on PostgreSQL.

Every state transition, versions (immutable, history, reason), per-agency isolation, the
audit log, kept warnings, deadlines and late flags, refusals, and the roll-up to the city.
"""

from __future__ import annotations

import io
import json
import random
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime

import httpx
import pytest

from support.factories import consistent_report
from support.server import District, Fixed, auth, client, live_server, make_district
from xl_disclosure.export import export_payload
from xl_disclosure.server.db import Database
from xl_disclosure.server.units import add_unit, set_deadline

YEAR = 2024
KEPT = "D-009@section.1"


def report(agency: str, seed: int = 1, *, kept: bool = False, error: bool = False) -> bytes:
    r = consistent_report("gb2021", random.Random(seed), agency=agency, year=YEAR)
    if kept:  # leave out one topic of section 1 (a warning) and explain it
        r.sections[1].text = r.sections[1].text.split("（五）")[0].strip()
        r.explanations[KEPT] = "本单位监督保障工作在第五部分说明。"
    body, _ = export_payload(r)
    if error:
        data = json.loads(body)
        data["values"]["T3.total.C7"] += 1
        body = json.dumps(data, ensure_ascii=False).encode()
    return body


@pytest.fixture
def world(database: Database) -> Iterator[tuple[District, httpx.Client, Fixed]]:
    d = make_district(database)
    clock = Fixed(datetime(2025, 1, 10, 2, 0, tzinfo=UTC))
    with live_server(database, clock=clock, rate=0) as url, client(url) as http:
        yield d, http, clock


def submit(http: httpx.Client, token: str, body: bytes, reason: str = "") -> httpx.Response:
    params = {"reason": reason} if reason else {}
    return http.post("/submissions", content=body, headers=auth(token), params=params)


def act(http: httpx.Client, token: str, unit: int, action: str, **fields: str) -> httpx.Response:
    return http.post(f"/api/units/{unit}/cases/{YEAR}/{action}", json=fields, headers=auth(token))


def case(http: httpx.Client, token: str, unit: int) -> httpx.Response:
    return http.get(f"/api/units/{unit}/cases/{YEAR}", headers=auth(token))


def _chinese_error(r: httpx.Response, status: int, code: str | None = None) -> dict[str, object]:
    assert r.status_code == status, r.text
    data: dict[str, object] = r.json()
    assert data["ok"] is False and any("\u4e00" <= ch <= "\u9fff" for ch in str(data["error"]))
    if code:
        assert data["code"] == code, data
    return data


def test_submit_approve_file_publish_and_the_audit_log(
    world: tuple[District, httpx.Client, Fixed],
) -> None:
    d, http, _ = world
    body = report(d.a_name)
    r = submit(http, d.a_token, body)
    assert r.status_code == 201, r.text
    assert (r.json()["number"], r.json()["state"], r.json()["late"]) == (1, "submitted", False)
    _chinese_error(act(http, d.a_token, d.a, "approve"), 403, "forbidden")  # not its own reviewer
    assert act(http, d.office_token, d.a, "approve").json()["state"] == "approved"
    assert act(http, d.office_token, d.a, "file").json()["state"] == "filed"
    _chinese_error(
        act(http, d.a_token, d.a, "publish", url="ftp://x", date="2025-01-20"), 422, "bad-url"
    )
    _chinese_error(
        act(http, d.a_token, d.a, "publish", url="https://x.gov.cn/r", date="1月"), 422, "bad-date"
    )
    r = act(http, d.a_token, d.a, "publish", url="https://x.gov.cn/r.html", date="2025-01-20")
    assert r.json()["state"] == "published"
    detail = case(http, d.a_token, d.a).json()
    assert detail["case"]["state"] == "published"
    assert detail["published"] == {"url": "https://x.gov.cn/r.html", "date": "2025-01-20"}
    events = [(e["action"], e["actor"]) for e in reversed(detail["audit"])]
    assert [a for a, _ in events] == ["submit", "approve", "file", "publish"]
    assert "示范区教育局" in events[0][1] and "示范区（政务公开办" in events[1][1]
    assert all(e["at"] for e in detail["audit"])
    entries = http.get("/api/audit", headers=auth(d.office_token)).json()["entries"]
    assert [e["action"] for e in entries] == ["publish", "file", "approve", "submit"]
    assert entries[0]["detail"]["url"] == "https://x.gov.cn/r.html"
    back = http.get(f"/submissions/{detail['versions'][0]['id']}", headers=auth(d.a_token))
    assert back.content == body
    _chinese_error(submit(http, d.a_token, report(d.a_name, 5), "改一处"), 409, "closed")


def test_return_resubmit_versions_and_history(world: tuple[District, httpx.Client, Fixed]) -> None:
    d, http, _ = world
    first = report(d.a_name, 1)
    v1 = submit(http, d.a_token, first).json()
    _chinese_error(act(http, d.office_token, d.a, "return"), 422, "reason-required")
    r = act(http, d.office_token, d.a, "return", reason="第五部分改进措施不具体")
    assert r.json()["state"] == "returned"
    mine = case(http, d.a_token, d.a).json()["case"]
    assert (mine["state"], mine["label"], mine["reason"]) == (
        "returned",
        "退回",
        "第五部分改进措施不具体",
    )
    _chinese_error(submit(http, d.a_token, first, "再交"), 409, "unchanged")
    second = report(d.a_name, 2)
    _chinese_error(submit(http, d.a_token, second), 422, "reason-required")
    v2 = submit(http, d.a_token, second, "按意见补充改进措施")
    assert v2.status_code == 201 and v2.json()["number"] == 2
    assert v2.json()["reason"] == "第五部分改进措施不具体"  # the office's reason, shown back
    assert submit(http, d.a_token, second).status_code == 200  # same content: no new version
    detail = case(http, d.a_token, d.a).json()
    history = [(v["number"], v["reason"]) for v in detail["versions"]]
    assert history == [(2, "按意见补充改进措施"), (1, "")]
    assert (
        detail["case"]["active_version"]["number"] == 2 and detail["case"]["state"] == "submitted"
    )
    old = http.get(f"/submissions/{v1['version_id']}", headers=auth(d.office_token))
    assert old.content == first  # never overwritten
    assert act(http, d.office_token, d.a, "approve").json()["state"] == "approved"
    assert (
        act(http, d.office_token, d.a, "return", reason="备案前发现标题错误").json()["state"]
        == "returned"
    )


def test_transitions_out_of_order_are_refused(world: tuple[District, httpx.Client, Fixed]) -> None:
    d, http, _ = world
    _chinese_error(act(http, d.office_token, d.a, "approve"), 409, "no-submission")
    submit(http, d.a_token, report(d.a_name))
    _chinese_error(act(http, d.office_token, d.a, "file"), 409, "wrong-state")
    _chinese_error(
        act(http, d.office_token, d.a, "publish", url="https://a.cn", date="2025-01-02"),
        409,
        "wrong-state",
    )
    _chinese_error(act(http, d.office_token, d.a, "archive"), 404, "not-found")
    act(http, d.office_token, d.a, "approve")
    _chinese_error(act(http, d.office_token, d.a, "approve"), 409, "wrong-state")
    assert case(http, d.office_token, d.a).json()["case"]["state"] == "approved"


def test_an_agency_cannot_read_or_overwrite_another(
    world: tuple[District, httpx.Client, Fixed],
) -> None:
    d, http, _ = world
    a_body = report(d.a_name)
    vid = submit(http, d.a_token, a_body).json()["version_id"]
    _chinese_error(http.get(f"/submissions/{vid}", headers=auth(d.b_token)), 404)
    _chinese_error(case(http, d.b_token, d.a), 404)
    _chinese_error(http.get("/api/cases", params={"year": YEAR}, headers=auth(d.b_token)), 403)
    _chinese_error(act(http, d.b_token, d.a, "return", reason="x"), 404)
    _chinese_error(http.get("/api/audit", params={"unit": d.a}, headers=auth(d.b_token)), 404)
    _chinese_error(submit(http, d.b_token, report(d.a_name, 3)), 403, "wrong-agency")
    assert http.get("/api/audit", headers=auth(d.b_token)).json()["entries"] == []
    # A is unchanged: one version, B's attempt left nothing under A.
    detail = case(http, d.a_token, d.a).json()
    assert [v["number"] for v in detail["versions"]] == [1]
    assert http.get(f"/submissions/{vid}", headers=auth(d.a_token)).content == a_body
    # Another district's office sees nothing of this district; the city sees everything.
    other = add_unit(d.db, "邻区", parent="示范市", region=True)
    from xl_disclosure.server.auth import issue_token

    other_token = issue_token(d.db, other.id, "office")
    _chinese_error(case(http, other_token, d.a), 404)
    _chinese_error(
        http.get(
            "/api/cases", params={"year": YEAR, "region": d.district}, headers=auth(other_token)
        ),
        404,
    )
    assert case(http, d.city_token, d.a).json()["case"]["state"] == "submitted"
    _chinese_error(http.get("/submissions/1", headers=auth("x" * 43)), 401, "unauthorised")


def test_kept_warnings_must_be_accepted_before_approval(
    world: tuple[District, httpx.Client, Fixed],
) -> None:
    d, http, _ = world
    assert submit(http, d.a_token, report(d.a_name, kept=True)).status_code == 201
    kept = case(http, d.office_token, d.a).json()["kept_warnings"]
    assert [(k["fingerprint"], k["explanation"]) for k in kept] == [
        (KEPT, "本单位监督保障工作在第五部分说明。")
    ]
    _chinese_error(act(http, d.office_token, d.a, "approve"), 409, "undecided")
    url = f"/api/units/{d.a}/cases/{YEAR}/warnings"
    r = http.post(
        url,
        json={"fingerprint": KEPT, "decision": "rejected", "note": "说明不充分"},
        headers=auth(d.office_token),
    )
    assert r.status_code == 200, r.text
    _chinese_error(act(http, d.office_token, d.a, "approve"), 409, "rejected-warning")
    _chinese_error(
        http.post(
            url, json={"fingerprint": "X@y", "decision": "accepted"}, headers=auth(d.office_token)
        ),
        404,
    )
    _chinese_error(
        http.post(url, json={"fingerprint": KEPT, "decision": "accepted"}, headers=auth(d.a_token)),
        403,
    )
    http.post(
        url,
        json={"fingerprint": KEPT, "decision": "accepted", "note": "可以"},
        headers=auth(d.office_token),
    )
    assert act(http, d.office_token, d.a, "approve").json()["state"] == "approved"
    review = case(http, d.office_token, d.a).json()["kept_warnings"][0]["review"]
    assert (review["decision"], review["note"]) == ("accepted", "可以")
    actions = [e["action"] for e in case(http, d.office_token, d.a).json()["audit"]]
    assert actions.count("review-warning") == 2


def test_deadlines_late_flags_and_overdue(world: tuple[District, httpx.Client, Fixed]) -> None:
    d, http, clock = world
    with pytest.raises(Exception, match="只能提前"):
        set_deadline(d.db, YEAR, "department", date(2025, 2, 1))
    set_deadline(d.db, YEAR, "department", date(2025, 1, 15))
    clock.when = datetime(2025, 1, 15, 15, 0, tzinfo=UTC)  # 23:00 in China: still on time
    assert submit(http, d.a_token, report(d.a_name)).json()["late"] is False
    clock.when = datetime(2025, 1, 15, 16, 30, tzinfo=UTC)  # 00:30 on the 16th in China
    rows = {
        c["unit"]: c
        for c in http.get("/api/cases", params={"year": YEAR}, headers=auth(d.office_token)).json()[
            "cases"
        ]
    }
    assert (rows[d.b_name]["label"], rows[d.b_name]["overdue"], rows[d.b_name]["deadline"]) == (
        "逾期",
        True,
        "2025-01-15",
    )
    assert rows[d.a_name]["label"] == "已报" and rows[d.a_name]["overdue"] is False
    r = submit(http, d.b_token, report(d.b_name))
    assert r.json()["late"] is True
    rows = {
        c["unit"]: c
        for c in http.get("/api/cases", params={"year": YEAR}, headers=auth(d.office_token)).json()[
            "cases"
        ]
    }
    assert rows[d.b_name]["label"] == "已报" and rows[d.b_name]["overdue"] is True
    late = [e for e in case(http, d.office_token, d.b).json()["audit"] if e["action"] == "submit"]
    assert late[0]["detail"]["late"] is True


def test_refused_reports_are_recorded_not_stored(
    world: tuple[District, httpx.Client, Fixed],
) -> None:
    d, http, _ = world
    r = submit(http, d.a_token, report(d.a_name, error=True))
    data = _chinese_error(r, 422, "refused")
    assert any(str(p).startswith("[T3-") for p in data["problems"])  # type: ignore[union-attr]
    detail = case(http, d.office_token, d.a).json()
    assert detail["versions"] == [] and detail["case"]["label"] == "有错误"
    assert [e["action"] for e in detail["audit"]] == ["submit-refused"]
    assert submit(http, d.a_token, report(d.a_name)).status_code == 201
    assert case(http, d.office_token, d.a).json()["case"]["label"] == "已报"


def test_the_district_rolls_up_and_submits_to_the_city(
    world: tuple[District, httpx.Client, Fixed],
) -> None:
    import openpyxl

    from xl_disclosure.io.canonical import report_from_dict
    from xl_disclosure.validate import validate

    d, http, _ = world
    submit(http, d.a_token, report(d.a_name, 1))
    submit(http, d.b_token, report(d.b_name, 2))
    act(http, d.office_token, d.b, "return", reason="请核对表三")
    combined = http.get(
        f"/api/regions/{d.district}/combined.json",
        params={"year": YEAR},
        headers=auth(d.office_token),
    )
    assert combined.status_code == 200
    data = combined.json()
    assert data["meta"]["agency"] == "示范区（汇总）" and validate(report_from_dict(data)).valid
    a_values = json.loads(report(d.a_name, 1))["values"]
    assert data["values"]["T3.total.C7"] == a_values["T3.total.C7"]  # the returned one is out
    xlsx = http.get(
        f"/api/regions/{d.district}/summary.xlsx",
        params={"year": YEAR},
        headers=auth(d.office_token),
    )
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert "各单位" in wb.sheetnames
    _chinese_error(
        http.get(
            f"/api/regions/{d.district}/combined.json",
            params={"year": YEAR},
            headers=auth(d.a_token),
        ),
        404,
    )
    up = http.post(f"/api/rollup/{YEAR}", json={}, headers=auth(d.office_token))
    assert up.status_code == 201, up.text
    rows = http.get("/api/cases", params={"year": YEAR}, headers=auth(d.city_token)).json()["cases"]
    assert [(c["unit"], c["label"]) for c in rows] == [("示范区", "已报")]
    assert act(http, d.city_token, d.district, "approve").json()["state"] == "approved"
    _chinese_error(act(http, d.office_token, d.district, "approve"), 403)  # not its own reviewer
    city = http.get(
        f"/api/regions/{d.city}/combined.json", params={"year": YEAR}, headers=auth(d.city_token)
    ).json()
    assert city["values"]["T3.total.C7"] == a_values["T3.total.C7"]
    _chinese_error(http.post(f"/api/rollup/{YEAR}", json={}, headers=auth(d.city_token)), 409)


def test_concurrent_submissions_of_one_agency_get_distinct_numbers(
    world: tuple[District, httpx.Client, Fixed],
) -> None:
    d, http, _ = world
    bodies = [report(d.a_name, seed) for seed in range(10, 16)]
    assert submit(http, d.a_token, bodies[0]).status_code == 201
    codes: list[int] = []

    def send(body: bytes) -> None:
        with httpx.Client(base_url=str(http.base_url), timeout=60) as c:
            codes.append(submit(c, d.a_token, body, "并发重交").status_code)

    threads = [threading.Thread(target=send, args=(b,)) for b in bodies[1:]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [201] * 5
    numbers = sorted(v["number"] for v in case(http, d.a_token, d.a).json()["versions"])
    assert numbers == [1, 2, 3, 4, 5, 6]
