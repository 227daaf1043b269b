"""Shared fixtures: Sphinx test roots under ``tests/roots`` and the shared real data."""

from __future__ import annotations

from pathlib import Path

import pytest

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
