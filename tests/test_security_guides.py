"""The adversarial corpus builds to EPUB and PDF study guides: payloads inert, text intact.

One ``studyguide`` build of the adversarial corpus (see ``security_corpus.py``) is shared by
the tests of this module. Every EPUB document must be well-formed XML without scripts, event
handlers, marker elements or unsafe link schemes, with every payload of a question, subject
or answer shown as text; the package metadata must carry hostile names as text. Every PDF
must show each good and hostile question as written and carry no JavaScript, launch or form
actions and no unsafe link. The build must write nothing outside its output folder, its
doctree cache and the generated ``learn/`` folder.

The 2 MB answer would keep WeasyPrint busy for minutes. ``make_corpus`` files it under
"Safe Science" with every good article, so this module moves it to a subject of its own,
which ``quicktakes_guide_subjects`` leaves out: it is still read, but in no guide.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from checkers import EpubCheck, require_pdftotext, require_weasyprint
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
from security_corpus import (
    GOOD,
    HOSTILE_PUBLISHED,
    MARKER,
    OUTSIDE_SECRET,
    Built,
    build,
    changed_paths,
    make_corpus,
    snapshot,
)
from test_guides import NS, Epub

#: Where the 2 MB answer goes, and the subject it leaves.
HUGE_DOCNAME = "learn/safe-science/questions/huge-answer"
HUGE_SUBJECT = "huge-answers"
#: Every published subject but the one of the 2 MB answer, in library order: the good
#: articles, the hostile ones (one of which has a hostile subject name) and the path tricks
#: (control characters in a question, a subject named like a path).
SUBJECTS = {
    "etc-qtx-subject": "../../../etc/Qtx Subject",
    "hostile": "Hostile",
    "hostile-svg-onload-window-pwned-1-subject": "Hostile <svg onload=window.__pwned=1> Subject",
    "path-tricks": "Path Tricks",
    "safe-science": "Safe Science",
}
GUIDES = [*SUBJECTS, "library"]
#: What the studyguide builder writes per guide: the books and the Anki deck.
GUIDE_FORMATS = ("epub", "pdf", "apkg")
SUBSTITUTED = "QTX-SUBSTITUTED"
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
#: Elements that content may never produce in a guide (any namespace).
_FORBIDDEN = frozenset(
    {
        "script", "style", "iframe", "frame", "object", "embed", "applet", "svg", "img", "form",
        "input", "button", "textarea", "select", "base", "template", "video", "audio", "source",
        "details", "marquee", "maction", "annotation-xml", "foreignobject", MARKER,
    }
)  # fmt: skip
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "background", "altimg", "cite"}
)
#: EPUB math is MathML and images become their alt text: not even a data: image is allowed.
_SAFE_SCHEMES = ("", "http", "https", "mailto")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]")
#: PDF actions that run code, open files or send data.
_BAD_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition",
     "/Movie", "/Sound"}
)  # fmt: skip
#: Keys of scripts, automatic actions, forms and attached files.
_BAD_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/AcroForm", "/XFA", "/EmbeddedFiles", "/EmbeddedFile"}
)


def text(value: str) -> str:
    """Text as the guides show it: quotes made straight again, whitespace collapsed.

    Sphinx's ``smartquotes`` (on by default, for the site as for the guides) curls quotes.
    """
    return " ".join(value.translate(_QUOTES).split())


def front_matter(path: Path) -> dict[str, object]:
    source = path.read_text("utf-8")
    return yaml.safe_load(source.split("---\n", 2)[1])  # type: ignore[no-any-return]


def local(name: str) -> str:
    """An element or attribute name without its namespace."""
    return name.rsplit("}", 1)[-1]


def _move_huge_answer(srcdir: Path) -> None:
    path = srcdir / "content" / "good" / "huge-answer.md"
    source = path.read_text("utf-8")
    moved = source.replace("subject: Safe Science\n", "subject: Huge Answers\n", 1).replace(
        f"url: /{HUGE_DOCNAME}\n", f"url: /learn/{HUGE_SUBJECT}/questions/huge-answer\n", 1
    )
    assert moved.count("Huge Answers") == 1 and f"/learn/{HUGE_SUBJECT}/" in moved, "corpus changed"
    path.write_text(moved, "utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The studyguide build of the adversarial corpus, made once for this module."""
    require_weasyprint()  # PDF guides need it (and its system libraries)
    dest = tmp_path_factory.mktemp("adversarial-guides")
    srcdir = make_corpus(dest)
    _move_huge_answer(srcdir)
    before = snapshot(dest)
    app, warnings = build(
        srcdir, "studyguide", confoverrides={"quicktakes_guide_subjects": list(SUBJECTS)}
    )
    return Built(dest, srcdir, Path(app.outdir), warnings, before, snapshot(dest))


