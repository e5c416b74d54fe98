"""The narrative cut into sentences, each kept as written (for quoting) and normalised (for
matching): Simplified characters, full-width forms folded (``，`` -> ``,``), no whitespace,
thousands separators dropped, and years written as words relative to the report year
(``2024年`` -> ``本年``, ``2023年`` -> ``上年``, ``2025年`` -> ``下年``, any other -> ``他年``), so
a year is never read as a count and "2023年结转" reads like "上年结转"; a sub-district office's
own name is written ``本街道``, a township government's 全镇 ``本镇`` (:func:`own_names`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from xl_disclosure.textnorm import nfkc, to_simplified

#: Sentence ends (after normalisation); ``;`` ends a clause, not a sentence.
_END = re.compile(r"(?<=[。!?])")
#: A short line without a full stop is a heading for the lines below it.
_HEADING_MAX = 40
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年)")
_HEADING_STOP = re.compile(r"[。!?;]")
_PIECE_END = re.compile(r"[。！？!?]+[”’」』)）]*")
#: The same after folding (NFKC makes ！？） ASCII), and every character either one is made of.
_FOLDED_PIECE_END = re.compile(r"[。!?]+[”’」』)]*")
_PIECE_CHARS = re.compile(r"[。！？!?”’」』)）]")
#: Longest quote shown in a message.
QUOTE_MAX = 90


@dataclass(frozen=True, slots=True)
class Sentence:
    section: int
    text: str
    """As written (for the message)."""
    norm: str
    """Normalised (for matching)."""
    heading: str
    """The normalised heading the sentence stands under (``""`` if none)."""

    @property
    def quote(self) -> str:
        t = self.text.strip()
        return t if len(t) <= QUOTE_MAX else t[: QUOTE_MAX - 1] + "…"


def normalise(text: str, year: int | None = None) -> str:
    """Simplified, NFKC, no whitespace, no thousands separators, years relative to ``year``.

    Example:
        >>> normalise("2024年共受理政府資訊公開申請 1,234 件，", 2024)
        '本年共受理政府信息公开申请1234件,'
    """
    return _years(_folded(text), year)


def _folded(text: str) -> str:
    """Simplified, NFKC, no whitespace, no thousands separators (years as written)."""
    return _squeezed(nfkc(to_simplified(text)))


def _squeezed(text: str) -> str:
    """No whitespace, no thousands separators."""
    text = "".join(text.split())  # what \s matches (str.isspace), faster than a regex
    return _THOUSANDS.sub("", text) if "," in text else text


def _years(folded: str, year: int | None) -> str:
    if "年" not in folded:
        return folded
    return _YEAR.sub(lambda m: _relative(int(m.group(1)), year), folded)


def _relative(y: int, year: int | None) -> str:
    if year is None:
        return "他"
    return {year: "本", year - 1: "上", year + 1: "下"}.get(y, "他")


def _pieces(line: str, ends: re.Pattern[str] = _PIECE_END) -> Iterator[str]:
    """A paragraph split after 。！？ (as written), keeping closing quotes/brackets attached."""
    start = 0
    for m in ends.finditer(line):
        yield line[start : m.end()]
        start = m.end()
    if line[start:].strip():
        yield line[start:]


def _folded_pieces(line: str, pieces: list[str]) -> list[str]:
    """:func:`_folded` of each of ``pieces`` (the pieces of ``line``), converting the line to
    Simplified and NFKC once.

    Both keep the order of characters, and map each character a piece ends in to one such
    character (``！`` -> ``!``); when the converted line has as many of them as the line, no
    other character became one (a vertical ``︒`` does), and as the whitespace is still there
    (``。 ”`` is two pieces, ``。”`` one), the converted line splits where the line does.
    Whitespace and thousands separators go piece by piece. Otherwise each piece is folded alone.
    """
    converted = nfkc(to_simplified(line))
    if len(_PIECE_CHARS.findall(line)) == len(_PIECE_CHARS.findall(converted)):
        parts = list(_pieces(converted, _FOLDED_PIECE_END))
        if len(parts) == len(pieces):
            return [_squeezed(part) for part in parts]
    return [_folded(piece) for piece in pieces]


def _is_heading(norm: str) -> bool:
    return 0 < len(norm) <= _HEADING_MAX and not _HEADING_STOP.search(norm.rstrip("。"))


#: A sub-district office's name as its own text says it: 某区人民政府厚桥街道办事处 -> 厚桥街道.
_STREET = re.compile(r"([^区县市府省州旗盟]{2,5}?街道)(?:办事处|办|工作委员会|党工委)?$")
#: A township government (某县良村镇人民政府): the whole township (全镇) is its own scope.
_TOWNSHIP = re.compile(r"(镇|乡)(?:人民)?政府$")


def own_names(agency: str) -> tuple[tuple[str, str], ...]:
    """(words, as read) for how the agency's own text names it where the words would read as
    another body's or a wider scope: a 街道办事处 says 厚桥街道收到…, a township government
    全镇共收到申请… (its villages are no administrative bodies: the township's figures are its
    own), which without this read like a district's 街道 or a county's 全镇.

    Example:
        >>> own_names("无锡市锡山区人民政府厚桥街道办事处")
        (('厚桥街道', '本街道'),)
        >>> own_names("兴国县良村镇人民政府"), own_names("某县教育局")
        ((('全镇', '本镇'),), ())
    """
    folded = _folded(agency)
    street = _STREET.search(folded)
    if street:
        return ((street.group(1), "本街道"),)
    township = _TOWNSHIP.search(folded)
    return (("全" + township.group(1), "本" + township.group(1)),) if township else ()


def _own(norm: str, own: tuple[tuple[str, str], ...]) -> str:
    """``norm`` with the agency's own names as read (厚桥街道 -> 本街道, like a year as 本年)."""
    for words, read in own:
        if words in norm:
            norm = norm.replace(words, read)
    return norm


def sentences(
    section: int, text: str, year: int | None, own: tuple[tuple[str, str], ...] = ()
) -> Iterator[Sentence]:
    """The sentences of one section's narrative, in order, each with its heading; ``own``:
    the agency's own names (:func:`own_names`)."""
    heading = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        pieces = list(_pieces(line))
        if len(pieces) > 1:  # a sentence end inside the line: not a heading
            for piece, folded in zip(pieces, _folded_pieces(line, pieces), strict=True):
                norm = _own(_years(folded, year), own)
                if norm:
                    yield Sentence(section, piece.strip(), norm, heading)
            continue
        folded = _folded(line)
        if _is_heading(_years(folded, None)):
            heading = _years(folded, year)
        norm = _own(_years(folded, year), own)
        if norm:
            yield Sentence(section, pieces[0].strip() if pieces else line.strip(), norm, heading)
