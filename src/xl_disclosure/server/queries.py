"""What the console and the API read: case lists per region, a case's detail, the audit log.

Every function takes the caller's :class:`Principal` and returns only what it may see; a unit
outside its view is "not found", so an agency cannot even learn that another one exists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from xl_disclosure.server.auth import Principal
from xl_disclosure.server.checks import stored_findings
from xl_disclosure.server.db import Database, audit, cases, reviews, versions
from xl_disclosure.server.safety import Refused
from xl_disclosure.server.units import Unit, children, deadline, display_path, get_unit
from xl_disclosure.server.workflow import CHINA, STATES

#: The console's state per expected agency.
LIST_STATES = {
    "none": "未报",
    "refused": "有错误",
    "submitted": "已报",
    "returned": "退回",
    "approved": "通过",
    "filed": "已备案",
    "published": "已公开",
}
OVERDUE = "逾期"
_VERSION_COLUMNS = (
    versions.c.id,
    versions.c.number,
    versions.c.created_at,
    versions.c.reason,
    versions.c.filename,
    versions.c.sha256,
    versions.c.size,
    versions.c.errors,
    versions.c.warnings,
    versions.c.kept,
    versions.c.late,
    versions.c.source,
    versions.c.format,
    versions.c.token_id,
)


@dataclass
class CaseRow:
    """One unit in the list of its region."""

    unit: Unit
    year: int
    state: str
    label: str
    overdue: bool
    due: date
    version: dict[str, Any] | None
    versions: int
    reason: str = ""
    refused_reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit.id,
            "unit": self.unit.name,
            "is_region": self.unit.is_region,
            "year": self.year,
            "state": self.state,
            "label": self.label,
            "overdue": self.overdue,
            "deadline": self.due.isoformat(),
            "active_version": self.version,
            "versions": self.versions,
            "reason": self.reason,
        }


def today(now: datetime | None = None) -> date:
    return (now or datetime.now(CHINA)).astimezone(CHINA).date()


def visible_unit(conn: Connection, who: Principal, unit_id: int) -> Unit:
    unit = get_unit(conn, unit_id)
    if unit is None or not who.can_view(unit.ids_path):
        raise Refused(404, "没有这个单位，或无权查看。", "not-found")
    return unit


def _case_row(
    conn: Connection, unit: Unit, year: int, case: Any, *, count: int, on: date
) -> CaseRow:
    state = case.state if case is not None else "none"
    version = None
    if case is not None and case.active_version_id is not None:
        row = conn.execute(
            select(*_VERSION_COLUMNS).where(versions.c.id == case.active_version_id)
        ).one()
        version = dict(row._mapping)
    due = deadline(conn, year, unit.kind)
    overdue = state in ("none", "refused") and on > due
    label = OVERDUE if overdue and state == "none" else LIST_STATES[state]
    return CaseRow(
        unit,
        year,
        state,
        label,
        overdue or bool(version and version["late"]),
        due,
        version,
        count,
        case.reason if case is not None else "",
        case.refused_reason if case is not None else "",
    )


def region_list(
    db: Database, who: Principal, region_id: int, year: int, now: datetime | None = None
) -> list[CaseRow]:
    """The expected units directly under ``region_id`` with their state for ``year``."""
    on = today(now)
    with db.read() as conn:
        region = visible_unit(conn, who, region_id)
        if not who.is_office or not region.is_region:
            raise Refused(403, "只有政务公开办可以查看下级单位清单。", "forbidden")
        kids = [u for u in children(conn, region.id) if u.expected]
        ids = [u.id for u in kids]
        found = {
            r.unit_id: r
            for r in conn.execute(
                select(cases).where(cases.c.year == year, cases.c.unit_id.in_(ids))
            )
        }
        counts: dict[int, int] = dict(
            conn.execute(
                select(versions.c.unit_id, func.count())
                .where(versions.c.year == year, versions.c.unit_id.in_(ids))
                .group_by(versions.c.unit_id)
            ).all()
        )
        return [
            _case_row(conn, u, year, found.get(u.id), count=counts.get(u.id, 0), on=on)
            for u in kids
        ]


@dataclass
class CaseDetail:
    unit: Unit
    path: str
    row: CaseRow
    history: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    kept: list[dict[str, Any]]
    published: dict[str, str] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    can_review: bool = False


def case_detail(
    db: Database, who: Principal, unit_id: int, year: int, now: datetime | None = None
) -> CaseDetail:
    """A unit's case for ``year``: every version, the active findings, kept warnings + reviews."""
    with db.read() as conn:
        unit = visible_unit(conn, who, unit_id)
        case = conn.execute(
            select(cases).where(cases.c.unit_id == unit.id, cases.c.year == year)
        ).first()
        history = [
            dict(r._mapping)
            for r in conn.execute(
                select(*_VERSION_COLUMNS)
                .where(versions.c.unit_id == unit.id, versions.c.year == year)
                .order_by(versions.c.number.desc())
            )
        ]
        row = _case_row(conn, unit, year, case, count=len(history), on=today(now))
        findings: list[dict[str, Any]] = []
        kept: list[dict[str, Any]] = []
        if row.version is not None:
            vid = row.version["id"]
            text = conn.execute(select(versions.c.findings).where(versions.c.id == vid)).scalar()
            findings = stored_findings(str(text or ""))
            decided = {
                r.fingerprint: dict(r._mapping)
                for r in conn.execute(select(reviews).where(reviews.c.version_id == vid))
            }
            kept = [
                {**f, "review": decided.get(f["fingerprint"])} for f in findings if f["explanation"]
            ]
        published = (
            {"url": case.url, "date": case.published_on} if case is not None and case.url else {}
        )
        return CaseDetail(
            unit,
            display_path(conn, unit),
            row,
            history,
            findings,
            kept,
            published,
            _events(conn, unit.id, year),
            who.can_review(unit.ids_path),
        )


