"""What a package carries besides cell values, as findings: noted, never run or followed."""

from __future__ import annotations

import re
import zipfile
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from xl_disclosure.validate.findings import Finding, Severity

if TYPE_CHECKING:
    from xl_disclosure.safety.package import PackageInfo

#: Reader findings about the package (not in the format rule catalogue: they are about the file).
RULE_MACROS = "S-001"
RULE_EXTERNAL_LINKS = "S-002"
RULE_EMBEDDED = "S-003"
_TARGET = re.compile(rb"\bTarget=\"([^\"]*)\"")


def link_target(zf: zipfile.ZipFile, part: str) -> str:
    """The file an external link part points to (from its ``_rels``), or the part name."""
    p = PurePosixPath(part)
    rels = str(p.parent / "_rels" / f"{p.name}.rels")
    try:
        info = zf.getinfo(rels)
    except KeyError:
        return p.name
    if info.file_size > 64 * 1024:
        return p.name
    m = _TARGET.search(zf.read(info))
    if m is None:
        return p.name
    target = m.group(1).decode("utf-8", "replace").replace("%20", " ")
    return target.replace("\\", "/").rsplit("/", 1)[-1] or p.name


def package_findings(info: PackageInfo) -> list[Finding]:
    out: list[Finding] = []
    if info.external_links:
        out.append(
            Finding(
                RULE_EXTERNAL_LINKS,
                Severity.WARNING,
                f"工作簿含有指向其他文件的外部链接（{'、'.join(info.external_links)}）。本工具不会更新或计算外部链接，"
                "只读取文件保存时的值；请确认数据直接填写在本工作簿中，必要时在 Excel 中“编辑链接 → 断开链接”后再提交。",
                actual="、".join(info.external_links),
            )
        )
    if info.has_macros:
        out.append(
            Finding(
                RULE_MACROS,
                Severity.INFO,
                "工作簿含有宏（VBA 项目）。本工具不会运行其中的任何宏，只读取单元格中的值。",
            )
        )
    if info.embedded:
        out.append(
            Finding(
                RULE_EMBEDDED,
                Severity.INFO,
                f"工作簿含有 {len(info.embedded)} 个嵌入对象或控件。本工具不会打开或运行它们，只读取单元格中的值。",
            )
        )
    return out


__all__ = ["RULE_EMBEDDED", "RULE_EXTERNAL_LINKS", "RULE_MACROS", "link_target", "package_findings"]
