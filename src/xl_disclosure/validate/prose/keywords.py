"""The per-format lexicon: keywords, what they point at in the tables, and the context a
keyword needs before a number is attributed to it. (The claims themselves: :mod:`.claims`.)"""

from __future__ import annotations

import re

from xl_disclosure.spec import FormatSpec, ValueType, format_ids, load_format
from xl_disclosure.validate.prose.claims import Mention, Target
from xl_disclosure.validate.prose.documents import document_target
from xl_disclosure.validate.prose.firsts import first_chars, required_words
from xl_disclosure.validate.prose.lexicon import (
    ALL_FROM,
    APPLICANT_FRAME,
    APPLICANT_SYNONYMS,
    CASE_DISTRACTORS,
    CASE_FRAMES,
    DOCS,
    FIGURES,
    GENERIC_APPLICANTS,
    OUTCOMES,
    ROW_PREFIX,
    ROW_SYNONYMS,
    SUBJECTS,
    Keyword,
)
from xl_disclosure.validate.prose.sentences import Sentence

_GENERIC = re.compile(GENERIC_APPLICANTS)
_CASE_DISTRACTORS = re.compile(CASE_DISTRACTORS)
_CASE_FRAMES = re.compile(CASE_FRAMES)
_APPLICANT_FRAME = re.compile(APPLICANT_FRAME)
_NO_REVIEW = re.compile(r"未经(?:行政)?复议")
#: After an applicant group: its applications (自然人申请52件, 商业企业提出的申请6件).
_APPLIED = re.compile(r"(?:提出|提交)?(?:的)?(?:政府信息公开|信息公开)?申请(?!人)")
#: A column of table 三 named on its own in a text has a label this long (商业企业; not 其他).
_NAMED_COLUMN = 4
_MONEY_TYPES = frozenset({ValueType.AMOUNT_WAN, ValueType.MONEY})


