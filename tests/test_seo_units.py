"""The pure SEO builders: text, titles, tags, JSON-LD, sitemap, feeds, robots."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from sphinx_quicktakes.seo import feeds, jsonld, robots, sitemap, tags, text, titles
from sphinx_quicktakes.seo.urls import og_locale

HOSTILE = "</script><script>alert(1)</script> \"double\" & 'single' <b>x</b> ]]> <!--"
SITE = tags.SiteInfo(name="QuickTakes", locale="en_US", language="en", base_url="https://x.org/")


# --- text ---------------------------------------------------------------------
def test_plain_text_drops_markup_and_keeps_literal_text() -> None:
    markdown = (
        "## Overview\n\nSome **bold** and [a link](https://e.org) with `code` and <iostream>.\n\n"
        "- item one\n- item $O(n)$\n\n```python\nx = 1\n```\n\n$$\nE = mc^2\n$$\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\nCosts $5 or $10 &amp; more."
    )
    assert text.plain_text(markdown).split("\n") == [
        "Overview",
        "Some bold and a link with code and <iostream>.",
        "item one",
        "item O(n)",
        "x = 1",
        "E = mc^2",
        "a",
        "b",
        "1",
        "2",
        "Costs $5 or $10 & more.",
    ]


def test_excerpt_is_clean_prose_of_about_160_characters() -> None:
    markdown = "### Heading\n\n" + "Word **strong** " * 40 + "\n\n```\ncode\n```"
    result = text.excerpt(markdown)
    assert len(result) <= text.DESCRIPTION_LENGTH
    assert result.endswith(text.ELLIPSIS)
    assert result.startswith("Word strong Word")
    assert not any(mark in result for mark in ("*", "#", "`", "Heading", "code"))
    assert text.excerpt("Short answer.") == "Short answer."


def test_truncate_cuts_at_a_word_and_drops_control_characters() -> None:
    assert text.truncate("alpha beta gamma", 12) == "alpha beta\u2026"
    assert text.truncate("a\x00b\x1f c") == "ab c"
    assert text.clean("  one \n two\u00a0three ") == "one two three"


# --- titles -------------------------------------------------------------------
def test_title_template_and_empty_fields() -> None:
    fields = {"question": "Why is 3 < 5?", "seo_title": "QuickTakes | Math", "subject": "Math"}
    assert (
        titles.render_title("{question} | {seo_title}", fields)
        == "Why is 3 < 5? | QuickTakes | Math"
    )
    assert titles.render_title("{question} | {seo_title}", {**fields, "seo_title": ""}) == (
        "Why is 3 < 5?"
    )
    assert titles.render_title(
        "{site_name} - {question} | {subject}", {**fields, "site_name": ""}
    ) == ("Why is 3 < 5? | Math")


@pytest.mark.parametrize(
    "template", ["{answer}", "{question.__class__}", "{question!r}", "{0}", "{"]
)
def test_title_template_refuses_unknown_fields(template: str) -> None:
    with pytest.raises(ValueError):
        titles.template_fields(template)


def test_article_titles_are_distinct() -> None:
    same = {"question": "What is X?", "seo_title": "QT | A", "subject": "A"}
    result = titles.article_titles(
        {"b": same, "a": same, "c": {**same, "question": "Library"}},
        "{question}",
        "Site",
        taken=["Library"],
    )
    assert result == {"a": "What is X?", "b": "What is X? (2)", "c": "Library (2)"}
    assert titles.article_titles({"a": same, "b": same}, "{seo_title}", "") == {
        "a": "QT | A",
        "b": "QT | A (2)",
    }


# --- tags ---------------------------------------------------------------------
def test_meta_tags_escape_every_value() -> None:
    page = tags.PageMeta(
        kind="article",
        headline=HOSTILE,
        description=HOSTILE,
        url='https://x.org/a?b=1&c="2"',
        keywords=(HOSTILE, "plain"),
        author=HOSTILE,
        date="2025-01-02",
        section=HOSTILE,
        feeds=(tags.Feed(HOSTILE, "https://x.org/f.xml"),),
    )
    site = tags.SiteInfo(
        name=HOSTILE, locale="en_US", image="https://x.org/i.png", image_alt=HOSTILE
    )
    head = tags.render_head(page, site)
    assert "<script" not in head and "<b>" not in head
    soup = BeautifulSoup(f"<html><head>{head}</head></html>", "lxml")
    contents = {
        tag.get("name") or tag.get("property"): tag["content"] for tag in soup.find_all("meta")
    }
    assert contents["description"] == HOSTILE
    assert contents["og:title"] == HOSTILE
    assert contents["og:url"] == 'https://x.org/a?b=1&c="2"'
    assert contents["og:image:alt"] == HOSTILE
    assert [t["content"] for t in soup.find_all("meta", property="article:tag")] == [
        HOSTILE,
        "plain",
    ]
    assert soup.find("link", rel="alternate")["title"] == HOSTILE


def test_meta_tags_leave_out_empty_values() -> None:
    page = tags.PageMeta(kind="subject", headline="Biology", description="")
    keys = [key for _, key, _ in tags.meta_tags(page, tags.SiteInfo(name="S"))]
    assert keys == ["og:type", "og:title", "og:site_name", "twitter:card", "twitter:title"]


# --- JSON-LD ------------------------------------------------------------------
def test_json_ld_script_cannot_be_closed_by_a_value() -> None:
    data = {"name": HOSTILE, "line": "a\u2028b"}
    script = jsonld.script(data)
    inner = script[len('<script type="application/ld+json">') : -len("</script>")]
    assert not any(char in inner for char in "<>&\u2028")
    assert json.loads(inner) == data


def test_qa_page_carries_question_and_accepted_answer() -> None:
    page = tags.PageMeta(
        kind="article",
        headline="What is X?",
        description="About X",
        url="https://x.org/learn/a/questions/x/",
        date="2025-01-02",
        author="QuickTakes",
    )
    data = jsonld.qa_page(page, "X is a letter.", SITE)
    question = data["mainEntity"]
    assert data["@type"] == "QAPage"
    assert question["@type"] == "Question"
    assert question["name"] == "What is X?"
    assert question["answerCount"] == 1
    assert question["author"] == {
        "@type": "Organization",
        "name": "QuickTakes",
        "url": "https://x.org/",
    }
    answer = question["acceptedAnswer"]
    assert answer["text"] == "X is a letter."
    assert answer["url"] == page.url
    assert answer["dateCreated"] == "2025-01-02"
    person = jsonld.qa_page(
        tags.PageMeta(kind="article", headline="Q", description="", author="Ada"), "A", SITE
    )
    assert person["mainEntity"]["author"] == {"@type": "Person", "name": "Ada"}
    assert "url" not in person["mainEntity"]["acceptedAnswer"]


def test_collection_page_and_breadcrumbs() -> None:
    page = tags.PageMeta(
        kind="subject", headline="Biology", description="d", url="https://x.org/b/"
    )
    data = jsonld.collection_page(page, [("Q1?", "https://x.org/1"), ("Q2?", None)], SITE)
    assert data["mainEntity"]["numberOfItems"] == 2
    assert data["mainEntity"]["itemListElement"][0] == {
        "@type": "ListItem",
        "position": 1,
        "name": "Q1?",
        "url": "https://x.org/1",
    }
    assert "url" not in data["mainEntity"]["itemListElement"][1]
    crumbs = jsonld.breadcrumbs([("Library", "https://x.org/"), ("Biology", "https://x.org/b/")])
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2]


# --- sitemap, feeds, robots ---------------------------------------------------
def test_sitemap_xml_escapes_and_parses() -> None:
    data = sitemap.sitemap_xml(
        [
            sitemap.SitemapEntry("https://x.org/a?b=1&c=<2>", "2025-01-02"),
            sitemap.SitemapEntry("https://x.org/"),
        ]
    )
    root = ET.fromstring(data)
    ns = {"sm": sitemap.NAMESPACE}
    assert [u.findtext("sm:loc", namespaces=ns) for u in root.findall("sm:url", ns)] == [
        "https://x.org/a?b=1&c=<2>",
        "https://x.org/",
    ]
    assert root.find("sm:url/sm:lastmod", ns).text == "2025-01-02"  # type: ignore[union-attr]


def test_large_sitemaps_are_split_under_an_index() -> None:
    entries = [sitemap.SitemapEntry(f"https://x.org/{n}") for n in range(5)]
    assert list(sitemap.sitemap_files(entries, "https://x.org/", limit=5)) == ["sitemap.xml"]
    files = sitemap.sitemap_files(entries, "https://x.org", limit=2)
    assert list(files) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    ns = {"sm": sitemap.NAMESPACE}
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{{{sitemap.NAMESPACE}}}sitemapindex"
    assert [loc.text for loc in index.findall("sm:sitemap/sm:loc", ns)] == [
        "https://x.org/sitemap-1.xml",
        "https://x.org/sitemap-2.xml",
        "https://x.org/sitemap-3.xml",
    ]
    last = ET.fromstring(files["sitemap-3.xml"])
    assert [loc.text for loc in last.findall("sm:url/sm:loc", ns)] == ["https://x.org/4"]


def test_a_library_over_50000_urls_gets_a_sitemap_index() -> None:
    entries = [
        sitemap.SitemapEntry(f"https://x.org/learn/s{n % 40}/questions/q{n}", "2025-01-02")
        for n in range(50_001)
    ]
    files = sitemap.sitemap_files(entries, "https://x.org/")
    assert list(files) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
    ns = {"sm": sitemap.NAMESPACE}
    counts = [len(ET.fromstring(files[n]).findall("sm:url", ns)) for n in list(files)[1:]]
    assert counts == [50_000, 1]
    assert all(len(content) <= sitemap.MAX_BYTES for content in files.values())


def test_a_sitemap_over_the_byte_limit_is_split() -> None:
    entries = [sitemap.SitemapEntry(f"https://x.org/{'a' * 200}{n}") for n in range(10)]
    whole = sitemap.sitemap_xml(entries)
    files = sitemap.sitemap_files(entries, "https://x.org/", max_bytes=len(whole) // 3)
    parts = [name for name in files if name != "sitemap.xml"]
    assert len(parts) >= 3
    assert all(len(files[name]) <= len(whole) // 3 for name in parts)
    ns = {"sm": sitemap.NAMESPACE}
    locs = [
        loc.text
        for name in parts
        for loc in ET.fromstring(files[name]).findall("sm:url/sm:loc", ns)
    ]
    assert locs == [entry.loc for entry in entries]


def test_atom_feed_orders_newest_first_and_escapes() -> None:
    entries = [
        feeds.FeedEntry("https://x.org/old", "Old", "s", "2020-01-01"),
        feeds.FeedEntry("https://x.org/undated", HOSTILE + "\x01", "s"),
        feeds.FeedEntry(
            "https://x.org/new", "New", HOSTILE, "2025-05-05", "Ada", (("bio", "Bio"),)
        ),
    ]
    newest = feeds.newest(entries, 2)
    assert [entry.title for entry in newest] == ["New", "Old"]
    info = feeds.FeedInfo(
        "https://x.org/f.xml", "https://x.org/", HOSTILE, "Site", language="en", entries=entries
    )
    root = ET.fromstring(feeds.atom_feed(info))
    ns = {"a": feeds.NAMESPACE}
    assert root.findtext("a:title", namespaces=ns) == HOSTILE
    assert root.findtext("a:updated", namespaces=ns) == "2025-05-05T00:00:00Z"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    titles_ = [entry.findtext("a:title", namespaces=ns) for entry in root.findall("a:entry", ns)]
    assert titles_ == ["Old", HOSTILE, "New"]
    undated = root.findall("a:entry", ns)[1]
    assert undated.find("a:published", ns) is None
    assert undated.findtext("a:updated", namespaces=ns) == "2025-05-05T00:00:00Z"


def test_robots_txt() -> None:
    assert robots.robots_txt("https://x.org/sitemap.xml").splitlines() == [
        "User-agent: *",
        "Allow: /",
        "",
        "Sitemap: https://x.org/sitemap.xml",
    ]
    assert robots.at_site_root("https://x.org/") and robots.at_site_root("https://x.org")
    assert not robots.at_site_root("https://x.org/docs/")


@pytest.mark.parametrize(
    ("language", "locale"),
    [("en", "en_US"), ("pt_BR", "pt_BR"), ("de", "de_DE"), ("xx", ""), (None, "")],
)
def test_og_locale(language: str | None, locale: str) -> None:
    assert og_locale(language) == locale
