"""Math rendered as MathML at build time, money kept as text, quiet code, JSON-LD = page text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from checkers import EpubCheck
from helpers import article, write_article
from security_corpus import build

from sphinx_quicktakes.html_math import RENDERER, choose_renderer

CONF = """
project = "Math"
author = "Tests"
copyright = "2026, Tests"
version = "1"
extensions = ["sphinx_quicktakes"]
quicktakes_base_url = "https://example.org/"
quicktakes_html_guides = False
exclude_patterns = ["_build", "content"]
"""
INDEX = "# Math\n\n```{toctree}\nlearn/index\n```\n"
LOGIC = (
    "Double negation says:\\n\\n$$\\n   \\neg(\\neg P) \\equiv P\\n   $$\\n\\nWhere:\\n"
    "- $ P $ is a proposition,\\n- $ \\neg P $ is its negation, with $a \\neq b$ and "
    "$ 0 < b < 1 $.\\n\\nThe gradient $\\nabla f$, the frequency $\\nu$, gravity "
    "$9.8 \\, \\text{m/s}^2$, a rate $1 \\times 10^{-4}$ and $ 5^2 = 25 $. Inline "
    "\\(\\frac{a}{b}\\) and display:\\n\\n\\[\\n\\int_0^1 x\\,dx = \\frac{1}{2}\\n\\]"
)
MONEY = (
    "The firm had $500,000 in assets and $300,000 in liabilities, $5 million in cash and a "
    "**bold** claim with `$x$` in code, &amp; an image ![a chart](https://example.org/c.png)."
    "\\n\\n```python\\nprice = $5 ?\\n```\\n\\n```c\\nint i;\\ni = 0;\\n```"
)
BROKEN = "A formula the converter rejects: $\\foo{x}$ and a good one $y^2$."


@dataclass
class Site:
    outdir: Path
    content: Path
    warnings: str

    def soup(self, docname: str) -> BeautifulSoup:
        html = (self.outdir / f"{docname}.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")


def make_site(root: Path, buildername: str = "html", **conf: str) -> Site:
    srcdir = root / "src"
    content = srcdir / "content"
    extra = "".join(f"{key} = {value!r}\n" for key, value in conf.items())
    srcdir.mkdir(parents=True)
    (srcdir / "conf.py").write_text(CONF + extra)
    (srcdir / "index.md").write_text(INDEX)
    for number, (subject, question, answer) in enumerate(
        [
            ("Mathematics", "What is double negation?", LOGIC),
            ("Accounting", "What is on a balance sheet?", MONEY),
            ("Physics", "What does the converter reject?", BROKEN),
        ],
        start=1,
    ):
        text = article(number, subject, question, answer)
        write_article(content, f"{subject.lower()}/q{number}.md", text)
    app, warnings = build(srcdir, buildername)
    return Site(Path(app.outdir), content, warnings)


LOGIC_PAGE = "learn/mathematics/questions/what-is-double-negation"
MONEY_PAGE = "learn/accounting/questions/what-is-on-a-balance-sheet"
BROKEN_PAGE = "learn/physics/questions/what-does-the-converter-reject"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return make_site(tmp_path_factory.mktemp("math"))


def _main(soup: BeautifulSoup) -> BeautifulSoup:
    return soup.find(attrs={"role": "main"}) or soup.body


def test_math_is_mathml_with_its_tex(site: Site) -> None:
    soup = site.soup(LOGIC_PAGE)
    maths = _main(soup).find_all("math")
    alts = [m["alttext"] for m in maths]
    assert alts == [
        "\\neg(\\neg P) \\equiv P",
        "P",
        "\\neg P",
        "a \\neq b",
        "0 < b < 1",
        "\\nabla f",
        "\\nu",
        "9.8 \\, \\text{m/s}^2",
        "1 \\times 10^{-4}",
        "5^2 = 25",
        "\\frac{a}{b}",
        "\\int_0^1 x\\,dx = \\frac{1}{2}",
    ]
    displays = [m["display"] for m in maths]
    assert displays[0] == displays[-1] == "block"
    assert set(displays[1:-1]) == {"inline"}
    for node in maths:
        annotation = node.find("annotation")
        assert annotation["encoding"] == "application/x-tex"
        assert annotation.get_text() == node["alttext"]
    # n-commands are symbols, not a line break and "eg", "eq", "abla", "u"
    text = _main(soup).get_text()
    assert "\u00ac" in text and "\u2260" in text and "\u2207" in text and "\u03bd" in text


def test_no_mathjax_and_no_cdn(site: Site) -> None:
    for docname in (LOGIC_PAGE, MONEY_PAGE, "learn/index"):
        scripts = site.soup(docname).find_all("script")
        assert all("mathjax" not in (s.get("src") or s.get_text()).lower() for s in scripts)
        assert not [s for s in scripts if re.match(r"(https?:)?//", s.get("src") or "")]


def test_money_is_text_and_code_is_quiet(site: Site) -> None:
    main = _main(site.soup(MONEY_PAGE))
    text = " ".join(main.get_text().split())
    assert "$500,000 in assets and $300,000 in liabilities, $5 million in cash" in text
    assert main.find("math") is None
    codes = [" ".join(pre.get_text().split()) for pre in main.find_all("pre")]
    assert codes == ["price = $5 ?", "int i; i = 0;"]
    assert "$x$" in [code.get_text() for code in main.find_all("code")]
    assert "Retrying" not in site.warnings and "Lexing" not in site.warnings


def test_rejected_formula_is_code_with_one_located_warning(site: Site) -> None:
    main = _main(site.soup(BROKEN_PAGE))
    source = main.find("code", class_="qt-math-source")
    assert source is not None and source.get_text() == "\\foo{x}"
    assert [m["alttext"] for m in main.find_all("math")] == ["y^2"]
    lines = [line for line in site.warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 1, site.warnings
    path = site.content / "physics" / "q3.md"
    answer_line = path.read_text().splitlines().index("answer: >-") + 2
    assert lines[0].startswith(f"{path}:{answer_line}: WARNING: cannot convert math")
    assert "[quicktakes.math]" in lines[0]


def test_jsonld_answer_is_the_text_a_reader_sees(site: Site) -> None:
    for docname in (LOGIC_PAGE, MONEY_PAGE):
        soup = site.soup(docname)
        script = soup.find("script", type="application/ld+json")
        data = json.loads(script.string)
        answer = data["mainEntity"]["acceptedAnswer"]["text"]
        main = _main(soup)
        for node in main.select("a.headerlink, annotation"):
            node.decompose()
        for node in main.find_all("math"):
            node.replace_with(node["alttext"])
        shown = " ".join(main.get_text().replace("\u2019", "'").split())
        assert " ".join(answer.split()) in shown
        for markup in ("**", "![", "](", "&amp;", "\\(", "\\["):
            assert markup not in answer


def test_project_renderer_wins() -> None:
    class Config(SimpleNamespace):
        def __getitem__(self, key: str) -> object:
            return getattr(self, key)

    mine = Config(html_math_renderer="mathjax", quicktakes_math_renderer="mathml")
    choose_renderer(None, mine)  # type: ignore[arg-type]
    assert mine.html_math_renderer == "mathjax"
    for choice, expected in (("mathml", RENDERER), ("mathjax", "mathjax")):
        unset = Config(html_math_renderer=None, quicktakes_math_renderer=choice)
        choose_renderer(None, unset)  # type: ignore[arg-type]
        assert unset.html_math_renderer == expected


@pytest.mark.slow
def test_mathjax_only_where_math_is(tmp_path: Path) -> None:
    built = make_site(tmp_path, quicktakes_math_renderer="mathjax")

    def mathjax(docname: str) -> bool:
        srcs = [script.get("src") or "" for script in built.soup(docname).find_all("script")]
        return any("mathjax" in src.lower() for src in srcs)

    assert mathjax(LOGIC_PAGE) and built.soup(LOGIC_PAGE).find("math") is None
    assert not mathjax(MONEY_PAGE)


@pytest.mark.slow
def test_sphinx_epub_declares_mathml(epubcheck: EpubCheck, tmp_path: Path) -> None:
    built = make_site(tmp_path, "epub")
    opf = (built.outdir / "content.opf").read_text()
    page = f'href="{LOGIC_PAGE}.xhtml" media-type="application/xhtml+xml" properties="mathml"'
    assert page in opf
    assert f'href="{MONEY_PAGE}.xhtml" media-type="application/xhtml+xml" />' in opf
    epub = next(built.outdir.glob("*.epub"))
    assert epubcheck(epub) == {epub.name: []}