class Lexicon:
    """The keywords of one format (fixed words plus the spec's own row and group labels)."""

    def __init__(self, spec: FormatSpec) -> None:
        self.spec = spec
        #: The applicant groups of the spec (自然人, 法人或其他组织).
        self.groups = tuple(str(g["label"]) for g in map(dict, spec.group("applicants")))
        self.applicants = self._applicant_columns()
        #: 均为自然人提交: every application from one group (:meth:`only_group`).
        words = [w for g in self.groups for w in (g, *APPLICANT_SYNONYMS.get(g, ()))]
        self.all_from = re.compile(ALL_FROM.format(who="|".join(map(re.escape, words))))
        keys = [*FIGURES, *OUTCOMES, *DOCS, *self._spec_keywords()]
        self.patterns = [(re.compile(k.pattern), k, first_chars(k.pattern)) for k in keys]
        # Which keywords a character can start: a sentence runs only those its characters
        # can start (in lexicon order), plus any whose first characters are unknown.
        self._starting: dict[str, list[int]] = {}
        self._always: list[int] = []
        # and of those, only the ones whose words (one of which every match holds) are there
        self._needs = [required_words(k.pattern) for k in keys]
        for i, (_, _, first) in enumerate(self.patterns):
            if first is None:
                self._always.append(i)
            for c in first or ():
                self._starting.setdefault(c, []).append(i)
        self.subjects = [(re.compile(p), s) for p, s in SUBJECTS]
        self.applications = self._section_of("received")
        self.cases = self._section_of("review_total")
        self.case_table = (
            spec.figure("review_total").cells[0].split(".", 1)[0]
            if spec.has_figure("review_total")
            else ""
        )
        self.labels = {name: label for label, name in spec.group("key_figures")}
        self.parts = self._foreign_parts()
        self._targets: dict[tuple[str, str], Target | None] = {}
        self._subjects: tuple[str, list[tuple[int, str]]] = ("", [])

    def _section_of(self, figure: str) -> int:
        if not self.spec.has_figure(figure):
            return 0
        table = self.spec.figure(figure).cells[0].split(".", 1)[0]
        return next((s.no for s in self.spec.sections if s.table == table), 0)

    def _spec_keywords(self) -> list[Keyword]:
        """The outcome labels and sub-rows of table 三 and the applicant groups, from the spec."""
        spec, out = self.spec, []
        for name in spec.group("outcomes"):
            fig = spec.figure(name)
            out.append(Keyword("figure", re.escape(fig.label), name, name, post=True))
            if len(fig.cells) > 1:
                for key in fig.cells:
                    for words in _row_words(spec.cell(key).row.label):
                        out.append(Keyword("figure", re.escape(words), ROW_PREFIX + key, "outcome.item", post=True))  # fmt: skip
        for label in self.applicants:
            pattern = re.escape(label).replace("或", "(?:或者?|和|及|与|、)")
            if "或" in label:
                pattern += "|" + re.escape(label.split("或", maxsplit=1)[0]) + "(?!或)"
            for word in APPLICANT_SYNONYMS.get(label, ()):
                pattern += "|" + re.escape(word) + r"(?=申请|提出|提交|\d)"
            out.append(Keyword("applicant", pattern, label, "applicants"))
        return out

    def _applicant_columns(self) -> dict[str, tuple[str, ...]]:
        """Applicant label -> its columns: the spec's groups (自然人, 法人或其他组织) and the
        columns of table 三 a text names on their own (商业企业, 法律服务机构; not 其他)."""
        out = {str(g["label"]): tuple(map(str, g["columns"])) for g in map(dict, self.spec.group("applicants"))}  # fmt: skip
        if not self.spec.has_figure("received"):
            return out
        for column, cells in self.spec.figure("received").by_column:
            label = self.spec.cell(cells[0]).column.label
            if len(label) >= _NAMED_COLUMN and label not in out and (column,) not in out.values():
                out[label] = (column,)
        return out

    def _foreign_parts(self) -> dict[str, re.Pattern[str]]:
        """Outcome -> the words of the rows another format divides it into, where this one
        counts it in one row (2019's single （六）其他处理 is 逾期不补正 + 逾期未缴费 + 其他 in
        2021): a text may name such a part before the rest of the outcome."""
        out: dict[str, re.Pattern[str]] = {}
        for name in self.spec.group("outcomes"):
            if len(self.spec.figure(name).cells) > 1:
                continue
            words: set[str] = set()
            for other in map(load_format, format_ids()):
                if other.has_figure(name) and len(other.figure(name).cells) > 1:
                    for key in other.figure(name).cells:
                        words.update(_row_words(other.cell(key).row.label))
            if words:
                out[name] = re.compile("|".join(map(re.escape, sorted(words, key=len)[::-1])))
        return out

    def candidates(self, norm: str) -> list[int]:
        """Indexes (in lexicon order) of the keywords a match in ``norm`` could start."""
        starting = self._starting
        out = set(self._always)
        for c in set(norm):
            hit = starting.get(c)
            if hit is not None:
                out.update(hit)
        return sorted(out)

    def mentions(self, norm: str) -> list[Mention]:
        found = []
        generic: list[tuple[int, int]] | None = None
        patterns, needs = self.patterns, self._needs
        for i in self.candidates(norm):
            words = needs[i]
            if words is not None and not any(w in norm for w in words):
                continue
            pattern, key, _ = patterns[i]
            for m in pattern.finditer(norm):
                start, end = m.span()
                if end == start:
                    continue
                if key.kind == "applicant":
                    if generic is None:
                        generic = [g.span() for g in _GENERIC.finditer(norm)]
                    if any(a <= start < b for a, b in generic):
                        continue
                found.append(Mention(start, end, key))
        found.sort(key=lambda m: (m.start, -m.end))
        return found

    def figure_target(self, names: str, label: str = "") -> Target | None:
        key = (names, label)
        if key not in self._targets:
            self._targets[key] = self._figure_target(names, label)
        return self._targets[key]

    def _figure_target(self, names: str, label: str) -> Target | None:
        parts = names.split("+")
        if not all(self.spec.has_figure(n) for n in parts):
            return None
        cells = tuple(c for n in parts for c in self.spec.figure(n).cells)
        name = label or "及".join(self.labels.get(n, self.spec.figure(n).label) for n in parts)
        outcomes = set(self.spec.group("outcomes"))
        return Target(name, cells, names, shareable=set(parts) <= outcomes)

    def alternates(self, m: Mention) -> tuple[Target, ...]:
        if m.key.kind == "applicant":  # 受理…（含上年结转）, 其中自然人…: the carried ones too
            cells = self._applicant_cells(m.key.name, ("received", "carry_in"))
            return (Target(f"{m.key.name}（含上年结转）", cells),) if cells else ()
        out = (self.figure_target(n) for n in m.key.alternates)
        return tuple(t for t in out if t is not None)

    def only_group(self, said: str) -> tuple[str, Target] | None:
        """For a text saying every application came from the applicant group ``said`` names
        (均为自然人提交): the other groups of the spec and their cells of 新收, which must be 0."""
        named = next(
            (g for g in self.groups if said == g or said in APPLICANT_SYNONYMS.get(g, ())), None
        )
        if named is None:
            return None
        others = [g for g in self.groups if g != named]
        cells = tuple(k for g in others for k in self._applicant_cells(g, ("received",)))
        label = "、".join(others)
        return (named, Target(f"新收申请中{label}", cells)) if cells else None

    def _applicant_cells(self, label: str, figures: tuple[str, ...]) -> tuple[str, ...]:
        """The cells of an applicant group (its columns) in the rows of ``figures``."""
        if not all(self.spec.has_figure(f) for f in figures):
            return ()
        return tuple(
            k
            for f in figures
            for col in self.applicants[label]
            for k in self.spec.figure(f).column(col)
        )

    def about_applications(self, sentence: Sentence) -> bool:
        """A sentence about 政府信息公开申请 (weak verbs such as 受理/办结 need one)."""
        return (
            "申请" in sentence.norm
            or "申请" in sentence.heading
            or sentence.section == self.applications
        )

    def counts_money(self, target: Target) -> bool:
        """Whether ``target``'s cells hold amounts of money (in 万元 or the cover's unit)."""
        return all(self.spec.cell(k).type in _MONEY_TYPES for k in target.cells)

    def in_case_table(self, target: Target) -> bool:
        return bool(self.case_table) and target.cells[0].startswith(self.case_table + ".")

    def topic_ok(self, sentence: Sentence, target: Target, context: str = "") -> bool:
        """Figures of table 四 only in a sentence about disclosure (not 复议 in general), and
        not where the agency speaks as the body deciding reviews (办理行政复议案件)."""
        if not self.in_case_table(target):
            return True
        if _CASE_DISTRACTORS.search(context) or _CASE_FRAMES.search(sentence.norm):
            return False
        return sentence.section == self.cases or "公开" in sentence.norm

    def subject_mentions(self, norm: str) -> list[tuple[int, str]]:
        """(position, ``review``/``litigation``) of every 复议/诉讼 mention; 复议 inside
        ``复议后起诉`` or ``未经复议直接起诉`` belongs to the suit."""
        last = self._subjects
        if last[0] == norm:
            return last[1]
        found = self._subject_mentions(norm)
        self._subjects = (norm, found)
        return found

    def _subject_mentions(self, norm: str) -> list[tuple[int, str]]:
        if "复议" not in norm and "诉" not in norm:
            return []
        taken: list[tuple[int, int]] = []
        out: list[tuple[int, str]] = []
        for pattern, subject in self.subjects:
            for m in pattern.finditer(norm):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                out.append((m.start(), subject))
        for m in _NO_REVIEW.finditer(norm):  # 未经复议直接起诉: a suit
            out = [(p, s) for p, s in out if not (m.start() <= p < m.end())]
        return sorted(out)

    def subject(self, norm: str, before: int) -> str | None:
        """复议 (``review``) or 诉讼 (``litigation``): the last one mentioned before ``before``."""
        found = [s for pos, s in self.subject_mentions(norm) if pos < before]
        return found[-1] if found else None

    def target(
        self, sentence: Sentence, m: Mention, mentions: list[Mention], c0: int, q: int
    ) -> Target | None:
        """What a numbered keyword points at, or ``None`` when it cannot be told."""
        kind, name, norm = m.key.kind, m.key.name, sentence.norm
        key = m.key.row_cell
        if key is not None:
            return Target(self.spec.cell(key).row.label, (key,), shareable=True)
        if kind == "figure":
            return self.figure_target(name)
        if kind == "outcome":
            subject = self.subject(norm, m.start)
            return None if subject is None else self.figure_target(f"{subject}_{name}")
        if kind == "applicant":
            return self._applicants(sentence, m, mentions)
        return document_target(self.spec, norm, m, c0, q)

    def _applicants(self, sentence: Sentence, m: Mention, mentions: list[Mention]) -> Target | None:
        if not any(x.key.name == "received" and x.end <= m.start for x in mentions) and not (
            not any(x.end <= m.start and x.key.kind == "figure" for x in mentions)
            and (
                (sentence.section == self.applications and _APPLIED.match(sentence.norm, m.end))
                or _APPLICANT_FRAME.search(sentence.norm, 0, m.start)
            )
        ):  # 自然人 … counted under 新收/收到/受理, 自然人申请52件 opening a sentence in 三,
            return None  # 按申请主体分，自然人52件 (not 予以公开的申请中，自然人申请20件)
        cells = self._applicant_cells(m.key.name, ("received",))
        return Target(f"新收申请中{m.key.name}", cells, shareable=True) if cells else None


