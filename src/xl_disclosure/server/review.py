"""The office's actions on a case: 通过, 退回 (with reason), 备案, 公开 (URL and date), and the
review of each warning an agency kept with a written 说明 (accepted or rejected).

Only the office of a unit above may review; 公开 may also be recorded by the unit itself.
A case is approved only when every kept warning has been accepted.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Connection, select, update

from xl_disclosure.server.auth import Principal
from xl_disclosure.server.db import Database, cases, reviews, versions
from xl_disclosure.server.safety import Refused
from xl_disclosure.server.units import Unit, get_unit
from xl_disclosure.server.workflow import STATES, case_row, clean_reason, log, utc_now

#: action -> (states it applies to, the new state, Chinese name)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "approve": (("submitted",), "approved", "审核通过"),
    "return": (("submitted", "approved"), "returned", "退回"),
    "file": (("approved",), "filed", "备案"),
    "publish": (("filed",), "published", "公开"),
}


def _reviewable(conn: Connection, who: Principal, unit_id: int, *, own_ok: bool) -> Unit:
    unit = get_unit(conn, unit_id)
    allowed = unit is not None and (
        who.can_review(unit.ids_path) or (own_ok and unit.ids_path == who.ids_path)
    )
    if unit is None or not who.can_view(unit.ids_path):
        raise Refused(404, "没有这个单位，或无权查看。", "not-found")
    if not allowed:
        raise Refused(403, "只有上级政务公开办可以审核本单位的报告。", "forbidden")
    return unit


def act(
    db: Database,
    who: Principal,
    unit_id: int,
    year: int,
    action: str,
    *,
    reason: str = "",
    url: str = "",
    published_on: str = "",
) -> str:
    """Apply an office action (or, for ``publish``, the agency's own); returns the new state."""
    if action not in TRANSITIONS:
        raise Refused(404, f"未知的操作“{action[:40]}”。", "not-found")
    sources, target, name = TRANSITIONS[action]
    reason = clean_reason(reason)
    extra = _action_fields(action, reason, url, published_on)
    with db.write() as conn:
        _reviewable(conn, who, unit_id, own_ok=action == "publish")
        case = case_row(conn, unit_id, year, lock=True)
        if case is None or case.active_version_id is None:
            raise Refused(409, f"该单位 {year} 年度还没有报送报告。", "no-submission")
        if case.state not in sources:
            raise Refused(
                409,
                f"当前状态为“{STATES[case.state]}”，不能{name}。",
                "wrong-state",
                state=case.state,
            )
        if action == "approve":
            _check_reviews(conn, case.active_version_id)
        conn.execute(
            update(cases)
            .where(cases.c.unit_id == unit_id, cases.c.year == year)
            .values(state=target, updated_at=utc_now().isoformat(timespec="seconds"), **extra)
        )
        log(
            conn,
            who,
            action,
            unit_id=unit_id,
            year=year,
            version_id=case.active_version_id,
            detail={"from": case.state, "to": target, **extra},
        )
    return target


def _action_fields(action: str, reason: str, url: str, published_on: str) -> dict[str, str]:
    if action == "return":
        if not reason:
            raise Refused(422, "退回必须写明原因。", "reason-required")
        return {"reason": reason}
    if action != "publish":
        return {}
    url = url.strip()
    if not url.startswith(("http://", "https://")) or len(url) > 500 or " " in url:
        raise Refused(422, "请填写公开网址（以 http:// 或 https:// 开头）。", "bad-url")
    try:
        day = date.fromisoformat(published_on.strip())
    except ValueError as exc:
        raise Refused(422, "请填写公开日期（格式：2025-01-20）。", "bad-date") from exc
    return {"url": url, "published_on": day.isoformat()}


def _check_reviews(conn: Connection, version_id: int) -> None:
    row = conn.execute(select(versions.c.findings).where(versions.c.id == version_id)).one()
    kept = {f["fingerprint"] for f in json.loads(row.findings) if f["explanation"]}
    decided = dict(
        conn.execute(
            select(reviews.c.fingerprint, reviews.c.decision).where(
                reviews.c.version_id == version_id
            )
        ).all()
    )
    if any(decided.get(fp) == "rejected" for fp in kept):
        raise Refused(
            409, "有不接受的保留提示，不能审核通过，请退回并说明原因。", "rejected-warning"
        )
    if any(fp not in decided for fp in kept):
        raise Refused(
            409, "还有保留的提示（附说明）未审阅，请逐条接受或不接受后再审核通过。", "undecided"
        )


def review_warning(
    db: Database,
    who: Principal,
    unit_id: int,
    year: int,
    *,
    fingerprint: str,
    decision: str,
    note: str = "",
) -> None:
    """Accept or reject a kept warning of the active version (the office's decision)."""
    if decision not in ("accepted", "rejected"):
        raise Refused(422, "审阅结果应为 accepted（接受）或 rejected（不接受）。", "bad-decision")
    note = clean_reason(note)
    with db.write() as conn:
        _reviewable(conn, who, unit_id, own_ok=False)
        case = case_row(conn, unit_id, year, lock=True)
        if case is None or case.active_version_id is None or case.state != "submitted":
            raise Refused(409, "只有待审核的报告可以审阅保留的提示。", "wrong-state")
        vid = case.active_version_id
        row = conn.execute(select(versions.c.findings).where(versions.c.id == vid)).one()
        if fingerprint not in {
            f["fingerprint"] for f in json.loads(row.findings) if f["explanation"]
        }:
            raise Refused(404, "当前版本没有这条保留的提示。", "not-found")
        conn.execute(
            reviews.delete().where(
                reviews.c.version_id == vid, reviews.c.fingerprint == fingerprint
            )
        )
        conn.execute(
            reviews.insert().values(
                version_id=vid,
                fingerprint=fingerprint,
                decision=decision,
                note=note,
                token_id=who.token_id,
                at=utc_now().isoformat(timespec="seconds"),
            )
        )
        detail = {"fingerprint": fingerprint, "decision": decision, "note": note}
        log(conn, who, "review-warning", unit_id=unit_id, year=year, version_id=vid, detail=detail)