@pytest.fixture(scope="module")
def questions(built: Built) -> dict[str, str]:
    """docname -> question as written, for every good and hostile article in the guides."""
    found = {docname: question for docname, (question, _a) in GOOD.items()}
    del found[HUGE_DOCNAME]
    for path in sorted((built.srcdir / "content" / "hostile").glob("*.md")):
        fields = front_matter(path)
        found[str(fields["url"]).lstrip("/")] = str(fields["question"])
    assert set(HOSTILE_PUBLISHED) <= set(found)
    return found


# --- what was built --------------------------------------------------------------------


def test_every_chosen_subject_has_guides_and_the_huge_answer_none(built: Built) -> None:
    names = sorted(path.name for path in built.outdir.iterdir())
    assert names == sorted(f"{guide}.{fmt}" for guide in GUIDES for fmt in GUIDE_FORMATS)
    # The 2 MB answer was read and published, just not put in a guide.
    assert (built.srcdir / "learn" / HUGE_SUBJECT / "questions" / "huge-answer.md").is_file()
    for path in built.outdir.glob("*.epub"):
        book = Epub(path)
        for name in book.zip.namelist():
            assert b"Paragraph 0 of a very long answer" not in book.zip.read(name), name
    for path in built.outdir.glob("*.apkg"):  # nor in a deck
        with zipfile.ZipFile(path) as deck:
            for name in deck.namelist():
                assert b"Paragraph 0 of a very long answer" not in deck.read(name), name


def test_no_chapter_fell_back_to_plain_text(built: Built) -> None:
    """A chapter that is not well-formed is reported and shown as plain text: none may be."""
    assert "not well-formed" not in built.warnings
    for line in built.warnings.splitlines():
        if "[quicktakes.guide]" in line:  # only the formulas that cannot be converted
            assert "/learn/hostile/questions/tex.md:" in line, line


# --- EPUB ------------------------------------------------------------------------------


def xhtml_problems(root: ET.Element) -> list[str]:
    """Anything in an XML document of an EPUB that content could have injected."""
    problems: list[str] = []
    for element in root.iter():
        name = local(element.tag).lower()
        if name in _FORBIDDEN or name.startswith("qtx"):
            problems.append(f"element <{name}>")
        if element.tag == f"{{{NS['x']}}}meta" and set(element.attrib) != {"charset"}:
            problems.append(f"meta {element.attrib!r}")  # a refresh, say
        if name == "math" and element.tag != f"{{{NS['m']}}}math":
            problems.append(f"math element outside MathML: {element.tag}")
        for attribute, value in element.attrib.items():
            key = local(attribute).lower()
            if key.startswith("on"):
                problems.append(f"event handler {key} on <{name}>")
            if key == "style":
                problems.append(f"style attribute on <{name}>")
            url = _IGNORED_IN_URL.sub("", value)
            scheme = urlsplit(url).scheme.lower()
            leaves = scheme == "" and url.startswith(("/", "\\"))  # the book, or the host
            if key in _URL_ATTRIBUTES and (scheme not in _SAFE_SCHEMES or leaves):
                problems.append(f"{key}={value[:60]!r} on <{name}>")
    return problems


@pytest.mark.parametrize("guide", GUIDES)
def test_epub_documents_are_well_formed_and_inert(built: Built, guide: str) -> None:
    book = Epub(built.outdir / f"{guide}.epub")
    names = book.zip.namelist()
    assert names[0] == "mimetype"
    for name in names:  # nothing that unpacks outside the folder it is unpacked in
        assert not name.startswith(("/", "\\")) and ".." not in name.split("/"), name
    documents = 0
    for name in names:
        data = book.zip.read(name)
        content = data.decode("utf-8")
        assert SUBSTITUTED not in content and OUTSIDE_SECRET not in content, name
        assert "root:x:0:0" not in content, name  # /etc/passwd was never included
        if not name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
            assert "javascript:" not in content.lower(), name  # the stylesheet
            continue
        root = ET.fromstring(data)  # well-formed: no payload broke out of its text
        assert xhtml_problems(root) == [], name
        for anchor in root.iterfind(".//x:a", NS):  # a link without a scheme stays in the book
            href = anchor.get("href", "")
            if not urlsplit(href).scheme:
                assert book.resolves(name, href), (name, href)
        assert f"<{MARKER}" not in content and "<script" not in content, name
        documents += 1
    assert documents >= 6


def _chapters(book: Epub) -> dict[str, ET.Element]:
    """Question heading text (straightened) -> chapter document, for every chapter."""
    chapters: dict[str, ET.Element] = {}
    for item_id in book.spine():
        doc = book.xhtml(book.href(item_id))
        heading = doc.find(".//x:h1[@class='qt-question']", NS)
        if heading is not None:
            chapters[text("".join(heading.itertext()))] = doc
    return chapters


