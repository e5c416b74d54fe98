"""xl-disclosure: 政府信息公开工作年度报告 templates, validation and export.

The package is organised by what each part holds:

* ``spec``      -- the official formats and the rule catalogue, as data;
* ``model``     -- the in-memory report (metadata, cell values, narrative);
* ``validate``  -- the rule engine producing findings;
* ``io``        -- canonical JSON and its JSON Schema;
* ``builder``   -- the locked Excel template builder;
* ``readers``   -- workbook readers (openpyxl, calamine, xlwings) into the model;
* ``excel``     -- thin xlwings entry points behind the workbook buttons;
* ``draft``     -- the narrative draft (.docx / Markdown);
* ``aggregate`` -- tools for the office receiving submissions;
* ``cli``       -- the ``xl-disclosure`` command.

Example:
    >>> from xl_disclosure import load_format
    >>> load_format("gb2021").sections[0].title
    '一、总体情况'
"""

from xl_disclosure.spec import FormatSpec, format_for_year, load_format, load_rules
from xl_disclosure.version import SCHEMA_VERSION, TEMPLATE_VERSION, __version__

__all__ = [
    "SCHEMA_VERSION",
    "TEMPLATE_VERSION",
    "FormatSpec",
    "__version__",
    "format_for_year",
    "load_format",
    "load_rules",
]
