"""The marked copy, printed by LibreOffice: marked cells are visibly red / amber / green.

The pixel positions come from the layout (:mod:`support.render_cells`); every input cell of
each sheet is looked at: marked ones must show their level's fill over most of the cell,
unmarked ones the cream input fill and no mark colour.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from support.dialects import saved_as
from support.factories import consistent_report
from support.render_cells import SheetPrint, hex_rgb
from xl_disclosure.builder.fill import fill_template
from xl_disclosure.builder.render import render_pngs, soffice
from xl_disclosure.builder.styles import INPUT_FILL
from xl_disclosure.layout import layout_for
from xl_disclosure.layout.marks import LEVELS
from xl_disclosure.marking.copy import write_marked_copy
from xl_disclosure.marking.findings_sheet import level_of, placement_of

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed"),
]
OUT = Path(__file__).resolve().parents[1] / "out" / "marked-copy"
CREAM = hex_rgb(str(INPUT_FILL.fgColor.rgb))


def _broken_gb2021() -> tuple[object, str]:
    report = consistent_report("gb2021", random.Random(11))
    report.values["T3.total.C7"] = int(str(report.values["T3.total.C7"])) + 3  # error
    report.values["T3.new.C1"] = "十二"  # error
    report.values["T3.new.C2"] = "/"  # warning, left unexplained
    report.values["T3.new.C3"] = "—"  # warning, explained below
    report.values["T4.F05"] = int(str(report.values["T4.F05"])) + 1  # error
    return report, "V-006@T3.new.C3"


def _check_sheet(png: Path, sheet_name: str, marks: dict[tuple[str, str], str]) -> int:
    layout = layout_for("gb2021")
    sheet = layout.sheet(sheet_name)
    page = SheetPrint.open(png, sheet)
    seen = 0
    for p in sheet.inputs:
        level = marks.get((p.sheet, p.cell))
        if not page.measurable(p.cell, p.merge):
            assert level is None, f"{p.place} is marked outside a bordered table"
            continue
        box = page.box(p.cell, p.merge)
        shares = {k: page.share(box, hex_rgb(v.fill)) for k, v in LEVELS.items()}
        if level is not None:
            assert shares[level] >= 0.6, f"{p.place} ({p.cell}) should show {level}: {shares}"
            seen += 1
        else:
            assert max(shares.values()) < 0.05, f"{p.place} ({p.cell}) is coloured: {shares}"
            assert page.share(box, CREAM, tol=12) >= 0.6, f"{p.place} ({p.cell}) lost its fill"
    return seen


@pytest.mark.parametrize("dialect", ["openpyxl", "libreoffice"])
def test_marked_cells_show_their_colour_in_a_libreoffice_print(
    tmp_path: Path, dialect: str
) -> None:
    report, explained = _broken_gb2021()
    filled = fill_template(report, tmp_path / "填报.xlsx")  # type: ignore[arg-type]
    source = saved_as(dialect, filled, tmp_path / "saved")
    copy = write_marked_copy(source, explanations={explained: "本单位该项不适用，已核实。"})
    layout = layout_for("gb2021")
    marks: dict[tuple[str, str], str] = {}
    for f in copy.result.findings:
        p, level = placement_of(f, layout), level_of(f)
        if p is not None and level is not None:
            marks.setdefault((p.sheet, p.cell), level)
    assert set(marks.values()) == {"E", "W", "K"}

    pngs = render_pngs(copy.path, tmp_path / "png", dpi=100)
    by_sheet = {int(p.stem.split("-")[-2]): p for p in pngs if p.stem.endswith("-1")}
    checked = 0
    for sheet_name in {s for s, _ in marks}:
        number = layout.sheet_names.index(sheet_name) + 1
        pages = [p for p in pngs if int(p.stem.split("-")[-2]) == number]
        assert len(pages) == 1, f"{sheet_name} prints on {len(pages)} pages"
        checked += _check_sheet(by_sheet[number], sheet_name, marks)
    assert checked == len(marks)
    OUT.mkdir(parents=True, exist_ok=True)
    for png in pngs:
        shutil.copy(png, OUT / f"{dialect}-{png.name}")
