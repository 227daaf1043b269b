"""Hostile titles, descriptions and options reach the head, JSON-LD and XML only as text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from seo_support import (
    ATOM_NS,
    Build,
    articles,
    build,
    copy_root,
    docname_of,
    feed,
    json_ld,
    keywords,
    meta,
    of_type,
    one_meta,
    sitemap,
)

SITE_NAME = 'Q&A "Site" </script><script>alert(6)</script>'
SUBJECT = 'Hostile <Subject> & "Co"'
THREE = "learn/hostile-subject-co/questions/why-is-3-less-than-5"
SCRIPTED = "learn/hostile-subject-co/questions/script-question"


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Build:
    srcdir = copy_root("seo-hostile", tmp_path_factory.mktemp(request.param) / "src")
    return build(srcdir, request.param, freshenv=True)


def _pages(site: Build) -> list[str]:
    return ["learn/index", "learn/hostile-subject-co/index", THREE, SCRIPTED]


def test_no_value_becomes_markup(site: Build) -> None:
    for docname in _pages(site):
        html = site.html(docname)
        assert "<script>alert" not in html
        page = site.page(docname)
        for script in page.find_all("script"):
            assert "alert(" not in (script.get("src") or "")
            if script.get("type") == "application/ld+json":
                assert "</" not in script.string and "<" not in script.string
                json.loads(script.string)
            else:
                assert "alert(" not in (script.string or "")
        assert page.head.find("b") is None and page.head.find("tag") is None
        # everything in the head that is a tag is one we expect
        names = {tag.name for tag in page.head.find_all(True)}
        assert names <= {"meta", "title", "link", "script", "style"}, names


def test_values_display_exactly_as_written(site: Build) -> None:
    for _, fm in articles(site.srcdir):
        docname = docname_of(fm)
        page = site.page(docname)
        seo = fm["seo"]
        assert page.title.get_text().startswith(f"{fm['question']} | {seo['title']} \u2014 ")
        assert one_meta(page, "og:title") == fm["question"]
        assert one_meta(page, "twitter:title") == fm["question"]
        assert one_meta(page, "author") == fm["author"]
        assert one_meta(page, "article:section") == SUBJECT
        assert one_meta(page, "og:site_name") == SITE_NAME
        assert one_meta(page, "twitter:site") == '@x"><script>alert(8)</script>'
        assert one_meta(page, "og:image") == 'https://hostile.example.org/card.png?a=1&b="2"'
        assert one_meta(page, "og:image:alt") == '"><script>alert(7)</script>'
        assert meta(page, "article:tag") == keywords(fm)
        if seo.get("page_description"):
            assert one_meta(page, "description") == seo["page_description"]
        qa = of_type(json_ld(page), "QAPage")
        assert qa["mainEntity"]["name"] == fm["question"]
        assert qa["mainEntity"]["author"]["name"] == fm["author"]
        crumbs = of_type(json_ld(page), "BreadcrumbList")["itemListElement"]
        assert crumbs[1]["name"] == SUBJECT
    page = site.page(THREE)
    assert page.title.get_text().startswith(
        'Why is 3 < 5? | Math & "Logic" </title><b>x</b> \u2014'
    )
    answer = of_type(json_ld(page), "QAPage")["mainEntity"]["acceptedAnswer"]["text"]
    assert answer == (
        "Because 3 < 5 & 5 > 3. Text such as </script><script>alert(4)</script> and <!-- or ]]> "
        "must stay text."
    )
    scripted = of_type(json_ld(site.page(SCRIPTED)), "QAPage")["mainEntity"]["acceptedAnswer"]
    assert scripted["text"].startswith("An answer with & an entity, a </script> code span")


def test_xml_files_hold_the_values_as_text(site: Build) -> None:
    locs = [loc for loc, _ in sitemap(site.outdir)]
    # the pages, and the subject's flashcards page (one page: two questions)
    assert len(locs) == 5
    assert sum("/learn/hostile-subject-co/flashcards" in loc for loc in locs) == 1
    root = feed(site.outdir / "learn" / "atom.xml")
    titles = {
        entry.findtext("a:title", namespaces=ATOM_NS) for entry in root.findall("a:entry", ATOM_NS)
    }
    questions = {fm["question"] for _, fm in articles(site.srcdir)}
    assert titles == questions
    assert root.findtext("a:title", namespaces=ATOM_NS) == f"Library | {SITE_NAME}"
    subject = feed(site.outdir / "learn" / "hostile-subject-co" / "atom.xml")
    assert subject.findtext("a:title", namespaces=ATOM_NS) == f"{SUBJECT} | {SITE_NAME}"
    categories = {c.get("label") for c in subject.iter("{http://www.w3.org/2005/Atom}category")}
    assert categories == {SUBJECT}
    summaries = [
        e.findtext("a:summary", namespaces=ATOM_NS) for e in root.findall("a:entry", ATOM_NS)
    ]
    assert any(s and s.startswith("</script><script>alert(1)</script>") for s in summaries)
    raw = (site.outdir / "learn" / "atom.xml").read_text("utf-8")
    assert "<script>" not in raw
    ET.fromstring(raw.encode())
