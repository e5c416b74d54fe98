"""A one-agency store for the staff page's tests: the agency, its token, what was stored."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from xl_disclosure.server.auth import issue_token
from xl_disclosure.server.db import Database, versions
from xl_disclosure.server.units import add_unit


def agency_store(path: Path, agency: str, token: str) -> Database:
    """The store at ``path`` with a district and ``agency`` in it, holding ``token``."""
    db = Database(path)
    add_unit(db, "测试区", region=True)
    unit = add_unit(db, agency, parent="测试区")
    issue_token(db, unit.id, "agency", token=token)
    return db


def stored_count(path: Path) -> int:
    with Database(path).read() as conn:
        return int(conn.execute(select(func.count()).select_from(versions)).scalar_one())


def stored_body(path: Path, number: int = 1) -> bytes:
    with Database(path).read() as conn:
        row = conn.execute(select(versions.c.body).where(versions.c.number == number)).first()
    assert row is not None
    return bytes(row[0])
