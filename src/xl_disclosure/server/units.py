"""The unit tree (市 → 区 → 部门) and the deadlines per year and level.

Every unit keeps the ids of its ancestors as a path (``/1/4/9/``), so "everything below the
district" is one prefix comparison, and its display path (``某市/某区/某局``) is built from it.
A *region* (add-region) has a 政务公开办 that receives its children's reports; its own
submission to the level above is its combined JSON. ``kind`` is the 条例's level:
``department`` (政府部门, due 1月31日) or ``government`` (人民政府, due 3月31日).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, select, update

from xl_disclosure.errors import InputError
from xl_disclosure.receiving.aggregate.combine import SUMMARY_SUFFIX
from xl_disclosure.server.db import Database, deadlines, inserted_id, now_utc, units

KINDS = {"department": "政府部门", "government": "人民政府"}
#: The 条例 (第五十条): departments by 31 January, governments by 31 March of the next year.
STATUTORY = {"department": (1, 31), "government": (3, 31)}


def name_key(name: str) -> str:
    """Names compared with width and spaces folded (as the aggregation does)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    parent_id: int | None
    ids_path: str
    kind: str
    is_region: bool
    expected: bool


def _row(r: Row[Any]) -> Unit:
    return Unit(r.id, r.name, r.parent_id, r.ids_path, r.kind, bool(r.is_region), bool(r.expected))


def _check_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name).strip()
    if not name or len(name) > 100:
        raise InputError("单位名称不能为空，且不超过 100 个字符。")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in name):
        raise InputError("单位名称含有控制字符，请检查。")
    return name


def add_unit(
    db: Database,
    name: str,
    *,
    parent: str | None = None,
    kind: str | None = None,
    region: bool = False,
) -> Unit:
    """Register an agency (or, ``region=True``, a region) under ``parent`` (a region's name)."""
    name = _check_name(name)
    kind = kind or ("government" if region else "department")
    if kind not in KINDS:
        raise InputError(f"未知的单位级别“{kind}”，应为 department（部门）或 government（政府）。")
    with db.write() as conn:
        if conn.execute(select(units.c.id).where(units.c.key == name_key(name))).first():
            raise InputError(f"单位“{name}”已存在。")
        parent_row = None
        if parent:
            parent_row = conn.execute(select(units).where(units.c.key == name_key(parent))).first()
            if parent_row is None:
                raise InputError(f"上级单位“{parent}”不存在，请先用 add-region 建立。")
            if not parent_row.is_region:
                raise InputError(f"“{parent}”不是地区，不能有下级单位。")
        new_id = inserted_id(
            conn.execute(
                units.insert().values(
                    name=name,
                    key=name_key(name),
                    parent_id=parent_row.id if parent_row else None,
                    ids_path="",
                    kind=kind,
                    is_region=region,
                    expected=True,
                    created_at=now_utc(),
                )
            )
        )
        path = f"{parent_row.ids_path if parent_row else '/'}{new_id}/"
        conn.execute(update(units).where(units.c.id == new_id).values(ids_path=path))
        return _row(conn.execute(select(units).where(units.c.id == new_id)).one())


def get_unit(conn: Connection, unit_id: int) -> Unit | None:
    row = conn.execute(select(units).where(units.c.id == unit_id)).first()
    return _row(row) if row else None


def find_unit(db: Database, name: str) -> Unit | None:
    with db.read() as conn:
        row = conn.execute(select(units).where(units.c.key == name_key(name))).first()
    return _row(row) if row else None


def children(conn: Connection, unit_id: int) -> list[Unit]:
    rows = conn.execute(select(units).where(units.c.parent_id == unit_id).order_by(units.c.id))
    return [_row(r) for r in rows]


def all_units(db: Database) -> list[Unit]:
    with db.read() as conn:
        return [_row(r) for r in conn.execute(select(units).order_by(units.c.ids_path))]


def display_path(conn: Connection, unit: Unit) -> str:
    """``某市/某区/某局``."""
    ids = [int(i) for i in unit.ids_path.strip("/").split("/") if i]
    names = dict(conn.execute(select(units.c.id, units.c.name).where(units.c.id.in_(ids))).all())
    return "/".join(str(names.get(i, "?")) for i in ids)


def name_matches(unit: Unit, agency: str) -> bool:
    """The cover's agency is the unit (a region's roll-up may carry ``（汇总）``)."""
    key = name_key(agency)
    return key in (name_key(unit.name), name_key(unit.name + SUMMARY_SUFFIX))


# -- deadlines ---------------------------------------------------------------------------


def statutory_deadline(year: int, kind: str) -> date:
    month, day = STATUTORY.get(kind, STATUTORY["department"])
    return date(year + 1, month, day)


def set_deadline(db: Database, year: int, kind: str, due: date) -> None:
    """A local deadline: never later than the 条例's."""
    if kind not in KINDS:
        raise InputError(f"未知的单位级别“{kind}”，应为 department 或 government。")
    legal = statutory_deadline(year, kind)
    if due > legal:
        raise InputError(
            f"本地期限 {due.isoformat()} 晚于条例规定的 {legal.isoformat()}，只能提前，不能推后。"
        )
    with db.write() as conn:
        conn.execute(deadlines.delete().where(deadlines.c.year == year, deadlines.c.kind == kind))
        conn.execute(
            deadlines.insert().values(year=year, kind=kind, due=due.isoformat(), set_at=now_utc())
        )


def deadline(conn: Connection, year: int, kind: str) -> date:
    row = conn.execute(
        select(deadlines.c.due).where(deadlines.c.year == year, deadlines.c.kind == kind)
    ).first()
    return date.fromisoformat(row.due) if row else statutory_deadline(year, kind)
