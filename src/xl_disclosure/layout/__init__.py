"""Where everything sits in the workbook template: the single address source.

Pure Python (no openpyxl), shared by the builder, every reader, the buttons and the findings
links. Every input cell of the template is a :class:`Placement` addressed by a *place* string,
the same vocabulary findings use (:class:`~xl_disclosure.validate.Finding`):

* a spec cell key, e.g. ``T3.new.C7``;
* ``section.N`` (narrative of section N) and ``section.N.table_heading`` (sub-heading printed
  before the official table of sections 二/三/四);
* ``meta.<field>`` for a :class:`~xl_disclosure.model.report.Meta` field, plus ``preamble``;
* a local profile's field key, e.g. ``EX.signed`` (its table cells are spec cell keys,
  ``ZJ.T1.R3``).

The package is layered bottom-up: :mod:`~.grid` (A1 geometry of one spec block),
:mod:`~.model` (placements, sheets, the layout object), :mod:`~.marks` (the hidden mark list),
:mod:`~.inputs` (shared by the sheet builders), :mod:`~.sections` and
:mod:`~.service_sheets` (what each sheet holds), :mod:`~.build` (:func:`layout_for`).

Example:
    >>> lay = layout_for("gb2021")
    >>> p = lay.locate("T3.new.C7")
    >>> p.address, p.name
    ("'三、收到和处理政府信息公开申请情况'!J14", 'XD_T3_new_C7')
    >>> lay.sheet_names[0], lay.sheet_names[-1]
    ('封面', '审核公式')
"""

from xl_disclosure.layout.build import layout_for
from xl_disclosure.layout.grid import Helper, Label, a1
from xl_disclosure.layout.inputs import wrapped_height
from xl_disclosure.layout.model import (
    COVER_BUTTON_CELL,
    COVER_SHEET,
    FINDINGS_COLUMNS,
    FINDINGS_FIRST_ROW,
    FINDINGS_HEADER_ROW,
    FINDINGS_NOTE_ROW,
    FINDINGS_SHEET,
    FINDINGS_TITLE_ROW,
    GENERATOR,
    META_CELLS,
    META_SHEET,
    NAME_PREFIX,
    PROFILE_CHUNK,
    PROFILE_MAX_CHUNKS,
    PROFILE_META_CELLS,
    PROFILE_SOURCE_ROW,
    RULES_SHEET,
    InputKind,
    Layout,
    Placement,
    SheetLayout,
    defined_name,
    findings_column,
)

__all__ = [
    "COVER_BUTTON_CELL",
    "COVER_SHEET",
    "FINDINGS_COLUMNS",
    "FINDINGS_FIRST_ROW",
    "FINDINGS_HEADER_ROW",
    "FINDINGS_NOTE_ROW",
    "FINDINGS_SHEET",
    "FINDINGS_TITLE_ROW",
    "GENERATOR",
    "META_CELLS",
    "META_SHEET",
    "NAME_PREFIX",
    "PROFILE_CHUNK",
    "PROFILE_MAX_CHUNKS",
    "PROFILE_META_CELLS",
    "PROFILE_SOURCE_ROW",
    "RULES_SHEET",
    "Helper",
    "InputKind",
    "Label",
    "Layout",
    "Placement",
    "SheetLayout",
    "a1",
    "defined_name",
    "findings_column",
    "layout_for",
    "wrapped_height",
]
