"""Reading untrusted files safely.

* :func:`check_zip_package` (:mod:`~xl_disclosure.readers.safety.zipcheck`) is the gate every
  Office package passes first (workbooks, and the .docx reports ``import`` reads): a regular
  file (never a pipe, device or folder), within size, a zip with a sane directory (no zip bomb).
* :func:`inspect_package` (:mod:`~xl_disclosure.readers.safety.package`) adds what workbooks
  need before any engine parses them: foreign formats named, huge sheets and shared-string
  claims refused with a Chinese :class:`~xl_disclosure.errors.InputError`; macros, external
  links and embedded objects noted as findings, never run or followed.
* :class:`GuardedReader` (:mod:`~xl_disclosure.readers.safety.guard`) wraps an engine so that
  whatever it raises on a damaged file becomes one :class:`~xl_disclosure.errors.InputError`,
  worded by :func:`explain` (:mod:`~xl_disclosure.readers.safety.explain`), the one place that
  maps engine exceptions to Chinese; the engine's own text is kept for ``--debug``.
* :func:`native_stderr` keeps what native engines print (Rust panics) away from the user.
* :func:`assert_defused_xml` checks that openpyxl parses XML with its defences on.

Example:
    >>> from xl_disclosure.readers.safety import inspect_package
    >>> inspect_package("workbook_templates/gb2021.xlsx").has_macros  # doctest: +SKIP
    False
"""

from xl_disclosure.readers.safety.explain import Explanation, explain
from xl_disclosure.readers.safety.guard import GuardedReader, engine_errors, refusal
from xl_disclosure.readers.safety.native import engine_warnings, native_stderr
from xl_disclosure.readers.safety.notes import RULE_EMBEDDED, RULE_EXTERNAL_LINKS, RULE_MACROS
from xl_disclosure.readers.safety.package import (
    DEFAULT_LIMITS,
    HINT_RESAVE,
    Limits,
    PackageInfo,
    assert_defused_xml,
    inspect_package,
)
from xl_disclosure.readers.safety.zipcheck import (
    DOCX_LIMITS,
    HINT_DOCX,
    ZipLimits,
    ZipSummary,
    check_zip_package,
    open_zip_package,
)

__all__ = [
    "DEFAULT_LIMITS",
    "DOCX_LIMITS",
    "HINT_DOCX",
    "HINT_RESAVE",
    "RULE_EMBEDDED",
    "RULE_EXTERNAL_LINKS",
    "RULE_MACROS",
    "Explanation",
    "GuardedReader",
    "Limits",
    "PackageInfo",
    "ZipLimits",
    "ZipSummary",
    "assert_defused_xml",
    "check_zip_package",
    "engine_errors",
    "engine_warnings",
    "explain",
    "inspect_package",
    "native_stderr",
    "open_zip_package",
    "refusal",
]
