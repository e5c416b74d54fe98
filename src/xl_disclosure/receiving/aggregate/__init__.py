"""For the office that receives reports: aggregate a folder of submitted JSON files.

Example:
    >>> import tempfile, pathlib
    >>> from xl_disclosure.receiving.aggregate import aggregate, write_summary
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> agg = aggregate(folder, year=2024, name="某区")
    >>> agg.combined_result.valid, write_summary(agg, folder / "summary.xlsx").suffix
    (True, '.xlsx')
"""

from xl_disclosure.receiving.aggregate.collect import (
    Batch,
    Rejection,
    Submission,
    collect,
    read_expected,
)
from xl_disclosure.receiving.aggregate.core import Aggregation, aggregate, json_files
from xl_disclosure.receiving.aggregate.examine import Examined, examine
from xl_disclosure.receiving.aggregate.frame import LONG_COLUMNS, Totals, key_figures
from xl_disclosure.receiving.aggregate.workbook import build_workbook, write_summary

__all__ = [
    "LONG_COLUMNS",
    "Aggregation",
    "Batch",
    "Examined",
    "Rejection",
    "Submission",
    "Totals",
    "aggregate",
    "build_workbook",
    "collect",
    "examine",
    "json_files",
    "key_figures",
    "read_expected",
    "write_summary",
]
