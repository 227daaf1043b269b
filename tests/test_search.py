"""Library search with Pagefind: markup, Sphinx's index, the bundle, and a real browser.

One small library (``search_site``) is built once per builder. Chromium (Playwright) opens
the library over a local HTTP server that serves the site in a subfolder (``/docs/``), as
``quicktakes_base_url`` says, types queries into the search box and follows a result.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from checkers import chromium_browser
from search_site import HOSTILE_QUESTION, make_search_site

from sphinx_quicktakes.search.bundle import MANIFEST, _index, _prune, _run, manifest_value
from sphinx_quicktakes.search.layout import SUBJECTS_DIR, subject_glob
from sphinx_quicktakes.search.markup import BUNDLE_DIR

ROSE = "learn/history/questions/why-did-the-roman-republic-fall"
HIDDEN = "learn/history/questions/where-is-the-zanzibarquux-archive"


def sphinx(srcdir: Path, builder: str = "html", name: str = "") -> Path:
    """Build ``srcdir`` in a fresh process; the output folder."""
    outdir = srcdir / "_build" / (name or builder)
    command = [sys.executable, "-m", "sphinx", "-q", "-b", builder]
    command += ["-d", str(outdir.with_name(outdir.name + "-doctrees")), str(srcdir), str(outdir)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return outdir


@pytest.fixture(scope="module")
def srcdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_search_site(tmp_path_factory.mktemp("search"), theme="furo")


@pytest.fixture(scope="module")
def html(srcdir: Path) -> Path:
    return sphinx(srcdir)


@pytest.fixture(scope="module")
def dirhtml(srcdir: Path) -> Path:
    return sphinx(srcdir, "dirhtml")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def sphinx_index(outdir: Path) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[len("Search.setIndex(") : -1])


def fragments(outdir: Path, bundle: str = "subjects/*") -> list[dict]:
    """The result fragments of the bundles matching ``bundle`` (default: every subject's)."""
    import gzip

    found = []
    for path in (outdir / "_pagefind").glob(f"{bundle}/fragment/*"):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[data.index(b"{") :]))
    return found


# --- build output ------------------------------------------------------------------
def test_sphinx_index_holds_only_the_team_docs(html: Path) -> None:
    index = sphinx_index(html)
    assert index["docnames"] == ["index"]
    assert "flibbertigibbet" in index["terms"]
    assert not any(term.startswith(("photosynth", "osmosi")) for term in index["terms"])


def test_article_body_is_the_indexed_region(html: Path) -> None:
    page = soup(html / f"{ROSE}.html")
    regions = page.select("[data-pagefind-body]")
    assert len(regions) == 1
    region = regions[0]
    assert region["data-pagefind-sort"] == "date:2024-11-01"
    assert region.select_one('[data-pagefind-meta="title"]').text == (
        "Why did the Roman Republic fall?"
    )
    assert region.select_one('[data-pagefind-filter="subject"]').text == "History"
    assert region.find("h1") is not None
    assert not region.find_parent(["nav", "aside", "footer"])
    assert not page.select("nav [data-pagefind-body], footer [data-pagefind-body]")


def test_no_index_article_is_not_marked(html: Path) -> None:
    assert not soup(html / f"{HIDDEN}.html").select("[data-pagefind-body]")


def test_hostile_question_is_escaped_in_markup(html: Path) -> None:
    page = soup(html / "learn/maths/questions/hostile.html")
    assert page.select_one('[data-pagefind-meta="title"]').text == HOSTILE_QUESTION
    assert not page.select("[data-pagefind-body] script, [data-pagefind-body] img")


def test_index_pages_have_the_search_box(html: Path) -> None:
    library = soup(html / "learn/index.html").select_one(".quicktakes-search")
    subjects = [o.text for o in library.select("select option")]
    assert subjects == ["All subjects", "Biology", "Chemistry", "History", "Maths"]
    assert library.select_one("option[selected]") is None
    assert library["data-bundle"] == "../_pagefind/"
    hint = library.select_one("#" + library.select_one("select")["aria-describedby"])
    assert hint is not None and "questions, summaries and keywords" in hint.text
    subject = soup(html / "learn/biology/index.html").select_one(".quicktakes-search")
    assert subject.select_one("option[selected]").text == "Biology"
    assert subject["data-bundle"] == "../../_pagefind/"
    assert not soup(html / f"{ROSE}.html").select(".quicktakes-search")


