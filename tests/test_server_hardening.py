"""Hostile requests over a real socket: every reply a Chinese JSON error, nothing stored.

The classes (issue 16): body size declared or chunked, bodies without a token, deep nesting,
huge integers, NaN, lone surrogates and NUL, wrong JSON types at every key of a submission and
of a button payload, on every endpoint; the rate limit per token; unknown routes.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from support.factories import consistent_report
from support.server import District, auth, chunked, client, live_server, make_district, raw_post
from xl_disclosure.export import export_payload
from xl_disclosure.server.db import Database, drafts, versions
from xl_disclosure.server.safety import Refused, parse_json

YEAR = 2024
MB = 1024 * 1024


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[District, httpx.Client]]:
    db = Database(tmp_path / "h.sqlite")
    d = make_district(db)
    with live_server(db, rate=0) as url, client(url) as http:
        yield d, http


def stored(db: Database) -> tuple[int, int]:
    with db.read() as conn:
        return (
            int(conn.execute(select(func.count()).select_from(versions)).scalar_one()),
            int(conn.execute(select(func.count()).select_from(drafts)).scalar_one()),
        )


def is_chinese_json(r: httpx.Response) -> bool:
    if r.status_code >= 500 or not r.headers.get("content-type", "").startswith("application/json"):
        return False
    data = r.json()
    if data.get("ok") is False or "error" in data:
        return any("\u4e00" <= c <= "\u9fff" for c in str(data.get("error", "")))
    return r.status_code < 300


def rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def test_a_declared_oversize_body_is_refused_before_it_is_read(
    site: tuple[District, httpx.Client],
) -> None:
    d, http = site
    for path, token in (
        ("/xlwings/validate", ""),
        ("/submissions", d.a_token),
        ("/api/rollup/2024", d.office_token),
    ):
        headers = {"Content-Length": str(200 * MB), "Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        status, data, sent = raw_post(
            str(http.base_url).rstrip("/"), path, headers, iter([b"x" * MB] * 200)
        )
        assert status == 413 and "过大" in data["error"], data
        assert sent <= 32 * MB  # answered at once; what was sent sits in socket buffers
    assert stored(d.db) == (0, 0)


def test_a_chunked_body_is_cut_off_at_the_limit_and_memory_stays_bounded(
    site: tuple[District, httpx.Client],
) -> None:
    d, http = site
    url = str(http.base_url).rstrip("/")
    before = rss()
    for path in ("/xlwings/validate", "/submissions"):
        headers = {"Transfer-Encoding": "chunked", "Authorization": f"Bearer {d.a_token}"}
        status, data, sent = raw_post(url, path, headers, chunked(200 * MB))
        assert status == 413 and data["code"] == "too-large"
        assert sent < 40 * MB, sent  # 10 MB limit (5 MB for submissions) + socket buffers
    assert rss() - before < 120 * MB
    assert stored(d.db) == (0, 0)


def test_no_body_is_read_without_a_valid_token(site: tuple[District, httpx.Client]) -> None:
    d, http = site
    url = str(http.base_url).rstrip("/")
    for path in ("/xlwings/validate", "/xlwings/export_json", "/submissions", "/api/rollup/2024"):
        for token in ("", "x" * 43):
            headers = {"Transfer-Encoding": "chunked"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            status, data, sent = raw_post(url, path, headers, chunked(100 * MB))
            assert status == 401 and data["code"] == "unauthorised", (path, data)
            assert sent < 30 * MB
    assert stored(d.db) == (0, 0)


NESTED = b"[" * 100_000 + b"]" * 100_000
HOSTILE: dict[str, bytes] = {
    "empty": b"",
    "truncated": b'{"format": "gb2021", "meta": {',
    "nested-100k": NESTED,
    "nested-object": b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "int-5000-digits": b'{"format": "gb2021", "n": ' + b"9" * 5000 + b"}",
    "nan": b'{"format": "gb2021", "n": NaN}',
    "float-overflow": b'{"format": "gb2021", "n": 1e999}',
    "not-utf8": b"\xff\xfe{\x00}",
    "lone-surrogate": b'{"format": "gb2021", "meta": {"agency": "\\ud800"}}',
    "nul": b'{"format": "gb2021", "meta": {"agency": "a\\u0000b"}}',
    "sheets-empty": b'{"sheets": []}',
    "sheets-empty-object": b'{"sheets": [{}]}',
    "sheets-null": b'{"sheets": null}',
    "array": b"[]",
    "null": b"null",
    "string": b'"x"',
    "big-string": b'"' + b"a" * (3 * MB) + b'"',
}


def _endpoints(d: District) -> list[tuple[str, str, str]]:
    """(method, path, token) of every endpoint, with the token that may use it."""
    a, o = d.a_token, d.office_token
    unit = f"/api/units/{d.a}/cases/{YEAR}"
    out = [
        ("POST", f"/xlwings/{b}", a)
        for b in ("validate", "export_json", "export_draft", "clear_marks")
    ]
    out += [
        ("POST", "/submissions", a),
        ("POST", f"{unit}/warnings", o),
        ("POST", f"/api/rollup/{YEAR}", o),
    ]
    out += [("POST", f"{unit}/{x}", o) for x in ("approve", "return", "file", "publish")]
    out += [("POST", "/console/login", ""), ("POST", f"/console/units/{d.a}/{YEAR}/act", "")]
    out += [
        ("POST", f"/console/units/{d.a}/{YEAR}/warning", ""),
        ("POST", f"/console/rollup/{YEAR}", ""),
    ]
    out += [
        ("GET", p, o)
        for p in ("/submissions/1", "/api/me", f"/api/cases?year={YEAR}", unit, "/api/audit")
    ]
    out += [
        ("GET", f"/api/regions/{d.district}/combined.json?year={YEAR}", o),
        ("GET", "/files/1?key=x", ""),
    ]
    return out


def test_every_endpoint_answers_every_hostile_body_in_chinese_json(
    site: tuple[District, httpx.Client],
) -> None:
    d, http = site
    failures = []
    for method, path, token in _endpoints(d):
        for name, body in HOSTILE.items():
            for headers in ({}, auth(token) if token else {}):
                r = http.request(
                    method,
                    path,
                    content=body,
                    headers={**headers, "Content-Type": "application/json"},
                )
                if not is_chinese_json(r):
                    failures.append((method, path, name, r.status_code, r.text[:120]))
    assert not failures, failures[:10]
    assert stored(d.db) == (0, 0)


def test_button_payloads_without_version_are_refused_in_chinese(
    site: tuple[District, httpx.Client],
) -> None:
    d, http = site
    for body in (
        b'{"sheets":[]}',
        b'{"sheets":[{}]}',
        b'{"sheets":null}',
        b'{"version": "0.37.8"}',
    ):
        r = http.post("/xlwings/validate", content=body, headers=auth(d.a_token))
        assert r.status_code == 400 and r.json()["code"] == "bad-payload", r.text
        assert "xlwings 工作簿数据" in r.json()["error"]


VARIANTS: tuple[Any, ...] = (None, True, -1, 2.5, 10**39, "文字", [], {}, [[[]]], "\u0000")


def _paths(node: Any, prefix: tuple[Any, ...] = (), limit: int = 6) -> Iterator[tuple[Any, ...]]:
    """Key paths of a JSON document: every key of every object, the first ``limit`` items of
    lists and of large objects."""
    items = (
        list(node.items())[:limit]
        if isinstance(node, dict) and len(node) > 20
        else (
            list(node.items())
            if isinstance(node, dict)
            else list(enumerate(node[:2]))
            if isinstance(node, list)
            else []
        )
    )
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key), limit)


def _mutated(doc: Any, path: tuple[Any, ...], value: Any) -> bytes:
    copy = json.loads(json.dumps(doc))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return json.dumps(copy, ensure_ascii=False).encode("utf-8", "surrogatepass")


def test_wrong_types_at_every_key_of_a_submission(site: tuple[District, httpx.Client]) -> None:
    d, http = site
    good, _ = export_payload(
        consistent_report("gb2021", random.Random(3), agency=d.a_name, year=YEAR)
    )
    doc = json.loads(good)
    paths = list(_paths(doc))
    assert len(paths) > 40
    rnd = random.Random(7)
    failures, created, refused = [], 0, 0
    for path in paths:
        for value in rnd.sample(VARIANTS, 4):
            body = _mutated(doc, path, value)
            r = http.post(
                "/submissions", content=body, headers=auth(d.a_token), params={"reason": "变异"}
            )
            created += r.status_code == 201
            refused += r.status_code >= 400
            if not is_chinese_json(r):
                failures.append((path, value, r.status_code, r.text[:100]))
    assert not failures, failures[:10]
    assert stored(d.db)[0] == created  # one version per accepted request, none for refused
    assert refused > len(paths) * 2  # most mutations are refused, each with a reason


def test_wrong_types_at_every_key_of_a_button_payload(site: tuple[District, httpx.Client]) -> None:
    from support.remote_payload import build_payload
    from support.workbooks import template_path

    d, http = site
    payload = build_payload(template_path("gb2021"))
    payload["sheets"] = payload["sheets"][:2]
    payload["names"] = [n for n in payload["names"] if n["sheet_index"] < 2][:3]
    payload["book"]["active_sheet_index"] = 0
    paths = [p for p in _paths(payload, limit=2) if not (len(p) > 3 and p[2] == "values")]
    assert len(paths) > 20
    ok = http.post("/xlwings/clear_marks", json=payload, headers=auth(d.a_token))
    assert ok.status_code == 200 and "actions" in ok.json()
    failures = []
    for path in paths:
        for value in (None, 7, "x", [], {}):
            r = http.post(
                "/xlwings/clear_marks",
                content=_mutated(payload, path, value),
                headers=auth(d.a_token),
            )
            if not is_chinese_json(r):
                failures.append((path, value, r.status_code, r.text[:100]))
    assert not failures, failures[:10]


def test_the_rate_limit_is_per_token(tmp_path: Path) -> None:
    db = Database(tmp_path / "r.sqlite")
    d = make_district(db)
    with live_server(db, rate=0.5, burst=3) as url, client(url) as http:
        codes = [http.get("/api/me", headers=auth(d.a_token)).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        r = http.get("/api/me", headers=auth(d.a_token))
        assert r.json()["code"] == "rate-limited" and int(r.headers["retry-after"]) >= 1
        assert "请求过于频繁" in r.json()["error"]
        assert http.get("/api/me", headers=auth(d.b_token)).status_code == 200


def test_unknown_routes_and_methods_answer_in_chinese_json(
    site: tuple[District, httpx.Client],
) -> None:
    _, http = site
    for r in (http.get("/nowhere"), http.delete("/submissions"), http.get("/xlwings/validate")):
        assert r.status_code in (404, 405) and is_chinese_json(r), r.text


def _raw_exchange(url: str, data: bytes) -> bytes:
    """Send ``data`` as it is over a socket; everything the server answers until it closes."""
    import socket

    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize(
    "data",
    [
        b"GARBAGE\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(32)) + b"\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
        b"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    ],
    ids=["garbage", "tls-hello", "bad-header", "bad-length"],
)
def test_what_is_not_http_is_answered_in_chinese_json(
    site: tuple[District, httpx.Client], data: bytes
) -> None:
    """Bytes that are no HTTP request never reach the app; the protocol itself answers them
    as the app answers a refusal (uvicorn's own answer is an English line)."""
    head, _, body = _raw_exchange(str(site[1].base_url).rstrip("/"), data).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), head
    assert b"application/json; charset=utf-8" in head.lower()
    answer = json.loads(body)
    assert answer["ok"] is False and answer["code"] == "bad-request"
    assert "不是有效的 HTTP 请求" in answer["error"] and "Invalid" not in body.decode()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (NESTED, "too-deep"),
        (b'{"a":' * 70 + b"1" + b"}" * 70, "too-deep"),
        (b"1" * 41, "bad-number"),
        (b"-" + b"1" * 41, "bad-number"),
        (b"[1e400]", "bad-number"),
        (b"[Infinity]", "bad-number"),
        (b'["\\udc00"]', "bad-text"),
        (b'{"\\u0000": 1}', "bad-text"),
        (b"\xc3\x28", "not-utf8"),
        (b"{,}", "bad-json"),
    ],
)
def test_the_json_guard(body: bytes, code: str) -> None:
    with pytest.raises(Refused) as caught:
        parse_json(body)
    assert caught.value.code == code and any(
        "\u4e00" <= c <= "\u9fff" for c in caught.value.message
    )


def test_the_json_guard_accepts_what_reports_contain() -> None:
    assert parse_json(b'\xef\xbb\xbf{"a": [1, -2.5, "\xe4\xb8\xad", null, true]}') == {
        "a": [1, -2.5, "中", None, True]
    }
    assert parse_json(str(10**39).encode()) == 10**39


def test_buttons_say_so_when_the_remote_engine_is_not_licensed(
    site: tuple[District, httpx.Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    d, http = site
    monkeypatch.delenv("XLWINGS_LICENSE_KEY", raising=False)
    r = http.post("/xlwings/validate", content=b"{}", headers=auth(d.a_token))
    assert r.status_code == 503 and "XLWINGS_LICENSE_KEY" in r.json()["error"]
