"""The kinds of file a published report arrives in, by extension, and their name for users.

One list for the importer (:mod:`xl_disclosure.receiving.importer.sources` reads each kind),
the commands' help and their messages. A leaf module: the command line's top-level help names
the kinds without importing the importer.
"""

from __future__ import annotations

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
WORD_SUFFIXES = (".docx",)
LEGACY_WORD_SUFFIXES = (".doc", ".wps")
"""Converted to .docx by LibreOffice first."""
PDF_SUFFIXES = (".pdf",)

_KINDS = (
    TEXT_SUFFIXES,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    WORD_SUFFIXES,
    LEGACY_WORD_SUFFIXES,
    PDF_SUFFIXES,
)
SUFFIXES = tuple(s for kind in _KINDS for s in kind)

NAMED = "、".join("/".join(kind) if kind is LEGACY_WORD_SUFFIXES else kind[0] for kind in _KINDS)
"""The kinds as users read them: ".txt、.html、.md、.docx、.doc/.wps、.pdf"."""
