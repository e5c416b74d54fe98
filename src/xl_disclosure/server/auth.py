"""Who is calling: tokens (long, random, stored hashed) and what each may see and do.

A token belongs to one unit and has a role. ``agency``: submit and read the unit's own
reports. ``office``: the 政务公开办 of a region unit: everything below it in the unit tree
(read, review), plus its own unit's submission to the level above. The root office is the
administrator. Only SHA-256 digests are stored; a token is shown once, when it is issued.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from dataclasses import dataclass

from sqlalchemy import select, update

from xl_disclosure.errors import InputError
from xl_disclosure.server.db import Database, now_utc, tokens, units

#: Shortest token accepted when an administrator supplies one by hand.
MIN_TOKEN_LENGTH = 32
ROLES = ("agency", "office")
_TOKEN_ALPHABET = frozenset(string.ascii_letters + string.digits + "-_.~")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> str:
    """43 URL-safe characters (256 random bits), never starting with ``-``: a token is typed
    after commands (``xl-disclosure admin revoke 令牌``), where a leading ``-`` reads as an
    option (one token in 64 was refused that way)."""
    while (token := secrets.token_urlsafe(32)).startswith("-"):
        pass
    return token


def check_given_token(token: str) -> None:
    """Refuse a hand-made token that is short, repetitive or not plain ASCII."""
    if len(token) < MIN_TOKEN_LENGTH:
        raise InputError(
            f"令牌太短（{len(token)} 个字符），至少需要 {MIN_TOKEN_LENGTH} 个字符。",
            hint="不指定 --token 时会自动生成足够长的随机令牌。",
        )
    if not set(token) <= _TOKEN_ALPHABET:
        raise InputError("令牌只能包含英文字母、数字和 - _ . ~。")
    if len(set(token)) < 12:
        raise InputError("令牌过于简单（重复字符太多），请使用随机生成的令牌。")


@dataclass(frozen=True)
class Principal:
    """The caller behind a valid token."""

    token_id: int
    unit_id: int
    unit_name: str
    ids_path: str
    role: str

    @property
    def is_office(self) -> bool:
        return self.role == "office"

    @property
    def actor(self) -> str:
        who = "政务公开办" if self.is_office else "填报单位"
        return f"{self.unit_name}（{who}，令牌#{self.token_id}）"

    def can_view(self, ids_path: str) -> bool:
        """Own unit, or (office) any unit below it."""
        return ids_path == self.ids_path or (self.is_office and ids_path.startswith(self.ids_path))

    def can_review(self, ids_path: str) -> bool:
        """Office of a unit strictly above."""
        return self.is_office and ids_path != self.ids_path and ids_path.startswith(self.ids_path)


def issue_token(
    db: Database, unit_id: int, role: str, *, token: str | None = None, label: str = ""
) -> str:
    """Store a new token for ``unit_id`` and return it (the only time it is visible)."""
    if role not in ROLES:
        raise InputError(f"未知的角色“{role}”，应为 agency 或 office。")
    if token is None:
        token = new_token()
    else:
        check_given_token(token)
    with db.write() as conn:
        unit = conn.execute(select(units.c.is_region).where(units.c.id == unit_id)).first()
        if unit is None:
            raise InputError(f"没有编号为 {unit_id} 的单位。")
        if role == "office" and not unit.is_region:
            raise InputError("政务公开办令牌只能发给地区（add-region 建立的单位）。")
        if conn.execute(select(tokens.c.id).where(tokens.c.digest == digest(token))).first():
            raise InputError("该令牌已被使用，请换一个。")
        conn.execute(
            tokens.insert().values(
                unit_id=unit_id,
                role=role,
                digest=digest(token),
                hint=token[:4],
                label=label,
                created_at=now_utc(),
            )
        )
    return token


def revoke(db: Database, token_or_id: str) -> int:
    """Revoke by the token itself or by its number; returns how many were revoked."""
    cond = tokens.c.digest == digest(token_or_id)
    if token_or_id.isdigit() and len(token_or_id) < 12:
        cond = tokens.c.id == int(token_or_id)
    with db.write() as conn:
        done = conn.execute(
            update(tokens).where(cond, tokens.c.revoked_at.is_(None)).values(revoked_at=now_utc())
        )
    return int(done.rowcount or 0)


def principal_for(db: Database, token: str) -> Principal | None:
    """The principal of a valid, unrevoked token (constant-time digest comparison)."""
    if not token or len(token) > 512:
        return None
    wanted = digest(token)
    with db.read() as conn:
        row = conn.execute(
            select(tokens.c.id, tokens.c.role, tokens.c.digest, units.c.id.label("unit_id"))
            .add_columns(units.c.name, units.c.ids_path)
            .join(units, units.c.id == tokens.c.unit_id)
            .where(tokens.c.digest == wanted, tokens.c.revoked_at.is_(None))
        ).first()
    if row is None or not hmac.compare_digest(row.digest, wanted):
        return None
    return Principal(row.id, row.unit_id, row.name, row.ids_path, row.role)


def principal_by_token_id(db: Database, token_id: int) -> Principal | None:
    with db.read() as conn:
        row = conn.execute(
            select(tokens.c.id, tokens.c.role, units.c.id.label("unit_id"))
            .add_columns(units.c.name, units.c.ids_path)
            .join(units, units.c.id == tokens.c.unit_id)
            .where(tokens.c.id == token_id, tokens.c.revoked_at.is_(None))
        ).first()
    return None if row is None else Principal(row.id, row.unit_id, row.name, row.ids_path, row.role)


def bearer(header: str) -> str:
    """The token of an ``Authorization: Bearer …`` header ('' when absent or malformed)."""
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""
