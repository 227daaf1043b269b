"""The command line's processes collect garbage with the batch thresholds."""

from __future__ import annotations

import gc
from pathlib import Path

from sphinx_quicktakes.cli import main
from sphinx_quicktakes.gc_policy import BATCH_THRESHOLDS

ROOT = Path(__file__).parent.parent


def test_the_command_line_sets_the_batch_thresholds(tmp_path: Path) -> None:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # Python's default: another test may have run the command
    try:
        assert main(["convert", str(ROOT / "tests/roots/test-basic/content"), str(tmp_path)]) == 0
        assert gc.get_threshold() == BATCH_THRESHOLDS
    finally:
        gc.set_threshold(*before)
