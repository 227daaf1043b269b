"""Untrusted text -> MyST: nothing but plain Markdown can take effect, text stays as written.

Pure functions only (no Sphinx build): ``safe_markdown``, ``escape_text``, ``sanitize_math``,
slugs and URL -> docname mapping, the writer's path check, and whole generated pages. The
generated MyST is parsed back with MyST's own parser with *every* syntax extension turned
on, and must contain no HTML, directive, role, substitution, target, comment or unsafe link.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from security_corpus import FRAGMENTS, PAGE_DIRECTIVES, UNSAFE_TEX, html_problems, myst_problems

from sphinx_quicktakes.articles import Article, Library, Related, Subject
from sphinx_quicktakes.articles.slugs import derived_docname, slugify, url_to_docname
from sphinx_quicktakes.config import NAVIGATION_LEVELS
from sphinx_quicktakes.pages import PageBuilder, PageSettings
from sphinx_quicktakes.safe_markdown import escape_text, safe_markdown, sanitize_math
from sphinx_quicktakes.writer import _inside

hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40
).map("".join)

# MyST as page generation uses it (no typographic extensions) for fidelity checks.
_PLAIN_MYST = create_md_parser(
    MdParserConfig(enable_extensions={"dollarmath", "colon_fence"}), RendererHTML
)


def heading_text(source: str) -> str:
    """Text of the single heading MyST reads from ``source``."""
    tokens = _PLAIN_MYST.parse(source)
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close"], source
    children = tokens[1].children or []
    assert {child.type for child in children} <= {"text"}, [c.type for c in children]
    return "".join(child.content for child in children)


# --- the checkers themselves are not vacuous --------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<b>x</b>",
        "<div>\nx\n</div>",
        "```{raw} html\n<b>x</b>\n```",
        ":::{note}\nx\n:::",
        "{raw-html}`<b>x</b>`",
        "{{ x }}",
        "(target)=",
        "% comment",
        "[a](ftp://example.com/x)",
        "[a](../../etc/passwd)",
        "![i](https://example.com/x.png)",
        "$\\href{javascript:alert(1)}{x}$",
        "`x`{.cls}",
    ],
)
def test_myst_checker_flags_active_syntax(source: str) -> None:
    assert myst_problems(source)


def test_html_checker_flags_injections() -> None:
    from bs4 import BeautifulSoup

    html = (
        '<html><body><div role="main"><qtx-payload>x</qtx-payload><a href=" java\tscript:x">a</a>'
        '<p onclick="x">p</p><script>evil()</script><img src="x"></div></body></html>'
    )
    problems = html_problems(BeautifulSoup(html, "html5lib"), set())
    assert len(problems) >= 5, problems


# --- answers ------------------------------------------------------------------------------

PAYLOADS = {
    "raw directive": "```{raw} html\n<script>window.__pwned=1</script>\n```",
    "include directive": "```{include} /etc/passwd\n```",
    "eval-rst": "```{eval-rst}\n.. raw:: html\n\n   <script>x</script>\n\n.. include:: /x\n```",
    "colon fence": ":::{raw} html\n<script>window.__pwned=1</script>\n:::",
    "indented fence": "   ```{raw} html\n   <b>x</b>\n   ```",
    "fence in list": "- item\n\n  ```{raw} html\n  <script>x</script>\n  ```",
    "tilde fence": "~~~{raw} html\n<script>x</script>\n~~~",
    "roles": "{raw-html}`<b>x</b>` {eval-rst}`x` {doc}`/index` {download}`/etc/passwd`",
    "substitutions": "Sub {{ x }} and {{x}} and {{ env.config.project }}",
    "target and comment": "(target)=\n\n% comment\n\n+++ break",
    "front matter lookalike": "---\norphan: true\n---",
    "html block": '<div onclick="window.__pwned=1">x</div>\n\n<script>window.__pwned=1</script>',
    "html inline": 'a <img src=x onerror="window.__pwned=1"> <b onmouseover=x>b</b> <!-- c -->',
    "links": "[a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html,x) [d](JaVaScRiPt:x)",
    "entity link": "[e](&#106;avascript:alert(1)) [f](java&#x09;script:x)",
    "reference link": "[x][evil]\n\n[evil]: javascript:alert(1)",
    "autolinks": "<javascript:alert(1)> <vbscript:x> <https://ok.example>",
    "images": "![a](javascript:x) ![b](data:image/svg+xml,<svg onload=x>)",
    "attrs": "# H {#id .cls onclick=x}\n\n*a*{.cls onclick=x}\n\n{#id}\nparagraph",
    "deflist and fields": "Term\n: definition\n\n:field: value",
    "tex": "$\\href{javascript:alert(1)}{x}$ $$\\input{/etc/passwd}$$ \\(\\mmlToken{mi}{x}\\)",
    "amsmath": "\\begin{align}\n\\href{javascript:x}{y}\n\\end{align}",
    "footnotes": "Text[^1]\n\n[^1]: note",
    "tasks": "- [ ] task\n- [x] done",
}


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_payloads_become_plain_markdown(name: str) -> None:
    source = safe_markdown(PAYLOADS[name])
    assert myst_problems(source) == []


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_payload_text_is_kept_not_dropped(name: str) -> None:
    """Neutralised syntax still shows: the letters of the payload survive as text."""
    source = safe_markdown(PAYLOADS[name])
    rendered = _PLAIN_MYST.render(source)
    for word in re.findall(r"(?:raw|include|eval|passwd|script|onclick|href)\b", PAYLOADS[name]):
        assert word in rendered, (word, rendered)


def test_only_http_https_mailto_and_library_links_survive() -> None:
    text = (
        "[a](https://example.com/x) [b](http://example.com) [c](mailto:a@example.com) "
        "[d](ftp://example.com) [e](file:///etc/passwd) [f](//evil.example/x) [g](#top) "
        "[h](../x.md) [i](javascript:x)"
    )
    tokens = _PLAIN_MYST.parse(safe_markdown(text))
    hrefs = [t.attrGet("href") for t in tokens[1].children or [] if t.type == "link_open"]
    assert hrefs == ["https://example.com/x", "http://example.com", "mailto:a@example.com"]


def test_legitimate_content_is_untouched() -> None:
    text = (
        "Include `<iostream>` and use $a \\times b$, $\\frac{1}{2}$ and $\\sqrt{x}$.\n\n"
        "$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n\n"
        '```cpp\n#include <iostream>\nint main() { std::cout << 1 << "<b>"; }\n```\n\n'
        "Text like <iostream> shows as written, and so does $5 or $10."
    )
    source = safe_markdown(text)
    assert "$a \\times b$" in source and "$\\frac{1}{2}$" in source and "$\\sqrt{x}$" in source
    assert "$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$" in source
    assert '```cpp\n#include <iostream>\nint main() { std::cout << 1 << "<b>"; }\n```' in source
    html = _PLAIN_MYST.render(source)
    assert "<code>&lt;iostream&gt;</code>" in html
    assert "Text like &lt;iostream&gt; shows as written, and so does $5 or $10." in html


def test_code_with_a_pipe_stays_in_its_table_cell() -> None:
    tokens = _PLAIN_MYST.parse(safe_markdown("| h | i |\n|---|---|\n| `a\\|b` | c |"))
    cells = [t for t in tokens if t.type == "inline"][2:]
    assert [[c.type for c in cell.children or []] for cell in cells] == [["code_inline"], ["text"]]
    assert [cell.children[0].content for cell in cells] == ["a|b", "c"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_any_answer_becomes_plain_markdown(text: str) -> None:
    source = safe_markdown(text)
    assert myst_problems(source) == []


# --- titles and other one-line fields ----------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Why is 3 < 5?",
        'What does "&amp;" mean in <b>HTML</b> & XML?',
        "C# or F#? #",
        "Tag ##",
        "1. Not a list",
        "2024) Not a list either",
        "- not a bullet",
        "{{ x }} and {raw}`y` and (t)=",
        "% not a comment",
        "\\(x\\) and $y$ and \\",
        "<script>alert(1)</script>",
        "a | b | c",
        "***",
        "=== ---",
    ],
)
def test_titles_display_exactly_as_written(title: str) -> None:
    assert heading_text("# " + escape_text(title)) == title


@settings(max_examples=500, deadline=None)
@given(st.one_of(hostile_text, st.text()))
def test_any_title_displays_exactly_as_written(title: str) -> None:
    title = title.replace("\x00", "")
    expected = " ".join(title.split())
    assert heading_text("# " + escape_text(title)) == expected
    assert myst_problems(escape_text(title)) == []


# --- TeX ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tex",
    [
        "\\href{javascript:alert(1)}{x}",
        "\\input{/etc/passwd}",
        "\\include{/etc/passwd}",
        "\\url{javascript:x}",
        "\\class{x}{y}",
        "\\style{position:fixed}{y}",
        "\\cssId{x}{y}",
        "\\data{x}{y}",
        "\\require{html}",
        "\\unicode{x41}",
        "\\def\\x{y}",
        "\\newcommand{\\x}{y}",
        "\\mmlToken{mi}[href='javascript:x']{y}",
        "\\bbox[background:url(https://evil)]{x}",
        "a \\\\\\href{x}{y}",
    ],
)
def test_unsafe_tex_is_neutralised(tex: str) -> None:
    assert not UNSAFE_TEX.search(sanitize_math(tex))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*FRAGMENTS, "\\href", "\\input", "\\\\", "\\hr", "ef"])).map("".join)
)
def test_any_tex_is_neutralised(tex: str) -> None:
    assert not UNSAFE_TEX.search(sanitize_math(tex))


@pytest.mark.parametrize(
    "tex",
    ["a \\times b", "\\frac{1}{2}", "\\sqrt{x^2}", "\\text{for all } x \\in \\mathbb{R}",
     "\\sum_{i=1}^{n} i", "\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}", "\\hrefx \\inputs"],
)  # fmt: skip
def test_legitimate_tex_is_unchanged(tex: str) -> None:
    assert sanitize_math(tex) == tex


# --- paths ----------------------------------------------------------------------------------

_SAFE_DOCNAME = re.compile(r"learn(/[A-Za-z0-9][A-Za-z0-9._~-]*){2,8}")
HOSTILE_PATHS = [
    "../../x",
    "/etc/passwd",
    "/learn/../../../tmp/x",
    "/learn/a/questions/%2e%2e%2fx",
    "/learn/a/questions/..",
    "/learn/a/./x",
    "/learn\\..\\..\\x\\y",
    "/learn/a/questions/\u2024\u2024\uff0fx",
    "/learn/a/index",
    "/learn/a/INDEX",
    "/learn/a/questions/Search",
    "/learn/genindex/questions/x",
    "/learn/_static/questions/x",
    "/learn/a/questions/con",
    "/learn/a/questions/LPT1.md",
    "/learn/" + "a/" * 20 + "x",
    "/learn/a/questions/" + "a" * 300,
    "https://evil.example/learn/a/questions/x",
    "//evil.example/learn/a/x",
    "/learn/a/questions/x\x00y",
    "/learn/a/questions/x\ny",
]


@pytest.mark.parametrize("url", HOSTILE_PATHS)
def test_hostile_urls_are_refused(url: str) -> None:
    assert url_to_docname(url) is None


def test_plain_urls_map_to_docnames() -> None:
    assert url_to_docname("/learn/a/questions/b") == "learn/a/questions/b"
    assert url_to_docname("/learn/a/questions/b.html?x=1#y") == "learn/a/questions/b"
    assert url_to_docname("/learn/a/questions/console") == "learn/a/questions/console"


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.lists(st.sampled_from(["/", "learn", "..", ".", "a", "index", "%2e", "\\", "~", "-",
                                  "CON", "x.md", "\u2024", "\uff0f", "?", "#", " "]))
        .map("".join),
    )
)  # fmt: skip
def test_any_url_maps_to_a_safe_docname_or_none(url: str) -> None:
    docname = url_to_docname(url)
    if docname is not None:
        assert _SAFE_DOCNAME.fullmatch(docname), docname
        assert posixpath.normpath(docname) == docname
        assert ".." not in docname.split("/")


@settings(max_examples=500, deadline=None)
@given(st.text(), st.text(), st.text())
def test_any_file_name_gives_a_safe_docname(subject: str, file_name: str, question: str) -> None:
    slug = slugify(subject) or "subject"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    docname = derived_docname(slug, file_name, question)
    assert _SAFE_DOCNAME.fullmatch(docname), docname
    name = docname.rsplit("/", 1)[1]
    assert name.lower() not in {"index", "genindex", "search", "con", "nul", "aux", "prn"}


@pytest.mark.parametrize(
    "relpath", ["../x.md", "a/../../x.md", "/etc/passwd", "", "a//b.md", "./a.md", "a/./b.md"]
)
def test_writer_refuses_paths_leaving_its_folder(tmp_path: Path, relpath: str) -> None:
    assert _inside(tmp_path, relpath) is None


def test_writer_refuses_paths_through_symbolic_links(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    assert _inside(root, "link/x.md") is None
    assert _inside(root, "sub/x.md") == root / "sub" / "x.md"


# --- whole pages --------------------------------------------------------------------------

field_text = st.one_of(hostile_text, st.text(max_size=30))


@st.composite
def libraries(draw: st.DrawFn) -> Library:
    """A library of hostile articles, assembled without reading files."""
    library = Library()
    count = draw(st.integers(1, 4))
    subject_name = draw(field_text)
    slug = slugify(subject_name) or "subject"
    docnames = []
    for index in range(count):
        related = tuple(
            Related(
                title=draw(field_text) or "t",
                id=draw(st.none() | st.integers(-5, 5)),
                subject=draw(st.none() | field_text),
                url=draw(st.none() | st.sampled_from([*HOSTILE_PATHS, "/learn/s/questions/q0"])),
            )
            for _ in range(draw(st.integers(0, 2)))
        )
        article = Article(
            id=index,
            subject=subject_name,
            question=draw(field_text) or "q",
            answer=draw(hostile_text) or "a",
            source=f"{index}.md",
            author=draw(field_text),
            post_on_text=draw(st.none() | field_text),
            date=draw(st.none() | st.dates()),
            date_format=draw(st.none() | field_text),
            related=related,
        )
        docname = f"learn/{slug}/questions/q{index}"
        library.articles[docname] = article
        library._by_key[docname] = docname
        library._by_id.setdefault(index, []).append(docname)
        library._subject_of[docname] = slug
        docnames.append(docname)
    library.subjects[slug] = Subject(slug=slug, name=subject_name, docnames=tuple(docnames))
    return library


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(libraries(), st.sampled_from(NAVIGATION_LEVELS))
def test_generated_pages_are_plain_markdown(library: Library, navigation: str) -> None:
    settings_ = PageSettings(base_url="https://example.org/", navigation=navigation)
    for docname, source in PageBuilder(library, settings_).pages():
        assert _SAFE_DOCNAME.fullmatch(docname) or docname == "learn/index"
        assert myst_problems(source, PAGE_DIRECTIVES) == [], (docname, source)


def test_text_before_a_link_cannot_make_it_an_image() -> None:
    source = safe_markdown("<b>![x](https://example.com/t.png) and !![y](https://example.org)")
    assert myst_problems(source) == [], source
