"""What the narrative says about the tables: figures, shares and claims, sentence by sentence.

:func:`claims_of` reads every section but the fifth (problems and improvements, where numbers
describe problems, not the year's totals) and returns the claims it can attribute with
confidence; the X-003/X-005 rules (:mod:`xl_disclosure.validate.rules.prose`) compare them with
the tables and with each other.
"""

from __future__ import annotations

from xl_disclosure.model import AnnualReport
from xl_disclosure.validate.prose.bare import bare_claims
from xl_disclosure.validate.prose.claims import Claim, Target
from xl_disclosure.validate.prose.extract import extract
from xl_disclosure.validate.prose.keywords import lexicon
from xl_disclosure.validate.prose.sentences import Sentence, own_names, sentences

#: Sections whose numbers are not statements of the year's figures.
SKIPPED_SECTIONS = frozenset({5})

__all__ = ["Claim", "Sentence", "Target", "claims_of"]


def claims_of(report: AnnualReport) -> list[Claim]:
    """Every claim of the report's narrative, in reading order."""
    spec = report.spec
    lex = lexicon(spec)
    out: list[Claim] = []
    own = own_names(report.meta.agency)
    for section in spec.sections:
        if section.no in SKIPPED_SECTIONS or section.no not in report.sections:
            continue
        for sentence in sentences(section.no, report.text(section.no), report.meta.year, own):
            out += extract(spec, sentence)
            out += bare_claims(lex, sentence)
    return out
