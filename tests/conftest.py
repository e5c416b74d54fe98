"""Shared fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.server import database, pg_cluster  # noqa: F401  (server fixtures: SQLite, PostgreSQL)
from xl_disclosure.io.canonical import load_report_json
from xl_disclosure.model import AnnualReport

DATA = Path(__file__).parent / "data"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
# Verdicts kept between runs are off unless a test turns them on (tests/test_aggregate_verdicts.py)
os.environ.setdefault("XL_DISCLOSURE_CACHE_DIR", "off")


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def zhenhai() -> AnnualReport:
    """The Zhenhai 2019 report, captured by hand from its published text."""
    return load_report_json(DATA / "zhenhai-2019.json")


@pytest.fixture(autouse=True)
def _carried_profiles_mode() -> Iterator[None]:
    """Each test starts in the command-line mode (a workbook's carried profile replaces an
    earlier one) and leaves it so: ``create_app`` switches the whole process to the server's
    mode, which would otherwise reach every later test."""
    from xl_disclosure.spec import carried_profiles_replace

    before = carried_profiles_replace(True)
    try:
        yield
    finally:
        carried_profiles_replace(before)
