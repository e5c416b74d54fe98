"""The Excel path, hardened: xlwings pinned to the vendored VBA, server names in every macro
template, desktop mode's Python lookup and message, short alerts, and the test doubles of the
VBA client (``ParseIso``, new error values) as exact as the client itself."""

from __future__ import annotations

import json
import random
import re
import sys
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from support.action_applier import apply_to_file, parse_iso, vba_value
from support.factories import consistent_report
from support.remote_payload import build_body, build_payload
from xl_disclosure.builder import build_workbook
from xl_disclosure.builder.fill import write_report
from xl_disclosure.builder.marks import install_marks
from xl_disclosure.cli import main
from xl_disclosure.excel.client_body import LOST_ERROR, loads_client_body
from xl_disclosure.excel.desktop import (
    PYTHON_NOT_FOUND,
    VBA_CONSTANTS,
    from_vba_text,
    read_config,
    user_config_path,
    vba_text,
    write_user_config,
)
from xl_disclosure.excel.xlsm.build import MACROS_DIR, SERVER_TOKEN_NAME, SERVER_URL_NAME
from xl_disclosure.layout import layout_for

ROOT = Path(__file__).resolve().parents[1]
T3 = "三、收到和处理政府信息公开申请情况"


def _vendored_version() -> str:
    text = (MACROS_DIR / "xlwings" / "xlwings.bas").read_text("utf-8")
    m = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', text)
    assert m is not None
    return m.group(1)


def test_xlwings_is_pinned_to_the_version_the_vba_is_vendored_from() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = f"xlwings=={_vendored_version()}"
    pins = [
        dep
        for deps in project["optional-dependencies"].values()
        for dep in deps
        if dep.startswith("xlwings")
    ]
    assert pins and all(dep == wanted for dep in pins), pins
    assert not any(dep.startswith("xlwings") for dep in project["dependencies"])


# -- server mode names ---------------------------------------------------------------------
def _names(path: Path) -> dict[str, str]:
    wb = load_workbook(path, keep_vba=True)
    return {n: str(wb.defined_names[n].attr_text) for n in (SERVER_URL_NAME, SERVER_TOKEN_NAME)}


@pytest.mark.parametrize("format_id", ["gb2019", "gb2021"])
def test_committed_macro_templates_predefine_empty_server_names(format_id: str) -> None:
    assert _names(ROOT / "workbook_templates" / f"{format_id}.xlsm") == {
        SERVER_URL_NAME: '""',
        SERVER_TOKEN_NAME: '""',
    }


def test_build_xlsm_server_url_and_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["build-xlsm", "--format", "gb2021", "-o", str(tmp_path)]
    assert main([*args, "--server-url", "http://10.0.0.5:8765/", "--server-token", "tok-123"]) == 0
    assert "http://10.0.0.5:8765" in capsys.readouterr().out
    assert _names(tmp_path / "gb2021.xlsm") == {
        SERVER_URL_NAME: '"http://10.0.0.5:8765"',
        SERVER_TOKEN_NAME: '"tok-123"',
    }
    assert main([*args, "--server-url", 'http://x"; evil']) == 2
    assert "服务器地址" in capsys.readouterr().err
    assert main([*args, "--server-token", "tok"]) == 2  # a token without an address


def test_prefill_writes_a_macro_workbook_with_this_agencys_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from xl_disclosure.io.canonical import dumps, report_to_dict

    last = consistent_report("gb2021", random.Random(3))
    last.meta.year = 2023
    prev = tmp_path / "2023.json"
    prev.write_bytes(dumps(report_to_dict(last)))
    out = tmp_path / "2024.xlsm"
    server = ["--server-url", "https://gk.example.gov.cn", "--server-token", "agency-7"]
    assert main(["prefill", str(prev), "-o", str(out), *server]) == 0
    assert _names(out) == {
        SERVER_URL_NAME: '"https://gk.example.gov.cn"',
        SERVER_TOKEN_NAME: '"agency-7"',
    }
    from xl_disclosure.readers import read_workbook

    loaded = read_workbook(out)
    assert loaded.report.meta.year == 2024 and any(f.rule == "S-001" for f in loaded.findings)
    carried = loaded.report.value("T3.carry_in.C7")
    assert carried == last.value("T3.carry_out.C7")
    assert main(["prefill", str(prev), "-o", str(tmp_path / "x.xlsx"), *server]) == 2
    assert ".xlsm" in capsys.readouterr().err


