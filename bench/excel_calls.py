"""Excel side: calls the validate button makes on the book for 0, 10 and 200 findings.

Reuses the Excel helper's counting hook (:class:`xl_disclosure.excel.CallLog`, one entry per
xlwings call) on the remote engine (``xw.Book(json=payload)``, the payload the VBA client
posts), so it runs on Linux without Excel.
"""

from __future__ import annotations

import json
import random
from pathlib import Path


def _report_with(n: int) -> object:
    from support.factories import consistent_report
    from xl_disclosure.cells import BLANK
    from xl_disclosure.model import AnnualReport

    report = consistent_report("gb2021", random.Random(3))
    if n == 0:
        return report
    if n >= 200:
        return AnnualReport.blank("gb2021", agency="测试局", year=2024)
    keys = [c.key for c in report.spec.cells if c.key.startswith("T2")]
    for key in keys[: n - 1]:
        report.values[key] = "/"  # V-006 warning on each
    report.values[keys[n - 1]] = BLANK  # one error
    return report


def excel_calls(work: Path) -> list[dict[str, object]]:
    import xlwings as xw

    from support.remote_payload import build_payload
    from xl_disclosure import excel
    from xl_disclosure.builder import build_workbook
    from xl_disclosure.builder.fill import write_report
    from xl_disclosure.builder.marks import install_marks
    from xl_disclosure.layout import layout_for

    rows: list[dict[str, object]] = []
    for n in (0, 10, 200):
        report = _report_with(n)
        wb = build_workbook("gb2021")
        install_marks(wb, layout_for("gb2021"))
        write_report(wb, report)  # type: ignore[arg-type]
        path = work / f"excel{n}.xlsx"
        wb.save(path)
        book = xw.Book(json=json.loads(json.dumps(build_payload(path))))
        try:
            log = excel.CallLog()
            result = excel.validate(book, log=log)
            actions = book.json()["actions"]
        finally:
            book.close()
        rows.append(
            {
                "target_findings": n,
                "findings": len(result.findings) if result is not None else 0,
                "calls": log.total,
                "by_kind": dict(sorted(log.counts.items())),
                "actions": len(actions),
            }
        )
    return rows
