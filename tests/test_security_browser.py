"""A real browser opens every page built from the adversarial corpus: nothing runs.

Headless Chromium (Playwright) loads each page over a local HTTP server, fires mouse, focus
and click events at every element of the page body (so inline handlers would run if any
existed), and runs the site search and the library search box for payload words. No dialog
may open, no payload may run (``window.__pwned`` stays undefined, no ``<qtx-payload>``
element exists) and the console shows no error other than blocked requests to external hosts
(the MathJax CDN). Skipped when Playwright or Chromium is missing.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from checkers import chromium_browser
from security_corpus import MARKER, Built, adversarial_html

SEARCHES = ("pwned", "script", "qtx", "onerror", "passwd", "alert")
#: Fires the events inline handlers listen to at every element of the page body.
PROVOKE = """() => {
  document.addEventListener('click', (event) => event.preventDefault(), true);  // stay here
  const body = document.querySelector('[role=main]') || document.body;
  const all = body.querySelectorAll('*');
  for (const el of all) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'toggle', 'load', 'error']) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
    el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
  }
  return all.length;
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return adversarial_html(tmp_path_factory)


@pytest.fixture(scope="module")
def site(built: Built) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built.outdir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium_browser() as launched:
        yield launched


class Watcher:
    """A browser page that records dialogs, console errors and uncaught exceptions."""

    def __init__(self, browser: object, site: str) -> None:
        self.site = site
        self.local = urlsplit(site).netloc
        self.events: list[str] = []
        self.page = browser.new_page()  # type: ignore[attr-defined]
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.events.append(f"page error: {error}"))

    def _route(self, route: object) -> None:
        local = urlsplit(route.request.url).netloc == self.local  # type: ignore[attr-defined]
        route.continue_() if local else route.abort()  # type: ignore[attr-defined]

    def _dialog(self, dialog: object) -> None:
        self.events.append(f"dialog: {dialog.type} {dialog.message!r}")  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def _console(self, message: object) -> None:
        if message.type != "error":  # type: ignore[attr-defined]
            return
        url = (message.location or {}).get("url", "")  # type: ignore[attr-defined]
        if message.text.startswith("Failed to load resource") and (  # type: ignore[attr-defined]
            urlsplit(url).netloc not in ("", self.local)
        ):
            return  # a blocked request to an external host (the MathJax CDN)
        self.events.append(f"console error: {message.text} at {url}")  # type: ignore[attr-defined]

    def visit(self, path: str, provoke: bool = True) -> list[str]:
        self.events.clear()
        self.page.goto(self.site + path, wait_until="load")
        if provoke:
            self.page.evaluate(PROVOKE)
        self.page.wait_for_timeout(50)
        pwned = self.page.evaluate("() => typeof window.__pwned")
        markers = self.page.evaluate(f"() => document.getElementsByTagName('{MARKER}').length")
        scripts = self.page.evaluate(
            "() => [...document.scripts].filter(s => (!s.type || /script|module/.test(s.type))"
            " && /pwned|alert/.test(s.text)).length"
        )
        return [
            *self.events,
            *([f"window.__pwned is {pwned}"] if pwned != "undefined" else []),
            *([f"{markers} <{MARKER}> elements"] if markers else []),
            *([f"{scripts} scripts from content"] if scripts else []),
        ]


@pytest.fixture(scope="module")
def watcher(browser: object, site: str) -> Watcher:
    return Watcher(browser, site)


def test_watcher_sees_a_payload_that_runs(watcher: Watcher, tmp_path: Path) -> None:
    """The harness itself: a page that does run a payload is caught."""
    watcher.page.set_content(
        f"<{MARKER}></{MARKER}><img src=x onerror='window.__pwned=1'><script>alert(1)</script>"
    )
    watcher.page.wait_for_timeout(100)
    assert watcher.page.evaluate("() => typeof window.__pwned") == "number"
    assert any(event.startswith("dialog") for event in watcher.events)
    watcher.page.set_content(
        '<div role="main"><b onmouseover="window.__hovered=1">x</b><a href="#">'
        '<span onclick="window.__clicked=1">y</span></a></div>'
    )
    watcher.page.evaluate(PROVOKE)
    assert watcher.page.evaluate("() => [window.__hovered, window.__clicked]") == [1, 1]


def test_no_page_runs_content(built: Built, watcher: Watcher) -> None:
    pages = sorted(
        path.relative_to(built.outdir).as_posix() for path in built.outdir.rglob("*.html")
    )
    assert len(pages) >= 45
    failures = {}
    for page in pages:
        big = (built.outdir / page).stat().st_size > 1_000_000
        found = watcher.visit(page, provoke=not big)
        if found:
            failures[page] = found
    assert failures == {}


@pytest.mark.parametrize("word", SEARCHES)
def test_search_results_run_nothing(watcher: Watcher, word: str) -> None:
    watcher.events.clear()
    watcher.page.goto(watcher.site + f"search.html?q={word}", wait_until="load")
    watcher.page.wait_for_selector("#search-results .search-summary", timeout=15_000)
    watcher.page.wait_for_load_state("networkidle")
    results = watcher.page.evaluate("() => document.querySelectorAll('#search-results li').length")
    watcher.page.evaluate(PROVOKE)
    assert watcher.page.evaluate("() => typeof window.__pwned") == "undefined"
    assert watcher.page.evaluate(f"() => document.getElementsByTagName('{MARKER}').length") == 0
    assert watcher.events == []
    assert results >= 0  # library pages are searched by the library search box (below)


@pytest.mark.parametrize("word", SEARCHES)
def test_library_search_results_run_nothing(watcher: Watcher, word: str) -> None:
    watcher.events.clear()
    # the hostile subject's page searches its bundle: answers in full, hostile excerpts shown
    watcher.page.goto(watcher.site + f"learn/hostile/index.html?q={word}", wait_until="load")
    watcher.page.wait_for_function(
        "() => /found/.test(document.querySelector('.quicktakes-search-status').textContent)",
        timeout=15_000,
    )
    watcher.page.wait_for_load_state("networkidle")
    results = watcher.page.evaluate(
        "() => document.querySelectorAll('.quicktakes-search-result').length"
    )
    watcher.page.evaluate(PROVOKE)
    assert watcher.page.evaluate("() => typeof window.__pwned") == "undefined"
    assert watcher.page.evaluate(f"() => document.getElementsByTagName('{MARKER}').length") == 0
    assert watcher.events == []
    if word in ("script", "qtx", "passwd"):
        assert results > 0  # hostile pages were found and their titles and excerpts shown


def test_highlighted_terms_run_nothing(watcher: Watcher) -> None:
    found = watcher.visit(
        "learn/hostile/questions/xss-everywhere.html?highlight=%3Cimg%20src%3Dx%20onerror%3D"
        "alert(1)%3E%20pwned%20script"
    )
    assert found == []
