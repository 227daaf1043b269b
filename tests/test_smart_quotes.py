"""Smart quotes skip the text they would not change, and pages are the same as Sphinx's."""

from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path

import pytest
from docutils.utils import smartquotes
from helpers import article, html_files, make_site, sphinx_build, write_article
from sphinx.testing.util import SphinxTestApp
from sphinx.transforms import SphinxSmartQuotes

from sphinx_quicktakes.smart_quotes import QuickSmartQuotes, has_active_text

#: Characters SmartyPants acts on, their neighbours, and plain text.
ALPHABET = "\"'`\\-.&#;quot 8s(a\x00é”"
ACTIONS = ("qDe", "1", "2", "3", "qbBdDiew", "qe", "D")
LANGUAGES = ("en", "de", "fr", "it", "ja")


def _educated(texts: list[str], action: str, language: str) -> list[str]:
    tokens = [("plain", text) for text in texts]
    return list(smartquotes.educate_tokens(tokens, attr=action, language=language))


def test_text_without_active_characters_is_never_changed() -> None:
    chance = random.Random(20261201)
    samples = ["".join(chance.choices(ALPHABET, k=chance.randint(0, 12))) for _ in range(4000)]
    samples += ["".join(p) for p in itertools.product("'\"-. &", repeat=3)]
    checked = skipped = 0
    for first, second in zip(samples, reversed(samples), strict=True):
        texts = [first, second]
        for action, language in itertools.product(ACTIONS, LANGUAGES):
            changed = _educated(texts, action, language) != texts
            checked += 1
            if not has_active_text(texts):  # type: ignore[arg-type]
                skipped += 1
                assert not changed, (texts, action, language)
    assert checked > 20000 and skipped > 1000


@pytest.mark.parametrize(
    "text",
    ['"q"', "it's", "a--b", "a---b", "wait...", ". . .", "a\\b", "&#39;", "&quot;", "``x''"],
)
def test_every_kind_of_active_text_is_educated(text: str) -> None:
    assert has_active_text([text])  # type: ignore[list-item]


HOSTILE = (
    "He said \\\"stop\\\" and 'go'; the '80s -- or 1990s --- ended... "
    'Say . . . now.\\n\\n*"Quoted"* words, "**bold** in quotes", `code "kept"` and '
    "$x' = \"y\"$.\\n\\n- it's\\n- `'` and \\\\' and &#39; and &quot;\\n\\n"
    '| a "b" | c |\\n|---|---|\\n| d\'s | e -- f |'
)


def _sphinx_smart_quotes(app: SphinxTestApp) -> None:
    transforms = app.registry.transforms
    transforms[transforms.index(QuickSmartQuotes)] = SphinxSmartQuotes


def test_pages_equal_sphinx_smart_quotes_on_real_and_hostile_articles(
    tmp_path: Path, real_sample: Path
) -> None:
    site = make_site(tmp_path / "site")
    for folder in sorted(p for p in real_sample.iterdir() if p.is_dir())[:3]:
        for path in sorted(folder.glob("*.md"))[:40]:
            target = site / "content" / folder.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    write_article(
        site / "content",
        "quotes/hostile.md",
        article(990001, "Quotes", 'Why "quotes" -- and dashes...?', HOSTILE, slug="hostile"),
    )
    quick = sphinx_build("html", site, builddir=tmp_path / "quick")
    plain = sphinx_build("html", site, builddir=tmp_path / "plain", before=_sphinx_smart_quotes)
    assert QuickSmartQuotes in quick.registry.transforms
    assert SphinxSmartQuotes not in quick.registry.transforms
    pages = html_files(Path(quick.outdir))
    assert len(pages) > 120
    assert pages == html_files(Path(plain.outdir))
    hostile = (Path(quick.outdir) / "learn/quotes/questions/hostile.html").read_text("utf-8")
    assert "the \u201980s \u2013 or 1990s \u2014 ended\u2026" in hostile
    assert "\u201c<strong>bold</strong> in quotes\u201d" in hostile
