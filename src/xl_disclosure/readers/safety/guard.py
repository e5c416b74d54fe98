"""The engine guard: whatever a third-party engine raises on a damaged file becomes one
:class:`~xl_disclosure.errors.InputError`, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from xl_disclosure.errors import InputError, XlDisclosureError
from xl_disclosure.readers.safety.explain import explain
from xl_disclosure.readers.safety.package import HINT_RESAVE

if TYPE_CHECKING:
    from xl_disclosure.cells import CellValue
    from xl_disclosure.readers.base import WorkbookReader


@contextmanager
def engine_errors(where: str) -> Iterator[None]:
    """Turn whatever a third-party engine raises on a damaged file into one :class:`InputError`.

    Read-only engines parse lazily, so a bad CRC, a truncated deflate stream or malformed XML in
    a sheet surfaces only when that sheet is read, as the engine's own exception type
    (``BadZipFile``, ``zlib.error``, ``ParseError``, ``XMLSyntaxError``, ``CalamineError``...).
    Only engine calls are wrapped (see :class:`GuardedReader`), so bugs in our own code still
    show as internal errors. The words come from :func:`~.explain.explain`; the engine's own
    text is kept as ``detail`` for ``--debug``.
    """
    try:
        yield
    except (XlDisclosureError, KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # Rust engines panic with pyo3's PanicException(BaseException)
        raise refusal(exc, where) from exc


def refusal(
    exc: BaseException, where: str, *, what: str = "工作簿", hint: str = HINT_RESAVE
) -> InputError:
    """The :class:`InputError` for an engine failure on the file at ``where`` (``what``: the
    kind of file, ``hint``: what to do)."""
    why = explain(exc)
    return InputError(why.sentence(what), where=where, hint=hint, detail=why.detail)


class GuardedReader:
    """A :class:`~xl_disclosure.readers.base.WorkbookReader` whose engine errors become
    :class:`InputError` (see :func:`engine_errors`)."""

    def __init__(self, reader: WorkbookReader) -> None:
        self._reader = reader

    @property
    def source_label(self) -> str:
        return self._reader.source_label

    def sheet_names(self) -> list[str]:
        with engine_errors(self.source_label):
            return self._reader.sheet_names()

    def grid(self, sheet: str) -> list[list[CellValue]]:
        with engine_errors(f"{self.source_label}（工作表“{sheet}”）"):
            return self._reader.grid(sheet)

    def defined_names(self) -> dict[str, tuple[str, str]]:
        with engine_errors(self.source_label):
            return self._reader.defined_names()

    def close(self) -> None:
        with engine_errors(self.source_label):
            self._reader.close()


__all__ = ["GuardedReader", "engine_errors", "refusal"]
