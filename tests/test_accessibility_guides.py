"""Study guides checked by their standards' own checkers: DAISY Ace (EPUB) and PDF/UA tags."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from checkers import ace, ace_violations, require_ace, require_weasyprint
from helpers import sphinx_build

from sphinx_quicktakes.guides.accessibility import (
    CONFORMS_TO,
    BookFeatures,
    add_package_language,
    default_summary,
    metadata,
)

ROOT = Path(__file__).parent / "roots" / "test-guides"
GUIDES = ["biology", "computer-science", "mathematics", "library"]
CERTIFIER = "Example Accessibility Lab"
OPF = "{http://www.idpf.org/2007/opf}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: A 1x1 PNG: the decorative cover picture.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every guide of the guides root (math, tables, code, related cards, three subjects)."""
    require_weasyprint()
    tmp = tmp_path_factory.mktemp("a11y-guides")
    shutil.copytree(ROOT, tmp / "src")
    (tmp / "src" / "cover.png").write_bytes(PNG)
    app = sphinx_build(
        "studyguide",
        tmp / "src",
        builddir=tmp / "_build",
        confoverrides={
            "quicktakes_guide_cover_image": "cover.png",
            "quicktakes_accessibility_certified_by": CERTIFIER,
        },
    )
    return Path(app.outdir)


@pytest.fixture(scope="module")
def ace_reports(outdir: Path) -> dict[str, dict[str, Any]]:
    """Ace's report on every guide, two at a time."""
    require_ace()

    def check(guide: str) -> dict[str, Any]:
        return ace(outdir / f"{guide}.epub", outdir / f"ace-{guide}")

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(GUIDES, pool.map(check, GUIDES), strict=True))


def opf_metadata(path: Path) -> tuple[ET.Element, list[tuple[str, str]]]:
    with zipfile.ZipFile(path) as book:
        package = ET.fromstring(book.read("EPUB/content.opf"))
    pairs = [
        (meta.get("property", ""), meta.text or "")
        for meta in package.iterfind(f"{OPF}metadata/{OPF}meta")
        if meta.get("property")
    ]
    return package, pairs


# --- EPUB ----------------------------------------------------------------------------------


@pytest.mark.parametrize("guide", GUIDES)
def test_ace_finds_no_violation(ace_reports: dict[str, dict[str, Any]], guide: str) -> None:
    report = ace_reports[guide]
    assert ace_violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    # Ace's view of the metadata: complete, certifier included.
    missing = set(report["a11y-metadata"]["missing"])
    assert not missing & {
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
        "dcterms:conformsTo",
        "a11y:certifiedBy",
    }


@pytest.mark.parametrize("guide", GUIDES)
def test_epub_accessibility_metadata(outdir: Path, guide: str) -> None:
    package, pairs = opf_metadata(outdir / f"{guide}.epub")
    assert package.get(XML_LANG) == "en"
    values: dict[str, list[str]] = {}
    for prop, value in pairs:
        values.setdefault(prop, []).append(value)
    assert values["dcterms:conformsTo"] == [CONFORMS_TO]
    assert values["a11y:certifiedBy"] == [CERTIFIER]
    assert values["schema:accessMode"] == ["textual", "visual"]  # the cover picture
    assert values["schema:accessModeSufficient"] == ["textual"]
    assert values["schema:accessibilityHazard"] == ["none"]
    # Every guide of this root has formulas converted to MathML.
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "MathML"} <= set(
        values["schema:accessibilityFeature"]
    )
    (summary,) = values["schema:accessibilitySummary"]
    assert "WCAG 2.2 Level AA" in summary and "MathML" in summary


def test_every_content_document_has_a_language(outdir: Path) -> None:
    with zipfile.ZipFile(outdir / "library.epub") as book:
        names = [n for n in book.namelist() if n.endswith(".xhtml")]
        assert len(names) > 5
        for name in names:
            root = ET.fromstring(book.read(name))
            assert root.get("lang") == "en" and root.get(XML_LANG) == "en", name
        nav = book.read("EPUB/nav.xhtml").decode()
    assert 'epub:type="landmarks"' in nav and 'epub:type="bodymatter"' in nav


