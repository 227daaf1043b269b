"""Chromium with JavaScript off and no network shows the build-time math laid out.

Skipped when Playwright or Chromium is missing, except in CI (``CI`` set) where it fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from checkers import chromium_browser
from test_math_html import LOGIC_PAGE, Site, make_site


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    site: Site = make_site(tmp_path_factory.mktemp("math-browser"))
    with chromium_browser() as browser:
        context = browser.new_context(
            java_script_enabled=False, viewport={"width": 1000, "height": 900}
        )
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file:") else route.abort()
            ),
        )
        tab = context.new_page()
        tab.goto((site.outdir / f"{LOGIC_PAGE}.html").as_uri(), wait_until="load")
        yield tab


def test_no_raw_tex_is_visible(page: object) -> None:
    text = page.inner_text("[role=main]")  # type: ignore[attr-defined]
    for raw in ("\\(", "\\[", "$", "\\frac", "\\neg", "\\nabla", "\\text"):
        assert raw not in text, raw
    assert "\u00ac" in text and "\u2207" in text


def test_math_is_laid_out(page: object) -> None:
    maths = page.query_selector_all("[role=main] math")  # type: ignore[attr-defined]
    assert len(maths) == 12
    for node in maths:
        box = node.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
    first, last = maths[0].bounding_box(), maths[1].bounding_box()
    assert first["width"] > last["width"]  # the display formula is wider than "P"


def test_screenshot_of_math(page: object, tmp_path: Path) -> None:
    from PIL import Image

    block = page.query_selector("[role=main] .qt-math-block")  # type: ignore[attr-defined]
    shot = tmp_path / "math.png"
    block.screenshot(path=str(shot))
    image = Image.open(shot).convert("L")
    assert image.width > 20 and image.height > 10
    dark = sum(1 for value in image.getdata() if value < 128)
    assert 0.005 < dark / (image.width * image.height) < 0.5  # ink, not a blank or black box
