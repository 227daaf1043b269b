"""The plan after an edited answer is made from the last plan, and equals a full plan."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import article, make_site, write_article

from sphinx_quicktakes.shards import replan as replan_module
from sphinx_quicktakes.shards import run
from sphinx_quicktakes.shards.plan import ENTRIES_FILE, Plan, SphinxOptions, make_plan
from sphinx_quicktakes.shards.replan import INDEX_FILE
from sphinx_quicktakes.shards.shared import shared_library


class Planner:
    """Plans ``site`` in ``work`` as ``sphinx-quicktakes build`` does, counting full plans."""

    def __init__(self, site: Path, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.site, self.work, self.full = site, work, 0
        planned = run.planned_library

        def counted(*args: object, **kwargs: object) -> object:
            self.full += 1
            return planned(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(run, "planned_library", counted)

    def plan(self) -> Plan:
        return run.current_plan(self.site, self.work, 2, 2, SphinxOptions())[0]


@pytest.fixture
def planner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Planner:
    planner = Planner(make_site(tmp_path / "site"), tmp_path / "work", monkeypatch)
    planner.plan()
    assert planner.full == 1 and (planner.work / INDEX_FILE).is_file()
    return planner


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _physics(site: Path) -> Path:
    return sorted((site / "content" / "physics").glob("*.md"))[0]


def _full(planner: Planner, tmp_path: Path) -> Plan:
    """A full plan of the library as it is now, from a copy of the work folder."""
    copy = tmp_path / "full"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(planner.work, copy)
    return make_plan(planner.site, copy, 2, jobs=2)


def test_an_edited_answer_is_planned_without_reading_the_library(
    planner: Planner, tmp_path: Path
) -> None:
    before = planner.plan()
    edited = _physics(planner.site)
    _edit(edited, "answer: >-\n    ", "answer: >-\n    Replanned first line.\\n\\n")
    full = _full(planner, tmp_path)
    after = planner.plan()
    assert planner.full == 1
    assert after == full
    owner = next(shard.name for shard in after.shards if "physics" in shard.subjects)
    changed = [a.name for a, b in zip(before.shards, after.shards, strict=True) if a != b]
    assert changed == [owner]
    shared = shared_library(planner.work / ENTRIES_FILE, ["physics"])
    assert shared is not None
    assert any(a.answer.startswith("Replanned first line.") for a in shared[0].articles.values())

    # The same edit undone: back to the first plan, still without reading the library.
    _edit(edited, "answer: >-\n    Replanned first line.\\n\\n", "answer: >-\n    ")
    assert planner.plan() == before and planner.full == 1


def test_a_touched_file_keeps_the_plan(planner: Planner) -> None:
    before = planner.plan()
    touched = _physics(planner.site)
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert planner.plan() == before and planner.full == 1


def _question(site: Path) -> None:
    _edit(_physics(site), "question: >-\n    ", "question: >-\n    Now ")


def _subject(site: Path) -> None:
    _edit(_physics(site), "subject: Physics", "subject: Economics")


def _broken(site: Path) -> None:
    _edit(_physics(site), "answer: >-\n", "answer: [unclosed\n")


def _added(site: Path) -> None:
    text = article(990, "Economics", "Why do zebras zigzag?", "A new answer.")
    write_article(site / "content", "economics/zz-new.md", text)


def _removed(site: Path) -> None:
    _physics(site).unlink()


def _answer_and_question(site: Path) -> None:
    files = sorted((site / "content" / "economics").glob("*.md"))
    _edit(files[0], "answer: >-\n    ", "answer: >-\n    More. ")
    _edit(files[1], "question: >-\n    ", "question: >-\n    Now ")


@pytest.mark.parametrize(
    "change", [_question, _subject, _broken, _added, _removed, _answer_and_question]
)
def test_any_other_change_makes_a_full_plan(
    planner: Planner, tmp_path: Path, change: Callable[[Path], None]
) -> None:
    change(planner.site)
    full = _full(planner, tmp_path)
    assert planner.plan() == full
    assert planner.full == 2


def test_a_broken_index_makes_a_full_plan(planner: Planner, tmp_path: Path) -> None:
    (planner.work / INDEX_FILE).write_bytes(b"not a pickle")
    _edit(_physics(planner.site), "answer: >-\n    ", "answer: >-\n    More. ")
    full = _full(planner, tmp_path)
    assert planner.plan() == full
    assert planner.full == 2


def test_a_moved_project_makes_a_full_plan_naming_its_new_folder(planner: Planner) -> None:
    moved = planner.site.parent / "moved"
    shutil.copytree(planner.site, moved)  # the same files, sizes and times
    planner.site = moved
    _edit(_physics(moved), "answer: >-\n    ", "answer: >-\n    More. ")
    assert planner.plan().source == str(moved.resolve())
    assert planner.full == 2


def test_many_changed_files_make_a_full_plan(
    planner: Planner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replan_module, "MOST_CHANGED", 1)
    for path in sorted((planner.site / "content" / "physics").glob("*.md"))[:2]:
        _edit(path, "answer: >-\n    ", "answer: >-\n    More. ")
    full = _full(planner, tmp_path)
    assert planner.plan() == full
    assert planner.full == 2
