"""What a package carries besides cell values, as findings: noted, never run or followed."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import PurePosixPath

from xl_disclosure.validate.findings import Finding, emits, make

#: Reader findings about the package (kind "file" in the rule catalogue).
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


@emits("S-001", "S-002", "S-003")
def package_findings(
    external_links: Sequence[str], has_macros: bool, embedded: Sequence[str]
) -> list[Finding]:
    """S-002 (external links), S-001 (macros), S-003 (embedded objects), in that order."""
    out: list[Finding] = []
    if external_links:
        out.append(
            make(
                RULE_EXTERNAL_LINKS,
                links="、".join(external_links),
                actual="、".join(external_links),
            )
        )
    if has_macros:
        out.append(make(RULE_MACROS))
    if embedded:
        out.append(make(RULE_EMBEDDED, n=len(embedded)))
    return out


__all__ = ["RULE_EMBEDDED", "RULE_EXTERNAL_LINKS", "RULE_MACROS", "link_target", "package_findings"]
