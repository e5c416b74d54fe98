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
def _no_server_left_holding_profiles() -> Iterator[None]:
    """Every test leaves the process in the command-line mode (each workbook read with the
    profile version it carries): a server still running after its test would keep the first
    carried version for every later test."""
    from xl_disclosure.spec import load

    yield
    assert load._holders[0] == 0, "a server (first_carried_profiles) outlived its test"
