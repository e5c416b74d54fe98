"""The README documents every rule of the catalogue, with its severity label."""

from __future__ import annotations

from pathlib import Path

from xl_disclosure.spec import load_rules
from xl_disclosure.spec.catalogue import severity_labels

README = (Path(__file__).parents[1] / "README.md").read_text("utf-8")


def test_readme_lists_every_rule() -> None:
    labels = severity_labels()
    for rule in load_rules():
        assert f"| {rule.id} | {labels[rule.severity]} |" in README, rule.id


def test_readme_starts_with_the_two_commands() -> None:
    head = README[: README.index("## The workflow")]
    assert "make demo" in head and "make test" in head
