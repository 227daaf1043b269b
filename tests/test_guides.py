"""Study guides: the studyguide builder, EPUB and PDF content, caching, buttons, other builders."""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from checkers import EpubCheck, require_latexmk
from helpers import sphinx_build
from pypdf import PdfReader
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-guides"
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "m": "http://www.w3.org/1998/Math/MathML",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
#: Questions per subject, in the subject's order (newest first).
SUBJECTS = {
    "biology": [
        "How do enzymes work?",
        'Why is <b>bold</b> & "quoted" text in a cell membrane question?',
    ],
    "computer-science": ["What is a hash table?", "What is recursion?"],
    "mathematics": ["What happens to a broken formula?"],
}
NAMES = {"biology": "Biology", "computer-science": "Computer Science", "mathematics": "Mathematics"}
GUIDES = [*SUBJECTS, "library"]
#: Guide formats built by default, and their button labels.
FORMATS = ("epub", "pdf", "apkg")
LABELS = {"epub": "EPUB", "pdf": "PDF", "apkg": "Anki deck"}
ALL_QUESTIONS = [q for questions in SUBJECTS.values() for q in questions]


# --- helpers -----------------------------------------------------------------------------


def build(
    tmp: Path,
    builder: str,
    *,
    root: Path = ROOT,
    confoverrides: dict[str, Any] | None = None,
    parallel: int = 0,
) -> SphinxTestApp:
    """Copy ``root`` to ``tmp/src`` (once) and build it there."""
    srcdir = tmp / "src"
    if not srcdir.exists():
        shutil.copytree(root, srcdir)
    return sphinx_build(
        builder,
        srcdir,
        builddir=tmp / "_build",
        confoverrides=confoverrides,
        parallel=parallel,
    )


def guide_warnings(app: SphinxTestApp) -> list[str]:
    return [line for line in app.warning.getvalue().splitlines() if "quicktakes.guide" in line]


def normalise(text: str) -> str:
    """Text as typography and PDF extraction leave it: straight quotes, single spaces."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        )
        text = result.stdout.decode("utf-8")
    else:
        text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return normalise(text)


def outline(reader: PdfReader, items: list[Any] | None = None) -> list[Any]:
    """The outline as nested [title, page, children] lists."""
    result: list[Any] = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            result[-1][2] = outline(reader, item)
        else:
            result.append([normalise(item.title), reader.get_destination_page_number(item), []])
    return result


class Epub:
    """An EPUB opened for assertions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = ET.fromstring(self.zip.read("META-INF/container.xml"))
        rootfile = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
        assert rootfile is not None
        self.opf_path = rootfile.get("full-path", "")
        self.base = posixpath.dirname(self.opf_path)
        self.opf = ET.fromstring(self.zip.read(self.opf_path))
        self.manifest = {
            item.get("id"): item for item in self.opf.iterfind("opf:manifest/opf:item", NS)
        }

    def href(self, item_id: str) -> str:
        return posixpath.join(self.base, self.manifest[item_id].get("href", ""))

    def spine(self) -> list[str]:
        return [ref.get("idref", "") for ref in self.opf.iterfind("opf:spine/opf:itemref", NS)]

    def xhtml(self, name: str) -> ET.Element:
        return ET.fromstring(self.zip.read(name))

    def meta(self, tag: str) -> list[str]:
        return [el.text or "" for el in self.opf.iterfind(f"opf:metadata/dc:{tag}", NS)]

    def chapter_titles(self) -> list[str]:
        titles = []
        for item_id in self.spine():
            doc = self.xhtml(self.href(item_id))
            heading = doc.find(".//x:h1[@class='qt-question']", NS)
            if heading is not None:
                titles.append(normalise("".join(heading.itertext())))
        return titles

    def nav_links(self) -> list[tuple[str, str]]:
        nav_id = next(
            i for i, item in self.manifest.items() if "nav" in (item.get("properties") or "")
        )
        doc = self.xhtml(self.href(nav_id))
        toc = next(
            n for n in doc.iterfind(".//x:nav", NS) if n.get(f"{{{NS['epub']}}}type") == "toc"
        )
        return [
            (a.get("href", ""), normalise("".join(a.itertext())))
            for a in toc.iterfind(".//x:a", NS)
        ]

    def resolves(self, source: str, href: str) -> bool:
        """Does ``href`` in document ``source`` point at an existing file (and id)?"""
        path, _, fragment = href.partition("#")
        target = (
            posixpath.normpath(posixpath.join(posixpath.dirname(source), path)) if path else source
        )
        if target not in self.zip.namelist():
            return False
        return not fragment or self.zip.read(target).decode().count(f'id="{fragment}"') == 1


# --- the studyguide builder ------------------------------------------------------------


