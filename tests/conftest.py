"""Shared fixtures: Sphinx test roots under ``tests/roots`` and the shared real data."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from checkers import EpubCheck, require_epubcheck, run_epubcheck

pytest_plugins = "sphinx.testing.fixtures"

TESTS = Path(__file__).parent
ROOTS = TESTS / "roots"
SHARED = TESTS.parent.parent / "shared"
SEED = SHARED / "seed-article.md"
REAL_SAMPLE = SHARED / "real-sample"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip("../shared/seed-article.md is not present in this checkout")
    return SEED


@pytest.fixture
def real_sample() -> Path:
    if not REAL_SAMPLE.is_dir():
        pytest.skip("../shared/real-sample is not present in this checkout")
    return REAL_SAMPLE


@pytest.fixture
def epubcheck() -> EpubCheck:
    """``epubcheck(*paths)``: EPUBCheck's messages on each file; skips (fails in CI) first."""
    return functools.partial(run_epubcheck, require_epubcheck())
