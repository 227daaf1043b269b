"""SEO of built sites: tags, canonical URLs, JSON-LD, sitemap, feeds, robots.txt.

Each check parses the output as a crawler would (BeautifulSoup, json.loads, an XML parser,
extruct) and compares it with the article's own front matter, read here with PyYAML.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import extruct
import pytest
from bs4 import BeautifulSoup
from seo_support import (
    ATOM_NS,
    Build,
    articles,
    build,
    canonicals,
    copy_root,
    docname_of,
    feed,
    feed_links,
    json_ld,
    keywords,
    meta,
    of_type,
    one_meta,
    sitemap,
)

BASE = "https://learn.example.com/"
LIBRARY = "learn/index"
SUBJECTS = {"health-studies": "Health Studies", "computer-science": "Computer Science"}
INTERFERONS = "learn/health-studies/questions/what-roles-do-interferons-play-in-antiviral-defense"
INFLAMMATION = "learn/health-studies/questions/what-is-acute-inflammation"
INFLAMMATION_2 = "learn/health-studies/questions/what-is-acute-inflammation-explained"
HASH_TABLE = "learn/computer-science/questions/how-does-a-hash-table-resolve-collisions"
HALTING = "learn/computer-science/questions/what-is-the-halting-problem"
#: A piece of each answer's plain text (markup removed, lists and code kept as text).
ANSWER_TEXT = {
    INTERFERONS: "block viral replication.\nRecruitment: they activate natural killer cells",
    INFLAMMATION: "Overview\nAcute inflammation is the body's rapid and short-lived response",
    INFLAMMATION_2: "Acute inflammation is driven first by neutrophils, then by macrophages.",
    HASH_TABLE: "Open addressing probes for the next free slot.\nindex = hash(key) % len(table)",
    HALTING: "It is undecidable: no program can tell",
}
INDEXED = sorted([INTERFERONS, INFLAMMATION, INFLAMMATION_2, HASH_TABLE])

#: What Google requires of QAPage structured data (Search Central, "Q&A (QAPage)"): each
#: entry is a property, or alternatives of which one must be present.
GOOGLE_REQUIRED = {
    "QAPage": ["mainEntity"],
    "Question": [
        "name",
        "answerCount",
        ("acceptedAnswer", "suggestedAnswer"),
        "author",
        "datePublished",
    ],
    "Answer": ["text", "author", "datePublished"],
    "author": ["name"],
}


def missing_google_properties(data: dict[str, Any]) -> list[str]:
    """Google-required QAPage properties absent from ``data`` (empty when complete)."""
    missing = []

    def check(node: dict[str, Any], kind: str, where: str) -> None:
        for required in GOOGLE_REQUIRED[kind]:
            names = required if isinstance(required, tuple) else (required,)
            if not any(node.get(name) not in (None, "", []) for name in names):
                missing.append(f"{where}.{'|'.join(names)}")

    check(data, "QAPage", "QAPage")
    question = data.get("mainEntity") or {}
    check(question, "Question", "Question")
    check(question.get("author") or {}, "author", "Question.author")
    answer = question.get("acceptedAnswer") or (question.get("suggestedAnswer") or [{}])[0]
    check(answer, "Answer", "Answer")
    check(answer.get("author") or {}, "author", "Answer.author")
    return missing


def library_docnames(site: Build) -> list[str]:
    return [LIBRARY, *(f"learn/{slug}/index" for slug in sorted(SUBJECTS)), *INDEXED, HALTING]


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The test-seo root built once per builder."""
    srcdir = copy_root("seo", tmp_path_factory.mktemp(request.param) / "src")
    return build(srcdir, request.param, freshenv=True)


def test_build_is_clean(site: Build) -> None:
    assert site.warnings == ""