def test_questions_show_as_text_in_chapter_headings(
    built: Built, questions: dict[str, str]
) -> None:
    """Each question is its chapter's heading, title and contents entry, exactly as written."""
    library = Epub(built.outdir / "library.epub")
    in_library = _chapters(library)
    in_subjects = [_chapters(Epub(built.outdir / f"{slug}.epub")) for slug in SUBJECTS]
    nav = [text(label) for _href, label in library.nav_links()]
    ncx = ET.fromstring(library.zip.read(library.href("ncx")))
    ncx_labels = [text("".join(t.itertext())) for t in ncx.iterfind(".//ncx:navLabel", NS)]
    for docname, question in questions.items():
        expected = text(question)
        assert expected in in_library, docname
        assert sum(expected in chapters for chapters in in_subjects) == 1, docname
        head_title = in_library[expected].find("x:head/x:title", NS)
        assert head_title is not None and text(head_title.text or "") == expected, docname
        assert expected in nav, docname
        assert expected in ncx_labels, docname


def test_payloads_in_every_field_show_as_text(built: Built, questions: dict[str, str]) -> None:
    book = Epub(built.outdir / "hostile-svg-onload-window-pwned-1-subject.epub")
    question = text(questions["learn/hostile/questions/xss-everywhere"])
    assert question.startswith("<script>window.__pwned=1</script><qtx-payload>question")
    chapter = _chapters(book)[question]
    body = text("".join(chapter.find("x:body", NS).itertext()))  # type: ignore[union-attr]
    for shown in (
        "<img src=x onerror=alert(1)> {raw}`<b>x</b>`",  # post_on_text
        "Hostile <svg onload=window.__pwned=1> Subject",  # subject
        '"><script>window.__pwned=1</script><qtx-payload>author</qtx-payload> {{ author }}',
        '<qtx-payload onclick="window.__pwned=1">answer</qtx-payload>',
        '<svg onload="window.__pwned=1"></svg>',
        "<script>window.__pwned=1</script><qtx-payload>body</qtx-payload>",
        "<script>window.__pwned=1</script><qtx-payload>related</qtx-payload>",  # related title
        "(<img src=x onerror=alert(1)>)",  # related subject
        '"><svg onload=alert(1)> {eval-rst}`.. raw:: html`',
        "({{ subject }})",
    ):
        assert shown in body, shown
    hostile = _chapters(Epub(built.outdir / "hostile.epub"))
    blocks = hostile[text(questions["learn/hostile/questions/html-blocks"])]
    shown = text("".join(blocks.find("x:body", NS).itertext()))  # type: ignore[union-attr]
    assert '<iframe src="javascript:window.__pwned=1"></iframe>' in shown
    assert '<details open ontoggle="window.__pwned=1">x</details>' in shown
    myst = hostile[text(questions["learn/hostile/questions/myst-syntax"])]
    shown = text("".join(myst.find("x:body", NS).itertext()))  # type: ignore[union-attr]
    assert "```{raw} html <script>window.__pwned=1</script><qtx-payload>raw-directive" in shown
    assert "{{ body_substitution }}" in shown


def test_hostile_subject_names_show_as_text(built: Built) -> None:
    library = Epub(built.outdir / "library.epub")
    cover = library.xhtml(library.href("titlepage"))
    subjects = cover.find(".//x:p[@class='qt-cover-subject']", NS)
    assert subjects is not None and subjects.text == " · ".join(SUBJECTS.values())
    parts = [
        library.xhtml(library.href(i)).find(".//x:h1[@class='qt-part-title']", NS)
        for i in library.spine()
        if i.startswith("part-")
    ]
    assert [p.text for p in parts if p is not None] == list(SUBJECTS.values())
    nav = [label for _href, label in library.nav_links()]
    assert [label for label in nav if label in SUBJECTS.values()] == list(SUBJECTS.values())


@pytest.mark.parametrize("guide", GUIDES)
def test_opf_metadata_is_escaped(built: Built, guide: str) -> None:
    book = Epub(built.outdir / f"{guide}.epub")  # parses content.opf
    raw = book.zip.read(book.opf_path).decode("utf-8")
    assert "<svg" not in raw and "<script" not in raw and f"<{MARKER}" not in raw
    for element in book.opf.iter():
        assert not [a for a in element.attrib if local(a).lower().startswith("on")]
    names = list(SUBJECTS.values()) if guide == "library" else [SUBJECTS[guide]]
    assert book.meta("subject") == names
    assert book.meta("title") == ["Library" if guide == "library" else f"{names[0]}: Study Guide"]
    (description,) = book.meta("description")
    assert all(name in description for name in names)
    assert book.meta("creator") == ["Adversarial Library"]


