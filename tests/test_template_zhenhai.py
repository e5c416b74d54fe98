"""The Zhenhai 2019 report is representable in the gb2019 template with the Zhejiang profile
(its local table is the profile's table): filled in, read back, it is the same report and
validates exactly as the JSON fixture does."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.workbooks import fill_template
from xl_disclosure.io.canonical import report_to_dict
from xl_disclosure.model import AnnualReport
from xl_disclosure.readers import read_workbook
from xl_disclosure.validate import validate


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_zhenhai_round_trips_through_the_template(
    zhenhai: AnnualReport, tmp_path: Path, engine: str
) -> None:
    path = fill_template(zhenhai, tmp_path / "zhenhai.xlsx")
    result = read_workbook(path, engine=engine)  # type: ignore[arg-type]
    assert result.findings == []
    back = result.report
    assert report_to_dict(back) == report_to_dict(zhenhai)
    assert back.format_id == "gb2019+zj-2019"
    assert back.value("ZJ.T1.R1") == 154 and back.value("ZJ.T1.R3") == "/"
    assert (
        back.sections[1].title == "一、政府信息公开工作总体情况"
    )  # the published wording survives
    assert validate(back).flatten(("rule", "places", "message")) == validate(zhenhai).flatten(
        ("rule", "places", "message")
    )