def test_article_pages_carry_their_own_front_matter(site: Build) -> None:
    seen = 0
    for _, fm in articles(site.srcdir):
        docname = docname_of(fm)
        page = site.page(docname)
        seo = fm.get("seo") or {}
        canonical = site.url(BASE, docname)
        description = one_meta(page, "description")
        if seo.get("page_description"):
            assert description == seo["page_description"]
        else:
            assert len(description) <= 160
            assert description.startswith("Acute inflammation is the body's rapid and short-lived")
            assert not any(mark in description for mark in ("*", "#", "](", "Overview"))
        words = keywords(fm)
        assert one_meta(page, "keywords") == ", ".join(words)
        assert one_meta(page, "author") == fm["author"]
        assert canonicals(page) == [canonical]
        expected = {
            "og:type": "article",
            "og:title": fm["question"],
            "og:description": description,
            "og:url": canonical,
            "og:site_name": "QuickTakes",
            "og:locale": "en_US",
            "og:image": "https://learn.example.com/_static/card.png",
            "og:image:alt": "The QuickTakes card",
            "article:published_time": str(fm["date"]),
            "article:section": fm["subject"],
            "article:author": fm["author"],
            "twitter:card": "summary_large_image",
            "twitter:title": fm["question"],
            "twitter:description": description,
            "twitter:site": "@quicktakes",
        }
        assert {key: one_meta(page, key) for key in expected} == expected
        assert meta(page, "article:tag") == words
        assert meta(page, "robots") == (["noindex"] if fm.get("no_index") else [])
        slug = docname.split("/")[1]
        feeds = page.head.find_all("link", rel="alternate", type="application/atom+xml")
        assert [link["href"] for link in feeds] == [
            f"{BASE}learn/{slug}/atom.xml",
            f"{BASE}learn/atom.xml",
        ]
        title = page.title.get_text()
        expected_title = f"{fm['question']} | {seo['title']}"
        if docname == INFLAMMATION_2:
            expected_title = f"{fm['question']} (2) | {seo['title']}"
        assert title == f"{expected_title} \u2014 Discoverable Library  documentation"
        seen += 1
    assert seen == 5


def test_dirhtml_canonical_is_the_article_url_with_a_slash(site: Build) -> None:
    for _, fm in articles(site.srcdir):
        page = site.page(docname_of(fm))
        suffix = "/" if site.builder == "dirhtml" else ".html"
        assert canonicals(page) == [BASE.rstrip("/") + fm["url"] + suffix]


#: Sitemap entries of each subject: its index, then its flashcards page.
PER_SUBJECT = ("index", "flashcards")


def test_one_canonical_equal_to_og_url_and_sitemap(site: Build) -> None:
    locs = sitemap(site.outdir)
    subjects = [f"learn/{slug}/{page}" for slug in sorted(SUBJECTS) for page in PER_SUBJECT]
    expected = [LIBRARY, *subjects, *INDEXED]
    assert [loc for loc, _ in locs] == [site.url(BASE, name) for name in expected]
    flashcards = [f"learn/{slug}/flashcards" for slug in sorted(SUBJECTS)]
    for docname in library_docnames(site) + flashcards:
        page = site.page(docname)
        [canonical] = canonicals(page)
        assert canonical == site.url(BASE, docname)
        assert one_meta(page, "og:url") == canonical
        assert (canonical in dict(locs)) == (docname != HALTING)
    lastmod = dict(locs)
    assert lastmod[site.url(BASE, INTERFERONS)] == "2024-12-09"
    assert lastmod[site.url(BASE, "learn/health-studies/index")] == "2025-02-14"
    assert lastmod[site.url(BASE, LIBRARY)] == "2025-03-01"


def test_no_title_is_repeated(site: Build) -> None:
    pages = sorted(site.outdir.rglob("*.html"))
    titles = [BeautifulSoup(path.read_text("utf-8"), "lxml").title.get_text() for path in pages]
    assert len(pages) >= 11
    assert len(set(titles)) == len(titles), sorted(titles)


