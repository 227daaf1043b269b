"""Sharded builds: the assembled site equals the one-project build; rebuilds cost what changed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest
import yaml
from helpers import CONTENT, article, make_site, write_article

from sphinx_quicktakes import cache
from sphinx_quicktakes.articles import build_library
from sphinx_quicktakes.cli import main
from sphinx_quicktakes.shards import assemble as assemble_module
from sphinx_quicktakes.shards.plan import ENTRIES_FILE, Plan, make_plan, split
from sphinx_quicktakes.shards.shared import library_path, shared_library, subject_path

ROOT = Path(__file__).parent.parent
WORKFLOW = ROOT / "docs" / "examples" / "github-actions-sharded.yml"
#: A search bundle's manifest records how long indexing took and a digest of what the library
#: bundle was last indexed from (an incremental build keeps it while the indexed text is the
#: same); nothing else in it may differ.
TIMING = re.compile(rb'"(seconds|sources)": ("[0-9a-f]*"|[0-9.]+)')


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` by relative path, indexing times left out."""
    files = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in names:
            path = Path(folder) / name
            files[path.relative_to(root).as_posix()] = TIMING.sub(b"", path.read_bytes())
    return files


def differences(plain: Path, sharded: Path) -> list[str]:
    """The files that are not the same in both trees (missing on one side, or different)."""
    a, b = tree(plain), tree(sharded)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def plain_build(site: Path, out: Path, builder: str = "html") -> None:
    """``sphinx-build`` of the whole project, the path teams use."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", builder, str(site), str(out)]
    subprocess.run([*command, "-d", str(out.parent / f"{out.name}-doctrees")], check=True)


def sharded_build(site: Path, out: Path, *args: str) -> str:
    """``sphinx-quicktakes build`` with two shards; its printed report."""
    report = StringIO()
    with redirect_stdout(report):
        status = main(["build", str(site), str(out), "--shards", "2", "-j", "2", *args])
    assert status == 0, report.getvalue()
    return report.getvalue()


def shard_site(folder: Path, conf: str = "") -> Path:
    """The sample library with a page of the project's own that links and includes."""
    site = make_site(folder / "site")
    (folder / "outside.txt").write_text("Included from beside the project.\n")
    (site / "notes.md").write_text(
        "# Notes\n\nSee [the library](learn/index.md).\n\n```{include} ../outside.txt\n```\n"
    )
    index = "# Site\n\n```{toctree}\n:maxdepth: 1\n\nlearn/index\nnotes\n```\n"
    (site / "index.md").write_text(index)
    with (site / "conf.py").open("a") as conf_file:
        conf_file.write(conf)
    return site


def test_split_balances_subjects_and_gives_the_same_shards_every_time() -> None:
    counts = {"a": 50, "b": 40, "c": 30, "d": 20, "e": 10, "f": 10}
    groups = split(counts, 3)
    totals = sorted(sum(counts[slug] for slug in group) for group in groups)
    assert totals == [50, 50, 60]
    assert sorted(slug for group in groups for slug in group) == sorted(counts)
    assert split(dict(reversed(counts.items())), 3) == groups
    assert split(counts, 10) == [[s] for s in ["a", "b", "c", "d", "e", "f"]]


def test_split_keeps_every_subject_in_its_shard_when_counts_change_a_little() -> None:
    counts = {"a": 50, "b": 40, "c": 30, "d": 20, "e": 10, "f": 10}
    before = split(counts, 3)
    # an article removed from "b" moves subjects in a fresh split
    fewer = {**counts, "b": 39}
    assert split(fewer, 3) != before
    assert split(fewer, 3, before) == before
    # a new subject joins the smallest shard; no other subject moves
    grown = split({**counts, "g": 5}, 3, before)
    assert [[s for s in group if s != "g"] for group in grown] == before
    smallest = min(range(3), key=lambda i: (sum(counts[s] for s in before[i]), i))
    assert "g" in grown[smallest]
    # a removed subject leaves its shard; the others stay
    assert split({k: v for k, v in counts.items() if k != "f"}, 3, before) == [
        [s for s in group if s != "f"] for group in before
    ]


