"""Import a published annual report (text, HTML or Word) into the report model.

Published copies flatten the three official tables in many ways; the importer finds each data
row by its label (normalised per report-format.md §7), places values only where their column
is certain, and names every official cell it could not place.

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
    read_blocks,
)
from xl_disclosure.receiving.importer.labels import norm_label

__all__ = ["ImportResult", "import_blocks", "import_report", "norm_label", "read_blocks"]
