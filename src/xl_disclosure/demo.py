"""``make demo``: the whole workflow on the bundled sample (the Zhenhai 2019 report).

Builds both templates (and those of the shipped local profiles), fills the sample's template
(gb2019 with the Zhejiang profile) with the sample, validates it, exports the canonical JSON
and the draft (.docx and .md), makes a marked copy of the sample with two typing mistakes,
renders PNG previews of the template sheets, the marked copy and the draft pages when
LibreOffice is available, and prints where everything is.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from xl_disclosure.builder import build_template
from xl_disclosure.builder.fill import fill_template
from xl_disclosure.cli.output import print_findings
from xl_disclosure.export import export_json
from xl_disclosure.io.canonical import report_from_dict
from xl_disclosure.model import AnnualReport
from xl_disclosure.readers import read_workbook
from xl_disclosure.spec import format_ids
from xl_disclosure.spec.load import shipped_profile_formats

SAMPLE = "zhenhai-2019.json"


def sample_report() -> AnnualReport:
    """The bundled sample report (package data)."""
    import json

    text = resources.files("xl_disclosure.samples").joinpath(SAMPLE).read_text("utf-8")
    return report_from_dict(json.loads(text), where=SAMPLE)


def _fresh(path: Path) -> Path:
    """Demo outputs are regenerated on every run: remove last run's file first."""
    path.unlink(missing_ok=True)
    return path


def run(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    made: list[tuple[str, Path]] = []

    from xl_disclosure.excel.xlsm.build import build_xlsm

    templates = out / "templates"
    for fid in format_ids():
        made.append((f"模板（{fid}）", build_template(fid, _fresh(templates / f"{fid}.xlsx"))))
        made.append((f"带按钮的模板（{fid}）", build_xlsm(fid, _fresh(templates / f"{fid}.xlsm"))))
    for fid in shipped_profile_formats():  # national format + a local profile's tables and rules
        made.append(
            (f"地方配置模板（{fid}）", build_template(fid, _fresh(templates / f"{fid}.xlsx")))
        )

    report = sample_report()
    report.meta.money_unit = "元"  # the published report left the unit open (V-007)
    workbook = fill_template(report, _fresh(out / "zhenhai-2019.xlsx"))
    made.append(("填好的工作簿", workbook))

    loaded = read_workbook(workbook)
    result = loaded.validate()
    print_findings(result, sys.stdout, source=str(workbook))

    json_path, _ = export_json(
        loaded.report, _fresh(out / "zhenhai-2019.json"), file_findings=loaded.findings
    )
    made.append(("规范 JSON", json_path))

    from xl_disclosure.draft import write_draft

    for suffix in (".docx", ".md"):
        made.append(
            (
                f"报告草稿（{suffix}）",
                write_draft(loaded.report, _fresh(out / f"zhenhai-2019{suffix}"), result),
            )
        )

    made.extend(_marked(out, report))
    made.extend(_previews(out, workbook, out / "zhenhai-2019.docx"))

    print("\n生成的文件：")
    for label, path in made:
        print(f"  {label}：{path}")
    return 0


def _marked(out: Path, report: AnnualReport) -> list[tuple[str, Path]]:
    """The sample with two typing mistakes, and its marked copy (what 校验 would leave)."""
    from xl_disclosure.marking.copy import write_marked_copy

    wrong = sample_report()
    wrong.meta.money_unit = report.meta.money_unit
    wrong.values["T3.total.C7"] = int(str(report.values.get("T3.total.C7") or 0)) + 1
    wrong.values["T3.new.C2"] = "/"
    source = fill_template(wrong, _fresh(out / "zhenhai-2019-有错误.xlsx"))
    copy = write_marked_copy(source, _fresh(out / "zhenhai-2019-有错误_已标记.xlsx"))
    made = [("带错误的工作簿", source), ("标记副本（不用宏也能看到标色）", copy.path)]
    from xl_disclosure.builder.render import render_pngs, soffice

    if soffice() is not None:
        pages = render_pngs(copy.path, out / "png" / "marked")
        made.append((f"标记副本预览（{len(pages)} 页）", out / "png" / "marked"))
    return made


def _previews(out: Path, workbook: Path, docx: Path) -> list[tuple[str, Path]]:
    """PNG previews of every sheet of both templates, the filled workbook and the draft."""
    from xl_disclosure.builder.render import render_pngs, soffice
    from xl_disclosure.draft.render import docx_to_pngs

    if soffice() is None:
        print("未找到 LibreOffice（soffice），跳过 PNG 预览。")
        return []
    made = []
    png = out / "png"
    for fid in format_ids():
        pages = render_pngs(out / "templates" / f"{fid}.xlsx", png / f"template-{fid}")
        made.append((f"模板预览（{fid}，{len(pages)} 页）", png / f"template-{fid}"))
    pages = render_pngs(workbook, png / "workbook")
    made.append((f"工作簿预览（{len(pages)} 页）", png / "workbook"))
    pages = docx_to_pngs(docx, png / "draft")
    made.append((f"草稿预览（{len(pages)} 页）", png / "draft"))
    return made


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return run(Path(args[0] if args else "out"))


if __name__ == "__main__":
    raise SystemExit(main())
