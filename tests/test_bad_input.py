"""Bad input policy: one located warning per problem that says what to fix.

Missing or invalid required fields, empty files, missing or unclosed front matter, invalid
YAML and non-UTF-8 bytes skip the article; invalid optional fields are dropped and the
article is kept; a duplicate url keeps the first file in sorted path order and names both;
a duplicate id alone is normal. Alias bombs, deep nesting and big files neither hang, crash
nor exhaust memory, and ``sphinx-build -W --keep-going`` lists every problem and fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from security_corpus import NAMED_IN_WARNINGS, make_corpus

from sphinx_quicktakes.articles import build_library, read_article
from sphinx_quicktakes.articles.front_matter import MAX_FILE_BYTES
from sphinx_quicktakes.articles.model import Problem
from sphinx_quicktakes.safe_markdown import safe_markdown

CONF = 'extensions = ["sphinx_quicktakes"]\nquicktakes_html_guides = False\n'
GOOD = {
    "id": "7",
    "subject": "Physics",
    "question": ">-\n    Why is 3 < 5?",
    "answer": ">-\n    Line one.\\n\\nLine $\\times$ two.",
}


def front_matter(**fields: str | None) -> str:
    """An article whose front matter is GOOD updated with ``fields`` (None removes one)."""
    values = {**GOOD, **fields}
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n&nbsp;\n"


def read(tmp_path: Path, data: str | bytes, name: str = "a.md") -> tuple[object, list[Problem]]:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return read_article(path, name)


# --- skipped articles ---------------------------------------------------------------------

SKIPPED = {
    "empty file": ("", "frontmatter", 1, "empty file"),
    "only whitespace": ("\n  \n\t\n", "frontmatter", 1, "empty file"),
    "no front matter": ("# Title\n\nid: 1\n", "frontmatter", 1, "must start with a '---' line"),
    "unclosed front matter": ("---\nid: 1\nsubject: S\n", "frontmatter", 1, "add a '---' line"),
    "empty front matter": ("---\n---\n", "frontmatter", 1, "front matter is empty"),
    "invalid YAML": (front_matter(question='"unterminated'), "yaml", 4, "invalid YAML"),
    "unclosed bracket": (front_matter(subject="[a, b"), "yaml", 3, "invalid YAML"),
    "tab indentation": (front_matter(subject="a\n\tb: c"), "yaml", 4, "invalid YAML"),
    "a list, not a mapping": ("---\n- a\n- b\n---\n", "yaml", 2, "mapping"),
    "missing id": (front_matter(id=None), "required", 1, "missing required field 'id'"),
    "id is a list": (front_matter(id="[1, 2]"), "required", 2, "'id' must be an integer"),
    "id is a float": (front_matter(id="1.5"), "required", 2, "'id' must be an integer"),
    "id is a bool": (front_matter(id="true"), "required", 2, "'id' must be an integer"),
    "id has 5000 digits": (front_matter(id="9" * 5000), "required", 2, "'id' must be an integer"),
    "id with a bad tag": (front_matter(id="!!int nope"), "required", 2, "'id' must be"),
    "missing subject": (front_matter(subject=None), "required", 1, "'subject'"),
    "subject is a list": (front_matter(subject="[a]"), "required", 3, "'subject'"),
    "missing answer": (front_matter(answer=None), "required", 1, "'answer'"),
    "answer is a mapping": (front_matter(answer="\n  text: x"), "required", 6, "'answer'"),
    "blank answer": (front_matter(answer="'  '"), "required", 6, "'answer'"),
    "missing question": (front_matter(question=None), "required", 1, "'question'"),
    "python tag": (
        front_matter(id='!!python/object/apply:os.system ["touch /tmp/qtx-yaml-pwned"]'),
        "yaml",
        2,
        "constructor",
    ),
    "unhashable key": (front_matter(extra="x\n? [a, b]\n: c"), "yaml", 9, "unhashable"),
    "lone surrogate escape": (front_matter(question='"\\ud800"'), "yaml", 4, "invalid YAML"),
}


@pytest.mark.parametrize("case", sorted(SKIPPED))
def test_broken_articles_are_skipped_with_one_located_warning(tmp_path: Path, case: str) -> None:
    text, subtype, line, fragment = SKIPPED[case]
    article, problems = read(tmp_path, text)
    assert article is None
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.path, problem.subtype, problem.line, problem.fatal) == (
        str(tmp_path / "a.md"),
        subtype,
        line,
        True,
    )
    assert fragment in problem.message
    assert re.fullmatch(rf".*/a\.md:{line}: .+ \[quicktakes\.{subtype}\]", str(problem))
    assert not Path("/tmp/qtx-yaml-pwned").exists()


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"---\nid: 1\nsubject: Caf\xe9\nquestion: q\nanswer: a\n---\n", 3),
        ("---\nid: 1\n---\n".encode("utf-16"), 1),
        (b"---\nid: 1\nsubject: S\nquestion: \xff\xfe\nanswer: a\n---\n", 4),
    ],
)
def test_non_utf8_bytes_skip_the_article(tmp_path: Path, data: bytes, line: int) -> None:
    article, problems = read(tmp_path, data)
    assert article is None
    assert [(p.subtype, p.line) for p in problems] == [("encoding", line)]
    assert "save the file as UTF-8" in problems[0].message


# --- kept articles, dropped fields ----------------------------------------------------------

DROPPED = {
    "date is not a date": ("date", "2024-02-30", 8),
    "date is a list": ("date", "[2024]", 8),
    "date with a bad tag": ("date", "!!timestamp nope", 8),
    "date_format is a list": ("date_format", "[a]", 8),
    "post_on_text is a mapping": ("post_on_text", "{a: b}", 8),
    "author is a list": ("author", "[a, b]", 8),
    "score is text": ("score", "high", 8),
    "score is infinite": ("score", ".inf", 8),
    "score is NaN": ("score", ".nan", 8),
    "score has 5000 digits": ("score", "9" * 5000, 8),
    "score with a bad tag": ("score", "!!float nope", 8),
    "no_index is text": ("no_index", "perhaps", 8),
    "no_index with a bad tag": ("no_index", "!!bool nope", 8),
    "seo is text": ("seo", "just text", 8),
    "seo title is a list": ("seo", "\n  title: [a]", 8),
    "seo keywords are a mapping": ("seo", "\n  page_keywords: {a: b}", 8),
    "related entry is text": ("related_article1", "not a mapping", 8),
    "related entry has no title": ("related_article1", "\n  id: 3", 8),
    "related entry has no url or id": ("related_article1", "\n  title: T", 8),
    "file_name with folders": ("file_name", "../../x.md", 8),
    "file_name is absolute": ("file_name", "/etc/passwd", 8),
    "file_name with backslashes": ("file_name", "'..\\..\\x.md'", 8),
    "file_name percent-encoded": ("file_name", "'%2e%2e%2fx.md'", 8),
    "file_name with lookalikes": ("file_name", "\u2024\u2024\uff0fx.md", 8),
}


@pytest.mark.parametrize("case", sorted(DROPPED))
def test_invalid_optional_fields_are_dropped_and_the_article_kept(
    tmp_path: Path, case: str
) -> None:
    key, value, line = DROPPED[case]
    article, problems = read(tmp_path, front_matter(**{key: value}))
    assert article is not None
    assert article.question == "Why is 3 < 5?"
    assert [(p.subtype, p.line, p.fatal) for p in problems] == [("field", line, False)]
    assert "field dropped" in problems[0].message
    assert f"'{key}" in problems[0].message or f"'{key}." in problems[0].message


def test_control_characters_are_removed_and_the_article_kept(tmp_path: Path) -> None:
    text = front_matter(question='"Why\\x07 is\\0 3 < 5?"', answer=">-\n    One\x0b two\x1b.")
    article, problems = read(tmp_path, text)
    assert article is not None
    assert (article.question, article.answer) == ("Why is 3 < 5?", "One two.")
    assert [(p.subtype, p.fatal) for p in problems] == [("encoding", False)]
    assert "removed 4 control character(s)" in problems[0].message


def test_crlf_and_bom_read_like_lf(tmp_path: Path) -> None:
    text = front_matter()
    crlf, _ = read(tmp_path, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), "crlf.md")
    lf, _ = read(tmp_path, text, "lf.md")
    assert crlf is not None and lf is not None
    assert (crlf.question, crlf.answer) == (lf.question, lf.answer)  # type: ignore[attr-defined]


# --- resources ------------------------------------------------------------------------------


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    start = time.perf_counter()
    article, problems = read(tmp_path, front_matter(bomb="x\n" + "\n".join(lines)))
    assert time.perf_counter() - start < 2
    assert article is None
    assert [(p.subtype, p.line) for p in problems] == [("yaml", 10)]
    assert "aliases" in problems[0].message


def test_deep_nesting_neither_crashes_nor_hangs(tmp_path: Path) -> None:
    """libyaml's composer recurses: 200,000 '[' used to kill the whole build (SIGSEGV)."""
    path = tmp_path / "deep.md"
    for opener in ("[", "{a: ", "- "):
        path.write_text(front_matter(deep=opener * 200_000), encoding="utf-8")
        code = (
            "import sys; from pathlib import Path; from sphinx_quicktakes.articles import "
            "read_article; a, p = read_article(Path(sys.argv[1]), 'deep.md'); "
            "print(a is None, [(x.subtype, x.line) for x in p])"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, (opener, done.returncode, done.stderr[-2000:])
        assert done.stdout.startswith("True [('yaml', "), done.stdout


def test_two_megabyte_answer_works(tmp_path: Path) -> None:
    paragraph = "A long paragraph with **bold** and $x^2$ math, " * 20
    answer = "\\n\\n".join([paragraph] * (2 * 1024 * 1024 // len(paragraph)))
    start = time.perf_counter()
    article, problems = read(tmp_path, front_matter(answer=">-\n    " + answer))
    assert problems == [] and article is not None
    assert len(article.answer) > 2 * 1000 * 1000  # type: ignore[attr-defined]
    source = safe_markdown(article.answer)  # type: ignore[attr-defined]
    assert source.count("$x^2$") == article.answer.count("$x^2$")  # type: ignore[attr-defined]
    assert time.perf_counter() - start < 30


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with path.open("wb") as handle:
        handle.write(front_matter().encode())
        handle.truncate(MAX_FILE_BYTES + 1)
    article, problems = read_article(path, "big.md")
    assert article is None
    assert [(p.subtype, p.line) for p in problems] == [("frontmatter", 1)]
    assert "split it" in problems[0].message


# --- folders --------------------------------------------------------------------------------


def write(folder: Path, relpath: str, text: str) -> Path:
    path = folder / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_duplicate_url_keeps_the_first_in_sorted_path_order(tmp_path: Path) -> None:
    content = tmp_path / "content"
    url = "/learn/physics/questions/q"
    write(content, "b/second.md", front_matter(id="2", url=url))
    write(content, "a/first.md", front_matter(id="1", url=url))
    write(content, "c/third.md", front_matter(id="3", url=url.upper().replace("/LEARN", "/learn")))
    library = build_library(content)
    assert [a.id for a in library.articles.values()] == [1]
    problems = [p for p in library.problems if p.subtype == "duplicate"]
    assert [Path(p.path).name for p in problems] == ["second.md", "third.md"]
    for problem in problems:
        assert "a/first.md" in problem.message and "give it its own url" in problem.message


def test_duplicate_ids_alone_keep_both_articles(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "a.md", front_matter(id="5", url="/learn/physics/questions/a"))
    write(content, "b.md", front_matter(id="5", url="/learn/chemistry/questions/b"))
    library = build_library(content)
    assert sorted(library.articles) == [
        "learn/chemistry/questions/b",
        "learn/physics/questions/a",
    ]
    assert library.problems == []


def test_links_and_special_files_outside_or_odd_are_refused(tmp_path: Path) -> None:
    content, outside = tmp_path / "content", tmp_path / "outside"
    write(content, "good.md", front_matter())
    write(outside, "secret.md", front_matter(question="SECRET"))
    write(outside, "folder/secret2.md", front_matter(question="SECRET"))
    (content / "file-link.md").symlink_to(outside / "secret.md")
    (content / "folder-link").symlink_to(outside / "folder", target_is_directory=True)
    (content / "dangling.md").symlink_to(content / "missing.md")
    (content / "inside-link").symlink_to(content / "sub", target_is_directory=True)
    write(content, "sub/inner.md", front_matter(id="8", url="/learn/physics/questions/i"))
    os.mkfifo(content / "pipe.md")
    library = build_library(content)
    assert sorted(a.question for a in library.articles.values()) == ["Why is 3 < 5?"] * 2
    named = {Path(p.path).name: (p.subtype, p.message) for p in library.problems}
    assert set(named) == {"file-link.md", "folder-link", "dangling.md", "pipe.md"}
    assert all(subtype == "path" for subtype, _ in named.values())
    assert "outside the content folder" in named["file-link.md"][1]
    assert "outside the content folder" in named["folder-link"][1]
    assert "not a regular file" in named["pipe.md"][1]


# --- through Sphinx -------------------------------------------------------------------------

_WARNING = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.+) \[quicktakes\.(?P<subtype>\w+)\]$"
)


def test_warning_is_error_keep_going_lists_every_problem_and_fails(tmp_path: Path) -> None:
    """``python -m sphinx -W --keep-going`` on the adversarial corpus."""
    srcdir = make_corpus(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html", "-d",
         str(tmp_path / "doctrees"), str(srcdir), str(tmp_path / "html")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode != 0
    found: dict[str, set[str]] = {}
    lines = [line for line in done.stderr.splitlines() if "[quicktakes." in line]
    for line in lines:
        if line.endswith("[quicktakes.collision]"):
            continue  # see test_collision_warning_names_the_real_file
        match = _WARNING.match(line)
        assert match, f"not a located warning: {line}"
        path = Path(match["path"])
        base = srcdir / "content" if path.is_relative_to(srcdir / "content") else srcdir
        found.setdefault(path.relative_to(base).as_posix(), set()).add(match["subtype"])
    for relpath, subtypes in NAMED_IN_WARNINGS.items():
        assert found.get(relpath) == set(subtypes.split()), (relpath, subtypes, found.get(relpath))
    assert len(lines) == len(set(lines)), "a problem was reported twice"
    assert any("hand-written" in line for line in lines if "[quicktakes.collision]" in line)


def test_collision_warning_names_the_real_file(tmp_path: Path) -> None:
    from security_corpus import build

    srcdir = tmp_path / "src"
    write(srcdir, "conf.py", CONF)
    write(srcdir, "index.md", "# Home\n\n```{toctree}\nlearn/index\n```\n")
    write(srcdir, "content/a.md", front_matter(url="/learn/physics/questions/mine"))
    write(srcdir, "learn/physics/questions/mine.md", "# Written by hand\n")
    _, warnings = build(srcdir)
    expected = f"{srcdir / 'learn/physics/questions/mine.md'}:1: WARNING: generated page"
    assert expected in warnings
