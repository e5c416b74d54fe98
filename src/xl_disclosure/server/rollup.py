"""Roll-ups: a region's combined report over the active versions of the units below it.

The aggregation itself is :mod:`xl_disclosure.receiving.aggregate` (public functions only):
the active versions are written to a temporary folder and aggregated like files an office
collected by hand. A sub-region counts through its own submission (its combined JSON), so
every level rolls up the level below, and a district's roll-up becomes its submission to
the city with :func:`submit_rollup`.
"""

from __future__ import annotations

import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from xl_disclosure.server.auth import Principal
from xl_disclosure.server.db import Database
from xl_disclosure.server.queries import active_bodies, revision, visible_unit
from xl_disclosure.server.safety import Refused
from xl_disclosure.server.units import Unit, children
from xl_disclosure.server.workflow import Outcome, submit, utc_now

if TYPE_CHECKING:
    from xl_disclosure.receiving.aggregate import Aggregation

#: Cases whose active version counts in the roll-up (a returned report does not).
COUNTED = ("submitted", "approved", "filed", "published")


@dataclass
class Rollup:
    region: Unit
    year: int
    agg: Aggregation
    counted: list[str]
    """Names of the units whose active version is in the totals."""
    expected: list[str]

    def combined_json(self) -> bytes:
        from xl_disclosure.io.canonical import dumps

        return dumps(self.agg.combined_dict())

    def summary_workbook(self) -> bytes:
        from xl_disclosure.receiving.aggregate import write_summary

        with tempfile.TemporaryDirectory(prefix="xd-summary-") as tmp:
            path = write_summary(self.agg, Path(tmp) / "summary.xlsx")
            return path.read_bytes()


class RollupCache:
    """Roll-ups by (region, year), recomputed only when anything changed since."""

    def __init__(self, size: int = 16) -> None:
        self._items: OrderedDict[tuple[int, int], tuple[int, Rollup]] = OrderedDict()
        self._lock = threading.Lock()
        self.size = size

    def get(self, db: Database, who: Principal, region_id: int, year: int) -> Rollup:
        rev = revision(db)
        with self._lock:
            hit = self._items.get((region_id, year))
        if hit is not None and hit[0] == rev:
            check_region(db, who, region_id)
            return hit[1]
        made = build_rollup(db, who, region_id, year)
        with self._lock:
            self._items[(region_id, year)] = (rev, made)
            self._items.move_to_end((region_id, year))
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return made


def check_region(db: Database, who: Principal, region_id: int) -> Unit:
    with db.read() as conn:
        region = visible_unit(conn, who, region_id)
    if not who.is_office or not region.is_region:
        raise Refused(403, "只有政务公开办可以查看汇总。", "forbidden")
    return region


def build_rollup(db: Database, who: Principal, region_id: int, year: int) -> Rollup:
    from xl_disclosure.receiving.aggregate import aggregate

    region = check_region(db, who, region_id)
    with db.read() as conn:
        kids = [u for u in children(conn, region.id) if u.expected]
    names = {u.id: u.name for u in kids}
    regions = {u.id for u in kids if u.is_region}
    bodies = active_bodies(db, list(names), year, COUNTED)
    with tempfile.TemporaryDirectory(prefix="xd-rollup-") as tmp:
        paths = []
        for unit_id, body in bodies:
            path = Path(tmp) / f"{unit_id:08d}.json"
            path.write_bytes(_as_unit(body, names[unit_id]) if unit_id in regions else body)
            paths.append(path)
        agg = aggregate(paths, year=year, expected=[u.name for u in kids], name=region.name)
    return Rollup(region, year, agg, [names[i] for i, _ in bodies], [u.name for u in kids])


def _as_unit(body: bytes, name: str) -> bytes:
    """A sub-region's combined report counted as that unit's report (the aggregation refuses
    files marked （汇总）, which in a folder are its own earlier output)."""
    import json

    from xl_disclosure.io.canonical import dumps

    data = json.loads(body)
    data["meta"]["agency"] = name
    return dumps(data)


def submit_rollup(
    db: Database,
    who: Principal,
    year: int,
    *,
    reason: str = "",
    clock: Callable[[], datetime] = utc_now,
) -> Outcome:
    """The office's own region submits its roll-up to the level above (a new version)."""
    rollup = build_rollup(db, who, who.unit_id, year)
    if not rollup.counted:
        raise Refused(409, f"{year} 年度还没有可汇总的下级报告。", "nothing")
    if rollup.region.parent_id is None:
        raise Refused(409, "本单位是最上一级，没有可以上报的上级。", "no-parent")
    why = reason or f"汇总下级 {len(rollup.counted)}/{len(rollup.expected)} 个单位的报告"
    return submit(
        db,
        who,
        rollup.combined_json(),
        f"{rollup.region.name}{year}年汇总.json",
        reason=why,
        source="rollup",
        clock=clock,
    )
