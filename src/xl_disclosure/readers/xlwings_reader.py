"""Read a live ``xw.Book`` (desktop COM, remote interpreter or xlwings Lite).

Each sheet is fetched in one bulk range read (:meth:`BookGateway.read_grid`) and normalised at
the boundary: Excel errors arrive as text (``err_to_str``) and become
:class:`~xl_disclosure.cells.ExcelError`, never ``None``; empty cells become blank. Everything
after that is the engine-independent :func:`~xl_disclosure.readers.read_book`.

Example:
    >>> from xl_disclosure.readers.xlwings_reader import XlwingsReader
    >>> result = read_xlwings_book(xw.Book.caller())  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from xl_disclosure.cells import CellValue
from xl_disclosure.readers.base import Loaded
from xl_disclosure.readers.xlwings_gateway import BookGateway


class XlwingsReader:
    """:class:`~xl_disclosure.readers.base.WorkbookReader` over an ``xw.Book``."""

    def __init__(self, book: Any, gateway: BookGateway | None = None) -> None:
        self.gateway = gateway or BookGateway(book)
        self._grids: dict[str, list[list[CellValue]]] = {}

    @property
    def source_label(self) -> str:
        return self.gateway.name

    def sheet_names(self) -> list[str]:
        return list(self.gateway.sheet_names())

    def grid(self, sheet: str) -> list[list[CellValue]]:
        """The sheet's values from A1 (read once, then cached)."""
        if sheet not in self._grids:
            self._grids[sheet] = self.gateway.read_grid(sheet)
        return self._grids[sheet]

    def defined_names(self) -> dict[str, tuple[str, str]]:
        return self.gateway.defined_names()

    def close(self) -> None:
        """The book stays open in Excel: nothing to release."""


def read_xlwings_book(book: Any, gateway: BookGateway | None = None) -> Loaded:
    """Read a filled template open in Excel (or sent by the remote client) into a report."""
    from xl_disclosure.readers import read_book

    loaded = read_book(XlwingsReader(book, gateway))
    loaded.engine = "xlwings"
    return loaded