# -- desktop mode ----------------------------------------------------------------------------
def test_vba_message_when_python_is_missing_is_the_chinese_text() -> None:
    text = (MACROS_DIR / "XlDisclosure.bas").read_text("utf-8")
    assert text.isascii()
    for name, message in VBA_CONSTANTS.items():
        m = re.search(rf'Private Const {name} As String = "([0-9A-F ]+)"', text)
        assert m is not None, name
        assert from_vba_text(m.group(1)) == message
        assert len(m.group(0)) < 1024  # a VBA line holds at most 1,023 characters
    assert "excel-setup" in PYTHON_NOT_FOUND and len(PYTHON_NOT_FOUND) < 200
    assert "MsgBox Zh(MSG_NO_PYTHON)" in text and "If Not PythonFound() Then" in text
    assert from_vba_text(vba_text("校验结果：𠀀")) == "校验结果：𠀀"  # surrogate pairs too


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_user_config_is_written_where_xlwings_vba_reads_it(tmp_path: Path, platform: str) -> None:
    path = user_config_path(tmp_path, platform)
    expected = (
        tmp_path / ".xlwings" / "xlwings.conf"
        if platform == "win32"
        else tmp_path / "Library/Containers/com.microsoft.Excel/Data/xlwings.conf"
    )
    assert path == expected
    path.parent.mkdir(parents=True)
    path.write_bytes(b'"CONDA PATH","C:\\\\conda"\r\n"INTERPRETER_WIN","old"\r\n')
    written = write_user_config(sys.executable, home=tmp_path, platform=platform)
    assert written == path
    key = "INTERPRETER_WIN" if platform == "win32" else "INTERPRETER_MAC"
    settings = read_config(path, platform)
    assert settings[key] == sys.executable and settings["CONDA PATH"] == "C:\\\\conda"
    # the exact line format VBA's Input # reads: "KEY","VALUE" then CRLF
    assert f'"{key}","{sys.executable}"\r\n'.encode() in path.read_bytes()


def test_excel_setup_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "win32")
    assert main(["excel-setup"]) == 0
    conf = tmp_path / ".xlwings" / "xlwings.conf"
    assert read_config(conf, "win32")["INTERPRETER_WIN"] == sys.executable
    assert main(["excel-setup", "--python", str(tmp_path / "nope.exe")]) == 2


# -- alerts ---------------------------------------------------------------------------------
def _press(button: Any, path: Path, **kwargs: Any) -> list[tuple[str, str]]:
    xw = pytest.importorskip("xlwings")
    book = xw.Book(json=json.loads(json.dumps(build_payload(path))))
    try:
        button(book, **kwargs)
        actions = book.json()["actions"]
    finally:
        book.close()
    return apply_to_file(path, actions)


def test_alerts_stay_short_and_point_to_the_findings_sheet(tmp_path: Path) -> None:
    from xl_disclosure import excel
    from xl_disclosure.excel.buttons import MAX_ALERT

    report = consistent_report("gb2021", random.Random(4))
    for key in list(report.values)[:150]:
        report.values[key] = "这里填写了一段很长的文字而不是数字" * 3
    wb = build_workbook("gb2021")
    install_marks(wb, layout_for("gb2021"))
    write_report(wb, report)
    path = tmp_path / "很多错误.xlsx"
    wb.save(path)
    alerts = _press(excel.validate, path)
    alerts += _press(excel.export_json, path, sink=lambda *a: "x")
    assert len(alerts) == 2
    for prompt, mode in alerts:
        assert mode == "critical" and len(prompt) <= MAX_ALERT, len(prompt)
        assert "校验结果" in prompt


