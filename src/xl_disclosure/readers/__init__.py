"""Read a filled workbook template into an :class:`~xl_disclosure.model.AnnualReport`.

One engine per module behind :class:`~xl_disclosure.readers.base.WorkbookReader`; everything
after the engine (identification, sheet checks, building the report) is shared, so the
xlwings reader only has to produce grids and call :func:`assemble`.

Example:
    >>> from xl_disclosure.readers import read_workbook
    >>> result = read_workbook("workbook_templates/gb2021.xlsx")  # doctest: +SKIP
    >>> result.report.format_id, result.findings  # doctest: +SKIP
    ('gb2021', [])
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from xl_disclosure.cells import normalise, text_of
from xl_disclosure.errors import InputError
from xl_disclosure.layout import FINDINGS_SHEET, META_SHEET, layout_for
from xl_disclosure.readers.assemble import assemble
from xl_disclosure.readers.base import (
    Engine,
    Grid,
    Loaded,
    TemplateInfo,
    WorkbookReader,
    check_sheets,
    identify,
)

if TYPE_CHECKING:  # static conformance of every engine to the protocol (checked by mypy)
    from xl_disclosure.readers.calamine_reader import CalamineReader
    from xl_disclosure.readers.openpyxl_reader import OpenpyxlReader

    _openpyxl_conforms: type[WorkbookReader] = OpenpyxlReader
    _calamine_conforms: type[WorkbookReader] = CalamineReader


def _engine(path: Path, engine: Engine) -> WorkbookReader:
    from xl_disclosure.readers.safety import GuardedReader, assert_defused_xml, engine_errors

    with engine_errors(str(path)):
        if engine == "openpyxl":
            from xl_disclosure.readers.openpyxl_reader import OpenpyxlReader

            assert_defused_xml()
            return GuardedReader(OpenpyxlReader(path))
        if engine == "calamine":
            from xl_disclosure.readers.calamine_reader import CalamineReader

            return GuardedReader(CalamineReader(path))
    raise ValueError(f"unknown engine {engine!r}")


def open_reader(path: Path | str, engine: Engine = "openpyxl") -> WorkbookReader:
    """Open a workbook file with one engine, after the safety gate
    (:func:`xl_disclosure.readers.safety.inspect_package`) has found it a sane xlsx/xlsm.

    Raises:
        InputError: not a readable workbook (missing, foreign, damaged, over a limit).
    """
    from xl_disclosure.readers.safety import inspect_package

    path = Path(path)
    inspect_package(path)
    return _engine(path, engine)


def read_book(reader: WorkbookReader) -> Loaded:
    """Read an opened workbook: identify the template, check its sheets, build the report.

    Raises:
        InputError: a foreign workbook, or a cover/section sheet renamed or deleted.
    """
    where = reader.source_label
    names = reader.sheet_names()
    info = identify(reader.grid(META_SHEET) if META_SHEET in names else None, where)
    check_sheets(info.format_id, names, where)
    layout = layout_for(info.format_id)
    defined = reader.defined_names()
    # Only sheets that hold inputs (where the layout or a defined name puts them) and the
    # findings sheet (explanations) are read: the rules sheet, the largest, never is.
    inputs = layout.input_placements()
    wanted = {p.sheet for p in inputs} | {FINDINGS_SHEET}
    wanted |= {defined[p.name][0] for p in inputs if p.name in defined}
    grids = {s: reader.grid(s) for s in names if s in wanted}
    loaded = assemble(info.format_id, grids, info=info, names=defined)
    loaded.source = where
    return loaded


def read_workbook(path: Path | str, engine: Engine = "openpyxl") -> Loaded:
    """Read a filled template file.

    Args:
        path: an ``.xlsx``/``.xlsm`` built by ``xl-disclosure build-template`` and filled in.
        engine: ``openpyxl`` (default; sees formulas without cached values) or ``calamine``
            (faster, cached values only).

    Raises:
        InputError: not a zip/xlsx (or damaged, or over a size limit), a foreign workbook,
            or renamed/deleted sheets. Macros, external links and embedded objects are noted
            as findings (never run or followed).
    """
    from xl_disclosure.readers.safety import inspect_package

    path = Path(path)
    package = inspect_package(path)
    reader = _engine(path, engine)
    try:
        result = read_book(reader)
    finally:
        reader.close()
    result.findings[:0] = package.findings
    result.source, result.engine = str(path), engine
    return result


__all__ = [
    "Engine",
    "Grid",
    "InputError",
    "Loaded",
    "TemplateInfo",
    "WorkbookReader",
    "assemble",
    "check_sheets",
    "identify",
    "normalise",
    "open_reader",
    "read_book",
    "read_workbook",
    "text_of",
]
