"""Pages checked with axe-core (WCAG 2.2 AA) under five themes, in light and dark modes.

One small site is built per theme and served over a local HTTP server; headless Chromium
(Playwright) opens its library, subject, article and flashcards pages. axe-core runs on the
extension's own markup (byline, card grids, download buttons, search box, flashcards): the
themes' chrome is not this project's to fix. Cards and buttons are also checked by name
and by keyboard.
"""

from __future__ import annotations

import functools
import importlib.util
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from checkers import chromium_browser, missing, require_axe
from helpers import sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-guides"
#: Theme name -> does it have a dark mode that follows the system's colour scheme?
THEMES = {
    "alabaster": False,
    "furo": True,
    "pydata_sphinx_theme": True,
    "sphinx_book_theme": True,
    "sphinx_rtd_theme": False,
}
LIBRARY = "learn/index.html"
SUBJECT = "learn/biology/index.html"
ARTICLE = "learn/biology/questions/how-do-enzymes-work.html"
FLASHCARDS = "learn/biology/flashcards.html"
OURS = [
    ".quicktakes-byline",
    ".quicktakes-downloads",
    ".quicktakes-related",
    ".quicktakes-questions",
    ".quicktakes-subjects",
    ".quicktakes-search",
    # the flashcards page: its cards, study tools (buttons, progress) and page links
    ".quicktakes-flashcard",
    ".quicktakes-flashcards-tools",
    ".quicktakes-flashcards-progress",
    ".quicktakes-flashcards-pages",
]
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@dataclass(frozen=True)
class Site:
    """A built test site served on a local port."""

    theme: str
    url: str


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _build(theme: str, tmp: Path) -> Path:
    shutil.copytree(ROOT, tmp / "src")
    app = sphinx_build(
        "html",
        tmp / "src",
        builddir=tmp / "_build",
        confoverrides={"html_theme": theme, "quicktakes_guide_subjects": ["biology"]},
    )
    return Path(app.outdir)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_axe()
    with chromium_browser() as launched:
        yield launched


@pytest.fixture(scope="module", params=list(THEMES))
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """The test site built with one theme, served on a local port."""
    theme = request.param
    if importlib.util.find_spec(theme) is None:
        missing(f"the {theme} theme", f"pip install {theme}")
    outdir = _build(theme, tmp_path_factory.mktemp(theme))
    handler = functools.partial(_Quiet, directory=str(outdir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(theme, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


#: Colours are checked where they settle: a colour scheme switch must not be caught half-way
#: through a theme's CSS transition.
NO_TRANSITIONS = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
)


def _open(browser: Any, site: Site, path: str, **context: Any) -> Any:
    page = browser.new_context(**context).new_page()
    page.goto(site.url + path)
    page.add_style_tag(content=NO_TRANSITIONS)
    return page


def _settle(page: Any) -> None:
    """Wait two frames: a theme's script reacting to the colour scheme has restyled the page."""
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    present = [[selector] for selector in OURS if page.query_selector(selector)]
    assert present, "no markup of the extension on the page"
    result = Axe().run(page, context={"include": present}, options={"runOnly": RULES})
    # A contrast axe could not establish (over an image, a gradient) is not a pass either.
    unsure = [v for v in result.response["incomplete"] if v["id"] == "color-contrast"]
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')}"
        for v in result.response["violations"] + unsure
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("path", [LIBRARY, SUBJECT, ARTICLE, FLASHCARDS])
def test_axe_finds_no_violation_in_our_markup(browser: Any, site: Site, path: str) -> None:
    page = _open(browser, site, path, color_scheme="light")
    try:
        if path == FLASHCARDS:  # the cards and the tools the script adds are checked
            page.wait_for_selector(".quicktakes-flashcards-progress")
            assert page.locator(".quicktakes-flashcard").count() >= 1
            assert page.locator(".quicktakes-flashcards-tools button").count() >= 1
        assert _violations(page) == [], "light"
        if THEMES[site.theme]:
            page.emulate_media(color_scheme="dark")
            assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
            _settle(page)
            assert _violations(page) == [], "dark"
    finally:
        page.context.close()


@pytest.mark.parametrize(("path", "subject"), [(LIBRARY, "Library"), (SUBJECT, "Biology")])
def test_download_buttons_say_what_they_download(
    browser: Any, site: Site, path: str, subject: str
) -> None:
    page = _open(browser, site, path)
    try:
        for label in ("EPUB", "PDF"):
            name = f"Download the {subject} study guide, {label} · "
            link = page.get_by_role("link", name=name)
            assert link.count() == 1, name
            spoken = link.evaluate("a => a.textContent")
            assert spoken.startswith(name) and spoken.rstrip().endswith(("KB", "MB", " B"))
            assert link.is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("path", [LIBRARY, SUBJECT, ARTICLE])
def test_cards_are_one_named_link_in_keyboard_order(browser: Any, site: Site, path: str) -> None:
    page = _open(browser, site, path)
    try:
        cards = page.locator(".quicktakes-card")
        assert cards.count() >= 1
        expected = []
        for index in range(cards.count()):
            card = cards.nth(index)
            links = card.locator("a")
            assert links.count() == 1
            title = card.locator(".sd-card-body").inner_text().strip()
            assert title and links.first.get_attribute("href")
            assert page.get_by_role("link", name=title, exact=True).count() >= 1
            expected.append(links.first.get_attribute("href"))
        reached = _tab_order(page, len(expected))
        assert [href for href in reached if href in expected] == expected
    finally:
        page.context.close()


def _tab_order(page: Any, cards: int) -> list[str]:
    """Hrefs of card links in the order Tab reaches them, from the top of the page."""
    focusable = page.evaluate("document.querySelectorAll('a[href], button, input').length")
    reached: list[str] = []
    for _ in range(focusable + 5):
        page.keyboard.press("Tab")
        href = page.evaluate(
            "() => { const a = document.activeElement;"
            " return a && a.closest('.quicktakes-card') ? a.getAttribute('href') : null; }"
        )
        if href and href not in reached:
            reached.append(href)
            if len(reached) == cards:
                break
    return reached


def test_reduced_motion_stops_card_and_button_motion(browser: Any, site: Site) -> None:
    page = _open(browser, site, SUBJECT, reduced_motion="reduce")
    try:
        card = page.locator(".quicktakes-card").first
        card.hover()
        for element in (card, page.locator(".quicktakes-download").first):
            style = element.evaluate(
                "e => { const s = getComputedStyle(e);"
                " return [s.transitionDuration, s.transform, s.animationName]; }"
            )
            assert style[0].split(",")[0].strip() == "0s" and style[1] == "none", style
            assert style[2] == "none", style
    finally:
        page.context.close()
