"""What every workbook engine provides, and the checks shared by all of them.

An engine (openpyxl, calamine, xlwings) only has to return each sheet as a 2-D grid of
:data:`~xl_disclosure.cells.CellValue` (row 0 = Excel row 1), already normalised: the rest —
telling our template from a foreign workbook, finding the inputs, building the report — is
engine-independent (:func:`identify`, :func:`check_sheets`, :func:`~xl_disclosure.readers.assemble`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from xl_disclosure.cells import BLANK, CellValue
from xl_disclosure.errors import InputError, SpecError
from xl_disclosure.layout import (
    GENERATOR,
    META_CELLS,
    META_SHEET,
    PROFILE_MAX_CHUNKS,
    PROFILE_META_CELLS,
    PROFILE_SOURCE_ROW,
    layout_for,
)
from xl_disclosure.layout.grid import parse_a1
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import FormatSpec, is_carried_only, is_format, register_profile
from xl_disclosure.validate.findings import Finding, emits, make
from xl_disclosure.version import is_newer, same_version

if TYPE_CHECKING:
    from xl_disclosure.validate.result import ValidationResult

Grid = Sequence[Sequence[CellValue]]
#: A workbook engine: ``openpyxl`` (the reference: sees formulas without cached values) or
#: ``calamine`` (about ten times faster; cached values only).
Engine = Literal["openpyxl", "calamine"]


class WorkbookReader(Protocol):
    """A workbook opened by one engine."""

    @property
    def source_label(self) -> str:
        """Where the workbook comes from, for messages (a path or a book name)."""

    def sheet_names(self) -> list[str]:
        """All sheet names, hidden ones included."""

    def grid(self, sheet: str) -> list[list[CellValue]]:
        """The sheet's values from A1, normalised to :data:`CellValue`."""

    def defined_names(self) -> dict[str, tuple[str, str]]:
        """Workbook defined names -> (sheet, ``D12``); empty if the engine cannot tell."""

    def close(self) -> None:
        """Release the file (engines that hold it open); a no-op for the others."""


@dataclass
class Loaded:
    """A report read from a file (or a live book), with what the reader noticed about the file
    (old template version, changed layout, macros, links, extra JSON keys)."""

    report: AnnualReport
    findings: list[Finding] = field(default_factory=list)
    source: str = ""
    """The path or book name, for messages."""
    engine: str = ""
    """What read it: ``openpyxl``, ``calamine``, ``xlwings`` or ``json``."""

    def validate(
        self, previous: AnnualReport | None = None, *, limit: int | None = None
    ) -> ValidationResult:
        """Every rule over the report, with the reader's findings in the same result."""
        from xl_disclosure.validate import validate

        return validate(
            self.report, previous, limit=limit, file_findings=self.findings, source=self.source
        )


@dataclass(frozen=True)
class TemplateInfo:
    """What the hidden metadata sheet says about a workbook."""

    format_id: str
    template_version: str
    layout_checksum: str
    profile_version: str = ""
    """The version of the local profile the template was built with (if any)."""


def cell_of(grid: Grid, ref: str) -> CellValue:
    """The value at ``ref`` (``D12``) of a grid; blank outside it."""
    row, col = parse_a1(ref)
    if row <= len(grid) and col <= len(grid[row - 1]):
        return grid[row - 1][col - 1]
    return BLANK


def identify(meta: Grid | None, where: str) -> TemplateInfo:
    """Read the hidden metadata sheet.

    Raises:
        InputError: no metadata (a foreign workbook) or an unknown format.
    """
    hint = "请使用 xl-disclosure build-template 生成的模板（或 workbook_templates/ 中的模板）填写后再校验。"
    fields = {k: cell_of(meta, ref) if meta is not None else BLANK for k, ref in META_CELLS.items()}
    if fields["generator"] != GENERATOR:
        raise InputError(
            "这不是 xl-disclosure 年度报告模板（缺少模板标识），无法按模板读取。",
            where=where,
            hint=hint,
        )
    fid = fields["format"]
    if isinstance(fid, str) and meta is not None and (not is_format(fid) or is_carried_only(fid)):
        _carried_profile(meta, where)  # read with the profile it carries, not an earlier one's
    if not isinstance(fid, str) or not is_format(fid):
        raise InputError(f"模板标识中的报告格式“{fid}”无法识别。", where=where, hint=hint)
    ver, checksum = fields["template_version"], fields["layout_checksum"]
    profile_version = cell_of(meta, PROFILE_META_CELLS["profile_version"]) if meta else BLANK
    return TemplateInfo(
        fid,
        ver if isinstance(ver, str) else "",
        checksum if isinstance(checksum, str) else "",
        profile_version if isinstance(profile_version, str) else "",
    )


def _carried_profile(meta: Grid, where: str) -> None:
    """A workbook built with a profile that is not installed here carries the profile on its
    metadata sheet: make it known (never replacing an installed one)."""
    chunks = []
    for i in range(PROFILE_MAX_CHUNKS):
        value = cell_of(meta, f"B{PROFILE_SOURCE_ROW + i}")
        if not isinstance(value, str) or not value:
            break
        chunks.append(value)
    if not chunks:
        return
    try:
        data = json.loads("".join(chunks))
        if isinstance(data, dict):
            register_profile(data, f"{where}（工作簿所附地方配置）", fallback=True)
    except (ValueError, SpecError) as exc:
        raise InputError(
            f"工作簿所附的地方配置无法读取：{exc}",
            where=where,
            hint="请向制作模板的单位索取地方配置文件，用 --profile 指定。",
        ) from exc


@emits("R-003", "R-004")
def profile_version_findings(spec: FormatSpec, version: object) -> list[Finding]:
    """R-003 when a workbook or JSON was filled with an older version of its profile (or one
    that cannot be ordered), R-004 with a newer one than this system reads it with."""
    profile = spec.profile
    if profile is None or not isinstance(version, str) or not version:
        return []
    if same_version(version, profile.version):
        return []
    rule = "R-004" if is_newer(version, profile.version) else "R-003"
    return [make(rule, (), name=profile.name, expected=profile.version, actual=version)]


def check_sheets(format_id: str, present: Sequence[str], where: str) -> None:
    """Every data sheet of the template must be there under its own name.

    Raises:
        InputError: a cover or section sheet was renamed or deleted.
    """
    layout = layout_for(format_id)
    required = [s.name for s in layout.sheets if s.kind in ("cover", "text", "table")]
    missing = [s for s in required if s not in present]
    if missing:
        extra = [s for s in present if s not in layout.sheet_names and s != META_SHEET]
        renamed = f"；工作簿中另有“{'”“'.join(extra)}”，是否被改名？" if extra else ""
        raise InputError(
            f"缺少工作表“{'”“'.join(missing)}”{renamed}",
            where=where,
            hint="工作表名称是读取数据的依据，请恢复原名称，或把数据转填到新的模板中。",
        )


def sheet_grids(reader: WorkbookReader, names: Sequence[str]) -> Mapping[str, Grid]:
    """Grids of the template sheets that exist in the workbook."""
    present = set(reader.sheet_names())
    return {name: reader.grid(name) for name in names if name in present}
