"""Everywhere a format goes, a profile goes: the template built with ``--profile``, the
workbook filled and read back (also where the profile is not installed), the JSON and its
extended schema, the validator and the draft."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from support.profiles import profiled_report
from xl_disclosure.builder.fill import fill_template
from xl_disclosure.cli import main
from xl_disclosure.draft.document import build_document
from xl_disclosure.draft.model import Heading, Table
from xl_disclosure.io.canonical import report_from_dict, report_to_dict
from xl_disclosure.io.schema import load_schema
from xl_disclosure.layout import META_SHEET, PROFILE_META_CELLS, RULES_SHEET, layout_for
from xl_disclosure.readers import read_workbook
from xl_disclosure.spec import load_format, register_profile
from xl_disclosure.spec.load import read_profile_file
from xl_disclosure.validate import validate

PROFILES = Path(__file__).parents[1] / "src" / "xl_disclosure" / "spec" / "profiles"
NOTICE = PROFILES / "notice-example.toml"
TZ = "gb2021+notice-example"
ZJ = "gb2019+zj-2019"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tpl")
    assert main(["build-template", "--profile", str(NOTICE), "-o", str(out)]) == 0
    return out / f"{TZ}.xlsx"


def test_template_has_the_profile_sheets_fields_and_rules(template: Path) -> None:
    wb = load_workbook(template)
    layout = layout_for(TZ)
    assert wb.sheetnames[:-2] == [
        *layout.sheet_names,
    ]  # + the hidden meta and marks sheets
    assert "本地统计表" in wb.sheetnames
    ws = wb["本地统计表"]
    shown = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    assert {"政府网站", "政策解读稿件数", "单位", "（三）主动公开渠道及解读回应情况"} <= shown
    for key in ("TZ.T1.A.R1", "TZ.T1.B.R6", "TZ.leader_signed", "TZ.filed_date", "TZ.zone"):
        p = layout.locate(key)
        assert p is not None and wb.defined_names[p.name] is not None, key
        assert wb[p.sheet][p.cell].protection.locked is False
    rules = wb[RULES_SHEET]
    texts = [str(c.value) for row in rules.iter_rows() for c in row if c.value]
    assert {f"TZ-{i:03d}" for i in range(1, 11)} <= set(texts)
    assert any("公式：len(section.1) <= 3000" in t for t in texts)
    assert "历年审核" in texts and "表间审核" in texts
    meta = wb[META_SHEET]
    assert meta["B2"].value == TZ
    assert meta[PROFILE_META_CELLS["profile"]].value == "notice-example"
    assert meta[PROFILE_META_CELLS["profile_version"]].value == "1.0.0"
    assert json.loads(meta["B7"].value) == read_profile_file(NOTICE)


def test_slash_is_a_valid_entry_where_the_profile_allows_it(tmp_path: Path) -> None:
    path = tmp_path / "zj.xlsx"
    assert main(["build-template", "--profile", "zj-2019", "-o", str(path)]) == 0
    wb = load_workbook(path)
    p = layout_for(ZJ).locate("ZJ.T1.R3")
    assert p is not None and p.na
    rules = [dv for dv in wb[p.sheet].data_validations.dataValidation if p.cell in str(dv.sqref)]
    assert [dv.type for dv in rules] == ["custom"] and '"/"' in (rules[0].formula1 or "")


@pytest.mark.parametrize("fid", [TZ, ZJ])
def test_fill_read_validate_export_round_trip(tmp_path: Path, fid: str) -> None:
    report = profiled_report(fid, random.Random(3))
    loaded = read_workbook(fill_template(report, tmp_path / "r.xlsx"))
    assert loaded.findings == []
    assert loaded.report == report
    assert validate(loaded.report).findings == ()
    data = report_to_dict(report)
    jsonschema.validate(data, load_schema(fid))
    assert report_to_dict(report_from_dict(json.loads(json.dumps(data)))) == data


def test_extended_schema_types_the_profile(tmp_path: Path) -> None:
    data = report_to_dict(profiled_report(TZ, random.Random(4)))
    schema = load_schema(TZ)
    assert schema["properties"]["values"]["properties"]["TZ.T1.A.total"]["oneOf"][0] == {
        "type": "integer",
        "minimum": 0,
    }
    assert data["fields"]["TZ.leader_signed"] is True
    for broken in (
        {**data, "fields": {**data["fields"], "TZ.leader_signed": "是"}},
        {**data, "values": {**data["values"], "TZ.T1.B.R1": -1}},
        {k: v for k, v in data.items() if k != "profile"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_a_workbook_carries_its_profile_where_it_is_not_installed(tmp_path: Path) -> None:
    """A profile given as a file (not installed): the filled workbook validates in a fresh
    process that has never seen the profile."""
    data = read_profile_file(NOTICE) | {"profile": "carried-notice"}
    path = tmp_path / "carried.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    fid = register_profile(data, str(path))
    report = profiled_report(TZ, random.Random(8))
    report.format_id = fid
    report.values["TZ.T1.A.total"] = int(str(report.values["TZ.T1.A.total"])) + 1
    book = fill_template(report, tmp_path / "carried.xlsx")
    path.unlink()
    proc = subprocess.run(
        [sys.executable, "-m", "xl_disclosure.cli", "validate", str(book)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    assert "TZ-002" in proc.stdout and "合计" in proc.stdout


def test_each_workbook_is_read_with_the_profile_version_it_carries(tmp_path: Path) -> None:
    """Two versions of a profile that is not installed, carried by two workbooks: each is read
    with its own, in either order in one process (the verdict does not depend on which file a
    worker saw first); a JSON naming the profile after them is refused as in a fresh process."""
    data = read_profile_file(NOTICE) | {"profile": "carried-versions"}
    books = []
    for i, version in enumerate(("1.0.0", "1.1.0")):
        fid = register_profile(data | {"version": version}, f"v{version}")
        report = profiled_report(TZ, random.Random(20 + i))
        report.format_id = fid
        books.append(fill_template(report, tmp_path / f"{i}-{version}.xlsx"))
    stray = tmp_path / "z.json"
    stray.write_text(json.dumps(report_to_dict(report), ensure_ascii=False), "utf-8")
    for order in (books, books[::-1]):
        proc = subprocess.run(
            [sys.executable, "-m", "xl_disclosure.cli", "validate", *map(str, order), str(stray)],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert "R-003" not in proc.stdout, proc.stdout
        assert proc.stdout.count("[通过]") == 2, proc.stdout
        assert "无法读取 1 个" in proc.stdout and "z.json" in proc.stdout + proc.stderr


def test_an_older_profile_version_is_r003(tmp_path: Path) -> None:
    data = read_profile_file(NOTICE) | {"profile": "versioned-notice"}
    fid = register_profile(data, "v1")
    report = profiled_report(TZ, random.Random(9))
    report.format_id = fid
    book = fill_template(report, tmp_path / "v1.xlsx")
    register_profile(data | {"version": "1.1.0"}, "v1.1")
    loaded = read_workbook(book)
    assert [f.rule for f in loaded.findings] == ["R-003"]
    assert "1.0.0版" in loaded.findings[0].message and "1.1.0版" in loaded.findings[0].message
    assert loaded.report.value("TZ.T1.A.R1") == report.value("TZ.T1.A.R1")
    json_path = tmp_path / "v1.json"
    data_v1 = report_to_dict(report)
    data_v1["profile"]["version"] = "1.0.0"
    json_path.write_text(json.dumps(data_v1, ensure_ascii=False), "utf-8")
    from xl_disclosure.readers.load import load_report

    assert [f.rule for f in load_report(json_path).findings] == ["R-003"]


def test_a_newer_profile_version_is_r004_not_advice_to_take_the_older_template(
    tmp_path: Path,
) -> None:
    """A server reads every book with the first carried version: a book of a newer version is
    told the system is behind (R-004), a book of an older one to take the newer template."""
    from xl_disclosure.spec import first_carried_profiles, forget_carried_profiles

    data = read_profile_file(NOTICE) | {"profile": "newer-in-server"}
    books = {}
    try:  # each book built with its own version (the fixture's command-line mode)
        for i, version in enumerate(("1.0.0", "1.10.0")):
            fid = register_profile(data | {"version": version}, f"v{version}", fallback=True)
            report = profiled_report(TZ, random.Random(30 + i))
            report.format_id = fid
            books[version] = (fill_template(report, tmp_path / f"{version}.xlsx"), report)
        for first, then, rule in (("1.0.0", "1.10.0", "R-004"), ("1.10.0", "1.0.0", "R-003")):
            forget_carried_profiles()
            with first_carried_profiles():  # read as a server reads them
                assert read_workbook(books[first][0]).findings == []
                book, report = books[then]
                loaded = read_workbook(book)
            assert [f.rule for f in loaded.findings] == [rule]
            message = loaded.findings[0].message
            assert f"按地方配置“{data['name']}”{then}版填报" in message and f"{first}版" in message
            if rule == "R-004":
                assert "比本系统当前的1.0.0版新" in message and "更新地方配置" in message
            else:
                assert "建议按新版配置的模板重新填报" in message
            assert loaded.report.value("TZ.T1.A.R1") == report.value("TZ.T1.A.R1")
    finally:
        forget_carried_profiles()


def test_profile_versions_are_ordered_as_numbers() -> None:
    from xl_disclosure.readers.base import profile_version_findings

    spec = load_format(register_profile(read_profile_file(NOTICE) | {"profile": "ordered"}, "o"))
    assert spec.profile is not None and spec.profile.version == "1.0.0"
    rules = {v: [f.rule for f in profile_version_findings(spec, v)] for v in ("1", "1.0", "0.9")}
    assert rules == {"1": [], "1.0": [], "0.9": ["R-003"]}
    assert [f.rule for f in profile_version_findings(spec, "1.0.1")] == ["R-004"]
    assert [f.rule for f in profile_version_findings(spec, "二版")] == ["R-003"]


def test_draft_prints_profile_tables_as_tables_and_fields_in_their_section() -> None:
    report = profiled_report(TZ, random.Random(6))
    doc = build_document(report)
    blocks = list(doc.blocks)
    official = next(b for b in blocks if isinstance(b, Table) and b.name == "T2")
    local = next(b for b in blocks if isinstance(b, Table) and b.name == "TZ.T1")
    at = blocks.index(local)
    assert blocks.index(official) < at and blocks[at - 1] == Heading(
        "（三）主动公开渠道及解读回应情况", 2
    )
    texts = local.texts()
    assert texts[:4] == ["分渠道主动公开政府信息数", "渠道", "单位", "数量"]
    assert "政策解读稿件数" in texts and str(report.value("TZ.T1.B.R1")) in texts
    six = doc.headings(1).index("六、其他需要报告的事项")
    assert "政务公开专区建设情况" in doc.headings(2)
    zone = next(i for i, b in enumerate(blocks) if b == Heading("政务公开专区建设情况", 2))
    assert blocks.index(Heading(doc.headings(1)[six], 1)) < zone
    report.fields["TZ.zone"] = ""
    empty = build_document(report)
    after = list(empty.blocks)[list(empty.blocks).index(Heading("政务公开专区建设情况", 2)) + 1]
    assert "【待补充" in getattr(after, "text", "")


def test_cli_profile_check_verdicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "check", str(NOTICE)]) == 0
    out = capsys.readouterr().out
    assert (
        "审核公式 10 条" in out
        and "TZ-001【强制｜文本审核】第一部分“总体情况”的字数不大于3000" in out
    )
    data = read_profile_file(PROFILES / "zj-2019.json")
    data["rules"].append({"id": "ZJ-009", "severity": "提示", "check": "ZJ.T1.R1 >= 0"})
    never = tmp_path / "never.json"
    never.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert main(["profile", "check", str(never)]) == 1
    assert "规则 ZJ-009 永远不会触发" in capsys.readouterr().err
    data["rules"][-1] = {"id": "ZJ-009", "severity": "提示", "check": "ZJ.T1.R1 >=\n ZJ.T1.R99"}
    never.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert main(["profile", "check", str(never)]) == 2
    err = capsys.readouterr().err
    assert "规则 ZJ-009：第2行第2列：未知的单元格或名称“ZJ.T1.R99”" in err
    assert main(["build-template", "--profile", str(never), "-o", str(tmp_path)]) == 2
    assert "ZJ-009" in capsys.readouterr().err and not list(tmp_path.glob("*.xlsx"))


def test_global_profile_option_reads_json_of_a_profile_not_installed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = read_profile_file(NOTICE) | {"profile": "cli-notice"}
    profile = tmp_path / "cli-notice.toml"
    shutil.copy(NOTICE, profile)
    profile.write_text(
        profile.read_text("utf-8").replace('"notice-example"', '"cli-notice"'), "utf-8"
    )
    report = profiled_report(TZ, random.Random(12))
    out = report_to_dict(report)
    out["format"] = out["$schema"] = "gb2021+cli-notice"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(out, ensure_ascii=False), "utf-8")
    code = subprocess.run(
        [sys.executable, "-m", "xl_disclosure.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert code.returncode == 2 and "本机未安装该配置" in code.stderr
    assert main(["--profile", str(profile), "validate", str(path)]) == 0, capsys.readouterr()
    assert load_format("gb2021+cli-notice").profile is not None and data["profile"] == "cli-notice"


def test_a_server_keeps_the_first_carried_version() -> None:
    """In a server (books read in several threads) a carried version never changes under a
    reader: the first one carried stays, and a later version is only an R-003."""
    from xl_disclosure.spec import first_carried_profiles, forget_carried_profiles

    data = read_profile_file(NOTICE) | {"profile": "carried-in-server"}
    fid = "gb2021+carried-in-server"
    try:
        with first_carried_profiles():
            register_profile(data | {"version": "1.0.0"}, "a", fallback=True)
            with first_carried_profiles():  # a second server in the process
                register_profile(data | {"version": "1.1.0"}, "b", fallback=True)
            register_profile(data | {"version": "1.1.0"}, "b", fallback=True)  # still held
            assert load_format(fid).profile.version == "1.0.0"  # type: ignore[union-attr]
        register_profile(data | {"version": "1.1.0"}, "b", fallback=True)
        assert load_format(fid).profile.version == "1.1.0"  # type: ignore[union-attr]
    finally:
        forget_carried_profiles()


def test_a_running_server_holds_the_mode_and_releases_it_when_it_stops(tmp_path: Path) -> None:
    """Building an app changes nothing; while it serves over a socket the first carried
    version stays; once it stopped, the process reads each workbook with its own again."""
    import urllib.request

    from support.live_server import serving
    from xl_disclosure.server.app import create_app
    from xl_disclosure.spec import forget_carried_profiles

    data = read_profile_file(NOTICE) | {"profile": "carried-while-serving"}
    fid = "gb2021+carried-while-serving"

    def carried_now(version: str) -> str:
        register_profile(data | {"version": version}, version, fallback=True)
        found = load_format(fid).profile
        assert found is not None
        return found.version

    try:
        app = create_app(tmp_path / "s.sqlite3")
        assert carried_now("1.0.0") == "1.0.0" and carried_now("1.1.0") == "1.1.0"
        with serving(app) as base:
            with urllib.request.urlopen(base + "/console/login") as reply:
                assert reply.status == 200
            forget_carried_profiles()
            assert carried_now("1.0.0") == "1.0.0" and carried_now("1.1.0") == "1.0.0"
        assert carried_now("1.2.0") == "1.2.0"
    finally:
        forget_carried_profiles()
