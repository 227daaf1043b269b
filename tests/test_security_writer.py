"""Crash safety of generated pages: atomic writes, and a killed build is repaired by the next.

``sync_pages`` is interrupted after every possible number of files (an exception, and a hard
``os._exit`` that runs no cleanup), then run again: the folder must then hold exactly the
pages of the last run, no stale page, no half-written page, and nothing it did not write may
be touched. The same is checked through Sphinx with an interrupted build followed by a
normal one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from security_corpus import build

from sphinx_quicktakes import writer
from sphinx_quicktakes.outputs import atomic_write, digest
from sphinx_quicktakes.writer import MANIFEST, sync_pages

V1 = {
    "index.md": "# Library v1\n",
    "a/index.md": "# A v1\n",
    "a/questions/one.md": "# One v1\n",
    "a/questions/two.md": "# Two v1\n",
    "b/questions/gone.md": "# Gone v1\n",
}
V2 = {
    "index.md": "# Library v2\n",
    "a/index.md": "# A v1\n",
    "a/questions/one.md": "# One v2\n",
    "a/questions/two.md": "# Two v1\n",
    "a/questions/three.md": "# Three v2\n",
    "c/questions/new.md": "# New v2\n",
}
V3 = {  # after v2 was interrupted: one.md is deleted, gone.md comes back changed
    "index.md": "# Library v3\n",
    "a/index.md": "# A v1\n",
    "b/questions/gone.md": "# Gone v3\n",
}


class Interrupted(Exception):
    """Stands for a build killed half-way."""


def pages_in(root: Path) -> dict[str, str]:
    """Every page under ``root`` (hidden files such as the manifest and temporaries excluded)."""
    return {
        path.relative_to(root).as_posix(): path.read_text("utf-8")
        for path in root.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }


def interrupt_after(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """Make ``atomic_write`` (pages and manifest alike) fail after ``count`` files."""
    calls = {"n": 0}

    def failing(path: Path, data: bytes) -> None:
        if calls["n"] >= count:
            raise Interrupted(path)
        calls["n"] += 1
        atomic_write(path, data)

    monkeypatch.setattr(writer, "atomic_write", failing)


@pytest.mark.parametrize("count", range(len(V2) + 3))
@pytest.mark.parametrize("then", ["V2", "V3"])
def test_interrupted_sync_is_repaired_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, then: str
) -> None:
    root = tmp_path / "learn"
    sync_pages(root, V1.items())
    hand = root / "a" / "questions" / "mine.md"
    hand.write_text("# Written by hand\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        interrupt_after(patch, count)
        with contextlib.suppress(Interrupted):
            sync_pages(root, V2.items())
    final = {"V2": V2, "V3": V3}[then]
    result = sync_pages(root, final.items())
    assert result.refused == []
    assert pages_in(root) == {**final, "a/questions/mine.md": "# Written by hand\n"}
    assert set(json.loads((root / MANIFEST).read_text("utf-8"))) == set(final)
    assert not list(root.rglob(".*.tmp"))
    assert sync_pages(root, final.items()).written == []


_KILLER = """
import os, sys
from pathlib import Path
from sphinx_quicktakes import writer
count, real = int(sys.argv[2]), writer.atomic_write
calls = 0
def dying(path, data):
    global calls
    if calls >= count:
        tmp = path.with_name(f".{path.name}.killed.tmp")
        tmp.write_bytes(data[: len(data) // 2])  # half a file, then the process dies
        os._exit(9)
    calls += 1
    real(path, data)
writer.atomic_write = dying
pages = {line.split("\\t")[0]: line.split("\\t")[1].replace("\\\\n", "\\n")
         for line in sys.stdin.read().splitlines()}
writer.sync_pages(Path(sys.argv[1]), pages.items())
"""


@pytest.mark.parametrize("count", [0, 1, 3, len(V2)])
def test_build_killed_without_cleanup_is_repaired(tmp_path: Path, count: int) -> None:
    root = tmp_path / "learn"
    sync_pages(root, V1.items())
    stdin = "\n".join(f"{k}\t{v.replace(chr(10), chr(92) + 'n')}" for k, v in V2.items())
    done = subprocess.run(
        [sys.executable, "-c", _KILLER, str(root), str(count)],
        input=stdin, text=True, capture_output=True, timeout=60,
    )  # fmt: skip
    assert done.returncode in (0, 9), done.stderr
    for relpath, text in pages_in(root).items():  # every page is whole: old or new
        assert text in (V1.get(relpath), V2.get(relpath)), relpath
    assert sync_pages(root, V3.items()).refused == []
    assert pages_in(root) == V3


@pytest.mark.parametrize(
    "manifest",
    [
        "[]",
        '"x"',
        "{",
        '{"a/questions/one.md": 5}',
        '{"../../etc/passwd": "0"}',
        "",
        '{"a\\u0000b.md": "0", "/abs.md": ["0"]}',
    ],
)
def test_damaged_manifest_owns_nothing_and_crashes_nothing(tmp_path: Path, manifest: str) -> None:
    root = tmp_path / "learn"
    sync_pages(root, V1.items())
    (root / MANIFEST).write_text(manifest, encoding="utf-8")
    result = sync_pages(root, V2.items())
    assert result.removed == []  # without a trustworthy manifest nothing is deleted
    assert {relpath for relpath, _ in result.refused} == {"index.md", "a/questions/one.md"}
    assert (root / "b" / "questions" / "gone.md").is_file()


def test_manifest_never_deletes_outside_its_folder(tmp_path: Path) -> None:
    root = tmp_path / "learn"
    victim = tmp_path / "victim.md"
    victim.write_text("keep", encoding="utf-8")
    kept = digest(b"keep")
    sync_pages(root, V1.items())
    (root / MANIFEST).write_text(json.dumps({"../victim.md": kept}), encoding="utf-8")
    sync_pages(root, V1.items())
    assert victim.read_text("utf-8") == "keep"


def test_atomic_write_leaves_the_old_file_or_the_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "page.md"
    atomic_write(path, b"old")

    def broken_replace(self: Path, target: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, b"new" * 1000)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_atomic_write_gives_ordinary_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    atomic_write(tmp_path / "page.md", b"x")
    assert (tmp_path / "page.md").stat().st_mode & 0o777 == 0o666 & ~umask


# --- through Sphinx -------------------------------------------------------------------------

ROOT = Path(__file__).parent / "roots" / "test-basic"


def test_interrupted_sphinx_build_is_followed_by_a_correct_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text("utf-8") + "\nquicktakes_html_guides = False\n"
    )
    build(srcdir)
    content = srcdir / "content"
    # Change the library: edit one answer, delete one article, add one.
    membrane = content / "biology" / "what-is-a-cell-membrane.md"
    membrane.write_text(
        membrane.read_text("utf-8").replace("phospholipid bilayer", "lipid double layer")
    )
    (content / "programming" / "what-is-big-o-notation.md").unlink()
    (content / "biology" / "osmosis.md").write_text(
        "---\nid: 403\nsubject: Biology\nquestion: What is osmosis?\n"
        "answer: Water crosses a membrane.\nurl: /learn/biology/questions/what-is-osmosis\n---\n",
        encoding="utf-8",
    )
    with monkeypatch.context() as patch:
        interrupt_after(patch, 2)
        with pytest.raises(Exception) as raised:
            build(srcdir)
        assert "Interrupted" in repr(raised.value) or isinstance(raised.value, Interrupted)
    app, _ = build(srcdir)

    fresh = tmp_path / "fresh"
    shutil.copytree(srcdir, fresh, ignore=shutil.ignore_patterns("learn", "_build"))
    fresh_app, _ = build(fresh)
    assert pages_in(srcdir / "learn") == pages_in(fresh / "learn")
    assert "what-is-big-o-notation" not in json.dumps(pages_in(srcdir / "learn"))
    outdir = Path(app.outdir)
    osmosis = (outdir / "learn" / "biology" / "questions" / "what-is-osmosis.html").read_text()
    assert "Water crosses a membrane." in osmosis
    membrane_html = (outdir / "learn/biology/questions/what-is-a-cell-membrane.html").read_text()
    assert "lipid double layer" in membrane_html and "phospholipid" not in membrane_html
    assert sorted(app.env.found_docs) == sorted(fresh_app.env.found_docs)
