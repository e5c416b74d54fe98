"""Reading untrusted files safely.

* :func:`inspect_package` (:mod:`~xl_disclosure.readers.safety.package`) checks a workbook file's zip
  directory before any engine parses it: foreign formats, zip bombs, huge sheets are refused
  with a Chinese :class:`~xl_disclosure.errors.InputError`; macros, external links and embedded
  objects are noted as findings, never run or followed.
* :class:`GuardedReader` (:mod:`~xl_disclosure.readers.safety.guard`) wraps an engine so that whatever
  it raises on a damaged file becomes one :class:`~xl_disclosure.errors.InputError`.
* :func:`assert_defused_xml` checks that openpyxl parses XML with its defences on.

Example:
    >>> from xl_disclosure.readers.safety import inspect_package
    >>> inspect_package("workbook_templates/gb2021.xlsx").has_macros  # doctest: +SKIP
    False
"""

from xl_disclosure.readers.safety.guard import GuardedReader, engine_errors
from xl_disclosure.readers.safety.notes import RULE_EMBEDDED, RULE_EXTERNAL_LINKS, RULE_MACROS
from xl_disclosure.readers.safety.package import (
    DEFAULT_LIMITS,
    HINT_RESAVE,
    Limits,
    PackageInfo,
    assert_defused_xml,
    check_zip_directory,
    inspect_package,
)

__all__ = [
    "DEFAULT_LIMITS",
    "HINT_RESAVE",
    "RULE_EMBEDDED",
    "RULE_EXTERNAL_LINKS",
    "RULE_MACROS",
    "GuardedReader",
    "Limits",
    "PackageInfo",
    "assert_defused_xml",
    "check_zip_directory",
    "engine_errors",
    "inspect_package",
]
