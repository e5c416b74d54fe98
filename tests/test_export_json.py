"""Canonical JSON: schema-valid, deterministic, lossless, refuses on errors."""

from __future__ import annotations

import json
import random
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.factories import consistent_report
from xl_disclosure.cli import main
from xl_disclosure.errors import ExportError
from xl_disclosure.export import export_json, export_payload
from xl_disclosure.io.canonical import load_report_json, report_from_dict, report_to_dict
from xl_disclosure.io.schema import dump_schema, load_schema, schema_id
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import format_ids, load_format

SCHEMAS = Path(__file__).parents[1] / "src" / "xl_disclosure" / "schemas"


@pytest.mark.parametrize("fmt", format_ids())
def test_shipped_schema_equals_generated(fmt: str) -> None:
    shipped = (SCHEMAS / f"{fmt}.schema.json").read_text("utf-8")
    assert shipped == dump_schema(load_format(fmt)), "regenerate with: make schemas"
    schema = json.loads(shipped)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == schema_id(fmt) and "/1.0.0/" in schema["$id"]


@settings(max_examples=40, deadline=None)
@given(fmt=st.sampled_from(format_ids()), seed=st.integers(0, 2**31))
def test_export_is_schema_valid_deterministic_and_lossless(fmt: str, seed: int) -> None:
    report = consistent_report(fmt, random.Random(seed))
    payload, result = export_payload(report)
    assert payload == export_payload(report)[0]
    data = json.loads(payload)
    jsonschema.validate(
        data, load_schema(fmt), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert data["validation"] == result.summary() | {"valid": True}
    again = report_from_dict(data)
    assert export_payload(again)[0] == payload


def test_zhenhai_exports_with_kept_warnings(zhenhai: AnnualReport, tmp_path: Path) -> None:
    zhenhai.meta.money_unit = "元"
    path, result = export_json(zhenhai, tmp_path / "zh.json")
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "gb2019+zj-2019" and data["meta"]["agency"] == "镇海区新闻中心"
    assert data["profile"] == {
        "id": "zj-2019",
        "version": "1.0.0",
        "name": zhenhai.spec.profile.name,
    }  # type: ignore[union-attr]
    assert data["validation"]["warnings"] == len(result.warnings) > 0
    assert data["values"]["ZJ.T1.R1"] == 154 and data["values"]["ZJ.T1.R4"] == "/"
    assert report_to_dict(load_report_json(path), data["validation"]) == data


def test_export_refuses_on_errors_and_names_them(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(4))
    report.values["T4.F05"] = 77
    with pytest.raises(ExportError, match=r"T4-001.*行政复议"):
        export_json(report, tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


def test_export_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.json"
    src.write_text(
        json.dumps(report_to_dict(consistent_report("gb2019", random.Random(2)))), "utf-8"
    )
    out = tmp_path / "out.json"
    out.write_text("old", "utf-8")
    assert main(["export", str(src), "-o", str(out)]) == 2  # as every command: usage, exit 2
    assert out.read_text("utf-8") == "old"
    assert "已存在" in capsys.readouterr().err
    assert main(["export", str(src), "-o", str(out), "--force"]) == 0
    assert json.loads(out.read_text("utf-8"))["format"] == "gb2019"


def test_cli_export_refused_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = report_to_dict(consistent_report("gb2021", random.Random(9)))
    data["values"]["T3.new.C1"] = "abc"
    src = tmp_path / "in.json"
    src.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert main(["export", str(src), "-o", str(tmp_path / "o.json")]) == 1
    assert "V-002" in capsys.readouterr().err
    assert not (tmp_path / "o.json").exists()