def _events(
    conn: Connection, unit_id: int, year: int | None, limit: int = 200
) -> list[dict[str, Any]]:
    q = select(audit).where(audit.c.unit_id == unit_id)
    if year is not None:
        q = q.where(audit.c.year == year)
    return [
        {**dict(r._mapping), "detail": json.loads(r.detail or "{}")}
        for r in conn.execute(q.order_by(audit.c.id.desc()).limit(limit))
    ]


def audit_log(
    db: Database, who: Principal, *, unit_id: int | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """Audit entries the caller may see (own unit; an office: everything below it)."""
    with db.read() as conn:
        if unit_id is not None:
            return _events(conn, visible_unit(conn, who, unit_id).id, None, limit)
        from xl_disclosure.server.db import units

        q = (
            select(audit)
            .join(units, units.c.id == audit.c.unit_id)
            .where(
                units.c.ids_path.startswith(who.ids_path)
                if who.is_office
                else units.c.id == who.unit_id
            )
            .order_by(audit.c.id.desc())
            .limit(limit)
        )
        return [
            {**dict(r._mapping), "detail": json.loads(r.detail or "{}")} for r in conn.execute(q)
        ]


def version_body(db: Database, who: Principal, version_id: int) -> tuple[bytes, str]:
    """The stored bytes of a version the caller may see, and its file name."""
    with db.read() as conn:
        row = conn.execute(
            select(versions.c.unit_id, versions.c.body, versions.c.filename).where(
                versions.c.id == version_id
            )
        ).first()
        if row is None:
            raise Refused(404, "没有这个提交，或无权查看。", "not-found")
        unit = get_unit(conn, row.unit_id)
        if unit is None or not who.can_view(unit.ids_path):
            raise Refused(404, "没有这个提交，或无权查看。", "not-found")
        return bytes(row.body), row.filename


def active_bodies(
    db: Database, unit_ids: list[int], year: int, states: tuple[str, ...]
) -> list[tuple[int, bytes]]:
    """(unit id, body) of the active versions of ``unit_ids`` whose case is in ``states``."""
    with db.read() as conn:
        rows = conn.execute(
            select(cases.c.unit_id, versions.c.body)
            .join(versions, versions.c.id == cases.c.active_version_id)
            .where(cases.c.year == year, cases.c.unit_id.in_(unit_ids), cases.c.state.in_(states))
            .order_by(cases.c.unit_id)
        )
        return [(r.unit_id, bytes(r.body)) for r in rows]


def years(db: Database, who: Principal) -> list[int]:
    """Report years that have any case the caller can see (newest first)."""
    from xl_disclosure.server.db import units

    with db.read() as conn:
        q = select(cases.c.year).join(units, units.c.id == cases.c.unit_id).distinct()
        q = q.where(units.c.ids_path.startswith(who.ids_path))
        return sorted((int(y) for y in conn.execute(q).scalars()), reverse=True)


def revision(db: Database) -> int:
    """Grows with every change (the newest audit entry): a cache key for roll-ups."""
    with db.read() as conn:
        return int(conn.execute(select(func.max(audit.c.id))).scalar() or 0)


def state_name(state: str) -> str:
    return STATES.get(state, LIST_STATES.get(state, state))