def test_json_ld_carries_the_question_and_answer(site: Build) -> None:
    for _, fm in articles(site.srcdir):
        docname = docname_of(fm)
        blocks = json_ld(site.page(docname))
        qa = of_type(blocks, "QAPage")
        question = qa["mainEntity"]
        canonical = site.url(BASE, docname)
        assert question["@type"] == "Question"
        assert question["name"] == fm["question"]
        assert question["answerCount"] == 1
        assert question["dateCreated"] == str(fm["date"])
        answer = question["acceptedAnswer"]
        assert answer["@type"] == "Answer"
        assert answer["url"] == canonical
        assert answer["dateCreated"] == str(fm["date"])
        assert ANSWER_TEXT[docname] in answer["text"]
        assert "**" not in answer["text"] and "\\n" not in answer["text"]
        author = {"@type": "Organization", "name": "QuickTakes", "url": BASE}
        if fm["author"] != "QuickTakes":
            author = {"@type": "Person", "name": fm["author"]}
        assert question["author"] == answer["author"] == author
        crumbs = of_type(blocks, "BreadcrumbList")["itemListElement"]
        assert [(c["position"], c["name"]) for c in crumbs] == [
            (1, "Library"),
            (2, fm["subject"]),
            (3, fm["question"]),
        ]
        slug = docname.split("/")[1]
        assert [c["item"] for c in crumbs] == [
            site.url(BASE, LIBRARY),
            site.url(BASE, f"learn/{slug}/index"),
            canonical,
        ]


def test_every_google_required_qapage_property_is_present(site: Build) -> None:
    for _, fm in articles(site.srcdir):
        qa = of_type(json_ld(site.page(docname_of(fm))), "QAPage")
        assert missing_google_properties(qa) == [], docname_of(fm)
    incomplete = {"@type": "QAPage", "mainEntity": {"@type": "Question", "name": "Q?"}}
    assert "Question.answerCount" in missing_google_properties(incomplete)
    assert "Answer.text" in missing_google_properties(incomplete)


def test_extruct_reads_the_metadata_as_a_client_would(site: Build) -> None:
    docname = HASH_TABLE
    canonical = site.url(BASE, docname)
    data = extruct.extract(
        site.html(docname), base_url=canonical, syntaxes=["json-ld", "opengraph"], uniform=True
    )
    [qa] = [item for item in data["json-ld"] if item.get("@type") == "QAPage"]
    assert qa["mainEntity"]["name"] == "How does a hash table resolve collisions?"
    assert qa["mainEntity"]["acceptedAnswer"]["text"].startswith(
        "Two keys can hash to the same slot."
    )
    assert any(item.get("@type") == "BreadcrumbList" for item in data["json-ld"])
    [og] = data["opengraph"]
    assert og["og:title"] == "How does a hash table resolve collisions?"
    assert og["og:url"] == canonical
    assert og["@type"] == "article"
    assert og["article:section"] == "Computer Science"
    raw = extruct.extract(site.html(docname), base_url=canonical, syntaxes=["opengraph"])
    tags = [value for key, value in raw["opengraph"][0]["properties"] if key == "article:tag"]
    assert tags == ["hash table", "collisions", "chaining", "open addressing"]


def test_subject_and_library_pages(site: Build) -> None:
    for slug, name in SUBJECTS.items():
        docname = f"learn/{slug}/index"
        page = site.page(docname)
        assert one_meta(page, "og:type") == "website"
        assert one_meta(page, "og:title") == name
        assert one_meta(page, "description").startswith(
            f"{'3' if slug == 'health-studies' else '2'} questions about {name}: "
        )
        collection = of_type(json_ld(page), "CollectionPage")
        assert collection["url"] == site.url(BASE, docname)
        items = collection["mainEntity"]["itemListElement"]
        shown = [
            a.get_text(" ", strip=True) for a in page.select(".quicktakes-questions .sd-card-body")
        ]
        indexed = [name for name in shown if name != "What is the halting problem?"]
        assert [item["name"] for item in items] == indexed
        assert [item["position"] for item in items] == list(range(1, len(items) + 1))
        assert all(item["url"].startswith(BASE + "learn/" + slug + "/questions/") for item in items)
        crumbs = of_type(json_ld(page), "BreadcrumbList")["itemListElement"]
        assert [c["name"] for c in crumbs] == ["Library", name]
    page = site.page(LIBRARY)
    assert (
        one_meta(page, "description")
        == "5 questions in 2 subjects: Computer Science, Health Studies"
    )
    collection = of_type(json_ld(page), "CollectionPage")
    assert [item["name"] for item in collection["mainEntity"]["itemListElement"]] == [
        "Computer Science",
        "Health Studies",
    ]
    assert canonicals(page) == [site.url(BASE, LIBRARY)]