# -- the VBA client's doubles ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05T10:20:30.000Z", datetime(2024, 3, 5, 10, 20, 30)),
        ("2024-03-05", datetime(2024, 3, 5)),
        ("1-2-3", datetime(2001, 2, 3)),  # two-digit years windowed, like DateSerial
        ("99-1-1", datetime(1999, 1, 1)),
        ("2024-13-01", datetime(2025, 1, 1)),  # months roll over
        ("2024-03-00", datetime(2024, 2, 29)),  # day 0 is the last day of the month before
        ("2024-01-02-05", datetime(2024, 1, 2)),  # a fourth part is ignored
        (" 2024 - 1 - 2 ", datetime(2024, 1, 2)),  # CInt trims
        ("2024-1-2.5", datetime(2024, 1, 2)),  # CInt rounds half to even
        ("2024-1-3.5", datetime(2024, 1, 4)),
        ("2024-01-02T", datetime(2024, 1, 2)),  # empty time part
        ("2024-01-02T5", datetime(2024, 1, 2, 5)),
        ("2024-01-02T1:2:3:4", datetime(2024, 1, 2)),  # four time parts: time ignored
        ("2024-01-02T10:00+08:00", datetime(2024, 1, 2, 10)),  # offset parsed, not applied
        ("2021-2022-2023 年", "2021-2022-2023 年"),  # CInt("2023 年") fails: raw text
        ("T3-001", "T3-001"),
        ("V-001@T3.new.C1", "V-001@T3.new.C1"),
        ("2024-01-02t10:00", "2024-01-02t10:00"),  # lower-case t: CInt("02t10:00") fails
        ("2024-01-02 Total", "2024-01-02 Total"),  # splits at "T", then CInt("otal") fails
        ("40000-1-1", "40000-1-1"),  # CInt overflow
        ("&H7E8-1-1", datetime(2024, 1, 1)),  # CInt reads hexadecimal
        ("", None),
        ("-5", "-5"),
        (-5, -5),
        (True, True),
        (None, None),
    ],
)
def test_set_values_parse_strings_like_the_vba_client(text: Any, expected: Any) -> None:
    assert vba_value(text) == expected


def test_parse_iso_raises_where_the_vba_raises() -> None:
    from support.action_applier import _VbaError

    for text in ("", "2024-01", "a-b-c", "2024-01-02T1:x"):
        with pytest.raises(_VbaError):
            parse_iso(text)


def _with_error_values(path: Path) -> Path:
    wb = load_workbook(path)
    ws = wb[T3]
    for ref, code in (("D15", "#SPILL!"), ("E15", "#CALC!"), ("F15", "#REF!")):
        ws[ref].value = code
        ws[ref].data_type = "e"
    wb.save(path)
    return path


def test_payload_of_new_error_values_is_what_the_client_sends_and_the_server_reads_it(
    tmp_path: Path,
) -> None:
    wb = build_workbook("gb2021")
    install_marks(wb, layout_for("gb2021"))
    write_report(wb, consistent_report("gb2021", random.Random(2)))
    path = tmp_path / "溢出.xlsx"
    wb.save(path)
    body = build_body(_with_error_values(path))
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)  # exactly as broken as ConvertToJson makes it
    payload = loads_client_body(body)
    sheet = next(s for s in payload["sheets"] if s["name"] == T3)
    assert sheet["values"][14][3:6] == [LOST_ERROR, LOST_ERROR, "#REF!"]

    import httpx

    from support.live_server import serving
    from support.staff_world import agency_store
    from xl_disclosure.server.app import create_app

    token = "button-token-5d1e8b7c2f9a4e60b3c1d7"
    store = agency_store(tmp_path / "s.sqlite", "测试区某局", token)
    with serving(create_app(store)) as base:
        answer = httpx.post(
            f"{base}/xlwings/validate",
            content=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
    assert answer.status_code == 200, answer.text
    actions = answer.json()["actions"]
    alert = next(a for a in actions if a["func"] == "alert")["args"][0]
    assert "校验结果" in alert
    written = json.dumps(actions, ensure_ascii=False)
    assert written.count("V-008@T3.carry_in.C") == 3  # each error cell gets its finding
