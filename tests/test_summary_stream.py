"""The summary workbook's long sheets are streamed in as XML text: every kind of value comes
back from openpyxl as it went in, and text no XML file can hold is cleaned, never a broken file."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from xl_disclosure.receiving.aggregate.xlsx_stream import LongSheet, splice


def test_streamed_rows_read_back_as_written(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "清单"
    ws.append(["机关", "数值", "说明"])
    frame = tmp_path / "frame.xlsx"
    wb.save(frame)
    rows = [
        ["A&B<局>", 12, "“引号”与 'apos' & <标签>"],
        ["某局", 1.5, None],
        ["", 3.0, True],
        ["控制\x01字符\x0b", float("nan"), "代理\ud800项"],
        [42, -7, "1e20"],
    ]
    sheet = LongSheet("清单", lambda: iter(rows), first_row=2, columns=3)
    out = splice(frame, [sheet], tmp_path / "out.xlsx")
    got = [list(r) for r in load_workbook(out).active.iter_rows(min_row=2, values_only=True)]  # type: ignore[union-attr]
    assert got == [
        ["A&B<局>", 12, "“引号”与 'apos' & <标签>"],
        ["某局", 1.5, None],
        [None, 3, True],
        ["控制字符", None, "代理?项"],
        [42, -7, "1e20"],
    ]
