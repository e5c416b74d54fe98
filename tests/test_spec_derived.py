"""A profile replaced by another version (same id) reaches everything worked out from the
format: cell positions, the compiled schema checks, aggregation's figure positions and the
importer's table anchors; nothing keeps answering for the old version."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from test_profile_workbook import NOTICE
from xl_disclosure.io.schema_check import compiled_validator, explaining_validator
from xl_disclosure.receiving.aggregate.collect import cell_positions
from xl_disclosure.receiving.importer.anchors import norm_label, table_anchors
from xl_disclosure.spec import derived_cache, load_format, register_profile
from xl_disclosure.spec.derived import forget_derived
from xl_disclosure.spec.load import read_profile_file


def _with_extra_row(data: dict[str, Any]) -> dict[str, Any]:
    """The notice profile with one more channel row (R7) in its first local block."""
    out = copy.deepcopy(data)
    rows = out["tables"][0]["blocks"][0]["rows"]
    rows.insert(-1, {"key": "R7", "path": ["政务短视频"], "unit": "条"})
    out["version"] = "1.1.0"
    return out


@pytest.fixture
def versions() -> tuple[str, dict[str, Any], dict[str, Any]]:
    v1 = read_profile_file(NOTICE) | {"profile": "derived-notice"}
    return register_profile(v1, "v1"), v1, _with_extra_row(v1)


def test_every_derived_cache_follows_a_replaced_profile(
    versions: tuple[str, dict[str, Any], dict[str, Any]],
) -> None:
    fid, _, v2 = versions
    new_key = "TZ.T1.A.R7"
    assert new_key not in cell_positions(fid)
    old_schema, old_fast = explaining_validator(fid), compiled_validator(fid)
    label = norm_label("政务短视频")
    assert label not in table_anchors(fid, "TZ.T1").rows
    register_profile(v2, "v1.1")
    spec = load_format(fid)
    assert spec.cell(new_key) is not None
    assert new_key in cell_positions(fid)
    assert list(cell_positions(fid)) == [c.key for c in spec.cells]
    assert explaining_validator(fid) is not old_schema and compiled_validator(fid) is not old_fast
    assert table_anchors(fid, "TZ.T1").rows[label].row.key == "R7"


def test_registering_the_same_data_again_keeps_the_caches(
    versions: tuple[str, dict[str, Any], dict[str, Any]],
) -> None:
    fid, v1, _ = versions
    before = explaining_validator(fid)
    register_profile(copy.deepcopy(v1), "again")
    assert explaining_validator(fid) is before


def test_derived_cache_is_a_cache_until_forgotten() -> None:
    calls: list[str] = []

    @derived_cache
    def probe(format_id: str) -> int:
        calls.append(format_id)
        return len(calls)

    assert probe("gb2021") == probe("gb2021") == 1
    forget_derived()
    assert probe("gb2021") == 2 and calls == ["gb2021", "gb2021"]
