"""The adversarial corpus builds to HTML: good articles intact, payloads inert, files contained.

One HTML build of ``tests/roots/test-adversarial`` (plus generated files, see
``security_corpus.py``) is shared by the tests of this module. Every good article must be
published exactly as it is published from a clean corpus; every hostile article is published
with its payloads shown as text; nothing executes or escapes; no file is read from outside
the content folder or written outside the generated folder and the output; every hostile or
broken file is named in a located warning.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from security_corpus import (
    GOOD,
    HAND_WRITTEN,
    HANDLED_QUIETLY,
    HOSTILE_PUBLISHED,
    MARKER,
    NAMED_IN_WARNINGS,
    OUTSIDE_SECRET,
    PAGE_DIRECTIVES,
    Built,
    adversarial_html,
    build,
    changed_paths,
    html_problems,
    make_corpus,
    math_sources,
    myst_problems,
    parse_html,
    theme_scripts,
)

from sphinx_quicktakes.writer import MANIFEST

SUBSTITUTED = "QTX-SUBSTITUTED"
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_WARNING = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.+) \[quicktakes\.(?P<subtype>\w+)\]$",
    re.MULTILINE,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return adversarial_html(tmp_path_factory)


def text_of(node: object) -> str:
    """Visible text with whitespace collapsed and typographic quotes made straight again.

    Sphinx's ``smartquotes`` (on by default, for every page of a site) curls quotes.
    """
    return " ".join(node.get_text(" ").split()).translate(_QUOTES)  # type: ignore[attr-defined]


def page(built: Built, docname: str, parser: str = "html5lib") -> object:
    return parse_html(built.outdir / f"{docname}.html", parser)


def main_of(soup: object) -> object:
    return soup.find(attrs={"role": "main"})  # type: ignore[attr-defined]


# --- good articles ------------------------------------------------------------------------


@pytest.mark.parametrize("docname", sorted(GOOD))
def test_good_articles_are_published(built: Built, docname: str) -> None:
    question, answers = GOOD[docname]
    soup = page(built, docname, "lxml")
    main = main_of(soup)
    assert text_of(main.find("h1")).removesuffix(" ¶").rstrip("¶ ") == question
    assert text_of(soup.find("title")).startswith(question)  # type: ignore[attr-defined]
    body = text_of(main)
    for answer in answers:
        assert answer in body


def test_good_articles_are_unchanged_by_hostile_neighbours(
    built: Built, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each good article renders exactly as it does from a corpus of good articles only."""
    dest = tmp_path_factory.mktemp("clean")
    srcdir = make_corpus(dest)
    for folder in ("hostile", "paths", "broken"):
        shutil.rmtree(srcdir / "content" / folder)
    shutil.rmtree(srcdir / "learn")
    app, _ = build(srcdir)
    for docname in GOOD:
        clean = main_of(parse_html(Path(app.outdir) / f"{docname}.html", "lxml"))
        mixed = main_of(page(built, docname, "lxml"))
        assert str(mixed) == str(clean), docname


def test_math_code_and_angle_brackets_survive(built: Built) -> None:
    main = main_of(page(built, "learn/safe-science/questions/why-is-3-less-than-5"))
    maths = math_sources(main)
    assert "a \\times b" in maths
    assert "\\frac{1}{2}" in maths
    assert any("\\sqrt{x^2} = |x| \\quad \\text{for all } x \\in \\mathbb{R}" in m for m in maths)
    code = main.find("pre").get_text()
    assert code.startswith('#include <iostream>\nint main() { std::cout << 3 << " < " << 5; }')
    body = text_of(main)
    assert "Include <iostream> first." in body
    assert "Text like <iostream> shows as written, and so does $5 or $10 of cost." in body
    links = {a.get_text(): a["href"] for a in main.find_all("a") if "headerlink" not in a["class"]}
    assert links["the docs"] == "https://example.com/docs?a=1&b=2"
    assert links["ampersands"] == "what-does-amp-mean.html"


def test_duplicate_ids_keep_both_and_duplicate_urls_keep_the_first(built: Built) -> None:
    questions = built.outdir / "learn" / "safe-science" / "questions"
    assert (questions / "dup-id-first.html").is_file()
    assert (questions / "dup-id-second.html").is_file()
    first = page(built, "learn/safe-science/questions/why-is-3-less-than-5", "lxml")
    assert text_of(main_of(first).find("h1")).startswith("Why is 3 < 5?")
    assert not list(built.outdir.rglob("Why-Is-3-Less-Than-5*"))


# --- hostile articles ---------------------------------------------------------------------


@pytest.mark.parametrize("docname", HOSTILE_PUBLISHED)
def test_hostile_articles_are_published(built: Built, docname: str) -> None:
    assert (built.outdir / f"{docname}.html").is_file()


