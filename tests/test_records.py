"""Page records: one typed, frozen, picklable record per generated page, of the right kind."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from sphinx_quicktakes.articles import build_library
from sphinx_quicktakes.library_records import page_record
from sphinx_quicktakes.pages import LIBRARY_DOCNAME, PageBuilder, PageSettings
from sphinx_quicktakes.records import (
    ArticleRecord,
    LibraryRecord,
    ListingRecord,
    SubjectRecord,
    record_data,
)

CONTENT = Path(__file__).parent / "roots" / "test-basic" / "content"


def test_every_generated_page_has_a_record_of_its_kind() -> None:
    library = build_library(CONTENT)
    settings = PageSettings(subject_page_size=1)
    names = [name for name, _ in PageBuilder(library, settings).pages()]
    records = {name: page_record(name, library, settings) for name in names}
    assert isinstance(records[LIBRARY_DOCNAME], LibraryRecord)
    for docname in library.articles:
        record = records[docname]
        assert isinstance(record, ArticleRecord) and record.url == "/" + docname
    for subject in library.subjects.values():
        first = records[subject.docname]
        assert isinstance(first, SubjectRecord) and first.docnames == tuple(subject.docnames)
        assert first.listed == tuple(subject.docnames[:1])
        later = [records[name] for name in first.pages[1:]]
        assert all(type(r) is ListingRecord and r.slug == subject.slug for r in later)
        assert [r.page for r in later] == list(range(2, len(subject.docnames) + 1))
    assert page_record("index", library, settings) is None


def test_records_are_frozen_and_survive_pickling() -> None:
    library = build_library(CONTENT)
    settings = PageSettings()
    docnames = [LIBRARY_DOCNAME, *library.articles, *(s.docname for s in library.subjects.values())]
    for docname in docnames:
        record = page_record(docname, library, settings)
        assert record is not None
        assert pickle.loads(pickle.dumps(record)) == record
        assert record_data(record)["kind"] == record.kind
        field = dataclasses.fields(record)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, field, None)