@pytest.fixture(scope="module")
def guides(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """One studyguide build of the test-guides root, shared by the module."""
    return build(tmp_path_factory.mktemp("guides"), "studyguide")


def test_builder_writes_every_guide(guides: SphinxTestApp) -> None:
    names = sorted(path.name for path in guides.outdir.iterdir())
    assert names == sorted(f"{guide}.{fmt}" for guide in GUIDES for fmt in ("epub", "pdf", "apkg"))
    status = guides.status.getvalue()
    assert "writing EPUB study guides" in status and "rendering PDF study guides" in status
    assert "joining the library PDF study guide" in status
    # Only the formula that cannot be converted is reported (once per format), with its page.
    warnings = guide_warnings(guides)
    assert len(warnings) == 2, warnings
    for line in warnings:
        assert "learn/mathematics/questions/what-is-a-broken-formula.md" in line
        assert "\\\\unknowncommand{x}" in line


@pytest.mark.parametrize("guide", GUIDES)
def test_epub_package(guides: SphinxTestApp, guide: str) -> None:
    book = Epub(guides.outdir / f"{guide}.epub")
    infos = book.zip.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert infos[0].extra == b"" and book.zip.read("mimetype") == b"application/epub+zip"
    # Metadata
    assert book.opf.get("version") == "3.0"
    identifier = book.opf.find(
        f"opf:metadata/dc:identifier[@id='{book.opf.get('unique-identifier')}']", NS
    )
    assert identifier is not None and re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier.text or "")
    assert book.meta("language") == ["en"]
    assert book.meta("creator") == ["Guide Tests"]
    assert book.meta("description")[0]
    title = book.meta("title")[0]
    if guide == "library":
        assert title == "Library"
        assert book.meta("subject") == list(NAMES.values())
    else:
        assert title == f"{NAMES[guide]}: Study Guide"
        assert book.meta("subject") == [NAMES[guide]]
    modified = book.opf.find("opf:metadata/opf:meta[@property='dcterms:modified']", NS)
    assert modified is not None and re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified.text or ""
    )
    assert (
        book.opf.find("opf:manifest/opf:item[@media-type='application/x-dtbncx+xml']", NS)
        is not None
    )
    # Every article once, in subject order; the nav lists them in the same order.
    expected = ALL_QUESTIONS if guide == "library" else SUBJECTS[guide]
    assert book.chapter_titles() == [normalise(q) for q in expected]
    nav = book.nav_links()
    assert [text for _href, text in nav if text not in NAMES.values()] == [
        normalise(q) for q in expected
    ]
    nav_id = next(i for i, item in book.manifest.items() if "nav" in (item.get("properties") or ""))
    for href, _text in nav:
        assert book.resolves(book.href(nav_id), href), href
    # Every document is XML; links inside the book resolve; MathML is declared; no raw math.
    for item_id, item in book.manifest.items():
        if item.get("media-type") != "application/xhtml+xml":
            continue
        name = book.href(item_id)
        text = book.zip.read(name).decode("utf-8")
        doc = ET.fromstring(text)
        assert doc.find(".//x:script", NS) is None
        assert "MathJax" not in text and "$" not in text and "\\(" not in text
        has_math = doc.find(".//m:math", NS) is not None
        assert has_math == ("mathml" in (item.get("properties") or "").split()), name
        for anchor in doc.iterfind(".//x:a", NS):
            href = anchor.get("href", "")
            if not href.startswith(("http://", "https://", "mailto:")):
                assert book.resolves(name, href), (name, href)


def test_epub_identifiers_are_stable_and_distinct(guides: SphinxTestApp) -> None:
    identifiers = {
        guide: Epub(guides.outdir / f"{guide}.epub").meta("identifier")[0] for guide in GUIDES
    }
    assert len(set(identifiers.values())) == len(GUIDES)


def test_epub_library_parts_and_links(guides: SphinxTestApp) -> None:
    library = Epub(guides.outdir / "library.epub")
    nav = library.nav_links()
    assert [text for _href, text in nav if text in NAMES.values()] == list(NAMES.values())
    toc = library.xhtml(library.href("nav")).find(".//x:nav", NS)
    assert toc is not None and toc.get(f"{{{NS['epub']}}}type") == "toc"
    parts = toc.findall("x:ol/x:li", NS)
    assert [len(part.findall("x:ol/x:li", NS)) for part in parts] == [2, 2, 1]

    def chapter(book: Epub, question: str) -> str:
        for item_id in book.spine():
            text = book.zip.read(book.href(item_id)).decode()
            if f">{question}</h1>" in text:
                return text
        raise AssertionError(question)

    in_library = chapter(library, "How do enzymes work?")
    in_subject = chapter(Epub(guides.outdir / "biology.epub"), "How do enzymes work?")
    # Same subject: inside the book in both. Other subject: inside the library book only.
    for chapter_text in (in_library, in_subject):
        assert re.search(
            r'<a class="reference internal" href="q-[\d-]+\.xhtml">What is a cell membrane',
            chapter_text,
        )
    assert re.search(
        r'<a class="reference internal" href="q-[\d-]+\.xhtml">What is a hash table\?', in_library
    )
    assert (
        '<a class="reference external" href="https://example.org/learn/computer-science/questions/'
        'what-is-a-hash-table">What is a hash table?' in in_subject
    )
    # Not in the library at all: a link to the public site.
    assert (
        'href="https://example.org/learn/biology/questions/what-is-osmosis">What is osmosis?'
        in in_library
    )
    # Code is highlighted, tables and lists kept.
    hash_table = chapter(library, "What is a hash table?")
    assert (
        '<pre class="highlight"><code>' in hash_table
        and '<span class="n">table</span>' in hash_table
    )
    assert "<table>" in in_library and '<ol class="arabic simple">' in in_library