def test_payloads_in_every_field_show_as_text(built: Built) -> None:
    main = main_of(page(built, "learn/hostile/questions/xss-everywhere"))
    heading = text_of(main.find("h1"))
    assert heading.startswith(
        "<script>window.__pwned=1</script><qtx-payload>question</qtx-payload> <img src=x "
        'onerror="window.__pwned=1"> {raw}`<b>x</b>` {{ question }} & &amp; &#60;'
    )
    body = text_of(main)
    for text in (
        "<img src=x onerror=alert(1)> {raw}`<b>x</b>`",  # post_on_text
        "Hostile <svg onload=window.__pwned=1> Subject",  # subject
        '"><script>window.__pwned=1</script><qtx-payload>author</qtx-payload> {{ author }}',
        '<qtx-payload onclick="window.__pwned=1">answer</qtx-payload>',
        "<script>window.__pwned=1</script><qtx-payload>body</qtx-payload>",
        "<script>window.__pwned=1</script><qtx-payload>related</qtx-payload>",  # related title
        '"><svg onload=alert(1)> {eval-rst}`.. raw:: html`',
        "{{ subject }}",  # related subject
    ):
        assert text in body, text


def test_myst_syntax_in_answers_shows_as_written(built: Built) -> None:
    body = text_of(main_of(page(built, "learn/hostile/questions/myst-syntax")))
    for text in (
        "```{raw} html <script>window.__pwned=1</script><qtx-payload>raw-directive</qtx-payload>",
        "```{include} /etc/passwd ```",
        "```{eval-rst} .. raw:: html <script>window.__pwned=1</script>",
        ":::{raw} html <script>window.__pwned=1</script><qtx-payload>colon-fence</qtx-payload> :::",
        "{raw-html} <qtx-payload>role</qtx-payload>",
        "Substitution {{ payload }} and {{x}} and {{ env.config.project }}",
        "(qtx-target)=",
        "% a MyST comment that must show",
        "+++ a block break",
        "[^1]: a footnote definition",
        ".. raw:: html <script>window.__pwned=1</script>",
        "{{ body_substitution }}",
    ):
        assert text in body, text


def test_unsafe_links_and_images_are_neutralised(built: Built) -> None:
    main = main_of(page(built, "learn/hostile/questions/links"))
    hrefs = sorted(a["href"] for a in main.find_all("a") if "headerlink" not in a.get("class", []))
    assert hrefs == [
        "../index.html",
        "https://example.com",
        "https://example.com/autolink",
        "https://example.com/ok",
        "https://example.com/x.png",
        "mailto:someone%40example.com",
        "mailto:someone%40example.com",
    ]
    body = text_of(main)
    assert "[js](javascript:window.__pwned=1)" in body
    assert "![img data](data:image/svg+xml,<svg onload=window.__pwned=1>)" in body


def test_unsafe_tex_is_shown_not_run(built: Built) -> None:
    main = main_of(page(built, "learn/hostile/questions/tex"))
    maths = " ".join(math_sources(main))
    for command in ("href", "input", "class", "style", "cssId", "require", "unicode", "def",
                    "mmlToken", "url"):  # fmt: skip
        assert f"\\backslash {command}" in maths
        assert not re.search(rf"(?<!\\)\\{command}(?![A-Za-z])", maths), command
    assert "a \\times b" in maths and "\\frac{n(n+1)}{2}" in maths


# --- nothing executes, nothing escapes ----------------------------------------------------


def test_no_page_carries_an_injection(built: Built) -> None:
    allowed = theme_scripts(built.outdir)
    checked = 0
    for path in sorted(built.outdir.rglob("*.html")):
        relative = path.relative_to(built.outdir).as_posix()
        big = path.stat().st_size > 1_000_000
        soup = parse_html(path, "lxml" if big else "html5lib")
        problems = html_problems(soup, allowed | {"searchindex.js"})
        if relative in ("search.html", "genindex.html"):  # theme pages: forms, not content
            problems = [p for p in problems if "in the page body" not in p]
        problems = [p for p in problems if p != "script src='searchindex.js'"]
        assert problems == [], relative
        checked += 1
    assert checked >= 45


def test_generated_sources_are_plain_markdown(built: Built) -> None:
    owned = json.loads((built.srcdir / "learn" / MANIFEST).read_text("utf-8"))
    assert len(owned) >= 40
    for relpath in owned:
        source = (built.srcdir / "learn" / relpath).read_text("utf-8")
        assert myst_problems(source, PAGE_DIRECTIVES) == [], relpath


