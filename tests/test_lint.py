"""The code base stays clean under ruff and mypy (as configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from checkers import missing

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "sphinx_quicktakes", "tests", "benchmarks", "docs/_ext", "scripts"],
        [sys.executable, "-m", "mypy", "sphinx_quicktakes"],
    ],
    ids=["ruff", "mypy"],
)
def test_lint(command: list[str]) -> None:
    tool = command[0] if command[0] != sys.executable else "mypy"
    if shutil.which(tool) is None:
        missing(tool, 'pip install -e ".[test]"')
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
