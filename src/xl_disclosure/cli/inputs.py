"""Reports given on the command line: a workbook, a canonical JSON, or a published report.

A published report's own file (:data:`~xl_disclosure.io.publication_kinds.NAMED`) is imported as
``xl-disclosure import`` imports it, in memory (nothing is written), so ``validate`` and
``compare`` read a downloaded publication as they read its imported JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from xl_disclosure.io.publication_kinds import NAMED as PUBLICATION_KINDS

if TYPE_CHECKING:
    from xl_disclosure.readers.base import Loaded

#: Help text naming what a report argument may be.
REPORT_KINDS = f"JSON、工作簿或已发布报告的原文（{PUBLICATION_KINDS}）"


def load_any(path: Path, stderr: TextIO, engine: str = "openpyxl") -> Loaded:
    """``path`` read as a report (see the module docstring); a note on ``stderr`` when it was
    imported from a publication.

    Raises:
        InputError: the file cannot be read as a report.
    """
    from xl_disclosure.readers.load import load_report
    from xl_disclosure.receiving.importer.sources import is_publication

    if not is_publication(path):
        return load_report(path, "calamine" if engine == "calamine" else "openpyxl")
    from xl_disclosure.receiving.importer import load_publication

    loaded = load_publication(path)
    stderr.write(
        f"说明：{path} 是已发布报告的原文，已导入后使用（未写出文件；"
        "需要规范 JSON 请用 xl-disclosure import）。\n"
    )
    return loaded