def test_untrusted_text_is_escaped(guides: SphinxTestApp) -> None:
    book = Epub(guides.outdir / "biology.epub")
    texts = [book.zip.read(book.href(i)).decode() for i in book.spine()]
    membrane = next(t for t in texts if "qt-question" in t and "cell membrane question" in t)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;" in membrane
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in membrane
    assert 'href="javascript' not in membrane
    doc = ET.fromstring(membrane)
    assert doc.find(".//x:b", NS) is None and doc.find(".//x:script", NS) is None


def test_math_in_every_format(guides: SphinxTestApp) -> None:
    book = Epub(guides.outdir / "mathematics.epub")
    text = book.zip.read(book.href(book.spine()[-1])).decode()
    doc = ET.fromstring(text)
    assert doc.find(".//m:math/m:mrow/m:msup", NS) is not None  # x^2
    fallback = doc.find(".//x:code[@class='qt-math-source']", NS)
    assert fallback is not None and fallback.text == "\\unknowncommand{x}"
    biology = Epub(guides.outdir / "biology.epub")
    enzymes = biology.xhtml(biology.href(biology.spine()[2]))
    assert enzymes.find(".//m:math[@display='inline']/m:mrow/m:mfrac", NS) is not None
    membrane = biology.xhtml(biology.href(biology.spine()[3]))
    assert (
        membrane.find(".//x:div[@class='qt-math-block']/m:math[@display='block']", NS) is not None
    )
    # PDF: the formula that failed shows as TeX; no $ delimiters anywhere.
    pdf = pdf_text(guides.outdir / "mathematics.pdf")
    assert "\\unknowncommand{x}" in pdf
    assert "$" not in pdf_text(guides.outdir / "biology.pdf")


def test_epubcheck_passes(epubcheck: EpubCheck, guides: SphinxTestApp) -> None:
    # The library holds every chapter and the part pages; a subject guide its own layout.
    results = epubcheck(guides.outdir / "library.epub", guides.outdir / "biology.epub")
    assert results == {"library.epub": [], "biology.epub": []}


@pytest.mark.parametrize("guide", list(SUBJECTS))
def test_subject_pdf(guides: SphinxTestApp, guide: str) -> None:
    path = guides.outdir / f"{guide}.pdf"
    reader = PdfReader(path)
    questions = [normalise(q) for q in SUBJECTS[guide]]
    tree = outline(reader)
    assert [title for title, _page, _children in tree] == ["Contents", *questions]
    pages = [page for _title, page, _children in tree]
    assert pages == sorted(pages) and pages[0] == 1 and len(set(pages)) == len(pages)
    assert len(reader.pages) == pages[-1] + 1
    text = pdf_text(path)
    for question in questions:
        assert text.count(question) >= 2  # contents and heading (and the running header)
    assert f"{NAMES[guide]}: Study Guide" in text and "Guide Tests" in text
    # Cover and contents numbered i, ii..., chapters from 1 on: in the contents, the footers
    # and the page labels.
    labels = reader.trailer["/Root"]["/PageLabels"]["/Nums"]
    assert [labels[0], labels[1]["/S"], labels[3]["/S"], labels[3]["/St"]] == [0, "/r", "/D", 1]
    front = labels[2]
    assert front == pages[1] and reader.page_labels[front] == "1"
    contents = normalise(reader.pages[1].extract_text())
    for question, (_title, page, _children) in zip(questions, tree[1:], strict=True):
        number = page - front + 1
        assert re.search(re.escape(question[:20]) + r".*?\.{3,}\s*" + str(number), contents)
        assert reader.pages[page].extract_text().split()[-1] == str(number)
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == f"{NAMES[guide]}: Study Guide"
    assert metadata.author == "Guide Tests"
    assert metadata.subject == NAMES[guide]
    assert NAMES[guide] in (metadata.get("/Keywords") or "")
    assert metadata.get("/CreationDate", "").startswith("D:20")
    # Fonts are embedded.
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_library_pdf(guides: SphinxTestApp) -> None:
    path = guides.outdir / "library.pdf"
    reader = PdfReader(path)
    tree = outline(reader)
    assert [title for title, _page, _children in tree] == ["Contents", *NAMES.values()]
    total = 0
    for (_name, page, children), slug in zip(tree[1:], SUBJECTS, strict=True):
        assert [title for title, _p, _c in children] == [
            "Contents",
            *(normalise(q) for q in SUBJECTS[slug]),
        ]
        assert all(child_page >= page for _t, child_page, _c in children)
        total += len(PdfReader(guides.outdir / f"{slug}.pdf").pages)
    front = tree[1][1]
    assert len(reader.pages) == front + total
    text = pdf_text(path)
    for question in ALL_QUESTIONS:
        assert normalise(question) in text
    assert reader.metadata is not None and reader.metadata.title == "Library"
    # Links of the library contents and links to articles of other parts stay inside the file.
    article_urls = {
        f"https://example.org/learn/{slug}/questions/{name}"
        for slug in SUBJECTS
        for name in ("how-do-enzymes-work", "what-is-a-cell-membrane", "what-is-a-hash-table")
    }
    internal = in_front = 0
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", None) or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            uri = action.get_object().get("/URI") if action is not None else None
            assert uri not in article_urls
            assert not str(uri or "").startswith("qt-page:")
            if "/Dest" in annotation:
                internal += 1
                in_front += index < front
    # The library's contents list its parts; each part's own contents list its questions.
    assert in_front == len(SUBJECTS)
    assert internal >= len(ALL_QUESTIONS) + len(SUBJECTS)
    contents = normalise(" ".join(reader.pages[n].extract_text() for n in range(front)))
    assert all(f"Part {n + 1} · {NAMES[slug]}" in contents for n, slug in enumerate(SUBJECTS))
    assert not any(normalise(question) in contents for question in ALL_QUESTIONS)
    labels = reader.trailer["/Root"]["/PageLabels"]["/Nums"]
    assert labels[0] == 0 and labels[1]["/S"] == "/r"