def test_split_balances_again_when_the_kept_shards_drift_too_far() -> None:
    counts = {"a": 50, "b": 40, "c": 30, "d": 20, "e": 10, "f": 10}
    before = split(counts, 3)
    grown = {**counts, "d": 90}
    assert split(grown, 3, before) == split(grown, 3)
    assert split(counts, 2, before) == split(counts, 2)  # another shard count
    emptied = [["a"], ["zz"], ["b", "c", "d", "e", "f"]]  # a shard with no subject left
    assert split(counts, 3, emptied) == split(counts, 3)


def test_plan_is_json_naming_every_subject_once(tmp_path: Path) -> None:
    site = shard_site(tmp_path)
    report = StringIO()
    with redirect_stdout(report):
        main(["plan", str(site), "--shards", "3", "--format", "json", "--work", str(tmp_path)])
    plan = Plan.from_json(report.getvalue())
    subjects = [slug for shard in plan.shards for slug in shard.subjects]
    assert sorted(subjects) == sorted(path.name for path in CONTENT.iterdir() if path.is_dir())
    assert len(plan.shards) == 3
    assert sum(shard.articles for shard in plan.shards) == len(list(CONTENT.rglob("*.md")))
    assert Plan.from_json(plan.to_json()) == plan


def test_plan_reads_articles_in_worker_processes_to_the_same_plan(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", sample_content=False)
    for number in range(80):
        subject = ("Physics", "History")[number % 2]
        text = article(number, subject, f"Why is case {number} true?", f"Because {number}.")
        write_article(site / "content", f"{subject.lower()}/case-{number}.md", text)
    serial = make_plan(site, tmp_path / "serial", 2, jobs=1)
    forked = make_plan(site, tmp_path / "forked", 2, jobs=2)
    assert forked == serial
    assert sum(shard.articles for shard in forked.shards) == 80
    entries = cache.load_entries(tmp_path / "forked" / ENTRIES_FILE)
    assert entries.keys() == cache.load_entries(tmp_path / "serial" / ENTRIES_FILE).keys()
    assert len(entries) == 80


def test_a_subject_shard_gets_the_answers_of_its_own_subjects_only(tmp_path: Path) -> None:
    site = shard_site(tmp_path)
    plan = make_plan(site, tmp_path / "work", 2)
    entries_path = tmp_path / "work" / ENTRIES_FILE
    whole = build_library(site / "content")
    mine = plan.shards[0].subjects
    shared = shared_library(entries_path, mine)
    assert shared is not None
    library, entries = shared
    assert library.subjects == whole.subjects and library.articles.keys() == whole.articles.keys()
    assert {source.split("/")[0] for source in entries} == set(mine)
    owners = {library.subject_of(name).slug in mine for name in whole.articles}
    assert owners == {True, False}
    for name, original in whole.articles.items():
        slim = library.articles[name]
        assert slim.answer == (original.answer if library.subject_of(name).slug in mine else "")
        assert slim.question == original.question and slim.related == original.related
    every = shared_library(entries_path, None)
    assert every is not None and every[0].articles == whole.articles


def test_a_shard_reads_the_content_folder_when_a_shared_part_is_missing_or_broken(
    tmp_path: Path,
) -> None:
    site = shard_site(tmp_path)
    plan = make_plan(site, tmp_path / "work", 2)
    entries_path = tmp_path / "work" / ENTRIES_FILE
    part = subject_path(entries_path, plan.shards[0].subjects[0])
    part.write_bytes(b"not a pickle")
    assert shared_library(entries_path, plan.shards[0].subjects) is None
    assert shared_library(entries_path, plan.shards[1].subjects) is not None
    part.unlink()
    assert shared_library(entries_path, None) is None
    out = tmp_path / "sharded"
    sharded_build(site, out)  # the plan writes the part again; the site equals a plain build
    plain_build(site, tmp_path / "plain")
    assert differences(tmp_path / "plain", out) == []


def test_the_plan_writes_again_only_the_subjects_whose_files_changed(tmp_path: Path) -> None:
    site = shard_site(tmp_path)
    work = tmp_path / "work"
    make_plan(site, work, 2)
    shared = library_path(work / ENTRIES_FILE)
    parts = [shared, *sorted(subject_path(work / ENTRIES_FILE, "_").parent.glob("*.pickle"))]

    def rewritten() -> list[str]:
        return sorted(p.stem for p in parts if p.stat().st_mtime_ns != times[p.stem])

    times = {part.stem: part.stat().st_mtime_ns for part in parts}
    edited = next((site / "content" / "physics").glob("*.md"))
    edited.write_text(edited.read_text().replace("answer: >-\n    ", "answer: >-\n    New. ", 1))
    make_plan(site, work, 2)
    assert rewritten() == ["physics"]  # an answer: its subject's file, not the library
    library, _ = shared_library(work / ENTRIES_FILE, ["physics"]) or (None, None)
    assert library is not None
    assert any(a.answer.startswith("New. ") for a in library.articles.values())

    times = {part.stem: part.stat().st_mtime_ns for part in parts}
    edited.write_text(edited.read_text().replace("question: >-\n    ", "question: >-\n    Now ", 1))
    make_plan(site, work, 2)
    assert rewritten() == sorted([shared.stem, "physics"])  # a question: the library too
    library, _ = shared_library(work / ENTRIES_FILE, ["economics"]) or (None, None)
    assert library is not None
    assert any(a.question.startswith("Now ") for a in library.articles.values())


def test_sharded_site_equals_the_single_build_with_guides(tmp_path: Path) -> None:
    """Pages, links across shards, metadata, search, sitemap, feeds, inventory and guides."""
    site = shard_site(tmp_path, "quicktakes_html_guides = True\n")
    plain_build(site, tmp_path / "plain")
    report = sharded_build(site, tmp_path / "sharded")
    assert "shard-01: building" in report and "shard-02: building" in report
    assert differences(tmp_path / "plain", tmp_path / "sharded") == []
    files = tree(tmp_path / "sharded")
    for name in ("library.epub", "library.pdf", "library.apkg"):
        assert f"_downloads/quicktakes/{name}" in files
    assert "sitemap.xml" in files and "objects.inv" in files
    # A Markdown link in an answer to another shard's article, resolved there as here.
    page = files["learn/mathematics/questions/how-does-bayes-theorem-work.html"].decode()
    link = "../../health-studies/questions/what-is-the-difference-between-incidence-and"
    assert f'href="{link}-prevalence-in-epidemiology.html"' in page

    # The library guides hold every answer: an edit at an answer's end rebuilds the site shard.
    edited = next((site / "content" / "physics").glob("*.md"))
    edited.write_text(edited.read_text().replace("\nsubject:", " Zanzibarquux.\nsubject:", 1))
    report = sharded_build(site, tmp_path / "sharded")
    assert "site: building" in report
    with zipfile.ZipFile(tmp_path / "sharded/_downloads/quicktakes/library.epub") as epub:
        assert any(b"Zanzibarquux." in epub.read(name) for name in epub.namelist())


def test_linked_site_equals_the_copied_one_and_shares_the_shards_files(tmp_path: Path) -> None:
    site = shard_site(tmp_path)
    out = tmp_path / "linked"
    sharded_build(site, out, "--link")
    plain_build(site, tmp_path / "plain")
    assert differences(tmp_path / "plain", out) == []
    page = next((out / "learn" / "physics" / "questions").glob("*.html"))
    shard = next((tmp_path / "linked.shards").glob(f"shard-*/html/{page.relative_to(out)}"))
    assert page.samefile(shard)
    assert not list(out.rglob(".*.assembling"))

    # an edited answer: its page is linked again over the old one
    edited = next((site / "content" / "physics").glob("*.md"))
    edited.write_text(edited.read_text().replace("\nsubject:", " Zanzibarquux.\nsubject:", 1))
    sharded_build(site, out, "--link")
    rebuilt = [path for path in (out / "learn" / "physics" / "questions").glob("*.html")
               if "Zanzibarquux." in path.read_text()]  # fmt: skip
    assert len(rebuilt) == 1
    shard = next((tmp_path / "linked.shards").glob(f"shard-*/html/{rebuilt[0].relative_to(out)}"))
    assert rebuilt[0].samefile(shard)
    assert not list(out.rglob(".*.assembling"))


def test_sharded_dirhtml_site_equals_the_single_build(tmp_path: Path) -> None:
    site = shard_site(tmp_path)
    plain_build(site, tmp_path / "plain", "dirhtml")
    sharded_build(site, tmp_path / "sharded", "-b", "dirhtml")
    assert differences(tmp_path / "plain", tmp_path / "sharded") == []


def _shards_built(report: str) -> list[str]:
    return sorted(re.findall(r"^(shard-\d+): building$", report, re.MULTILINE))


def test_rebuilds_enter_only_the_shards_whose_inputs_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = shard_site(tmp_path)
    out = tmp_path / "sharded"
    sharded_build(site, out)
    plan = Plan.from_json((tmp_path / "sharded.shards" / "plan.json").read_text())
    before = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}

    for shard in plan.shards:  # the plan's articles are shared, not copied into each shard
        kept = cache.load_library(tmp_path / "sharded.shards" / shard.name / "doctrees")
        assert kept.key and kept.library is None and not kept.entries and kept.pages

    report = sharded_build(site, out)
    assert _shards_built(report) == []
    assert f"{out}: up to date" in report
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()} == before

    edited = next((site / "content" / "physics").glob("*.md"))
    text = edited.read_text().replace(
        "answer: >-\n    ", "answer: >-\n    Edited first line.\\n\\n", 1
    )
    edited.write_text(text)
    owner = next(shard.name for shard in plan.shards if "physics" in shard.subjects)
    walked: list[str] = []
    walk = assemble_module._files
    monkeypatch.setattr(
        assemble_module, "_files", lambda root: walked.append(root.parent.name) or walk(root)
    )
    assert _shards_built(sharded_build(site, out)) == [owner]
    assert sorted(walked) == sorted([owner, "site"])  # the assembly lists only rebuilt shards
    plain_build(site, tmp_path / "plain")
    assert differences(tmp_path / "plain", out) == []
    pages = (out / "learn" / "physics" / "questions").glob("*.html")
    assert any("Edited first line." in page.read_text() for page in pages)

    # An edit at the end of an answer changes nothing the site-wide files show (the guides
    # are off here): the site shard is not entered, and the site is still the plain build's.
    ending = edited.read_text().replace("\nsubject:", " A closing remark.\nsubject:", 1)
    edited.write_text(ending)
    report = sharded_build(site, out)
    assert _shards_built(report) == [owner]
    assert "site: building" not in report
    shutil.rmtree(tmp_path / "plain")
    plain_build(site, tmp_path / "plain")
    assert differences(tmp_path / "plain", out) == []
    pages = (out / "learn" / "physics" / "questions").glob("*.html")
    assert any("A closing remark." in page.read_text() for page in pages)

    # A new article that sorts last in its subject, and a removed one elsewhere.
    write_article(
        site / "content",
        "economics/zz-new.md",
        article(990, "Economics", "Why do zebras zigzag?", "A new answer.", date="2020-01-01"),
    )
    next((site / "content" / "mathematics").glob("*.md")).unlink()
    report = sharded_build(site, out)
    again = Plan.from_json((tmp_path / "sharded.shards" / "plan.json").read_text())
    assert [shard.subjects for shard in again.shards] == [s.subjects for s in plan.shards]
    shutil.rmtree(tmp_path / "plain")
    plain_build(site, tmp_path / "plain")
    assert differences(tmp_path / "plain", out) == []


