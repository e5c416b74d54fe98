"""``xl-disclosure admin``: units, tokens (long, random, stored hashed), revoke, deadlines."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from xl_disclosure.cli import build_parser, run
from xl_disclosure.server.auth import new_token, principal_for
from xl_disclosure.server.db import MIGRATIONS, Database


def admin(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    parsed = build_parser().parse_args(["admin", "--database", str(db), *args])
    return run(parsed, out, err), out.getvalue(), err.getvalue()


def test_units_tokens_and_revocation(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    assert admin(db, "add-region", "某市")[0] == 0
    assert admin(db, "add-region", "某区", "--under", "某市")[0] == 0
    code, out, _ = admin(db, "add-agency", "某区教育局", "--under", "某区")
    assert code == 0 and "已新增单位：某区教育局" in out
    code, _, err = admin(db, "add-agency", "某区　教育局", "--under", "某区")  # full-width space
    assert code == 2 and "已存在" in err
    code, _, err = admin(db, "add-agency", "某局", "--under", "不存在区")
    assert code == 2 and "不存在" in err
    code, out, _ = admin(db, "issue-token", "某区教育局")
    token = out.strip().splitlines()[-1]
    assert code == 0 and len(token) >= 43
    who = principal_for(Database(db), token)
    assert who is not None and (who.unit_name, who.role) == ("某区教育局", "agency")
    office = admin(db, "issue-token", "某区")[1].strip().splitlines()[-1]
    assert principal_for(Database(db), office).role == "office"  # type: ignore[union-attr]
    raw = sqlite3.connect(db).execute("SELECT group_concat(digest) FROM tokens").fetchone()[0]
    assert token not in raw and office not in raw and token not in db.read_bytes().decode("latin-1")
    code, out, _ = admin(db, "list")
    assert "某区教育局（单位" in out and "agency" in out and token not in out
    assert admin(db, "revoke", token)[0] == 0
    assert principal_for(Database(db), token) is None
    assert admin(db, "revoke", token)[0] == 1  # already revoked


def test_issued_tokens_can_be_typed_after_a_command(tmp_path: Path) -> None:
    """A token starting with "-" reads as an option (``admin revoke -x…`` was refused for one
    token in 64): none is issued."""
    tokens = [new_token() for _ in range(3000)]  # without the rule, ~47 would start with "-"
    assert not [t for t in tokens if t.startswith("-")]
    assert len(set(tokens)) == len(tokens) and all(len(t) == 43 for t in tokens)
    db = tmp_path / "a.sqlite"
    admin(db, "add-region", "某区")
    admin(db, "add-agency", "某局", "--under", "某区")
    for _ in range(20):
        token = admin(db, "issue-token", "某局")[1].strip().splitlines()[-1]
        assert admin(db, "revoke", token)[0] == 0


def test_short_or_weak_tokens_given_by_hand_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite"
    admin(db, "add-agency", "某局")
    for given, why in (("short-token", "太短"), ("a" * 40, "过于简单"), ("令牌" * 20, "只能包含")):
        code, _, err = admin(db, "issue-token", "某局", "--token", given)
        assert code == 2 and why in err, err
    strong = "Zq8-xT3_pL9mW2vR7nB4kY6hJ1cF5dG0sA"
    assert admin(db, "issue-token", "某局", "--token", strong)[0] == 0
    assert principal_for(Database(db), strong) is not None
    code, _, err = admin(db, "issue-token", "某局", "--role", "office")
    assert code == 2 and "只能发给地区" in err


def test_local_deadlines_may_only_be_earlier(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    code, out, _ = admin(db, "set-deadline", "2024", "department", "2025-01-15")
    assert code == 0 and "2025-01-15" in out
    code, _, err = admin(db, "set-deadline", "2024", "government", "2025-04-01")
    assert code == 2 and "只能提前" in err
    code, _, err = admin(db, "set-deadline", "2024", "government", "明年")
    assert code == 2 and "日期" in err


def test_the_schema_is_migrated_once_and_kept(tmp_path: Path) -> None:
    db = Database(tmp_path / "d.sqlite")
    assert db.schema_version() == len(MIGRATIONS)
    db.migrate()
    again = Database(tmp_path / "d.sqlite")
    with sqlite3.connect(tmp_path / "d.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)
    assert again.schema_version() == len(MIGRATIONS)