def test_rebuild_from_scratch_and_parallel_is_byte_identical(
    guides: SphinxTestApp, tmp_path: Path
) -> None:
    """A fresh build elsewhere, with -j 2, gives the same bytes (reproducible and -j safe)."""
    again = build(tmp_path, "studyguide", parallel=2)
    for guide in GUIDES:
        for fmt in ("epub", "pdf"):
            name = f"{guide}.{fmt}"
            assert (again.outdir / name).read_bytes() == (guides.outdir / name).read_bytes(), name


def test_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    app = build(tmp_path, "studyguide", confoverrides={"quicktakes_guide_formats": ["epub"]})
    assert sorted(p.suffix for p in app.outdir.iterdir()) == [".epub"] * 4
    book = Epub(app.outdir / "biology.epub")
    modified = book.opf.find("opf:metadata/opf:meta[@property='dcterms:modified']", NS)
    assert modified is not None and modified.text == "2023-11-14T22:13:20Z"
    assert book.meta("date") == ["2023-11-14"]
    assert {info.date_time for info in book.zip.infolist()} == {(2023, 11, 14, 22, 13, 20)}


# --- html builds: guides, buttons, incremental -----------------------------------------


def stamp(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def buttons(page: Path) -> list[tuple[str, str]]:
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    found = []
    for a in soup.select(".quicktakes-downloads a.quicktakes-download"):
        for hidden in a.select(".quicktakes-visually-hidden"):  # words for screen readers
            hidden.extract()
        found.append((a.get_text(), a["href"]))
    return found


def size_text(size: int) -> str:
    return f"{round(size / 1000)} KB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


def test_html_guides_buttons_and_incremental(tmp_path: Path) -> None:
    app = build(tmp_path, "html")
    guides_dir = app.outdir / "_downloads" / "quicktakes"
    first = stamp(guides_dir)
    assert sorted(first) == sorted(f"{g}.{f}" for g in GUIDES for f in FORMATS)
    for page, guide in [("learn/index.html", "library"), ("learn/biology/index.html", "biology")]:
        found = buttons(app.outdir / page)
        assert [text.split(" · ")[0] for text, _ in found] == ["EPUB", "PDF", "Anki deck"]
        for (text, href), fmt in zip(found, FORMATS, strict=True):
            target = (app.outdir / page).parent / href
            assert target.resolve() == (guides_dir / f"{guide}.{fmt}").resolve(), href
            assert text == f"{LABELS[fmt]} · {size_text(target.stat().st_size)}"
    assert (
        buttons(app.outdir / "learn/biology/index.html")[0][1]
        == "../../_downloads/quicktakes/biology.epub"
    )
    # Nothing changed: every guide keeps its bytes and its mtime.
    build(tmp_path, "html")
    assert stamp(guides_dir) == first
    # One article changes: its subject's guides and the library's change, nothing else.
    source = tmp_path / "src" / "content" / "computer-science" / "what-is-recursion.md"
    source.write_text(
        source.read_text("utf-8").replace(
            "A function that calls itself.",
            "A function that calls itself, " + "again and again " * 200,
        ),
        "utf-8",
    )
    build(tmp_path, "html")
    third = stamp(guides_dir)
    changed = sorted(name for name in third if third[name] != first[name])
    assert changed == sorted(f"{g}.{f}" for g in ("computer-science", "library") for f in FORMATS)
    # The subject page was not re-read but shows the new sizes.
    page = app.outdir / "learn/computer-science/index.html"
    for (text, _href), fmt in zip(buttons(page), FORMATS, strict=True):
        size = (guides_dir / f"computer-science.{fmt}").stat().st_size
        assert text == f"{LABELS[fmt]} · {size_text(size)}"


def test_dirhtml_buttons(tmp_path: Path) -> None:
    app = build(
        tmp_path, "dirhtml", confoverrides={"quicktakes_guide_formats": ["epub"]}, parallel=2
    )
    guides_dir = app.outdir / "_downloads" / "quicktakes"
    assert sorted(p.name for p in guides_dir.iterdir()) == sorted(f"{g}.epub" for g in GUIDES)
    for page, guide in [
        ("learn/index.html", "library"),
        ("learn/mathematics/index.html", "mathematics"),
    ]:
        found = buttons(app.outdir / page)
        assert len(found) == 1
        # dirhtml serves learn/mathematics/index.html as learn/mathematics/
        url = posixpath.normpath(posixpath.join(posixpath.dirname(page), found[0][1]))
        assert url == f"_downloads/quicktakes/{guide}.epub"


def test_guides_off(tmp_path: Path) -> None:
    app = build(tmp_path, "html", confoverrides={"quicktakes_html_guides": False})
    assert not (app.outdir / "_downloads" / "quicktakes").exists()
    assert buttons(app.outdir / "learn/index.html") == []
    assert "quicktakes-downloads" not in (app.outdir / "learn/index.html").read_text("utf-8")


# --- options -----------------------------------------------------------------------------

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082"
)