def test_math_has_its_tex_as_alternative_text(outdir: Path) -> None:
    with zipfile.ZipFile(outdir / "biology.epub") as book:
        pages = [book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml")]
    formulas = [tag for page in pages for tag in page.split("<math")[1:]]
    assert formulas and all(tag.lstrip().startswith("alttext=") for tag in formulas)


def test_metadata_claims_only_what_is_there() -> None:
    plain = BookFeatures(math=False, tables=False, cover_image=False)
    pairs = metadata(plain, "", "")
    features = [value for prop, value in pairs if prop == "schema:accessibilityFeature"]
    assert "MathML" not in features and "describedMath" not in features
    assert ("schema:accessMode", "visual") not in pairs
    assert all(prop != "a11y:certifiedBy" for prop, _value in pairs)
    summary = dict(pairs)["schema:accessibilitySummary"]
    assert summary == default_summary(plain) and "MathML" not in summary
    own = dict(metadata(plain, "  Our own words.  ", ""))
    assert own["schema:accessibilitySummary"] == "Our own words."


def test_package_language_is_added_once() -> None:
    opf = b'<?xml version="1.0"?>\n<package xmlns="x" version="3.0">\n<metadata/></package>'
    patched = add_package_language(opf, "pt-BR")
    assert b'<package xmlns="x" version="3.0" xml:lang="pt-BR">' in patched
    assert add_package_language(patched, "en") == patched


# --- PDF -----------------------------------------------------------------------------------


def struct_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under the structure tree root."""
    stack = [pdf.Root.StructTreeRoot]
    seen: set[tuple[int, int]] = set()
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if not isinstance(kid, pikepdf.Dictionary) or kid.get("/Type") in ("/OBJR", "/MCR"):
                continue
            if kid.is_indirect and kid.objgen in seen:
                continue
            seen.add(kid.objgen)
            yield kid
            stack.append(kid)


@pytest.mark.parametrize("guide", GUIDES)
def test_pdf_is_tagged_pdf_ua(outdir: Path, guide: str) -> None:
    with pikepdf.open(outdir / f"{guide}.pdf") as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en"
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
            assert xmp.get("dc:title")
        elements = list(struct_elements(pdf))
        kinds = [str(element.S) for element in elements]
        for kind in ("/H1", "/P", "/L", "/LI", "/Link"):
            assert kind in kinds, kind
        pictures = [e for e in elements if str(e.S) in ("/Figure", "/Formula")]
        assert pictures  # every guide of this root has formulas
        assert all(str(e.get("/Alt", "")).strip() for e in pictures)
        # Every marked-content page finds its elements; bookmarks are there.
        keys = list(pikepdf.NumberTree(root.StructTreeRoot.ParentTree).keys())
        for page in pdf.pages:
            assert int(page.obj.StructParents) in keys
        with pdf.open_outline() as outline:
            assert len(outline.root) >= 2


def test_pdf_tables_have_header_cells(outdir: Path) -> None:
    with pikepdf.open(outdir / "biology.pdf") as pdf:
        kinds = [str(element.S) for element in struct_elements(pdf)]
    assert "/Table" in kinds and "/TH" in kinds and "/TD" in kinds


def test_library_pdf_keeps_every_part_tagged(outdir: Path) -> None:
    """The joined library PDF holds each subject's structure tree as a Part."""
    with pikepdf.open(outdir / "library.pdf") as pdf:
        document = pdf.Root.StructTreeRoot.K[0]
        parts = [kid for kid in document.K if str(kid.get("/S")) == "/Part"]
        assert len(parts) == 3
        pages = {page.obj.objgen for page in pdf.pages}
        annotations = {a.objgen for page in pdf.pages for a in page.obj.get("/Annots", [])}
        for element in struct_elements(pdf):
            if "/Pg" in element:
                assert element.Pg.objgen in pages
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    assert kid.Obj.objgen in annotations
        headings = [e for e in struct_elements(pdf) if str(e.S) == "/H1"]
        assert len(headings) >= 5 + 3  # every question, and each part's contents


def test_rendering_prints_no_font_subsetting_chatter(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some packages set the root logger to show information on import (furo's
    accessible-pygments does). Where WeasyPrint subsets fonts with fontTools (no
    HarfBuzz-Subset on the machine), rendering a guide then adds no line a font table, and
    each library's level is left as it was."""
    require_weasyprint()
    import logging

    from sphinx_quicktakes.guides.pdf import render_pdf

    monkeypatch.setattr("weasyprint.pdf.fonts.harfbuzz_subset", None)
    caplog.set_level(logging.INFO)
    before = logging.getLogger("fontTools").level
    data = render_pdf(
        '<html lang="en"><head><title>x</title></head><body><p>Text</p></body></html>'
    )
    assert data.startswith(b"%PDF")
    assert not [r for r in caplog.records if r.name.startswith(("fontTools", "weasyprint"))]
    assert logging.getLogger("fontTools").level == before


def test_a_part_read_in_batches_from_fresh_openings_joins_to_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large part's structure tree is copied from fresh openings of the part, a batch of
    objects each, and its ``ParentTree`` read from its nodes' bytes: the joined file is the
    same, byte for byte, as when every object is read from one opening through pikepdf."""
    require_weasyprint()
    from sphinx_quicktakes.guides import pdfstream
    from sphinx_quicktakes.guides.pdf import render_pdf

    def page(title: str, body: str = "") -> str:
        head = '<html lang="en"><head><title>x</title></head>'
        return f"{head}<body><h1>{title}</h1>{body}</body></html>"

    body = "".join(
        f'<h2>Q{n}</h2><p>Text <a href="https://example.org/{n}">link</a></p><ul><li>a</li></ul>'
        for n in range(60)
    )
    # A part is a subject PDF, itself joined from rendered chunks.
    chunk = tmp_path / "chunk.pdf"
    chunk.write_bytes(render_pdf(page("Part", body)))
    front = render_pdf(page("Front"))
    part = tmp_path / "part.pdf"
    with part.open("wb") as out:
        pdfstream.stream_join(out, front, [("Chunk", chunk), ("Chunk", chunk)], {}, {})
    parts = [("One", part), ("Two", part)]
    with pikepdf.open(part) as pdf:
        tree = pdf.Root.StructTreeRoot.ParentTree
        light = pdfstream._parent_refs(pdf, tree)
        full = [(int(k), v.objgen) for k, v in pikepdf.NumberTree(tree).items()]
        assert light == full and len(full) > 1
    with pikepdf.open(chunk) as pdf:  # WeasyPrint's values are direct: pikepdf reads them
        assert pdfstream._parent_refs(pdf, pdf.Root.StructTreeRoot.ParentTree) is None

    def joined(name: str) -> bytes:
        with (tmp_path / name).open("wb") as out:
            pdfstream.stream_join(out, front, parts, {}, {})
        return (tmp_path / name).read_bytes()

    monkeypatch.setattr(pdfstream, "REOPEN_EVERY", 10**9)
    monkeypatch.setattr(pdfstream, "_parent_refs", lambda source, tree: None)
    whole = joined("whole.pdf")
    monkeypatch.undo()
    monkeypatch.setattr(pdfstream, "REOPEN_EVERY", 7)
    assert joined("batched.pdf") == whole


def test_stream_join_holds_less_than_the_file_it_writes(tmp_path: Path) -> None:
    """The library PDF is written as it is joined: joining twelve more parts grows the
    memory the join holds by less than those parts add to the file (holding the file in
    memory, it grew by several times as much)."""
    require_weasyprint()
    import tracemalloc

    from sphinx_quicktakes.guides.pdf import render_pdf
    from sphinx_quicktakes.guides.pdfstream import stream_join

    def page(title: str, body: str = "") -> str:
        head = '<html lang="en"><head><title>x</title></head>'
        return f"{head}<body><h1>{title}</h1>{body}</body></html>"

    questions = "".join(f"<h2>Question {n}</h2><p>{'word ' * 300}</p>" for n in range(40))
    part = tmp_path / "part.pdf"
    part.write_bytes(render_pdf(page("Part", questions)))
    front = render_pdf(page("Front"))
    with pikepdf.open(part) as pdf:
        part_pages = len(pdf.pages)
    sizes, peaks = [], []
    for count in (4, 16):
        joined = tmp_path / f"joined-{count}.pdf"
        tracemalloc.start()
        try:
            with joined.open("wb") as out:
                stream_join(out, front, [(f"Part {n}", part) for n in range(count)], {}, {})
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        sizes.append(joined.stat().st_size)
        with pikepdf.open(joined) as pdf:
            assert len(pdf.pages) == 1 + count * part_pages
            with pdf.open_outline() as outline:
                assert [item.title for item in outline.root][1:] == [
                    f"Part {n}" for n in range(count)
                ]
    assert sizes[1] - sizes[0] > 100_000
    assert peaks[1] - peaks[0] < sizes[1] - sizes[0], (peaks, sizes)


def test_stream_join_keeps_tags_links_and_hostile_titles(tmp_path: Path) -> None:
    """The library join writes one part at a time: every page, tag, bookmark and label is
    kept, links to other parts become in-file links, and no title can forge a reference."""
    require_weasyprint()
    import weasyprint

    from sphinx_quicktakes.guides.pdf import render_pdf
    from sphinx_quicktakes.guides.pdfstream import stream_join

    def page(title: str, body: str = "") -> str:
        return (
            f'<html lang="en"><head><title>x</title></head><body><h1 style="bookmark-level: 1">'
            f"{title}</h1>{body}</body></html>"
        )

    hostile = "Part (one) \\ /QtRef0 1 0 R >> <<"
    front = render_pdf(page("Front", '<a href="qt-page:1:1">to part two</a>'))
    first = tmp_path / "first.pdf"
    first.write_bytes(render_pdf(page(hostile, '<a href="https://example.org/two">two</a>')))
    second = tmp_path / "second.pdf"
    second.write_bytes(render_pdf(page("Two", '<p style="break-before: page">second page</p>')))
    old = tmp_path / "old.pdf"
    old.write_bytes(weasyprint.HTML(string=page("Old")).write_pdf())
    targets = {"https://example.org/two": (1, 0)}
    titles = {"qt-page:1:1": "Second page of part two", "qt-page:1:0": "Part two"}
    parts = [(hostile, first), ("Two", second), ("Old", old)]
    joined = tmp_path / "joined.pdf"
    with joined.open("wb") as out:
        stream_join(out, front, parts, targets, titles)
    with pikepdf.open(joined) as pdf:
        assert len(pdf.pages) == 5
        pages = [p.obj.objgen for p in pdf.pages]
        document = pdf.Root.StructTreeRoot.K[0]
        assert [str(kid.S) for kid in document.K][-2:] == ["/Part", "/Part"]
        assert str(document.K[-2].T) == hostile
        keys = list(pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).keys())
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
        for index, item in enumerate(pdf.pages):
            if "/StructParents" in item.obj:
                assert int(item.obj.StructParents) in keys, index
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root] == ["Front", hostile, "Two", "Old"]
        links = {}
        for index, item in enumerate(pdf.pages):
            for annot in item.obj.get("/Annots", []):
                if "/Dest" in annot:
                    links[index] = (pages.index(annot.Dest[0].objgen), str(annot.Contents))
        assert links == {0: (3, "Second page of part two"), 1: (2, "Part two")}
        labels = list(pdf.Root.PageLabels.Nums)
        assert labels[0::2] == [0, 1, 2, 4] and str(labels[1].S) == "/r"