def test_epubcheck_accepts_hostile_guides(epubcheck: EpubCheck, built: Built) -> None:
    # The library holds every chapter; the subject guide has a hostile name as its title.
    hostile = "hostile-svg-onload-window-pwned-1-subject.epub"
    results = epubcheck(built.outdir / "library.epub", built.outdir / hostile)
    assert results == {"library.epub": [], hostile: []}


# --- PDF -------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    """Text of a PDF in drawing order, without the hyphens automatic hyphenation adds.

    ``pdftotext -raw`` keeps a real hyphen at the end of a line (its default mode drops it);
    pypdf misreads the fonts WeasyPrint embeds for some scripts.
    """
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return re.sub("[\u2010\u00ad]\n", "", result.stdout.decode("utf-8")).translate(_QUOTES)


def contains(haystack: str, needle: str) -> bool:
    """``needle`` in ``haystack``, where a line may break anywhere and spaces may vary."""
    words = text(needle).split(" ")
    pattern = r"\s+".join(r"\s*".join(re.escape(char) for char in word) for word in words)
    return re.search(pattern, haystack) is not None


def pdf_objects(reader: PdfReader) -> list[DictionaryObject]:
    """Every dictionary (and stream) reachable from the trailer, each once."""
    seen: set[tuple[int, int]] = set()
    found: list[DictionaryObject] = []
    stack: list[object] = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return found


def pdf_problems(reader: PdfReader) -> list[str]:
    """Actions that run code, open files or send data; links to unsafe URLs."""
    problems: list[str] = []
    catalog = reader.trailer["/Root"].get_object()
    names = catalog.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        problems.append("document JavaScript in /Names")
    opening = catalog.get("/OpenAction")
    if opening is not None and not isinstance(opening.get_object(), ArrayObject):
        problems.append("an /OpenAction that is an action, not a destination")
    for item in pdf_objects(reader):
        problems += [f"key {key}" for key in _BAD_KEYS if key in item]
        action = item.get("/S")
        if action in _BAD_ACTIONS:
            problems.append(f"action {action}")
        uri = item.get("/URI")
        if uri is not None:
            url = _IGNORED_IN_URL.sub("", str(uri.get_object()))
            if urlsplit(url).scheme.lower() not in ("http", "https", "mailto"):
                problems.append(f"URI {url[:60]!r}")
        if item.get("/Subtype") == "/Link":
            target = item.get("/A")
            kind = target.get_object().get("/S") if target is not None else None
            if "/Dest" not in item and kind not in ("/URI", "/GoTo"):
                problems.append(f"link with action {kind}")
    return problems


@pytest.mark.parametrize("guide", GUIDES)
def test_pdf_has_no_active_content(built: Built, guide: str) -> None:
    reader = PdfReader(built.outdir / f"{guide}.pdf")
    assert pdf_problems(reader) == []
    links = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    assert links  # the check above saw the links it is about
    title = "Library" if guide == "library" else f"{SUBJECTS[guide]}: Study Guide"
    assert reader.metadata is not None and reader.metadata.title == title  # escaped once


def test_pdfs_show_every_question_as_written(built: Built, questions: dict[str, str]) -> None:
    require_pdftotext()
    library = pdf_text(built.outdir / "library.pdf")
    subjects = [pdf_text(built.outdir / f"{slug}.pdf") for slug in SUBJECTS]
    for docname, question in questions.items():
        assert contains(library, question), docname
        assert sum(contains(subject, question) for subject in subjects) == 1, docname
    for name in SUBJECTS.values():
        assert contains(library, name), name
    assert contains(library, '<qtx-payload onclick="window.__pwned=1">answer</qtx-payload>')
    for shown in (library, *subjects):
        for secret in (SUBSTITUTED, OUTSIDE_SECRET, "root:x:0:0", "Paragraph 0 of a very long"):
            assert secret not in shown


# --- files -------------------------------------------------------------------------------


def test_nothing_is_written_outside_the_output_and_the_generated_folder(built: Built) -> None:
    changed = changed_paths(built.before, built.after)
    output = built.outdir.relative_to(built.dest).as_posix()
    assert output == "src/_build/studyguide"
    folders = ("src/learn", output, "src/_build/doctrees")
    outside = sorted(
        p
        for p in changed
        if not p.startswith(tuple(f"{folder}/" for folder in folders))
        and p not in (*folders, "src/_build")
    )
    assert outside == []
    assert sorted(p for p in changed if p.startswith(f"{output}/")) == sorted(
        f"{output}/{guide}.{fmt}" for guide in GUIDES for fmt in GUIDE_FORMATS
    )
    assert not list(Path("/tmp").glob("qtx-*"))
    assert not list(built.dest.parent.glob("**/qtx-pwned*"))
    assert not list(built.dest.parent.glob("**/qtx-escape*"))
