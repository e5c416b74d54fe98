"""Names and columns of the summary workbook's sheets (shared by the writer and the charts)."""

from __future__ import annotations

from xl_disclosure.spec import Table

AGENCY_SHEET = "各单位"
FINDINGS_SHEET = "校验问题"
REJECTIONS_SHEET = "退回文件"
MISSING_SHEET = "未报送"
#: Columns of the agency sheet before the key figures.
AGENCY_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 6),
    ("机关名称", 28),
    ("文件", 22),
    ("校验结果", 14),
    ("强制性错误", 10),
    ("提示", 8),
    ("首条问题", 40),
)


def table_sheet(table: Table) -> str:
    """``T3`` -> ``汇总表三``: the sheet of one combined table (``汇总浙江统计表`` for a
    profile's table)."""
    return ("汇总" + table.label)[:31]