def test_no_payload_text_reaches_any_output_unescaped(built: Built) -> None:
    for path in built.outdir.rglob("*"):
        if not path.is_file() or path.suffix in {".png", ".woff", ".woff2", ".inv"}:
            continue
        text = path.read_text("utf-8", errors="replace")
        relative = path.relative_to(built.outdir).as_posix()
        assert SUBSTITUTED not in text, relative
        assert OUTSIDE_SECRET not in text, relative
        assert "root:x:0:0" not in text, relative  # /etc/passwd was never included
        if path.suffix in {".html", ".xml"}:
            assert f"<{MARKER}" not in text, relative
            assert "<script>window.__pwned" not in text, relative


def test_feeds_and_sitemap_are_well_formed_and_inert(built: Built) -> None:
    from xml.etree import ElementTree as ET

    from bs4 import BeautifulSoup

    documents = sorted(built.outdir.rglob("*.xml"))
    # The corpus sets a base URL: the site has a sitemap and feeds to check.
    assert "sitemap.xml" in {path.name for path in documents}
    for path in documents:
        root = ET.parse(path).getroot()
        for element in root.iter():
            assert MARKER not in element.tag and "script" not in element.tag.lower(), path
            if element.get("type") in ("html", "xhtml"):  # Atom text a reader renders as HTML
                soup = BeautifulSoup(element.text or "", "html5lib")
                assert not soup.find_all(["script", MARKER, "img", "svg", "iframe"]), path
                assert not [a for t in soup.find_all(True) for a in t.attrs if a.startswith("on")]


def test_nothing_is_written_outside_the_generated_folder_and_the_output(built: Built) -> None:
    changed = changed_paths(built.before, built.after)
    allowed = ("src/learn/", "src/_build/")
    outside = sorted(
        p for p in changed if not p.startswith(allowed) and p not in ("src/learn", "src/_build")
    )
    assert outside == []
    assert not [p for p in changed if p.startswith("src/content/")]
    assert not list(Path("/tmp").glob("qtx-*"))
    assert not list(built.dest.parent.glob("**/qtx-pwned*"))
    assert not list(built.dest.parent.glob("**/qtx-escape*"))


def test_hand_written_page_is_never_overwritten(built: Built) -> None:
    hand = built.srcdir / "learn" / "path-tricks" / "questions" / "hand-written.md"
    assert HAND_WRITTEN in hand.read_text("utf-8")
    assert (
        "generated page learn/path-tricks/questions/hand-written.md not written" in built.warnings
    )


# --- every problem is named -----------------------------------------------------------------


def test_every_hostile_or_broken_file_is_named_in_a_located_warning(built: Built) -> None:
    content = built.srcdir / "content"
    named: dict[str, set[str]] = {}
    for match in _WARNING.finditer(built.warnings):
        path = Path(match["path"])
        if path.is_relative_to(content):
            named.setdefault(path.relative_to(content).as_posix(), set()).add(match["subtype"])
    for relpath, subtypes in NAMED_IN_WARNINGS.items():
        assert named.get(relpath) == set(subtypes.split()), relpath
    every_file = {
        path.relative_to(content).as_posix()
        for path in content.rglob("*")
        if path.name != "README.md" and (path.is_symlink() or not path.is_dir())
    }
    good = {f"good/{name}" for name in (
        "why-is-3-less-than-5.md", "what-does-amp-mean.md", "dup-id-first.md", "dup-id-second.md",
        "unicode.md", "crlf-bom.md", "huge-answer.md",
    )}  # fmt: skip
    assert every_file - good == set(NAMED_IN_WARNINGS) | set(HANDLED_QUIETLY)
    assert not set(named) & good


# --- trusted content is an explicit opt-in --------------------------------------------------


@pytest.mark.parametrize("trusted", [False, True])
def test_trusted_content_is_an_explicit_opt_in(tmp_path: Path, trusted: bool) -> None:
    srcdir = tmp_path / "src"
    (srcdir / "content").mkdir(parents=True)
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_quicktakes"]\nquicktakes_html_guides = False\n'
        f"quicktakes_trusted_content = {trusted}\n",
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Home\n\n```{toctree}\nlearn/index\n```\n", "utf-8")
    (srcdir / "content" / "a.md").write_text(
        "---\nid: 1\nsubject: S\nquestion: Q?\nurl: /learn/s/questions/q\nanswer: >-\n"
        "    Some <b>bold</b> text.\\n\\n```{note}\\nA note.\\n```\n---\n",
        encoding="utf-8",
    )
    app, _ = build(srcdir)
    main = main_of(parse_html(Path(app.outdir) / "learn/s/questions/q.html"))
    assert bool(main.find("b")) is trusted
    assert bool(main.select(".admonition.note")) is trusted
    assert ("<b>bold</b>" in text_of(main)) is not trusted
