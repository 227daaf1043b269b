"""Where the external accessibility checkers are, and what to do when one is missing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

NODE_DIR = Path(__file__).parent / "node"
ACE = NODE_DIR / "node_modules" / ".bin" / "ace-puppeteer"


def missing(what: str) -> None:
    """Skip the test, or fail it in CI, where a checker must always run."""
    message = f"{what} is not installed (run: npm install --ignore-scripts in {NODE_DIR})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def chromium() -> str:
    """The system Chromium that Ace and axe drive."""
    path = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")
    if not path:
        missing("chromium")
    return str(path)


#: Headless Chromium on a machine whose only network is the package registries.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium_browser() -> Iterator[Any]:
    """The system Chromium driven by Playwright, closed on exit."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def ace(epub: Path, outdir: Path) -> dict[str, Any]:
    """DAISY Ace's JSON report on ``epub``."""
    if not ACE.exists() or shutil.which("node") is None:
        missing("DAISY Ace")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium(), "NO_COLOR": "1"}
    command = [str(ACE), "--silent", "--force", "--outdir", str(outdir), str(epub)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    report = outdir / "report.json"
    assert report.exists(), f"Ace wrote no report on {epub.name}: {result.stderr[-2000:]}"
    return json.loads(report.read_text("utf-8"))  # type: ignore[no-any-return]


def ace_violations(report: dict[str, Any]) -> list[str]:
    """Every failed Ace assertion, of any impact, as ``document: rule (impact): text``."""
    found = []
    for document in report.get("assertions", []):
        url = document.get("earl:testSubject", {}).get("url", "?")
        for check in document.get("assertions", []):
            if check["earl:result"]["earl:outcome"] != "pass":
                test = check["earl:test"]
                found.append(
                    f"{url}: {test['dct:title']} ({test['earl:impact']}): "
                    f"{check['earl:result'].get('dct:description', '')}"
                )
    return found