def test_feeds_list_the_newest_articles(site: Build) -> None:
    library = feed(site.outdir / "learn" / "atom.xml")
    expected = [INFLAMMATION_2, INTERFERONS, INFLAMMATION, HASH_TABLE]
    expected.sort(
        key=lambda name: {HASH_TABLE: 4, INFLAMMATION: 3, INTERFERONS: 2}.get(name, 1), reverse=True
    )
    assert feed_links(library) == [site.url(BASE, name) for name in expected]
    assert library.findtext("a:updated", namespaces=ATOM_NS) == "2025-03-01T00:00:00Z"
    assert library.find("a:link[@rel='self']", ATOM_NS).get("href") == BASE + "learn/atom.xml"  # type: ignore[union-attr]
    first = library.find("a:entry", ATOM_NS)
    assert (
        first.findtext("a:title", namespaces=ATOM_NS) == "How does a hash table resolve collisions?"
    )  # type: ignore[union-attr]
    assert first.findtext("a:author/a:name", namespaces=ATOM_NS) == "Ada Lovelace"  # type: ignore[union-attr]
    health = feed(site.outdir / "learn" / "health-studies" / "atom.xml")
    assert feed_links(health) == [
        site.url(BASE, n) for n in (INFLAMMATION, INTERFERONS, INFLAMMATION_2)
    ]
    science = feed(site.outdir / "learn" / "computer-science" / "atom.xml")
    assert feed_links(science) == [site.url(BASE, HASH_TABLE)]


