"""Anki decks: one ``.apkg`` per subject and one for the library, stable and reproducible."""

from __future__ import annotations

import html
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import genanki
import pytest
from seo_support import Build, build, copy_root, front_matter

from sphinx_quicktakes.guides.anki import MODEL_ID, DeckNote, DeckPart, answer_html, build_apkg
from sphinx_quicktakes.guides.anki import deck_id as subject_deck_id

APKG = {"quicktakes_guide_formats": ["apkg"]}
BASE = "https://example.org/"


def read_apkg(path: Path, tmp_path: Path) -> dict[str, Any]:
    """Notes, decks and models of a package, read with zipfile and sqlite3 only."""
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        database = tmp_path / f"{path.stem}.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        notes = connection.execute("SELECT guid, mid, tags, flds FROM notes").fetchall()
        cards = connection.execute("SELECT nid, did FROM cards").fetchall()
        note_ids = connection.execute("SELECT id FROM notes").fetchall()
    finally:
        connection.close()
    deck_of = dict(cards)
    return {
        "notes": [
            {
                "guid": guid,
                "model": mid,
                "tags": tags.split(),
                "fields": fields.split("\x1f"),
                "deck": deck_of[note_id],
            }
            for (guid, mid, tags, fields), (note_id,) in zip(notes, note_ids, strict=True)
        ]
    }


def questions_by_subject(srcdir: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """slug -> {url: (question, subject)} from the articles' own front matter."""
    found: dict[str, dict[str, tuple[str, str]]] = {}
    for path in sorted((srcdir / "content").rglob("*.md")):
        meta = front_matter(path)
        entry = (str(meta["question"]).strip(), str(meta["subject"]).strip())
        found.setdefault(path.parent.name, {})[str(meta["url"])] = entry
    return found


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> Build:
    srcdir = copy_root("guides", tmp_path_factory.mktemp("anki") / "src")
    return build(srcdir, "studyguide", confoverrides=APKG)


def test_one_deck_per_subject_and_one_for_the_library(decks: Build, tmp_path: Path) -> None:
    expected = questions_by_subject(decks.srcdir)
    assert sorted(p.name for p in decks.outdir.glob("*.apkg")) == sorted(
        [f"{slug}.apkg" for slug in expected] + ["library.apkg"]
    )
    for slug, questions in expected.items():
        notes = read_apkg(decks.outdir / f"{slug}.apkg", tmp_path)["notes"]
        assert len(notes) == len(questions)
        for note in notes:
            question, answer, subject, url = note["fields"]
            path = "/" + url.removeprefix(BASE)
            assert questions[path] == (html.unescape(question), html.unescape(subject))
            assert note["guid"] == genanki.guid_for(path)
            assert note["tags"] == [slug]
            assert note["model"] == MODEL_ID
            assert note["deck"] == subject_deck_id(slug)
            assert answer.startswith("<")
    library = read_apkg(decks.outdir / "library.apkg", tmp_path)["notes"]
    assert len(library) == sum(len(q) for q in expected.values())
    assert {n["deck"] for n in library} == {subject_deck_id(slug) for slug in expected}


def test_math_is_for_mathjax_and_html_is_text(decks: Build, tmp_path: Path) -> None:
    notes = read_apkg(decks.outdir / "mathematics.apkg", tmp_path)["notes"]
    answer = notes[0]["fields"][1]
    assert "\\(x^2\\)" in answer and "$" not in answer
    rendered = answer_html("$$a<b$$\n\n<script>alert(1)</script> [x](javascript:alert(1)) [y](/z)")
    assert rendered == (
        "<p>\\[a&lt;b\\]</p>\n"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) y</p>"
    )


def test_same_inputs_give_the_same_bytes_and_are_not_rewritten(decks: Build) -> None:
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in decks.outdir.glob("*.apkg")}
    again = build(decks.srcdir, "studyguide", confoverrides=APKG)
    for path in again.outdir.glob("*.apkg"):
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before[path.name]
    elsewhere = copy_root("guides", decks.srcdir.parent / "elsewhere")
    fresh = build(elsewhere, "studyguide", confoverrides=APKG)
    assert sorted(p.name for p in fresh.outdir.glob("*.apkg")) == sorted(before)
    for path in fresh.outdir.glob("*.apkg"):
        assert path.read_bytes() == before[path.name][0], path.name


def test_an_edited_answer_updates_its_note_in_place(tmp_path: Path) -> None:
    srcdir = copy_root("guides", tmp_path / "src")
    first = build(srcdir, "studyguide", confoverrides=APKG)
    old = read_apkg(first.outdir / "biology.apkg", tmp_path)["notes"]
    untouched = (first.outdir / "computer-science.apkg").stat().st_mtime_ns
    article = srcdir / "content/biology/what-is-a-cell-membrane.md"
    article.write_text(
        article.read_text("utf-8").replace("answer: >-\n    ", "answer: >-\n    Edited. ")
    )
    second = build(srcdir, "studyguide", confoverrides=APKG)
    new = read_apkg(second.outdir / "biology.apkg", tmp_path)["notes"]
    assert [n["guid"] for n in new] == [n["guid"] for n in old]
    assert any("Edited." in n["fields"][1] for n in new)
    assert (second.outdir / "computer-science.apkg").stat().st_mtime_ns == untouched


def test_ids_do_not_depend_on_the_build() -> None:
    note = DeckNote("Q?", "<p>A</p>", "S", "https://x.org/learn/s/q", "/learn/s/q", "s")
    one = build_apkg([DeckPart("s", "S", (note,))], "Library", 1_700_000_000)
    two = build_apkg([DeckPart("s", "S", (note,))], "Library", 1_700_000_000)
    assert one == two
    assert subject_deck_id("s") == subject_deck_id("s") != subject_deck_id("t")
    assert 0 < subject_deck_id("s") < 2**63


def test_a_large_subject_makes_one_note_per_question(tmp_path: Path) -> None:
    notes = tuple(
        DeckNote(f"Q{n}?", f"<p>A{n}</p>", "Big", f"/learn/big/q{n}", f"/learn/big/q{n}", "big")
        for n in range(5000)
    )
    path = tmp_path / "big.apkg"
    path.write_bytes(build_apkg([DeckPart("big", "Big", notes)], "Library", None))
    found = read_apkg(path, tmp_path)["notes"]
    assert len(found) == 5000
    assert len({n["guid"] for n in found}) == 5000
