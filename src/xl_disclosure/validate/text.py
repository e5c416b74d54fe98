"""Text helpers for the narrative rules: keyword search and figures quoted in the text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass


def fold(text: str) -> str:
    """NFKC-fold (full-width digits/letters) and drop whitespace, for matching."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def contains_any(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def is_empty_or_none(text: str) -> bool:
    """Empty, or only "无"/"暂无" (D-007)."""
    core = re.sub(r"[\s。．.，,；;：:！!]", "", text)
    return core in ("", "无", "暂无", "没有", "无。")


@dataclass(frozen=True)
class Quote:
    """A figure quoted in the narrative: which table figure it names, the number, the text."""

    figure: str
    number: int
    text: str


#: Figure id -> regexes whose group 1 is the quoted number of that figure (after fold()).
#: Between the keyword and the number at most a few non-digit characters, never a clause break.
_GAP = r"[^，。；;,\d]{0,8}?"
#: Keys are the spec's figure names (:meth:`~xl_disclosure.spec.FormatSpec.figure`).
FIGURE_PATTERNS: dict[str, tuple[str, ...]] = {
    "received": (rf"新收{_GAP}(\d+)件", rf"收到{_GAP}申请{_GAP}(\d+)件"),
    "carry_in": (rf"上年结转{_GAP}(\d+)件",),
    "completed": (rf"办结{_GAP}(\d+)件", rf"办理结果总计{_GAP}(\d+)件"),
    "carry_out": (rf"结转下年度{_GAP}(\d+)件",),
    "review_total": (rf"行政复议{_GAP}(\d+)件",),
    "litigation_total": (rf"行政诉讼{_GAP}(\d+)件",),
    "rules_made": (rf"规章{_GAP}(\d+)件",),
    "normative_made": (rf"规范性文件{_GAP}(\d+)件",),
}


#: A figure quoted in a narrative has at most this many digits; a longer run of digits is not
#: a count (and ``int()`` refuses runs of more than 4,300 digits).
MAX_QUOTED_DIGITS = 15


def quoted_number(digits: str) -> int | None:
    """The count a run of digits in a narrative states, or ``None`` past :data:`MAX_QUOTED_DIGITS`."""
    return int(digits) if len(digits) <= MAX_QUOTED_DIGITS else None


def quotes(text: str) -> Iterator[Quote]:
    """Every figure quoted in ``text`` that :data:`FIGURE_PATTERNS` recognises."""
    folded = fold(text)
    for figure, patterns in FIGURE_PATTERNS.items():
        for pattern in patterns:
            for m in re.finditer(pattern, folded):
                if figure == "rules_made" and folded[max(0, m.start() - 2) : m.start()].endswith(
                    "性"
                ):
                    continue
                number = quoted_number(m.group(1))
                if number is not None:
                    start = max(0, m.start() - 4)
                    yield Quote(figure, number, folded[start : m.end()])