def test_bundle_holds_library_pages_only(html: Path) -> None:
    found = {f["url"]: f for f in fragments(html)}
    assert f"/{ROSE}.html" in found
    assert not any("zanzibarquux" in f["content"] for f in found.values())
    assert not any(url.startswith(("/index", "/search", "/genindex")) for url in found)
    rome = found[f"/{ROSE}.html"]
    assert rome["meta"]["title"] == "Why did the Roman Republic fall?"
    assert rome["filters"] == {"subject": ["History"]}
    assert rome["content"] == "Why did the Roman Republic fall? Civil wars and ambitious generals."
    assert found["/learn/biology/"]["meta"]["title"] == "Biology"
    history = {f["url"] for f in fragments(html, "subjects/history")}
    assert f"/{ROSE}.html" in history and "/learn/biology/" not in history


def test_subject_bundles_equal_those_pagefind_makes_from_whole_pages(
    html: Path, tmp_path: Path
) -> None:
    """Pagefind starts reading at the indexed region (``ROOT_SELECTOR``): every file of
    each subject bundle is the one it writes when it reads the whole page."""
    folders = sorted((html / BUNDLE_DIR / SUBJECTS_DIR).iterdir())
    assert len(folders) >= 2
    for folder in folders:
        whole = tmp_path / folder.name
        _run(_index(html, subject_glob(folder.name), whole, root=None))
        _prune(whole)
        made = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        again = {p.relative_to(whole): p.read_bytes() for p in whole.rglob("*") if p.is_file()}
        del made[Path(MANIFEST)]
        assert made == again, folder.name


def test_library_pages_are_published_without_their_generated_source(html: Path) -> None:
    assert not (html / "_sources" / "learn").exists()
    assert (html / "_sources" / "index.md.txt").is_file()  # the project's own page
    assert not soup(html / f"{ROSE}.html").select(".view-this-page")
    assert not soup(html / "learn" / "index.html").select(".view-this-page")
    view = soup(html / "index.html").select_one(".view-this-page a")
    assert view is not None and view["href"] == "_sources/index.md.txt"


def test_library_bundle_holds_questions_and_summaries(html: Path) -> None:
    found = {f["url"]: f for f in fragments(html, "library")}
    rome = found[f"/{ROSE}.html"]
    assert rome["meta"]["title"] == "Why did the Roman Republic fall?"
    assert rome["meta"]["subject"] == "History"
    assert rome["content"].startswith("Why did the Roman Republic fall? About Why did")
    assert "Civil wars" not in rome["content"]  # answers are searched per subject
    assert not any("zanzibarquux" in f["content"] for f in found.values())
    assert found["/learn/"]["meta"]["title"]  # the library index
    assert set(found) == {f["url"] for f in fragments(html)} | {"/learn/"}


def test_dirhtml_urls(dirhtml: Path) -> None:
    urls = {f["url"] for f in fragments(dirhtml)}
    assert f"/{ROSE}/" in urls
    assert {f["url"] for f in fragments(dirhtml, "library")} == urls | {"/learn/"}
    assert soup(dirhtml / "learn/index.html").select_one(".quicktakes-search")["data-bundle"] == (
        "../_pagefind/"
    )


def test_sphinx_search_option(tmp_path: Path) -> None:
    srcdir = make_search_site(tmp_path, extra_conf='quicktakes_search = "sphinx"\n')
    out = sphinx(srcdir)
    assert f"{ROSE}" in sphinx_index(out)["docnames"]
    assert not (out / "_pagefind").exists()
    assert not soup(out / f"{ROSE}.html").select("[data-pagefind-body]")
    assert not soup(out / "learn/index.html").select(".quicktakes-search")


