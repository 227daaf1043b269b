"""Docutils' stylesheet lookups answered from memory give docutils' own answers."""

from __future__ import annotations

from pathlib import Path

import docutils.utils
import pytest
from docutils.frontend import get_default_settings
from docutils.writers.html5_polyglot import Writer

from sphinx_quicktakes.stylesheet_lookups import MAX_KEPT, remembering, setup_stylesheet_lookups


def _own() -> object:
    lookup = docutils.utils.get_stylesheet_list
    return getattr(lookup, "__wrapped__", lookup)


def test_answers_are_docutils_own_and_kept_per_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []

    def lookup(settings: object) -> list[str]:
        calls.append(settings)
        return _own()(settings)  # type: ignore[operator,no-any-return]

    remembered = remembering(lookup)
    settings = get_default_settings(Writer)
    first = remembered(settings)
    assert first == _own()(settings)  # type: ignore[operator]
    assert any(path.endswith("minimal.css") and Path(path).is_file() for path in first)
    first.append("changed by a caller")
    assert remembered(settings) == _own()(settings)  # type: ignore[operator]
    assert len(calls) == 1

    other = get_default_settings(Writer)
    other.stylesheet_path = ["custom.css"]
    other.stylesheet_dirs = [str(tmp_path)]
    (tmp_path / "custom.css").write_text("p {}")
    assert remembered(other) == [(tmp_path / "custom.css").as_posix()]
    monkeypatch.chdir(tmp_path)
    relative = get_default_settings(Writer)
    relative.stylesheet_dirs = ["."]
    (tmp_path / "minimal.css").write_text("p {}")
    assert remembered(relative) == _own()(relative)  # type: ignore[operator]
    assert remembered(relative)[0] == "minimal.css"  # found in the working folder
    assert len(calls) == 3

    for index in range(MAX_KEPT + 1):
        many = get_default_settings(Writer)
        many.stylesheet_dirs = [f"folder-{index}"]
        remembered(many)
    calls.clear()
    assert remembered(relative) == _own()(relative)  # type: ignore[operator]
    assert len(calls) == 1  # the oldest answers were let go


def test_settings_that_cannot_be_kept_are_looked_up_each_time() -> None:
    calls: list[object] = []

    def lookup(settings: object) -> list[str]:
        calls.append(settings)
        return []

    remembered = remembering(lookup)
    settings = get_default_settings(Writer)
    settings.stylesheet_dirs = [["a list in a list"]]
    remembered(settings)
    remembered(settings)
    assert len(calls) == 2


def test_the_lookup_is_installed_once() -> None:
    setup_stylesheet_lookups()
    setup_stylesheet_lookups()
    installed = docutils.utils.get_stylesheet_list
    wrapped = getattr(installed, "__wrapped__", None)
    assert wrapped is not None and not hasattr(wrapped, "__wrapped__")
