"""Property-based: random front matter and answers never crash and never inject anything.

Random articles (HTML, MyST syntax, TeX, control characters, unicode, long strings, wrong
types, broken YAML) go through reading, page generation and a real HTML build. The build
always completes, every article the reader accepts is published, no marker element, event
handler, foreign script or unsafe URL appears in any page, and the generated MyST is plain
Markdown. Reading alone is checked with many more examples.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from security_corpus import (
    FRAGMENTS,
    MARKER,
    PAGE_DIRECTIVES,
    build,
    html_problems,
    myst_problems,
    parse_html,
    theme_scripts,
)

from sphinx_quicktakes.articles import build_library, read_article
from sphinx_quicktakes.writer import MANIFEST

CONF = 'extensions = ["sphinx_quicktakes"]\nquicktakes_base_url = "https://example.org/"\n'
CONF += "quicktakes_html_guides = False\n"
INDEX = "# Home\n\n```{toctree}\nlearn/index\n```\n"

hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), min_size=1, max_size=25
).map("".join)
long_text = st.sampled_from([1_000, 50_000]).map(lambda n: ("<qtx-payload>x " * n)[:n])
scalar = st.one_of(
    hostile,
    st.text(max_size=40),
    long_text,
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.dates(),
)
value = st.recursive(
    scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile, inner, max_size=3),
    max_leaves=6,
)  # fmt: skip
related = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.integers(1, 5), value),
        "title": st.one_of(hostile, value),
        "subject": st.one_of(hostile, value),
        "url": st.one_of(
            st.sampled_from(
                ["/learn/s/questions/q1", "javascript:alert(1)", "/learn/../../x", "//evil/x"]
            ),
            hostile,
        ),
    },
)


def mostly(valid: st.SearchStrategy, invalid: st.SearchStrategy) -> st.SearchStrategy:
    """``valid`` about four times in five: most random articles should get published."""
    return st.integers(0, 4).flatmap(lambda n: invalid if n == 4 else valid)


front_matter = st.fixed_dictionaries(
    {
        "id": mostly(st.integers(1, 5), value),
        "subject": mostly(
            st.one_of(st.sampled_from(["S", "Hostile <b>"]), hostile.map("S {}".format)), value
        ),
        "question": mostly(hostile.map("Q {}".format), value),
        "answer": mostly(st.one_of(hostile.map("A {}".format), long_text), value),
    },
    optional={
        "title": hostile,
        "author": st.one_of(hostile, value),
        "date": value,
        "date_format": st.one_of(hostile, st.just("[<b>]YYYY MMM Do")),
        "post_on_text": hostile,
        "score": value,
        "no_index": value,
        "seo": st.one_of(
            value,
            st.fixed_dictionaries(
                {}, optional={"title": hostile, "page_description": hostile, "page_keywords": value}
            ),
        ),
        "file_name": st.one_of(hostile, st.sampled_from(["../../x.md", "/etc/passwd", "index.md"])),
        "url": st.one_of(
            hostile, st.sampled_from(["/learn/s/questions/q1", "/learn/s/index", "/learn/../x"])
        ),
        "related_article1": st.one_of(related, value),
        "related_article2": related,
    },
)


def article_file(meta: dict[str, object], body: str, mangle: str | None) -> bytes:
    """The article as bytes: valid YAML from ``meta``, or with ``mangle`` spliced in."""
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**9)
    if mangle is not None:
        text = mangle + "\n" + text
    return f"---\n{text}---\n\n{body}\n".encode("utf-8", "surrogatepass")


articles = st.lists(
    st.tuples(front_matter, st.one_of(st.just("&nbsp;"), hostile), mostly(st.none(), hostile)),
    min_size=1,
    max_size=3,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(articles)
def test_random_articles_build_safely(articles: list[tuple[dict, str, str | None]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = Path(tmp) / "src"
        (srcdir / "content").mkdir(parents=True)
        (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
        (srcdir / "index.md").write_text(INDEX, encoding="utf-8")
        for index, (meta, body, mangle) in enumerate(articles):
            path = srcdir / "content" / f"a{index}.md"
            path.write_bytes(article_file(meta, body, mangle))
        library = build_library(srcdir / "content")
        event(f"published articles: {len(library.articles)}")
        app, _ = build(srcdir)  # never raises
        outdir = Path(app.outdir)
        for docname in library.articles:
            assert (outdir / f"{docname}.html").is_file(), docname
        allowed = theme_scripts(outdir) | {"searchindex.js"}
        for path in outdir.rglob("*.html"):
            soup = parse_html(path)
            problems = [p for p in html_problems(soup, allowed) if "searchindex.js" not in p]
            if path.name in ("search.html", "genindex.html"):
                problems = [p for p in problems if "in the page body" not in p]
            assert problems == [], path.name
            assert not soup.find_all(MARKER)
        for relpath in json.loads((srcdir / "learn" / MANIFEST).read_text("utf-8")):
            source = (srcdir / "learn" / relpath).read_text("utf-8")
            assert myst_problems(source, PAGE_DIRECTIVES) == [], relpath


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter, st.one_of(st.just("&nbsp;"), hostile), st.none() | hostile)
def test_reading_any_front_matter_never_raises(
    meta: dict[str, object], body: str, mangle: str | None
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.md"
        path.write_bytes(article_file(meta, body, mangle))
        article, problems = read_article(path, "a.md")
        assert (article is None) == any(p.fatal for p in problems)
        for problem in problems:
            assert problem.path == str(path) and problem.line >= 1
            assert str(problem).endswith(f"[quicktakes.{problem.subtype}]")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.booleans())
def test_reading_any_bytes_never_raises(data: bytes, framed: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.md"
        path.write_bytes(b"---\n" + data + b"\n---\n" if framed else data)
        article, problems = read_article(path, "a.md")
        assert article is not None or problems
