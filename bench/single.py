"""One workbook: in-process validate vs ``openpyxl.load_workbook``; cold CLI vs cold openpyxl."""

from __future__ import annotations

import random
from pathlib import Path

from common import PYTHON, cli_command, run_timed, side_by_side


def single(work: Path, *, repeat: int, cold_repeat: int) -> list[dict[str, object]]:
    import openpyxl

    from support.factories import consistent_report
    from support.workbooks import fill_template
    from xl_disclosure.readers.load import load_report

    path = fill_template(consistent_report("gb2021", random.Random(1)), work / "single.xlsx")

    def ours() -> object:
        return load_report(path).validate()

    def ours_calamine() -> object:
        return load_report(path, "calamine").validate()

    warm = side_by_side(
        {
            "openpyxl": lambda: openpyxl.load_workbook(path),
            "ours": ours,
            "ours_calamine": ours_calamine,
        },
        repeat,
    )
    cold_openpyxl = [
        PYTHON,
        "-c",
        "import sys, openpyxl; openpyxl.load_workbook(sys.argv[1])",
        str(path),
    ]
    cold_ours = [*cli_command(), "validate", str(path)]
    run_timed(cold_openpyxl)
    run_timed(cold_ours)
    a, b = [], []
    for _ in range(cold_repeat):
        a.append(run_timed(cold_openpyxl))
        b.append(run_timed(cold_ours))
    a.sort()
    b.sort()
    cold_a, cold_b = a[len(a) // 2] * 1000, b[len(b) // 2] * 1000
    return [
        {
            "what": "单个工作簿：进程内 load_report + validate（openpyxl 引擎，默认）",
            "ours": f"{warm['ours']:.1f} ms",
            "baseline": f"openpyxl.load_workbook {warm['openpyxl']:.1f} ms",
            "ratio": warm["ours"] / warm["openpyxl"],
            "target": "≤ 1.5",
            "ok": warm["ours"] / warm["openpyxl"] <= 1.5,
        },
        {
            "what": "单个工作簿：进程内读取 + validate（calamine 引擎）",
            "ours": f"{warm['ours_calamine']:.1f} ms",
            "baseline": f"openpyxl.load_workbook {warm['openpyxl']:.1f} ms",
            "ratio": warm["ours_calamine"] / warm["openpyxl"],
            "target": "（参考）",
            "ok": None,
        },
        {
            "what": "单个工作簿：冷启动 CLI `xl-disclosure validate`",
            "ours": f"{cold_b:.0f} ms",
            "baseline": f"`python -c 'import openpyxl'` + load {cold_a:.0f} ms",
            "ratio": cold_b / cold_a,
            "target": "≤ 2",
            "ok": cold_b / cold_a <= 2,
        },
    ]