def row_core(label: str) -> str:
    """A row label of table 三 as a text names it: ``1.申请人无正当理由逾期不补正、…`` ->
    申请人无正当理由逾期不补正 (no number, no quotes, the words before the first 、/（)."""
    core = re.sub(r"^\d+[.、．]\s*", "", label).replace("“", "").replace("”", "")
    return re.split(r"[、，,（(]", core)[0]


def _row_words(label: str) -> list[str]:
    """How a text names a row of table 三: ``1.属于国家秘密`` -> 属于国家秘密, 国家秘密 ..."""
    core = row_core(label)
    words = {core}
    for prefix in ("属于", "本机关", "申请人", "保护", "危及"):
        if core.startswith(prefix):
            words.add(core[len(prefix) :])
    words.update(s for w in list(words) for s in ROW_SYNONYMS.get(w, ()))
    return sorted(w for w in words if len(w) >= 4)


_CACHE: list[tuple[FormatSpec, Lexicon]] = []


def lexicon(spec: FormatSpec) -> Lexicon:
    """The lexicon of ``spec`` (built once per spec object)."""
    for cached, lex in _CACHE:
        if cached is spec:
            return lex
    lex = Lexicon(spec)
    _CACHE.append((spec, lex))
    del _CACHE[:-8]
    return lex
