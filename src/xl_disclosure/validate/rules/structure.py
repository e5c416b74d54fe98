"""D-010: a table whose structure is not the format's.

Two readers notice it: the JSON reader (cells the format does not have,
:func:`xl_disclosure.readers.load.structure_findings`) and the importer, which keeps an
official table printed with another format's headers as local tables marked with that format
(:attr:`~xl_disclosure.model.report.LocalTable.printed_format`); :func:`tables_as_printed`
reports those. Both make the finding with :func:`structure_difference`, the rule's one emitter.
"""

from __future__ import annotations

from collections.abc import Iterator

from xl_disclosure.spec import load_format
from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, emits, make


@emits("D-010")
def structure_difference(table: str, detail: str, places: tuple[str, ...] = ()) -> Finding:
    """The D-010 finding: ``table`` (表二, 报告) differs from the format as ``detail`` says."""
    return make("D-010", places, table=table, detail=detail)


def tables_as_printed(ctx: Context) -> Iterator[Finding]:
    """D-010 once per section whose official table was printed (in part) with another
    format's headers (a 2023 report filled in on the 2019 template)."""
    spec = ctx.spec
    printed: dict[tuple[int, str], int] = {}
    for table in ctx.report.local_tables:
        if table.printed_format and table.printed_format != spec.national_id:
            key = (table.section, table.printed_format)
            printed[key] = printed.get(key, 0) + 1
    for (no, fid), count in sorted(printed.items()):
        table_id = spec.section(no).table
        label = (
            spec.table(table_id).label if table_id else f"第{spec.section(no).numeral}部分的表格"
        )
        detail = (
            f"{count} 项按{load_format(fid).name}的表头印制（已按原样保留为本地表格，不计入本表，"
            f"也不参与勾稽校验），应使用{spec.name}的表头"
        )
        yield structure_difference(label, detail, (f"section.{no}",))