def test_guide_options(epubcheck: EpubCheck, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    shutil.copytree(ROOT, tmp_path / "src", dirs_exist_ok=True)
    (tmp_path / "src" / "cover.png").write_bytes(PNG)
    app = build(
        tmp_path,
        "studyguide",
        confoverrides={
            "quicktakes_guide_subjects": ["biology"],
            "quicktakes_guide_title_template": "{subject} in {count} questions",
            "quicktakes_guide_library_title": "Everything",
            "quicktakes_guide_cover_image": "cover.png",
            "quicktakes_guide_paper_size": "letter",
            "quicktakes_guide_font_family": "DejaVu Sans, sans-serif",
        },
    )
    assert sorted(p.name for p in app.outdir.iterdir()) == [
        "biology.apkg",
        "biology.epub",
        "biology.pdf",
        "library.apkg",
        "library.epub",
        "library.pdf",
    ]
    book = Epub(app.outdir / "biology.epub")
    assert book.meta("title") == ["Biology in 2 questions"]
    covers = [i for i in book.manifest.values() if i.get("properties") == "cover-image"]
    assert len(covers) == 1 and covers[0].get("media-type") == "image/png"
    title_page = book.zip.read(book.href("titlepage")).decode()
    assert f'src="{covers[0].get("href")}"' in title_page
    assert Epub(app.outdir / "library.epub").meta("title") == ["Everything"]
    assert epubcheck(app.outdir / "biology.epub") == {"biology.epub": []}
    reader = PdfReader(app.outdir / "biology.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert any("DejaVuSans" in name or "DejaVu-Sans" in name for name in fonts), fonts
    assert "/XObject" in reader.pages[0]["/Resources"]  # the cover image
    library = PdfReader(app.outdir / "library.pdf")
    assert [title for title, _p, _c in outline(library)] == ["Contents", "Biology"]


def test_missing_cover_and_unknown_subject_warn(tmp_path: Path) -> None:
    app = build(
        tmp_path,
        "studyguide",
        confoverrides={
            "quicktakes_guide_formats": ["epub"],
            "quicktakes_guide_cover_image": "missing.png",
            "quicktakes_guide_subjects": ["biology", "nonexistent"],
        },
    )
    warnings = app.warning.getvalue()
    assert "guide_cover_image" in warnings and "[quicktakes.config]" in warnings
    assert "guide_subjects names no published subject: nonexistent" in warnings
    assert Epub(app.outdir / "biology.epub").meta("title") == ["Biology: Study Guide"]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("guide_paper_size", "A4; } body { display: none"),
        ("guide_font_family", "x; } @import url(http://evil)"),
        ("guide_title_template", "{nope}"),
    ],
)
def test_bad_guide_options_stop_the_build(tmp_path: Path, option: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"quicktakes_{option}"):
        build(tmp_path, "studyguide", confoverrides={f"quicktakes_{option}": value})


# --- Sphinx's own builders on library pages ------------------------------------------


def test_sphinx_epub_builder_passes_epubcheck(epubcheck: EpubCheck, tmp_path: Path) -> None:
    app = build(tmp_path, "epub")
    epubs = list(app.outdir.glob("*.epub"))
    assert len(epubs) == 1
    messages = epubcheck(epubs[0])[epubs[0].name]
    assert [m for m in messages if m.startswith(("ERROR", "FATAL"))] == []


