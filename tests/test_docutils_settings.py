"""Reused settings parsers give every page the settings a new parser would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sphinx.util.docutils as sphinx_docutils
from bs4 import BeautifulSoup
from docutils.frontend import OptionParser
from docutils.readers import standalone
from myst_parser.mdit_to_docutils import base as myst_base
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.cmd.build import build_main

from sphinx_quicktakes.docutils_settings import (
    default_settings,
    page_settings,
    reuse_settings_parsers,
)
from tests.helpers import article, make_site, write_article

DEFAULTS = {"traceback": True, "input_encoding": "utf-8-sig", "halt_level": 5}


def fresh(*components: Any, defaults: dict[str, Any]) -> dict[str, Any]:
    """The settings a new parser gives, as a plain mapping."""
    return _plain(OptionParser(components=components, defaults=defaults).get_default_values())


def _plain(values: Any) -> dict[str, Any]:
    settings = dict(vars(values))
    settings.pop("record_dependencies")  # a new list each time, compared below
    return settings


def test_reused_parser_gives_the_settings_of_a_new_one_in_a_new_object() -> None:
    first = page_settings(standalone.Reader, MystParser(), defaults=DEFAULTS)
    second = page_settings(standalone.Reader, MystParser(), defaults=DEFAULTS)
    expected = fresh(standalone.Reader, MystParser(), defaults=DEFAULTS)
    assert _plain(first) == _plain(second) == expected
    assert first is not second
    first.record_dependencies.add("only/the/first.md")
    assert second.record_dependencies.list == []  # one page's dependencies never leak


def test_a_changed_default_builds_a_new_parser() -> None:
    page_settings(standalone.Reader, MystParser(), defaults=DEFAULTS)
    changed = page_settings(standalone.Reader, MystParser(), defaults={**DEFAULTS, "halt_level": 4})
    assert changed.halt_level == 4


def test_a_component_with_its_own_settings_is_never_reused() -> None:
    class Extra(MystParser):
        pass

    parser = Extra()
    parser.settings_spec = ("Extra", None, (("--extra-x", ["--extra-x"], {"default": "one"}),))
    assert page_settings(standalone.Reader, parser, defaults=DEFAULTS).extra_x == "one"
    other = Extra()
    other.settings_spec = ("Extra", None, (("--extra-x", ["--extra-x"], {"default": "two"}),))
    assert page_settings(standalone.Reader, other, defaults=DEFAULTS).extra_x == "two"


def test_myst_default_settings_match_docutils() -> None:
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    assert _plain(default_settings(Parser)) == _plain(get_default_settings(Parser))


def test_the_extension_installs_the_reused_parsers_once() -> None:
    reuse_settings_parsers()
    reuse_settings_parsers()
    assert sphinx_docutils._get_settings is page_settings
    assert myst_base.get_default_settings is default_settings
    original = sphinx_docutils._quicktakes__get_settings  # kept, and not wrapped twice
    assert original.__module__ == "sphinx.util.docutils"


def _quotes_site(srcdir: Path) -> Path:
    make_site(srcdir, sample_content=False)
    answer = 'She said "hello" and left.'
    write_article(srcdir / "content", "s/a.md", article(1, "Speech", "What did she say?", answer))
    return srcdir


def _answer_text(outdir: Path) -> str:
    page = outdir / "learn/speech/questions/what-did-she-say.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return " ".join(soup.get_text(" ").split())


def test_docutils_conf_still_reaches_every_page_from_build_to_build(tmp_path: Path) -> None:
    """A project's ``docutils.conf`` is read for each build, not once per process."""
    curly = _quotes_site(tmp_path / "curly")
    assert build_main(["-q", "-b", "html", str(curly), str(curly / "out")]) == 0
    assert "\u201chello\u201d" in _answer_text(curly / "out")

    straight = _quotes_site(tmp_path / "straight")
    (straight / "docutils.conf").write_text("[general]\nsmart_quotes: no\n")
    assert build_main(["-q", "-b", "html", str(straight), str(straight / "out")]) == 0
    assert '"hello"' in _answer_text(straight / "out")
