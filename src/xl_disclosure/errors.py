"""Exceptions. Problems in a user's report are findings, never exceptions; these are for
input that cannot be read at all (wrong file, foreign workbook) and for broken specs."""

from __future__ import annotations


class XlDisclosureError(Exception):
    """Base class. ``str(error)`` is a complete Chinese sentence for the user."""


class SpecError(XlDisclosureError):
    """A format spec or rule catalogue shipped with the package is malformed (developer error)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{message} ({path})" if path else message)
        self.path = path


class InputError(XlDisclosureError):
    """The input cannot be read as a report: not ours, damaged, unsupported type.

    Attributes:
        where: the file (and sheet/part) concerned, for the message.
        hint: how the user can fix it.
    """

    def __init__(self, message: str, *, where: str = "", hint: str = "") -> None:
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        parts = [f"{self.where}：{self.message}" if self.where else self.message]
        if self.hint:
            parts.append(self.hint)
        # One line: engine messages quoted inside may span lines (openpyxl's do).
        return " ".join(line.strip() for line in " ".join(parts).splitlines() if line.strip())


class ExportError(XlDisclosureError):
    """Export refused (error-level findings stand, or the output failed its schema)."""