@pytest.fixture(scope="module")
def latex(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``.tex`` file of the test root's LaTeX build."""
    app = build(tmp_path_factory.mktemp("latex"), "latex")
    return next(app.outdir.glob("*.tex"))


def test_latex_builder_writes_readable_cards(latex: Path) -> None:
    source = latex.read_text("utf-8")
    # The hidden stretched link of each card is gone; its target is on the card title.
    assert "sd-stretched-link" not in source
    assert source.count("What is osmosis?") == 1
    assert "https://example.org/learn/biology/questions/what-is-osmosis" in source


def test_latex_output_compiles_with_readable_cards(latex: Path) -> None:
    latexmk = require_latexmk()
    result = subprocess.run(
        [latexmk, "-pdf", "-interaction=nonstopmode", "-halt-on-error", latex.name],
        cwd=latex.parent,
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout.decode(errors="replace")[-3000:]
    text = pdf_text(latex.with_suffix(".pdf"))
    for question in ALL_QUESTIONS:
        assert normalise(question) in text
    assert "example.org/learn/biology/questions/what-is-osmosis" not in text
    assert text.count("What is osmosis?") == 1


# --- a site the repository has never seen ----------------------------------------------


def test_generated_site(epubcheck: EpubCheck, tmp_path: Path) -> None:
    from helpers import article  # the shared seed-format writer

    src = tmp_path / "src"
    (src / "content").mkdir(parents=True)
    (src / "conf.py").write_text(
        'project = "Fresh"\nextensions = ["sphinx_quicktakes"]\nlanguage = "fr"\n', "utf-8"
    )
    (src / "index.md").write_text("# Fresh\n\n```{toctree}\nlearn/index\n```\n", "utf-8")
    questions = {
        "Géographie": ["Où coule le Rhône ?", "Qu'est-ce qu'un delta ?"],
        "Physique quantique": ["Qu'est-ce qu'un photon (\u03b3) ?", "Pourquoi E = mc² ?"],
    }
    number = 1000
    for subject, subject_questions in questions.items():
        for question in subject_questions:
            number += 1
            slug = f"q{number}"
            answer = f"Réponse à « {question} » :\\n\\n- point $a_{number % 7}$\\n- point deux"
            folder = src / "content" / subject.split()[0].lower()
            folder.mkdir(exist_ok=True)
            related = []
            if number == 1001:  # one in the other subject, one in no subject at all
                related = [
                    (1003, questions["Physique quantique"][0], "Physique quantique",
                     "/learn/physique-quantique/questions/q1003"),
                    (999, "Une question absente ?", "Géographie", "/learn/geographie/q/absente"),
                ]  # fmt: skip
            (folder / f"{slug}.md").write_text(
                article(
                    number, subject, question, answer, slug=slug,
                    date=f"2024-0{number % 9 + 1}-01", related=related,
                ),
                "utf-8",
            )  # fmt: skip
    app = build(tmp_path, "studyguide")
    assert guide_warnings(app) == []
    names = sorted(p.name for p in app.outdir.iterdir())
    assert names == sorted(
        f"{g}.{f}" for g in ("geographie", "physique-quantique", "library") for f in FORMATS
    )
    assert epubcheck(app.outdir / "library.epub") == {"library.epub": []}
    for name in ("geographie.epub", "physique-quantique.epub", "library.epub"):
        assert Epub(app.outdir / name).meta("language") == ["fr"]
    text = pdf_text(app.outdir / "library.pdf")
    for subject_questions in questions.values():
        for question in subject_questions:
            assert normalise(question).replace("'", "\u2019") in text.replace("'", "\u2019")
    assert [t for t, _p, _c in outline(PdfReader(app.outdir / "library.pdf"))] == [
        "Contents",
        "Géographie",
        "Physique quantique",
    ]

    # Without a base URL: a link inside the book where the target is in it, else plain text.
    def rhone(book: Epub) -> str:
        texts = (book.zip.read(book.href(i)).decode() for i in book.spine())
        return next(t for t in texts if "qt-question" in t and "Rhône" in t)

    subject = rhone(Epub(app.outdir / "geographie.epub"))
    library = rhone(Epub(app.outdir / "library.epub"))
    assert 'href="http' not in subject and 'href="http' not in library
    assert re.search(r'<span class="qt-unlinked">Qu.est-ce qu.un photon', subject)
    assert re.search(
        r'<a class="reference internal" href="q-002-\d+\.xhtml">Qu.est-ce qu.un photon', library
    )
    assert "<li><p>Une question absente ?" in subject


# --- units ---------------------------------------------------------------------------------


def test_human_size() -> None:
    from sphinx_quicktakes.guides.buttons import human_size

    assert [human_size(n) for n in (0, 999, 1000, 85_400, 999_499, 1_234_567)] == [
        "0 B",
        "999 B",
        "1 KB",
        "85 KB",
        "999 KB",
        "1.2 MB",
    ]


def test_markers_cannot_be_forged() -> None:
    from docutils import nodes
    from docutils.utils import new_document

    from sphinx_quicktakes.guides.chapters import fill_markers, make_chapter

    document = new_document("test")
    section = nodes.section(ids=["t"])
    section += nodes.title("", "Title <!--qt:math:0-->")
    section += nodes.paragraph("", "<!--qt:link:0--> & \x0b")
    section += nodes.math("", "x^2")
    document += section
    chapter = make_chapter(document, "learn/a/questions/b", "Title", "en")
    assert chapter.title == "Title <!--qt:math:0-->"
    html = fill_markers(chapter.body, chapter, lambda _d: "#x", lambda item, _d: f"[{item.tex}]")
    assert html.count("[x^2]") == 1
    assert "&lt;!--qt:link:0--&gt; &amp; " in html and "\x0b" not in html
    ET.fromstring(html)


def test_tex_to_mathml_rejects_what_it_cannot_convert() -> None:
    from sphinx_quicktakes.guides.mathml import tex_to_mathml

    assert tex_to_mathml("\\frac{a}{b}", display=False)
    assert tex_to_mathml("\\unknowncommand{x}", display=False) is None
    assert tex_to_mathml("\\frac{", display=True) is None
    assert 'alttext="a &lt; b"' in (tex_to_mathml("a < b", display=False) or "")


def test_svg_math_for_print() -> None:
    from sphinx_quicktakes.guides.chapters import MathItem
    from sphinx_quicktakes.guides.mathml import MathRenderer

    problems: list[tuple[str, str]] = []
    renderer = MathRenderer(lambda message, item, docname: problems.append((item.tex, docname)))
    for tex in (
        "a < b \\text{ if } x > 0",
        "\\text{R}_1\\text{-COOH} \\rightarrow x",
        "\\frac{1}{2}",
    ):
        image = renderer.svg(MathItem(tex, display=True), "doc")
        assert (
            image.startswith('<img class="qt-math-display"')
            and "data:image/svg+xml;base64," in image
        )
        ET.fromstring(image)
    fallback = renderer.svg(MathItem("\\unknowncommand", display=False), "doc")
    assert fallback == '<code class="qt-math-source">\\unknowncommand</code>'
    renderer.svg(MathItem("\\unknowncommand", display=False), "doc")
    assert problems == [("\\unknowncommand", "doc")]  # reported once


def test_normalised_zip_is_stable() -> None:
    import datetime as dt

    from sphinx_quicktakes.guides.epub import write_normalised_zip

    def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
        output = io.BytesIO()
        write_normalised_zip(io.BytesIO(data), output, when)
        return output.getvalue()

    def zipped(order: list[str]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in order:
                archive.writestr(name, name * 3)
        return buffer.getvalue()

    when = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    first = normalise_zip(zipped(["mimetype", "a.xhtml"]), when)
    assert first == normalise_zip(zipped(["mimetype", "a.xhtml"]), when)
    names = [i.filename for i in zipfile.ZipFile(io.BytesIO(first)).infolist()]
    assert names == ["mimetype", "a.xhtml"]
    assert normalise_zip(zipped(["a.xhtml", "mimetype"]), when).startswith(first[:40])


def test_guide_only_options_reread_no_page_and_buttons_follow(tmp_path: Path) -> None:
    """Changing which formats or subjects get guides re-reads no page and regenerates no
    page source; only the pages whose buttons changed are written again."""
    read: list[str] = []

    def run(overrides: dict[str, Any]) -> SphinxTestApp:
        read.clear()
        srcdir = tmp_path / "src"
        if not srcdir.exists():
            shutil.copytree(ROOT, srcdir)
        return sphinx_build(
            "html",
            srcdir,
            builddir=tmp_path / "_build",
            confoverrides={"quicktakes_guide_formats": ["epub"], **overrides},
            before=lambda app: app.connect(
                "env-before-read-docs", lambda _app, _env, names: read.extend(names)
            ),
        )

    app = run({})
    article = app.outdir / "learn/biology/questions/how-do-enzymes-work.html"
    written = article.stat().st_mtime_ns
    sources = {p: p.stat().st_mtime_ns for p in (tmp_path / "src" / "learn").rglob("*.md")}
    app = run({"quicktakes_guide_formats": ["epub", "apkg"]})
    assert read == []
    texts = [text.split(" · ")[0] for text, _ in buttons(app.outdir / "learn/biology/index.html")]
    assert texts == ["EPUB", "Anki deck"]
    app = run(
        {"quicktakes_guide_formats": ["epub", "apkg"], "quicktakes_guide_subjects": ["biology"]}
    )
    assert read == []
    assert buttons(app.outdir / "learn/mathematics/index.html") == []
    assert len(buttons(app.outdir / "learn/biology/index.html")) == 2
    assert article.stat().st_mtime_ns == written
    assert {p: p.stat().st_mtime_ns for p in sources} == sources


# --- subject PDFs in chunks ----------------------------------------------------------------


def test_chunks_are_cut_where_only_their_own_articles_decide() -> None:
    from sphinx_quicktakes.guides.pdf_subject import split_chunks

    names = [f"learn/physics/questions/q-{n}" for n in range(2_000)]
    chunks = split_chunks(names, 25)
    assert [n for chunk in chunks for n in chunk] == names
    assert max(len(chunk) for chunk in chunks) <= 50
    assert 40 <= len(chunks) <= 160  # about 2,000 / 25
    for removed in (0, 777, 1_999):
        after = split_chunks(names[:removed] + names[removed + 1 :], 25)
        changed = [chunk for chunk in after if chunk not in chunks]
        assert len(changed) <= 2, removed  # its own chunk, or its chunk joined to the next
        assert all(names[removed - 1] in c or names[removed + 1 :][:1][0] in c for c in changed)
    added = split_chunks([*names[:500], "learn/physics/questions/new", *names[500:]], 25)
    assert len([chunk for chunk in added if chunk not in chunks]) <= 2


def test_subject_pdf_in_chunks_renders_only_the_edited_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One article a chunk: links between chunks stay inside the file, numbers run on, and
    an edited answer is translated and rendered alone."""
    from sphinx_quicktakes.guides import pdf_files, sources

    rendered: list[str] = []
    render = pdf_files.render_pdf

    def counting(document: str) -> bytes:
        rendered.append(document)
        return render(document)

    monkeypatch.setattr(pdf_files, "render_pdf", counting)
    translated: list[str] = []
    translate = sources.make_chapter

    def counting_chapters(doctree: Any, docname: str, *args: Any) -> Any:
        translated.append(docname)
        return translate(doctree, docname, *args)

    monkeypatch.setattr(sources, "make_chapter", counting_chapters)
    overrides = {"quicktakes_guide_formats": ["pdf"], "quicktakes_guide_pdf_chunk_size": 1}
    app = build(tmp_path, "studyguide", confoverrides=overrides)
    chunks = [d for d in rendered if '<body class="qt-guide">' in d]
    assert len(chunks) == len(ALL_QUESTIONS)  # every article alone
    reader = PdfReader(app.outdir / "biology.pdf")
    tree = outline(reader)
    assert [t for t, _p, _c in tree] == ["Contents", *(normalise(q) for q in SUBJECTS["biology"])]
    front = reader.trailer["/Root"]["/PageLabels"]["/Nums"][2]
    for _title, page, _children in tree[1:]:
        assert reader.page_labels[page] == str(page - front + 1)
        assert reader.pages[page].extract_text().split()[-1] == str(page - front + 1)
    # The enzymes article's card to the cell membrane article points at its page, and each
    # article is a named destination there (biology.pdf#<anchor> opens at it).
    enzymes, membrane = tree[1][1], tree[2][1]
    from sphinx_quicktakes.guides.chapters import chapter_anchor

    named = reader.named_destinations
    for docname, page in [("how-do-enzymes-work", enzymes), ("what-is-a-cell-membrane", membrane)]:
        destination = named[chapter_anchor(f"learn/biology/questions/{docname}")]
        assert reader.get_destination_page_number(destination) == page
    links = [
        annotation.get_object()
        for annotation in reader.pages[enzymes].get("/Annots", [])
        if "/Dest" in annotation.get_object()
    ]
    target = reader.pages[membrane].indirect_reference
    card = next(link for link in links if link["/Dest"][0].idnum == target.idnum)
    assert normalise(str(card["/Contents"])) == normalise(SUBJECTS["biology"][1])
    contents = [annotation.get_object() for annotation in reader.pages[1]["/Annots"]]
    assert list(dict.fromkeys(normalise(str(link["/Contents"])) for link in contents)) == [
        normalise(q) for q in SUBJECTS["biology"]
    ]
    uris = [
        str(annotation.get_object()["/A"].get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots", None) or []
        if "/A" in annotation.get_object()
    ]
    assert not any(uri.startswith(("qt-article:", "qt-page:")) for uri in uris)
    parts = app.doctreedir / "quicktakes-guides"
    kept = sorted(p.name for p in parts.rglob("*.pdf") if not p.name.startswith("numbers-"))

    rendered.clear()
    translated.clear()
    source = tmp_path / "src" / "content" / "biology" / "what-is-a-cell-membrane.md"
    text = source.read_text("utf-8")
    source.write_text(text.replace("answer: >-\n", "answer: >-\n    Edited. ", 1), "utf-8")
    app = build(tmp_path, "studyguide", confoverrides=overrides)
    chunks = [d for d in rendered if '<body class="qt-guide">' in d]
    assert len(chunks) == 1 and "Edited." in chunks[0]
    assert translated == ["learn/biology/questions/what-is-a-cell-membrane"]
    assert "Edited." in pdf_text(app.outdir / "biology.pdf")
    assert "Edited." in pdf_text(app.outdir / "library.pdf")
    now = sorted(p.name for p in parts.rglob("*.pdf") if not p.name.startswith("numbers-"))
    assert len(now) == len(kept) and len(set(now) - set(kept)) in (1, 2)  # the chunk (and front)


def test_kept_chapters_survive_only_when_intact(tmp_path: Path) -> None:
    """A kept chapter is found by its key alone; a damaged pickle is read as empty."""
    from sphinx_quicktakes.guides.chapter_cache import ChapterCache
    from sphinx_quicktakes.guides.chapters import Chapter

    chapter = Chapter("learn/a/questions/q", "q1", "Q?", "<p>A</p>", (), ())
    cache = ChapterCache(tmp_path, "en")
    key = cache.key("digest-1", "Q?")
    cache.put(chapter.docname, key, chapter)
    cache.save({chapter.docname})
    again = ChapterCache(tmp_path, "en")
    assert again.get(chapter.docname, key) == chapter
    assert again.get(chapter.docname, again.key("digest-2", "Q?")) is None
    assert ChapterCache(tmp_path, "fr").key("digest-1", "Q?") != key  # another renderer
    again.save(set())  # the page was deleted: its bucket, read above, drops it
    assert ChapterCache(tmp_path, "en").get(chapter.docname, key) is None
    cache.put(chapter.docname, key, chapter)
    cache.save({chapter.docname})
    for bucket in tmp_path.glob("*.pickle"):
        bucket.write_bytes(b"not a pickle")
    assert ChapterCache(tmp_path, "en").get(chapter.docname, key) is None
