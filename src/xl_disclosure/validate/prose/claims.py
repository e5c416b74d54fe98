"""What the narrative states, as data: the keyword mentions found in a sentence, the table
cells a stated number counts (:class:`Target`) and the claims (:class:`Claim`)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from xl_disclosure.validate.prose.lexicon import Keyword
from xl_disclosure.validate.prose.sentences import Sentence

_CLAUSE = re.compile(r"[,;:。!?]")


def clauses(norm: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a normalised sentence (split at ``,;:。!?``)."""
    out, start = [], 0
    for m in _CLAUSE.finditer(norm):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(norm)))
    return out


_clauses = functools.lru_cache(maxsize=256)(clauses)


def clause_at(norm: str, pos: int) -> tuple[int, int]:
    """(start, end) of the clause of ``norm`` that holds position ``pos`` (the clauses of the
    sentences being read are remembered)."""
    for start, end in _clauses(norm):
        if start <= pos < end:
            return start, end
    return 0, len(norm)


class Mention(NamedTuple):
    """A keyword found in a normalised sentence (a tuple: thousands are made per report)."""

    start: int
    end: int
    key: Keyword

    @property
    def numbered(self) -> bool:
        return self.key.kind in ("figure", "doc", "outcome", "applicant")


@dataclass(frozen=True)
class Target:
    """What a stated number counts: its name for the message and the table cells it sums."""

    label: str
    cells: tuple[str, ...]
    figure: str = ""
    """The spec figure name(s) (``received``, ``open+partial``); ``""`` for explicit cells."""
    shareable: bool = False
    """A share of the applications (an outcome, a group of applicants): ``占N%`` is checked."""
    less: float = 0
    """Counted apart in the same text: the sum of ``cells`` less this is what the number
    states (``逾期未补正2件，其他处理3件`` where the format has one row for 其他处理)."""


@dataclass(frozen=True)
class Claim:
    """One thing the text states about the tables."""

    sentence: Sentence
    kind: str
    """``count``, ``money`` (万元), ``percent``, or a claim without a number: ``all_upheld``,
    ``no_corrected``, ``none``."""
    family: str
    target: Target
    value: float | None
    text: str
    """The words stated (``58件``, ``41.7%``, ``均获维持``)."""
    start: int
    alternates: tuple[Target, ...] = ()
    """Other readings of the same words that agree with the text (受理 may include 上年结转)."""
    decimals: int = 0
    base: Claim | None = None
    """For a percentage: the count stated just before it (``予以公开20件，占44.4%``)."""
    exact: bool = False
    """本年新收 exactly (not 受理/收到, which may include the carried-over ones)."""