def test_robots_txt_points_at_the_sitemap(site: Build) -> None:
    text = (site.outdir / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in text.splitlines()


# --- builds of their own ----------------------------------------------------------
def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_incremental_build_keeps_sitemap_and_feeds_complete(builder: str, tmp_path: Path) -> None:
    srcdir = copy_root("seo", tmp_path / "src")
    first = build(srcdir, builder, freshenv=True)
    sitemap_before = sitemap(first.outdir)
    source = (
        srcdir
        / "content"
        / "health-studies"
        / "what-roles-do-interferons-play-in-antiviral-defense.md"
    )
    # Only front matter the page does not show: the page's text stays the same.
    _edit(source, "Interferons are signalling proteins that put", "EDITED: interferons put")
    _edit(source, "interferons, antiviral state,", "interferons, edited keyword,")
    second = build(srcdir, builder)
    assert INTERFERONS in second.read
    assert HASH_TABLE not in second.read
    assert sitemap(second.outdir) == sitemap_before
    library = feed(second.outdir / "learn" / "atom.xml")
    assert sorted(feed_links(library)) == sorted(second.url(BASE, name) for name in INDEXED)
    summaries = [
        e.findtext("a:summary", namespaces=ATOM_NS) for e in library.findall("a:entry", ATOM_NS)
    ]
    assert any(summary and summary.startswith("EDITED: interferons put") for summary in summaries)
    page = second.page(INTERFERONS)
    assert one_meta(page, "description").startswith("EDITED: interferons put")
    assert "edited keyword" in meta(page, "article:tag")
    # a page that was not written again still has its complete tags
    untouched = second.page(HASH_TABLE)
    assert canonicals(untouched) == [second.url(BASE, HASH_TABLE)]
    assert of_type(json_ld(untouched), "QAPage")["mainEntity"]["answerCount"] == 1


def test_incremental_build_with_added_and_removed_articles(tmp_path: Path) -> None:
    srcdir = copy_root("seo", tmp_path / "src")
    build(srcdir, "dirhtml", freshenv=True)
    content = srcdir / "content" / "health-studies"
    # a new article asking the same question: titles must stay distinct
    new = content / "what-is-acute-inflammation-again.md"
    text = (content / "what-is-acute-inflammation-explained.md").read_text(encoding="utf-8")
    new.write_text(
        text.replace("id: 700103", "id: 700104")
        .replace("date: 2023-05-01", "date: 2025-06-01")
        .replace("what-is-acute-inflammation-explained", "what-is-acute-inflammation-again"),
        encoding="utf-8",
    )
    (
        srcdir / "content" / "computer-science" / "how-does-a-hash-table-resolve-collisions.md"
    ).unlink()
    second = build(srcdir, "dirhtml")
    added = "learn/health-studies/questions/what-is-acute-inflammation-again"
    expected = sorted([*INDEXED, added])
    expected.remove(HASH_TABLE)
    locs = [loc for loc, _ in sitemap(second.outdir)]
    assert [loc for loc in locs if "/questions/" in loc] == [second.url(BASE, n) for n in expected]
    assert sorted(feed_links(feed(second.outdir / "learn" / "atom.xml"))) == sorted(
        second.url(BASE, n) for n in expected
    )
    assert feed_links(feed(second.outdir / "learn" / "computer-science" / "atom.xml")) == []
    titles = {
        name: second.page(name).title.get_text() for name in (INFLAMMATION, INFLAMMATION_2, added)
    }
    assert len(set(titles.values())) == 3, titles
    assert titles[INFLAMMATION].startswith("What is acute inflammation? | ")
    assert titles[added].startswith("What is acute inflammation? (2) | ")
    assert titles[INFLAMMATION_2].startswith("What is acute inflammation? (3) | ")


def test_parallel_build_gives_the_same_site_files(tmp_path: Path) -> None:
    serial = build(copy_root("seo", tmp_path / "serial"), "dirhtml", freshenv=True)
    parallel = build(copy_root("seo", tmp_path / "parallel"), "dirhtml", parallel=2, freshenv=True)
    assert parallel.warnings == ""
    assert " .. learn/" in parallel.status  # documents were read and written in chunks
    for relpath in ("sitemap.xml", "robots.txt", "learn/atom.xml", "learn/health-studies/atom.xml"):
        assert (parallel.outdir / relpath).read_bytes() == (serial.outdir / relpath).read_bytes()
    for docname in [INTERFERONS, HALTING, "learn/health-studies/index"]:
        assert parallel.page(docname).head.decode() == serial.page(docname).head.decode()


def _keys(data: Any) -> set[str]:
    """Every key of nested JSON data."""
    if isinstance(data, dict):
        return set(data).union(*(_keys(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(_keys(value) for value in data))
    return set()


def test_without_base_url_one_warning_and_no_absolute_urls(tmp_path: Path) -> None:
    site = build(
        copy_root("seo", tmp_path / "src"),
        "dirhtml",
        confoverrides={"quicktakes_base_url": "", "quicktakes_image": "_static/card.png"},
        freshenv=True,
    )
    warnings = [line for line in site.warnings.splitlines() if "quicktakes.seo" in line]
    assert len(warnings) == 1
    assert "quicktakes_base_url" in warnings[0] and "conf.py:1:" in warnings[0]
    for name in ("sitemap.xml", "robots.txt", "learn/atom.xml"):
        assert not (site.outdir / name).exists()
    for docname in [LIBRARY, "learn/health-studies/index", INTERFERONS]:
        page = site.page(docname)
        assert canonicals(page) == []
        assert meta(page, "og:url") == [] and meta(page, "og:image") == []
        assert page.head.find_all("link", rel="alternate") == []
        assert "learn.example.com" not in page.head.decode()
        assert not _keys(json_ld(page)) & {"url", "item"}
    page = site.page(INTERFERONS)
    assert one_meta(page, "description").startswith("Interferons are signalling proteins")
    qa = of_type(json_ld(page), "QAPage")
    assert qa["mainEntity"]["acceptedAnswer"]["text"].startswith(
        "Interferons are signalling proteins"
    )


def test_options_turn_the_parts_off(tmp_path: Path) -> None:
    site = build(
        copy_root("seo", tmp_path / "src"),
        "dirhtml",
        confoverrides={
            "quicktakes_seo": False,
            "quicktakes_sitemap": False,
            "quicktakes_feeds": False,
            "html_baseurl": "https://learn.example.com/",
        },
        freshenv=True,
    )
    assert site.warnings == ""
    for name in ("sitemap.xml", "robots.txt", "learn/atom.xml"):
        assert not (site.outdir / name).exists()
    page = site.page(INTERFERONS)
    assert meta(page, "og:title") == [] and json_ld(page) == []
    # Sphinx's own canonical link stays, once
    assert canonicals(page) == [site.url(BASE, INTERFERONS)]


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_sphinx_canonical_is_replaced_not_repeated(builder: str, tmp_path: Path) -> None:
    site = build(
        copy_root("seo", tmp_path / "src"),
        builder,
        confoverrides={"html_baseurl": "https://other.example.net/docs/"},
        freshenv=True,
    )
    for docname in [LIBRARY, "learn/computer-science/index", HASH_TABLE]:
        assert canonicals(site.page(docname)) == [site.url(BASE, docname)]
    # pages outside the library keep Sphinx's own link
    home = "" if builder == "dirhtml" else "index.html"
    assert canonicals(site.page("index")) == [f"https://other.example.net/docs/{home}"]


def test_feed_length_and_title_template(tmp_path: Path) -> None:
    site = build(
        copy_root("seo", tmp_path / "src"),
        "html",
        confoverrides={
            "quicktakes_feed_length": 2,
            "quicktakes_title_template": "{subject}: {question}",
        },
        freshenv=True,
    )
    assert feed_links(feed(site.outdir / "learn" / "atom.xml")) == [
        site.url(BASE, HASH_TABLE),
        site.url(BASE, INFLAMMATION),
    ]
    assert (
        site.page(HASH_TABLE)
        .title.get_text()
        .startswith("Computer Science: How does a hash table resolve collisions? \u2014")
    )


def test_bad_title_template_is_a_configuration_error(tmp_path: Path) -> None:
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="title_template"):
        build(
            copy_root("seo", tmp_path / "src"),
            "html",
            confoverrides={"quicktakes_title_template": "{answer}"},
        )


def test_shipped_robots_txt_is_kept(tmp_path: Path) -> None:
    srcdir = copy_root("seo", tmp_path / "src")
    site = build(srcdir, "html", confoverrides={"html_extra_path": ["extra"]}, freshenv=True)
    assert (site.outdir / "robots.txt").read_text() == (srcdir / "extra" / "robots.txt").read_text()
    assert sitemap(site.outdir)


def test_shipped_sitemap_is_kept_with_a_warning(tmp_path: Path) -> None:
    srcdir = copy_root("seo", tmp_path / "src")
    own = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
    (srcdir / "static-root").mkdir()
    (srcdir / "static-root" / "sitemap.xml").write_text(own, encoding="utf-8")
    site = build(
        srcdir, "dirhtml", confoverrides={"html_extra_path": ["static-root"]}, freshenv=True
    )
    warnings = [line for line in site.warnings.splitlines() if "quicktakes.seo" in line]
    assert len(warnings) == 1 and "sitemap.xml" in warnings[0]
    assert (site.outdir / "sitemap.xml").read_text(encoding="utf-8") == own
    assert f"Sitemap: {BASE}sitemap.xml" in (site.outdir / "robots.txt").read_text().splitlines()


@pytest.fixture
def sphinx_sitemap_stub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A stand-in ``sphinx_sitemap`` extension (the real one need not be installed)."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    (stubs / "sphinx_sitemap.py").write_text(
        "def setup(app):\n"
        "    app.add_config_value('sitemap_filename', 'sitemap.xml', 'html')\n"
        "    return {'parallel_read_safe': True, 'parallel_write_safe': True}\n",
        encoding="utf-8",
    )
    saved = sys.modules.pop("sphinx_sitemap", None)
    monkeypatch.syspath_prepend(str(stubs))
    yield
    sys.modules.pop("sphinx_sitemap", None)
    if saved is not None:
        sys.modules["sphinx_sitemap"] = saved


def test_no_second_sitemap_next_to_sphinx_sitemap(
    tmp_path: Path, sphinx_sitemap_stub: None
) -> None:
    site = build(
        copy_root("seo", tmp_path / "src"),
        "dirhtml",
        confoverrides={"extensions": ["sphinx_quicktakes", "sphinx_sitemap"]},
        freshenv=True,
    )
    assert not (site.outdir / "sitemap.xml").exists()
    assert f"Sitemap: {BASE}sitemap.xml" in (site.outdir / "robots.txt").read_text().splitlines()
    assert (site.outdir / "learn" / "atom.xml").exists()


def test_real_articles_never_seen_before(tmp_path: Path, real_sample: Path) -> None:
    """A site from real exported articles: every page has the tag set from its own file."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'project = "Real"\nextensions = ["sphinx_quicktakes"]\n'
        f'quicktakes_base_url = "{BASE}"\nquicktakes_feed_length = 1000\n'
        "quicktakes_html_guides = False\n",
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Real\n\n```{toctree}\nlearn/index\n```\n", encoding="utf-8")
    for folder in ("biochemistry", "education-studies"):
        shutil.copytree(real_sample / folder, srcdir / "content" / folder)
    for builder in ("html", "dirhtml"):
        site = build(srcdir, builder, freshenv=True)
        assert "quicktakes.seo" not in site.warnings
        locs = dict(sitemap(site.outdir))
        indexed = []
        titles = []
        for _, fm in articles(srcdir):
            docname = docname_of(fm)
            page = site.page(docname)
            canonical = site.url(BASE, docname)
            assert canonicals(page) == [canonical]
            assert one_meta(page, "og:url") == canonical
            assert one_meta(page, "og:title") == fm["question"]
            assert one_meta(page, "description") == " ".join(fm["seo"]["page_description"].split())
            assert meta(page, "article:tag") == keywords(fm)
            assert one_meta(page, "article:published_time") == str(fm["date"])
            qa = of_type(json_ld(page), "QAPage")
            assert qa["mainEntity"]["name"] == fm["question"]
            assert missing_google_properties(qa) == []
            if fm.get("no_index"):
                assert meta(page, "robots") == ["noindex"]
                assert canonical not in locs
            else:
                assert locs[canonical] == str(fm["date"])
                indexed.append(canonical)
            titles.append(page.title.get_text())
        assert len(set(titles)) == len(titles)
        assert sorted(feed_links(feed(site.outdir / "learn" / "atom.xml"))) == sorted(indexed)
        assert len(indexed) > 10


def test_each_answer_is_parsed_once_for_page_and_seo_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SEO excerpt and JSON-LD text come from the parse that wrote the page."""
    from sphinx_quicktakes.safe_markdown import ANSWER_MARKDOWN
    from sphinx_quicktakes.seo import text

    text._blocks.cache_clear()  # no answer known from an earlier test
    parsed: list[str] = []
    parse = ANSWER_MARKDOWN.parse

    def counting(source: str, env: Any = None) -> Any:
        parsed.append(source)
        return parse(source, env)

    monkeypatch.setattr(ANSWER_MARKDOWN, "parse", counting)
    site = build(copy_root("seo", tmp_path / "src"), "html", freshenv=True)
    monkeypatch.undo()
    answers = [source for source in parsed if "Acute inflammation is the body" in source]
    assert len(answers) == 1, len(answers)
    assert len(parsed) == len(set(parsed))
    qa = of_type(json_ld(site.page(INFLAMMATION)), "QAPage")
    assert ANSWER_TEXT[INFLAMMATION] in qa["mainEntity"]["acceptedAnswer"]["text"]
    assert one_meta(site.page(INFLAMMATION), "description")
