"""xlwings entry points behind the workbook buttons (thin: all logic is in the core).

Each function takes an ``xw.Book`` and defaults to ``xw.Book.caller()``, so the same function
serves the desktop (``RunPython "import xl_disclosure.excel as xd; xd.validate()"``), the
remote interpreter (the server calls it with ``xw.Book(json=payload)``) and xlwings Lite
(``@script`` functions receive the book).

Example:
    >>> import xlwings as xw  # doctest: +SKIP
    >>> xw.Book("填报.xlsm").set_mock_caller()  # doctest: +SKIP
    >>> validate()  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xl_disclosure.readers.xlwings_gateway import CallLog

if TYPE_CHECKING:
    from xl_disclosure.excel.buttons import Sink
    from xl_disclosure.validate import ValidationResult

INSTALL_HINT = "需要 xlwings：pip install 'xl-disclosure[excel]'"


def _book(book: Any) -> Any:
    if book is not None:
        return book
    try:
        import xlwings as xw
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(INSTALL_HINT) from exc
    return xw.Book.caller()


def validate(book: Any = None, *, log: CallLog | None = None) -> ValidationResult | None:
    """校验: list findings on 校验结果, colour wrong cells, select the first error."""
    from xl_disclosure.excel.buttons import run_validate

    return run_validate(_book(book), log)


def export_json(
    book: Any = None, *, log: CallLog | None = None, sink: Sink | None = None
) -> str | None:
    """导出JSON: refused with an alert while errors stand; else a new file next to the book."""
    from xl_disclosure.excel.buttons import run_export_json

    return run_export_json(_book(book), log, sink)


def export_draft(
    book: Any = None, *, log: CallLog | None = None, sink: Sink | None = None
) -> str | None:
    """生成报告草稿: a .docx draft next to the book (refused while errors stand)."""
    from xl_disclosure.excel.buttons import run_export_draft

    return run_export_draft(_book(book), log, sink)


def clear_marks(book: Any = None, *, log: CallLog | None = None) -> None:
    """清除标记: remove the colours and the findings list (explanations are kept)."""
    from xl_disclosure.excel.buttons import run_clear_marks

    run_clear_marks(_book(book), log)


__all__ = ["CallLog", "clear_marks", "export_draft", "export_json", "validate"]
