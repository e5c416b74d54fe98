"""Import a published annual report (text, HTML, Markdown, Word, PDF) into the report model.

Stages: :mod:`.sources` (every file type, charset detection) -> :mod:`.normalise` (one
normalisation stage: Simplified characters, spaces, site furniture) -> :mod:`.structure` and
:mod:`.meta` (title, sections, year, agency, date) -> :mod:`.stream` / :mod:`.tokens` (table
text as cells) -> :mod:`.placing` (which table, which format) with :mod:`.tables` and
:mod:`.resolve` (the one table reader: rows by label,
values only where their column is certain; :mod:`.foreign` keeps a table printed in another
format's layout as printed) -> :mod:`.core` (the report; unplaced cells are
``NOT_AVAILABLE``). :mod:`.batch` imports many files in processes with a summary table.

Example:
    >>> from pathlib import Path
    >>> from xl_disclosure.receiving.importer import import_report
    >>> result = import_report(Path("tests/data/zhenhai-news-center-2019.txt"))
    >>> result.report.meta.agency, len(result.missing_cells)
    ('镇海区新闻中心', 0)
"""

from xl_disclosure.receiving.importer.core import (
    ImportResult,
    import_blocks,
    import_report,
    load_publication,
    read_blocks,
)
from xl_disclosure.receiving.importer.labels import norm_label

__all__ = [
    "ImportResult",
    "import_blocks",
    "import_report",
    "load_publication",
    "norm_label",
    "read_blocks",
]