def test_the_site_key_sees_an_answer_only_when_the_site_builds_guides() -> None:
    from dataclasses import replace

    from sphinx_quicktakes.records import ArticleRecord
    from sphinx_quicktakes.shards.events import site_key

    record = ArticleRecord(
        id=1, question="Q?", title="Q", subject="Physics", subject_slug="physics",
        url="/learn/physics/questions/q", date="2025-01-01", date_text="Jan 01, 2025",
        author="", seo_title="", description="D", keywords=("k",), excerpt="E",
        no_index=False, source="physics/q.md", fingerprint="f1",
    )  # fmt: skip

    def key(changed: ArticleRecord, answers: bool) -> str:
        return site_key([("learn/physics/questions/q", changed)], answers)

    answer_edited = replace(record, fingerprint="f2")
    assert key(answer_edited, answers=False) == key(record, answers=False)
    assert key(answer_edited, answers=True) != key(record, answers=True)
    for shown in ({"excerpt": "E2"}, {"description": "D2"}, {"question": "Q2?"}):
        edited = replace(answer_edited, **shown)  # type: ignore[arg-type]
        assert key(edited, answers=False) != key(record, answers=False)
    # the same values in other objects: the same key (pickled bytes would differ)
    copy = replace(record, subject="".join(["Phys", "ics"]), question="".join(["Q", "?"]))
    assert copy.subject is not record.subject
    assert key(copy, answers=False) == key(record, answers=False)