# --- browser ------------------------------------------------------------------------
class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP; its URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server(html: Path, dirhtml: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The html build at ``/docs/`` and the dirhtml build at ``/dir/`` of one server."""
    root = tmp_path_factory.mktemp("served")
    (root / "docs").symlink_to(html)
    (root / "dir").symlink_to(dirhtml)
    with serving(root) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium_browser() as launched:
        yield launched


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append("dialog"), dialog.dismiss()))
    yield page
    page.close()
    assert errors == []


def search(page: object, query: str) -> list[str]:
    """Type ``query``; the titles of the results shown."""
    page.fill(".quicktakes-search-input", "")  # type: ignore[attr-defined]
    page.type(".quicktakes-search-input", query)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "term => document.querySelector('.quicktakes-search-status').textContent"
        ".endsWith(`found for “${term}”.`)",
        arg=query,
    )
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".quicktakes-search-result > a", "links => links.map(a => a.textContent)"
    )


def test_search_filter_and_open(page: object, server: str) -> None:
    page.goto(server + "docs/learn/index.html")  # type: ignore[attr-defined]
    titles = search(page, "photosynthesis")
    assert titles[0] == "How does photosynthesis store energy?"
    assert "Why does light chemistry matter to chemists?" in titles
    page.select_option(".quicktakes-search-subject", "Chemistry")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => (links => links.length && links.every(a => !/store energy/.test(a.textContent)))"
        "([...document.querySelectorAll('.quicktakes-search-result > a')])"
    )
    titles = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".quicktakes-search-result > a", "links => links.map(a => a.textContent)"
    )
    assert titles == ["Why does light chemistry matter to chemists?"]
    details = page.text_content(".quicktakes-search-details")  # type: ignore[attr-defined]
    assert details == "Chemistry · Dec 01, 2024"
    page.click(".quicktakes-search-result > a")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert page.url == (  # type: ignore[attr-defined]
        server + "docs/learn/chemistry/questions/why-does-light-chemistry-matter-to-chemists.html"
    )
    assert page.text_content("h1").startswith("Why does light chemistry")  # type: ignore[attr-defined]


def test_answer_words_need_a_subject(page: object, server: str) -> None:
    page.goto(server + "docs/learn/index.html")  # type: ignore[attr-defined]
    assert search(page, "quillwort") == []  # only in an answer: not in the library bundle
    page.select_option(".quicktakes-search-subject", "Biology")  # type: ignore[attr-defined]
    page.wait_for_selector(".quicktakes-search-result")  # type: ignore[attr-defined]
    assert search(page, "quillwort") == ["What is osmosis?"]


def test_no_index_article_never_found(page: object, server: str) -> None:
    page.goto(server + "docs/learn/history/index.html")  # type: ignore[attr-defined]
    assert page.input_value(".quicktakes-search-subject") == "History"  # type: ignore[attr-defined]
    assert search(page, "zanzibarquux") == []
    assert search(page, "Roman") == ["Why did the Roman Republic fall?"]


def test_hostile_result_is_text(page: object, server: str) -> None:
    page.goto(server + "docs/learn/maths/index.html")  # type: ignore[attr-defined]
    assert search(page, "xyzzyplugh") == [HOSTILE_QUESTION]
    assert page.evaluate("() => document.querySelectorAll('.quicktakes-search img').length") == 0  # type: ignore[attr-defined]
    excerpt = page.text_content(".quicktakes-search-excerpt")  # type: ignore[attr-defined]
    assert "<img src=x onerror=alert(2)>" in excerpt


def test_dirhtml_result_opens(page: object, server: str) -> None:
    page.goto(server + "dir/learn/")  # type: ignore[attr-defined]
    assert search(page, "Roman Republic")[0] == "Why did the Roman Republic fall?"
    page.click(".quicktakes-search-result > a")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert page.url == server + f"dir/{ROSE}/"  # type: ignore[attr-defined]


def test_file_url_says_why_not(page: object, html: Path) -> None:
    page.goto((html / "learn/index.html").as_uri())  # type: ignore[attr-defined]
    status = page.text_content(".quicktakes-search-status")  # type: ignore[attr-defined]
    assert "served by a web server" in status
    assert page.is_disabled(".quicktakes-search-input")  # type: ignore[attr-defined]


# --- the library bundle in parts -----------------------------------------------------
def _library_parts(outdir: Path) -> list[str]:
    listed = manifest_value(outdir / "_pagefind/library", "parts")
    return ["library", *(name.rstrip("/") for name in listed)]


def test_library_in_parts_is_searched_as_one(tmp_path: Path, html: Path, page: object) -> None:
    srcdir = make_search_site(tmp_path, extra_conf="quicktakes_search_part_pages = 2\n")
    out = sphinx(srcdir)
    names = _library_parts(out)
    assert len(names) >= 3
    assert sorted(p.name for p in (out / "_pagefind").glob("library*")) == sorted(names)
    per_part = {name: {f["meta"]["title"] for f in fragments(out, name)} for name in names}
    assert all(1 <= len(titles) <= 2 for titles in per_part.values())
    whole = {f["meta"]["title"] for f in fragments(html, "library")}
    assert set().union(*per_part.values()) == whole

    found = {"How does photosynthesis store energy?",
             "Why does light chemistry matter to chemists?"}  # fmt: skip
    assert len({name for name, titles in per_part.items() if titles & found}) == 2
    with serving(out) as url:
        page.goto(url + "learn/index.html")  # type: ignore[attr-defined]
        assert found <= set(search(page, "photosynthesis"))
        assert search(page, "Roman Republic")[0] == "Why did the Roman Republic fall?"

    # a question edited: its part is indexed again, and no other
    before = _bundle_mtimes(out)
    path = srcdir / "content/chemistry/bonds.md"
    path.write_text(path.read_text().replace("covalent bond?", "covalent bond really?"))
    sphinx(srcdir)
    owner = next(name for name, titles in per_part.items() if "What is a covalent bond?" in titles)
    assert _rewritten(before, _bundle_mtimes(out)) == {owner, "subjects/chemistry"}
    assert _library_parts(out) == names

    # a larger part size: one part again, the others deleted
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace("part_pages = 2", "part_pages = 1000"))
    sphinx(srcdir)
    assert _library_parts(out) == ["library"]
    assert [p.name for p in (out / "_pagefind").glob("library*")] == ["library"]
    edited = (whole - {"What is a covalent bond?"}) | {"What is a covalent bond really?"}
    assert {f["meta"]["title"] for f in fragments(out, "library")} == edited


# --- rebuilds (last: they change the project) ----------------------------------------
def _bundle_mtimes(outdir: Path) -> dict[str, int]:
    bundle = outdir / "_pagefind"
    return {p.relative_to(bundle).as_posix(): p.stat().st_mtime_ns for p in bundle.rglob("*")}


def _rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """The bundles (``library``, ``subjects/<slug>``) with an index file added, removed or
    rewritten (their manifests aside)."""
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    changed = {name for name in changed if not name.endswith("quicktakes-search.json")}
    parts = [name.split("/") for name in changed]
    return {"/".join(p[:2]) if p[0] == "subjects" else p[0] for p in parts if len(p) > 1}


def test_no_change_build_keeps_the_bundle(srcdir: Path, html: Path) -> None:
    before = _bundle_mtimes(html)
    sphinx(srcdir)
    assert _bundle_mtimes(html) == before


def test_edit_rewrites_only_its_subject_bundle(srcdir: Path, html: Path) -> None:
    before = _bundle_mtimes(html)
    path = srcdir / "content/history/rome.md"
    path.write_text(path.read_text().replace("ambitious generals", "ambitious quokkas"))
    sources = manifest_value(html / "_pagefind/library", "sources")
    sphinx(srcdir)
    rome = next(f for f in fragments(html) if f["url"] == f"/{ROSE}.html")
    assert "quokkas" in rome["content"]
    assert _rewritten(before, _bundle_mtimes(html)) == {"subjects/history"}
    # the library bundle's light pages were found equal, and the next build need not compare
    assert manifest_value(html / "_pagefind/library", "sources") not in (None, sources)
    assert not list((html / "_pagefind").rglob("*.new")) and not list(
        (html / "_pagefind").rglob("*.old")
    )


def test_edit_of_a_question_rewrites_the_library_bundle(srcdir: Path, html: Path) -> None:
    before = _bundle_mtimes(html)
    path = srcdir / "content/chemistry/bonds.md"
    path.write_text(path.read_text().replace("covalent bond?", "covalent bond really?"))
    sphinx(srcdir)
    assert _rewritten(before, _bundle_mtimes(html)) == {"library", "subjects/chemistry"}
    titles = {f["meta"]["title"] for f in fragments(html, "library")}
    assert "What is a covalent bond really?" in titles


# --- layout (pure) -------------------------------------------------------------------
def _article(**changes: object) -> object:
    from dataclasses import replace

    from sphinx_quicktakes.records import ArticleRecord

    article = ArticleRecord(
        id=1, question="Q <b>?", title="Q", subject="History", subject_slug="history",
        url="/learn/history/questions/a", date=None, date_text="Jan 01, 2025", author="",
        seo_title="", description="D", keywords=("k1", "k2"), excerpt="", no_index=False,
        source="a.md", fingerprint="f1",
    )  # fmt: skip
    return replace(article, **changes)  # type: ignore[arg-type]


def _records() -> dict[str, object]:
    from sphinx_quicktakes.records import LibraryRecord, ListingRecord, SubjectRecord

    listing = {"slug": "history", "name": "History", "count": 2, "pages": (), "listed": ()}
    return {
        "learn/index": LibraryRecord("Library", "", ("history",), 2),
        "learn/history/index": SubjectRecord(page=1, **listing),  # type: ignore[arg-type]
        "learn/history/page-2": ListingRecord(page=2, **listing),  # type: ignore[arg-type]
        "learn/history/questions/a": _article(),
        "learn/history/questions/b": _article(no_index=True, question="Hidden"),
    }


def test_layout_groups_and_keys() -> None:
    from sphinx_quicktakes.search import layout

    records = _records()
    groups = layout.subject_groups(records)  # type: ignore[arg-type]
    assert [name for name, _ in groups["history"]] == [
        "learn/history/index",
        "learn/history/questions/a",
    ]
    light = layout.light_pages(records, lambda name: name + ".html")
    assert [page.uri for page in light] == [
        "learn/history/index.html",
        "learn/history/questions/a.html",
        "learn/index.html",
    ]
    subject_key = layout.subject_keys(records, "c")["subjects/history"]
    library_key = layout.library_key(light, "c")
    records["learn/history/questions/a"] = _article(fingerprint="f2")  # an answer edited
    assert layout.subject_keys(records, "c")["subjects/history"] != subject_key
    light = layout.light_pages(records, lambda name: name + ".html")
    assert layout.library_key(light, "c") == library_key
    records["learn/history/questions/a"] = _article(fingerprint="f3", question="Another?")
    light = layout.light_pages(records, lambda name: name + ".html")
    assert layout.library_key(light, "c") != library_key


def test_library_parts_hold_whole_subjects_within_the_limit() -> None:
    from sphinx_quicktakes.search import layout
    from sphinx_quicktakes.search.light import LightPage

    def subject(slug: str, count: int) -> list[LightPage]:
        return [LightPage(f"learn/{slug}/questions/{n}.html", f"{slug}{n}") for n in range(count)]

    home, library = LightPage("index.html", "Home"), LightPage("learn/index.html", "Library")
    light = [home, *subject("a", 2), *subject("b", 3), *subject("c", 7), library]
    parts = layout.library_parts(light, 4)
    assert [[page.title for page in part] for part in parts] == [
        ["Home", "a0", "a1"],
        ["b0", "b1", "b2"],
        ["c0", "c1", "c2", "c3"],  # a subject larger than a part takes parts of its own
        ["c4", "c5", "c6", "Library"],
    ]
    grown = layout.library_parts([home, *subject("a", 2), *subject("b", 4), *light[6:]], 4)
    assert [grown[0], grown[2], grown[3]] == [parts[0], parts[2], parts[3]]
    assert layout.library_parts(light, 100) == [light]
    assert layout.library_parts([], 4) == []
    assert layout.part_folders(3) == ["library", "library-2", "library-3"]


def test_light_pages_are_escaped_and_stay_in_their_folder(tmp_path: Path) -> None:
    from sphinx_quicktakes.search.light import LightPage, light_html, page_path, write_light_pages

    page = LightPage("learn/x/", HOSTILE_QUESTION, "S&P", "", "<img src=x onerror=alert(1)>")
    markup = BeautifulSoup(light_html(page, "en"), "lxml")
    assert markup.h1.text == HOSTILE_QUESTION
    assert not markup.select("[data-pagefind-body] script, [data-pagefind-body] img")
    assert page_path("learn/x/") == "learn/x/index.html"
    outside = LightPage("../../escaped.html", "Out")
    beside = LightPage("../pages-beside/x.html", "Beside")  # shares the folder's name prefix
    assert write_light_pages([page, outside, beside], tmp_path / "pages", "en") == 1
    assert (tmp_path / "pages/learn/x/index.html").is_file()
    assert not (tmp_path / "escaped.html").exists()
    assert not (tmp_path / "pages-beside").exists()


def test_failed_index_run_keeps_the_previous_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_quicktakes.search import bundle

    previous = tmp_path / "_pagefind/subjects/history"
    previous.mkdir(parents=True)
    (previous / "pagefind-entry.json").write_text("{}")

    def fail(coroutine: object) -> None:
        coroutine.close()  # type: ignore[attr-defined]
        raise RuntimeError("pagefind stopped")

    monkeypatch.setattr(bundle, "_run", fail)
    with pytest.raises(RuntimeError):
        bundle.write_bundle(tmp_path, "learn/history/**/*.html", previous, "key")
    assert (previous / "pagefind-entry.json").read_text() == "{}"
    assert sorted(p.name for p in previous.parent.iterdir()) == ["history"]


def _bundle_files(folder: Path) -> dict[str, bytes]:
    """Every file of a search folder, the indexing time left out of the manifests."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == MANIFEST:
                data = json.dumps({k: v for k, v in json.loads(data).items() if k != "seconds"})
            files[path.relative_to(folder).as_posix()] = data
    return files


def test_library_parts_indexed_together_equal_those_indexed_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_quicktakes.search import update
    from sphinx_quicktakes.search.light import LightPage

    pages = [
        LightPage(f"learn/s{n % 3}/questions/q{n}.html", f"Question {n} on topic {n % 5}?",
                  f"Subject {n % 3}", "", f"Summary {n}", (f"kw{n}",))
        for n in range(9)
    ]  # fmt: skip
    sites = {}
    for indexers in (1, 2):
        monkeypatch.setattr(update, "INDEXERS", indexers)
        site = tmp_path / f"site-{indexers}"
        done = update.update_library(site, pages, "context", "en", "sources", most=3)
        assert sorted(done.written) == ["library", "library-2", "library-3"]
        sites[indexers] = _bundle_files(site / BUNDLE_DIR)
    assert sites[1] == sites[2]
    assert sum(name.endswith(".pf_fragment") for name in sites[2]) == 9


def test_folder_size_counts_every_file_below(tmp_path: Path) -> None:
    from sphinx_quicktakes.search.bundle import _folder_size

    (tmp_path / "a/b/c").mkdir(parents=True)
    for relpath, size in {"one": 3, "a/two": 5, "a/b/c/three": 7, "a/b/four": 0}.items():
        (tmp_path / relpath).write_bytes(b"x" * size)
    assert _folder_size(tmp_path) == (4, 15)
    assert _folder_size(tmp_path / "missing") == (0, 0)
