"""Every call the button functions make into Excel goes through :class:`BookGateway`.

One method is one xlwings call (one COM round trip on the desktop, one action in the remote
interpreter's answer), so :attr:`BookGateway.calls` is the cost of a button press. The
benchmark reuses it; a test asserts it does not grow with the number of findings.

Example:
    >>> from collections import Counter
    >>> CallLog().total
    0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xl_disclosure.cells import CellValue, normalise


@dataclass
class CallLog:
    """Calls made into Excel, by kind (``read``, ``write``, ``select``, ``alert`` ...)."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str) -> None:
        self.counts[kind] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class BookGateway:
    """A thin, counted view of one ``xw.Book`` (desktop COM, remote JSON or Office.js)."""

    def __init__(self, book: Any, log: CallLog | None = None) -> None:
        self.book = book
        self.log = log or CallLog()
        self._names: list[str] | None = None

    # -- facts ---------------------------------------------------------------------------
    @property
    def remote(self) -> bool:
        """True for the remote interpreter / xlwings Lite (no file system next to the book)."""
        return str(self.book.app.engine.type) == "remote"

    @property
    def fullname(self) -> Path | None:
        """The workbook file on this machine, when there is one."""
        if self.remote:
            return None
        name = str(self.book.fullname)
        return Path(name) if ("/" in name or "\\" in name) and "://" not in name else None

    @property
    def name(self) -> str:
        return str(self.book.name)

    def sheet_names(self) -> list[str]:
        if self._names is None:
            self.log.add("read")
            self._names = [str(s.name) for s in self.book.sheets]
        return self._names

    # -- calls ---------------------------------------------------------------------------
    def read_grid(self, sheet: str) -> list[list[CellValue]]:
        """The sheet from A1 to the end of its used range, in one bulk read."""
        self.log.add("read")
        sht = self.book.sheets[sheet]
        used = sht.used_range
        last = used.last_cell
        raw = sht.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value
        return [[normalise(v) for v in row] for row in raw or []]

    def defined_names(self) -> dict[str, tuple[str, str]]:
        """Names that refer to a range -> (sheet, top-left ``D12``).

        Only where they come free with the book (remote payload): through COM each name is a
        round trip (over 400 in a template), so the desktop relies on the layout instead.
        """
        if not self.remote:
            return {}
        self.log.add("read")
        out: dict[str, tuple[str, str]] = {}
        for name in self.book.names:
            try:
                rng = name.refers_to_range
            except Exception:
                continue
            key = str(name.name).rsplit("!", 1)[-1]
            out[key] = (str(rng.sheet.name), str(rng.address).replace("$", "").split(":")[0])
        return out

    def write_block(
        self, sheet: str, top: int, left: int, rows: Sequence[Sequence[object]]
    ) -> None:
        """Write a rectangle of values (formulas allowed) in one call."""
        if not rows:
            return
        self.log.add("write")
        width = max(len(r) for r in rows)
        block = [[_cell(v) for v in r] + [None] * (width - len(r)) for r in rows]
        sht = self.book.sheets[sheet]
        sht.range((top, left), (top + len(block) - 1, left + width - 1)).value = block

    def select(self, sheet: str, cell: str) -> None:
        """Show a cell: activate its sheet, then select it (two calls, in that order)."""
        sht = self.book.sheets[sheet]
        self.log.add("activate")
        sht.activate()
        self.log.add("select")
        sht.range(cell).select()

    def alert(self, prompt: str, title: str = "政府信息公开年度报告", mode: str = "info") -> None:
        self.log.add("alert")
        self.book.app.alert(prompt, title=title, buttons="ok", mode=mode)


def _cell(value: object) -> object:
    """Python value -> what xlwings writes (``None`` empties the cell)."""
    if value is None or value == "":
        return None
    return value