def test_a_broken_article_is_reported_once_by_the_site_shard(tmp_path: Path) -> None:
    site = shard_site(tmp_path)
    write_article(site / "content", "physics/broken.md", "---\nid: [unclosed\n---\n")
    command = [sys.executable, "-m", "sphinx_quicktakes", "build", str(site), str(tmp_path / "o")]
    done = subprocess.run([*command, "--shards", "2"], capture_output=True, text=True, check=True)
    assert (done.stdout + done.stderr).count("broken.md") == 1
    # Without -v a shard prints its warnings only: no Sphinx progress, the runner's lines.
    assert "reading sources" not in done.stdout and "writing output" not in done.stdout
    assert "shard-01: done" in done.stdout and "assembled" in done.stdout


def _run_step(command: str, env: dict[str, str], cwd: Path) -> None:
    subprocess.run(["bash", "-e", "-c", command], cwd=cwd, env=env, check=True)


def _upload(cwd: Path, store: Path, name: str, paths: str) -> None:
    """``actions/upload-artifact``: the files of ``paths`` below their common folder."""
    found = [p for pattern in paths.split() for p in cwd.glob(pattern)]
    assert found, f"artifact {name} is empty: {paths}"
    base = Path(os.path.commonpath([str(p if p.is_dir() else p.parent) for p in found]))
    for path in found:
        target = store / name / path.relative_to(base)
        if path.is_dir():
            shutil.copytree(path, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def _download(cwd: Path, store: Path, spec: dict[str, str]) -> None:
    """``actions/download-artifact``: one artifact into ``path``, or each matching one into
    ``path/<name>``."""
    if "name" in spec:
        shutil.copytree(store / spec["name"], cwd / spec.get("path", "."), dirs_exist_ok=True)
        return
    for artifact in store.glob(spec["pattern"]):
        shutil.copytree(artifact, cwd / spec["path"] / artifact.name, dirs_exist_ok=True)


def test_github_actions_example_builds_the_site_the_single_build_makes(tmp_path: Path) -> None:
    """Each job of the workflow runs on a fresh checkout; only artifacts travel between them."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert list(workflow["jobs"]) == ["plan", "shard", "assemble"]
    assert workflow["jobs"]["shard"]["needs"] == "plan"
    checkout = tmp_path / "checkout"
    shard_site(checkout)
    pristine = tmp_path / "pristine"
    shutil.copytree(checkout, pristine, symlinks=True)
    store = tmp_path / "artifacts"
    values = {"env.WORK": workflow["env"]["WORK"]}

    def run_job(job: dict[str, object], matrix: dict[str, str]) -> dict[str, str]:
        # A fresh machine: the repository as checked out, nothing else.
        shutil.rmtree(checkout)
        shutil.copytree(pristine, checkout, symlinks=True)
        outputs: dict[str, str] = {}
        github_output = tmp_path / "github-output"
        github_output.write_text("")
        env = {**os.environ, **workflow["env"], "SOURCE": "site"}
        env["GITHUB_OUTPUT"] = str(github_output)
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env["PATH"]
        for step in job["steps"]:  # type: ignore[attr-defined]
            text = json.dumps(step)
            for key, value in {**values, **{f"matrix.{k}": v for k, v in matrix.items()}}.items():
                text = text.replace("${{ " + key + " }}", value)
            step = json.loads(text)
            uses = step.get("uses", "")
            if uses.startswith("actions/upload-artifact"):
                _upload(checkout, store, step["with"]["name"], step["with"]["path"])
            elif uses.startswith("actions/download-artifact"):
                _download(checkout, store, step["with"])
            elif uses.startswith("actions/upload-pages-artifact"):
                shutil.copytree(checkout / step["with"]["path"], tmp_path / "published")
            elif "run" in step and not step["run"].startswith("pip install"):
                _run_step(step["run"], env, checkout)
        for line in github_output.read_text().splitlines():
            key, _, value = line.partition("=")
            outputs[key] = value
        return outputs

    names = json.loads(run_job(workflow["jobs"]["plan"], {})["shards"])
    assert len(names) == int(workflow["env"]["SHARDS"])
    for name in names:
        run_job(workflow["jobs"]["shard"], {"shard": name})
    run_job(workflow["jobs"]["assemble"], {})
    plain_build(pristine / "site", tmp_path / "plain")
    assert differences(tmp_path / "plain", tmp_path / "published") == []


@pytest.mark.parametrize("command", ["build", "plan", "shard", "assemble"])
def test_commands_have_help(command: str) -> None:
    report = StringIO()
    with redirect_stdout(report), pytest.raises(SystemExit):
        main([command, "--help"])
    assert "usage: sphinx-quicktakes " + command in report.getvalue()


def test_sphinx_options_reach_every_shard_and_are_kept_in_the_plan(tmp_path: Path) -> None:
    """-D and -t are given to every shard's Sphinx (conf.py sees the tags), and recorded in
    the plan so that 'shard' and 'assemble' on other machines use them too."""
    site = shard_site(tmp_path, 'if tags.has("sharded"):\n    quicktakes_site_name = "Tagged"\n')
    out = tmp_path / "out"
    sharded_build(site, out, "-D", "html_title=Overridden Title", "-t", "sharded")
    plan = json.loads((tmp_path / "out.shards" / "plan.json").read_text())
    assert plan["sphinx"]["define"] == [["html_title", "Overridden Title"]]
    assert plan["sphinx"]["tags"] == ["sharded"]
    pages = [out / "learn" / "index.html", next((out / "learn").rglob("questions/*.html"))]
    for page in pages:  # the site shard's page, and a subject shard's
        html = page.read_text("utf-8")
        assert "Overridden Title" in html and "Tagged" in html, page
    # Another override is another input: every shard is built again.
    report = sharded_build(site, out, "-D", "html_title=Second Title", "-t", "sharded")
    assert report.count(": building") == 3
    assert "Second Title" in pages[1].read_text("utf-8")


def test_warnings_are_errors_stop_the_assembly(tmp_path: Path) -> None:
    site = shard_site(tmp_path)
    write_article(site / "content", "physics/broken.md", "---\nid: [unclosed\n---\n")
    command = [sys.executable, "-m", "sphinx_quicktakes", "build", str(site), str(tmp_path / "o")]
    done = subprocess.run([*command, "--shards", "2", "-W", "-v"], capture_output=True, text=True)
    assert done.returncode != 0
    assert "broken.md" in done.stderr and "not assembled" in done.stderr
    assert "reading sources" in done.stdout  # -v: each shard's Sphinx progress
    assert not (tmp_path / "o" / "index.html").exists()
    bad = subprocess.run([*command, "-D", "nothing"], capture_output=True, text=True)
    assert bad.returncode == 2 and "NAME=VALUE" in bad.stderr


def test_placing_a_file_links_a_new_name_and_replaces_an_old_one(tmp_path: Path) -> None:
    source, other = tmp_path / "source.html", tmp_path / "other.html"
    source.write_text("new")
    other.write_text("old")
    fresh, existing, copied = tmp_path / "fresh.html", tmp_path / "existing.html", tmp_path / "c"
    os.link(other, existing)
    assemble_module._place(str(source), fresh, link=True)
    assemble_module._place(str(source), existing, link=True)
    assemble_module._place(str(source), copied, link=False)
    assert fresh.samefile(source) and existing.samefile(source)
    assert copied.read_text() == "new" and not copied.samefile(source)
    assert other.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["source.html", "other.html", "fresh.html", "existing.html", "c"]
    )
