"""The ``sphinx-quicktakes`` command: check, convert (eject) and init."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import article, write_article

from sphinx_quicktakes.cli import main

ROOT = Path(__file__).parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_quicktakes", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_lists_every_problem_and_fails(tmp_path: Path) -> None:
    write_article(tmp_path, "good.md", article(1, "Physics", "Good?", "Yes."))
    write_article(tmp_path, "broken.md", "---\nid: [1\n---\n")
    write_article(tmp_path, "nofm.md", "just text\n")
    write_article(
        tmp_path,
        "bad-date.md",
        article(2, "Physics", "Date?", "Yes.").replace("date: 2025-01-01", "date: soon"),
    )
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert any("broken.md:2:" in line and "[quicktakes.yaml]" in line for line in lines)
    assert any("nofm.md:1:" in line and "[quicktakes.frontmatter]" in line for line in lines)
    assert any("bad-date.md:4:" in line and "[quicktakes.field]" in line for line in lines)
    assert "2 articles in 1 subjects; 2 files skipped, 3 problems." in result.stdout


def test_check_json(tmp_path: Path) -> None:
    write_article(tmp_path, "good.md", article(1, "Physics", "Good?", "Yes."))
    result = run_cli("check", str(tmp_path), "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report == {"articles": 1, "subjects": {"physics": 1}, "rejected": 0, "problems": []}


def test_check_repository_content_is_clean() -> None:
    result = run_cli("check", str(ROOT / "content"), "--base-url", "https://example.org/")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.sphinx("html", testroot="basic")
def test_convert_pages_build_without_the_extension(
    tmp_path: Path, make_app: object, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    assert main(["convert", str(ROOT / "tests/roots/test-basic/content"), str(out)]) == 0
    conf = (out / "conf.py").read_text()
    assert "sphinx_quicktakes" not in conf and "myst_parser" in conf
    assert list((out / "learn").rglob("*.md")) != []
    assert "quicktakes-downloads" not in "".join(
        p.read_text() for p in (out / "learn").rglob("*.md")
    )
    app = make_app("html", srcdir=out)  # type: ignore[operator]
    app.build()
    assert "sphinx_quicktakes" not in app.extensions
    warnings = app.warning.getvalue()
    # the one related entry outside the set has no base URL to link to: shown as text
    assert warnings == ""
    page = BeautifulSoup(
        (
            app.outdir / "learn/biology/questions/how-do-enzymes-lower-activation-energy.html"
        ).read_text(),
        "lxml",
    )
    assert page.select_one("h1").get_text().startswith("How do enzymes lower activation energy?")
    assert len(page.select(".sd-card")) == 2
    # a second run writes nothing: every file keeps its bytes and its mtime
    before = _files(out)
    capsys.readouterr()
    assert main(["convert", str(ROOT / "tests/roots/test-basic/content"), str(out)]) == 0
    pages = len([p for p in before if p.startswith("learn/") and p.endswith(".md")])
    assert capsys.readouterr().out.startswith(f"0 pages written, {pages} unchanged, 0 removed")
    assert _files(out) == before


def _files(folder: Path) -> dict[str, tuple[int, bytes]]:
    """(mtime, bytes) of every file under ``folder`` but the build output."""
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
        for path in folder.rglob("*")
        if path.is_file() and "_build" not in path.relative_to(folder).parts
    }


def test_init_creates_a_site_that_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_cli("init", str(site))
    assert result.returncode == 0, result.stderr
    assert {p.name for p in site.iterdir()} >= {"conf.py", "index.md", "content"}
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-q",
            "-b",
            "html",
            "-D",
            "quicktakes_html_guides=0",
            str(site),
            str(site / "_build"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    page = site / "_build/learn/getting-started/questions/how-do-i-publish-my-first-question.html"
    assert "How do I publish my first question?" in page.read_text()
    again = run_cli("init", str(site))
    assert again.returncode == 1 and "not overwriting" in again.stderr
