"""Search figures: bundles on disk, indexing time and peak memory, bytes per query, edits.

``measure(site, srcdir)`` is called by ``run.py`` on each size's html build: it deletes the
search folder and rebuilds (a no-change Sphinx build, so all the search work is indexing),
reads the bundles written from the log, samples the peak memory of every Pagefind process,
checks that a second no-change build leaves the bundles alone, and loads the library index
and a subject page in Chromium over a local HTTP server to count the bytes a first query and
its top five results download (Chromium's network log; the server's own count beside it).

Run alone on a library too large to build on a small machine, it writes the pages of a
generated library into copies of a built page (``--template``: an article page of any
build with a furo theme) and indexes them as a build would (index-only: no Sphinx build)::

    python benchmarks/search.py --synthetic 36000 --real-sized --template <article page>

``--real-sized`` takes each article's question, SEO summary, keywords and answer from the
real sample (``../shared/real-sample``, read at run time, cycled), so sizes and word
frequencies are those of real articles; without it, the generated corpus is used. Articles
are dealt to ``--subjects`` subjects (40, as in the real library). It then edits one answer
and one question and reports which bundles each edit rewrote.

``--light N`` indexes only the library bundle of ``N`` real articles' light pages (cycled):
the work a question, summary or keywords edit adds to its subject's bundle.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from sphinx_quicktakes.search.layout import DEFAULT_PART_PAGES

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
#: Topic words, and words found on nearly every page (of real answers and of generated ones).
QUERIES = ("photosynthesis", "market equilibrium", "the", "what is the", "theory")
REAL_SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "real-sample"
#: Bring the bundles of a synthetic site up to date, as a build's last step does.
INDEX = """
import json, pickle, sys, time
from pathlib import Path
from sphinx_quicktakes.search import update
site, records = Path(sys.argv[1]), pickle.loads(Path(sys.argv[2]).read_bytes())
start = time.perf_counter()
done = update.refresh(site, records, "benchmark", lambda name: name + ".html", "en")
print(json.dumps({"seconds": time.perf_counter() - start,
                  "written": {k: v.__dict__ for k, v in done.written.items()}}))
"""
#: Index the library bundle alone (what a question edit adds to its subject's bundle).
LIGHT = """
import itertools, json, pickle, sys, tempfile, time
from pathlib import Path
from sphinx_quicktakes.search import update
from sphinx_quicktakes.search.light import LightPage
count, articles = int(sys.argv[1]), pickle.loads(Path(sys.argv[2]).read_bytes())
most = int(sys.argv[3])
pages = [
    LightPage(f"learn/subject-{n % 40:02d}/questions/{n}.html", a.question, a.subject,
              a.date.isoformat() if a.date else "", a.seo_description, a.seo_keywords)
    for n, a in zip(range(count), itertools.cycle(articles))
]
pages.sort()  # in URI order, as a build gives them
with tempfile.TemporaryDirectory() as site:
    start = time.perf_counter()
    done = update.update_library(Path(site), pages, "key", "en", most=most)
    parts = list(done.written.values())
    print(json.dumps({"seconds": time.perf_counter() - start, "parts": len(parts),
                      "files": sum(part.files for part in parts),
                      "mb": round(sum(part.bytes for part in parts) / 1e6, 1)}))
"""
RESULTS_SHOWN = """() => / found for /.test(
  document.querySelector('.quicktakes-search-status').textContent)"""
LOG_LINE = re.compile(
    r"library search: (\S+): (\d+) pages indexed in ([0-9.]+) s \((\d+) files, ([0-9.]+) MB\)"
)
NOOP_LINE = re.compile(r"library search: bundle up to date \(checked in ([0-9.]+) s\)")


# --- memory of the Pagefind processes ------------------------------------------------
def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    found, todo = [], [root]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def peak_kb(pid: int) -> int:
    """The peak resident size (``VmHWM``) of a running process, in KB (0 if it is gone)."""
    try:
        found = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return 0
    return int(found.group(1)) if found else 0


def _peak_kb(pid: int) -> int:
    """:func:`peak_kb` of a Pagefind process, 0 for any other."""
    try:
        if "pagefind" not in Path(f"/proc/{pid}/comm").read_text():
            return 0
    except OSError:
        return 0
    return peak_kb(pid)


def run_sampled(command: list[str]) -> tuple[str, float, int]:
    """Run ``command``: its stdout+stderr, seconds, peak RSS (MB) of any Pagefind process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    while process.poll() is None:
        peak = max([peak, *(_peak_kb(pid) for pid in _descendants(process.pid))])
        time.sleep(0.1)
    reader.join()
    if process.returncode:
        raise SystemExit(f"{command} failed:\n{''.join(output)[-3000:]}")
    return "".join(output), time.perf_counter() - start, round(peak / 1024)


# --- what is on disk -----------------------------------------------------------------
def bundle_files(site: Path) -> dict[str, tuple[int, int]]:
    """(files, bytes) of each bundle (``library``, ``subjects/<slug>``) in the search folder."""
    found: dict[str, list[int]] = {}
    for path in (site / "_pagefind").rglob("*"):
        if path.is_file():
            parts = path.relative_to(site / "_pagefind").parts
            name = "/".join(parts[:2]) if parts[0] == "subjects" else parts[0]
            entry = found.setdefault(name, [0, 0])
            entry[0] += 1
            entry[1] += path.stat().st_size
    return {name: (files, size) for name, (files, size) in found.items()}


def bundle_mtimes(site: Path) -> dict[str, int]:
    """Each bundle's manifest time: a new time means the bundle was rewritten."""
    found = {}
    for manifest in (site / "_pagefind").glob("**/quicktakes-search.json"):
        name = manifest.parent.relative_to(site / "_pagefind").as_posix()
        if name != ".":
            found[name] = manifest.stat().st_mtime_ns
    return found


def rewritten(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """The bundles added, removed or rewritten between two :func:`bundle_mtimes`."""
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


def disk_figures(site: Path) -> dict[str, Any]:
    sizes = bundle_files(site)
    subjects = [size for name, size in sizes.items() if name.startswith("subjects/")]
    library = sizes.get("library", (0, 0))
    return {
        "bundles": len(sizes),
        "bundle_files": sum(files for files, _ in sizes.values()),
        "bundle_mb": round(sum(size for _, size in sizes.values()) / 1e6, 1),
        "library_bundle_mb": round(library[1] / 1e6, 1),
        "largest_subject_bundle_mb": round(max((s for _, s in subjects), default=0) / 1e6, 1),
    }


# --- bytes per query -------------------------------------------------------------------
class _Counting(SimpleHTTPRequestHandler):
    sent: dict[str, int] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        type(self).sent[self.path] = type(self).sent.get(self.path, 0) + len(data)
        outputfile.write(data)


def _first_query(browser: Any, url: str, query: str) -> dict[str, Any]:
    page = browser.new_context().new_page()  # a fresh cache for each query
    files: dict[str, int] = {}

    def finished(request: Any) -> None:
        if "/_pagefind/" in request.url:
            files[request.url.split("/_pagefind/", 1)[1]] = request.sizes()["responseBodySize"]

    page.on("requestfinished", finished)
    _Counting.sent.clear()
    page.goto(url)
    page.fill(".quicktakes-search-input", query)
    page.wait_for_function(RESULTS_SHOWN, timeout=300_000)
    page.wait_for_timeout(1500)  # let stragglers finish
    shown = page.eval_on_selector_all(".quicktakes-search-result > a", "a => a.length")
    page.context.close()
    served = sum(size for path, size in _Counting.sent.items() if "/_pagefind/" in path)
    return {"bytes": sum(files.values()), "served": served, "results": shown, "files": files}


def query_bytes(site: Path, pages: dict[str, str], queries: tuple[str, ...] = QUERIES) -> dict:
    """For each page (``name: path``) and query: bytes of bundle files a fresh browser loads."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Counting, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    found: dict[str, dict[str, Any]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, path in pages.items():
                for query in queries:
                    found[f"{name}: {query}"] = _first_query(browser, root + path, query)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


def _query_pages(site: Path) -> dict[str, str]:
    """The library index and the largest subject's page (its search box preselects it)."""
    subjects = bundle_files(site)
    largest = max((n for n in subjects if n.startswith("subjects/")), key=lambda n: subjects[n])
    slug = largest.split("/", 1)[1]
    index = "index.html" if (site / "learn/index.html").exists() else ""
    return {"all subjects": f"learn/{index}", f"subject {slug}": f"learn/{slug}/{index}"}


# --- a built site ----------------------------------------------------------------------
def _build(srcdir: Path, site: Path) -> tuple[str, float, int]:
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(site / ".doctrees")]
    return run_sampled([*command, str(srcdir), str(site)])


def measure(site: Path, srcdir: Path | None = None) -> dict[str, Any]:
    """Every search figure of a built site (its search folder is written again)."""
    result: dict[str, Any] = {}
    if srcdir is not None:
        shutil.rmtree(site / "_pagefind", ignore_errors=True)
        log, _, peak = _build(srcdir, site)
        lines = LOG_LINE.findall(log)
        result["pages"] = sum(int(line[1]) for line in lines)
        result["index_seconds"] = round(sum(float(line[2]) for line in lines), 2)
        result["index_peak_mb"] = peak
        before = bundle_mtimes(site)
        log, _, _ = _build(srcdir, site)
        found = NOOP_LINE.search(log)
        result["noop_search_seconds"] = float(found.group(1)) if found else None
        result["noop_bundle_untouched"] = not rewritten(before, bundle_mtimes(site))
    result.update(disk_figures(site))
    result["query_bytes"] = query_bytes(site, _query_pages(site))
    return result


# --- a synthetic site ------------------------------------------------------------------
def _real_articles() -> list[tuple[str, Any]]:
    from sphinx_quicktakes.articles.reader import article_files, read_article

    found = []
    for path, source in article_files(REAL_SAMPLE):
        article, _ = read_article(path, source)
        if article is not None and not article.no_index:
            found.append((path.stem, article))
    return found


def _generated_articles(count: int, work: Path) -> list[tuple[str, Any]]:
    from corpus import generate

    from sphinx_quicktakes.articles.reader import read_article

    found = []
    for path in generate(work / "content", count):
        article, _ = read_article(path, path.name)
        if article is not None:
            found.append((path.stem, article))
    return found


class _Writer:
    """Writes library pages into copies of a built page and keeps their records."""

    def __init__(self, template: Path, site: Path) -> None:
        from markdown_it import MarkdownIt

        page = template.read_text(encoding="utf-8")
        start = page.index("<div data-pagefind-body")
        end = page.index("</article>", start)  # furo: the body ends its <article>
        self.before, self.after, self.site = page[:start], page[end:], site
        self.render = MarkdownIt("commonmark").enable("table")
        self.records: dict[str, dict[str, Any]] = {}

    def article(self, docname: str, subject: str, slug: str, article: Any, answer: str) -> int:
        from sphinx_quicktakes.records import ArticleRecord, article_fingerprint
        from sphinx_quicktakes.search.markup import IndexedPage, indexed_region

        body = f"<h1>{self.render.renderInline(article.question)}</h1>\n" + self.render.render(
            answer
        )
        date = article.date.isoformat() if article.date else ""
        self.records[docname] = ArticleRecord(
            id=0, question=article.question, title=article.question, subject=subject,
            subject_slug=slug, url="/" + docname, date=date or None, date_text=date, author="",
            seo_title="", description=article.seo_description,
            keywords=tuple(article.seo_keywords), excerpt="", no_index=False, source=docname,
            fingerprint=article_fingerprint(article) + docname,
        )  # fmt: skip
        page = IndexedPage(article.question, subject, date, date)
        self.write(docname, indexed_region(body, page))
        return len(answer.encode("utf-8"))

    def write(self, docname: str, region: str) -> None:
        out = self.site / (docname + ".html")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.before + region + self.after, encoding="utf-8")

    def index_pages(self, subjects: dict[str, str]) -> None:
        """The library index and subject pages, with the search box."""
        from sphinx_quicktakes.records import LibraryRecord, SubjectRecord
        from sphinx_quicktakes.search.layout import subject_folder
        from sphinx_quicktakes.search.markup import IndexedPage, indexed_region, search_box

        pairs = sorted((name, subject_folder(slug)) for slug, name in subjects.items())
        for slug, name in [("", ""), *subjects.items()]:
            up = "../" * (2 if slug else 1)
            box = search_box(f"{up}_pagefind/", f"{up}_static/quicktakes-search.js",
                             f"{up}_static/quicktakes-search.css", pairs, name)  # fmt: skip
            docname = f"learn/{slug}/index" if slug else "learn/index"
            page = IndexedPage(name or "Library", name)
            self.write(docname, indexed_region(f"<h1>{name or 'Library'}</h1>\n{box}", page))
            record: Any = (
                SubjectRecord(slug=slug, name=name, count=0, page=1, pages=(), listed=())
                if slug
                else LibraryRecord("Library", "", tuple(subjects), 0)
            )
            self.records[docname] = record


def _scale(source: list[tuple[str, Any]], mean_kb: float | None) -> float:
    """Factor that brings the answers' mean size to ``mean_kb`` (1: as they are)."""
    if not mean_kb:
        return 1.0
    mean = statistics.mean(len(article.answer.encode("utf-8")) for _, article in source)
    return max(1.0, mean_kb * 1024 / mean)


def _lengthened(answer: str, other: str, scale: float) -> str:
    """``answer`` followed by the start of ``other``, to ``scale`` times its length."""
    extra = int(len(answer) * (scale - 1))
    if extra <= 0:
        return answer
    return answer + "\n\n" + other[:extra].rsplit(" ", 1)[0]


def synthetic_site(args: argparse.Namespace, work: Path) -> tuple[Path, dict[str, Any]]:
    """Write the library's pages; (site, figures of the answers written)."""
    from corpus import _slug

    source = _real_articles() if args.real_sized else _generated_articles(args.synthetic, work)
    site = work / "site"
    writer = _Writer(Path(args.template), site)
    subjects = {f"subject-{n:02d}": f"Subject {n:02d}" for n in range(args.subjects)}
    slugs = list(subjects)
    sizes = []
    scale = _scale(source, args.answer_kb)
    for number in range(args.synthetic):
        stem, article = source[number % len(source)]
        slug = slugs[number % len(slugs)]
        docname = f"learn/{slug}/questions/{_slug(stem)}-{number}"
        answer = _lengthened(article.answer, source[(number + 1) % len(source)][1].answer, scale)
        sizes.append(writer.article(docname, subjects[slug], slug, article, answer))
    writer.index_pages(subjects)
    (work / "records.pickle").write_bytes(pickle.dumps(writer.records))
    built = Path(args.template).parents[3]
    shutil.copytree(built / "_static", site / "_static", dirs_exist_ok=True)
    static = Path(__file__).resolve().parents[1] / "sphinx_quicktakes" / "static"
    for name in ("quicktakes-search.js", "quicktakes-search.css"):
        shutil.copy(static / name, site / "_static" / name)
    sizes.sort()
    return site, {
        "answer_mean_kb": round(statistics.mean(sizes) / 1024, 2),
        "answer_p95_kb": round(sizes[int(len(sizes) * 0.95)] / 1024, 2),
    }


def _index(site: Path, work: Path) -> dict[str, Any]:
    out, seconds, peak = run_sampled(
        [sys.executable, "-c", INDEX, str(site), str(work / "records.pickle")]
    )
    done = json.loads(out.strip().splitlines()[-1])
    written = done["written"]
    return {
        "seconds": round(seconds, 2),
        "check_seconds": round(done["seconds"], 3) if not written else None,
        "peak_mb": peak,
        "written": sorted(written),
        "largest_bundle_pages": max((w["pages"] for w in written.values()), default=0),
    }


def _edit(work: Path, docname: str, field: str, old: str, new: str) -> None:
    """Change one article's page and record, as an edit of its file would."""
    records = pickle.loads((work / "records.pickle").read_bytes())
    record = records[docname]
    changes = {"fingerprint": record.fingerprint + "-edited"}
    if hasattr(record, field):
        changes[field] = getattr(record, field).replace(old, new)
    records[docname] = dataclasses.replace(record, **changes)
    (work / "records.pickle").write_bytes(pickle.dumps(records))
    page = work / "site" / (docname + ".html")
    page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def synthetic(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    site, answers = synthetic_site(args, work)
    result: dict[str, Any] = {"articles": args.synthetic, "real_sized": args.real_sized, **answers}
    full = _index(site, work)
    result.update(index_seconds=full["seconds"], index_peak_mb=full["peak_mb"])
    result["bundles_written"] = len(full["written"])
    result["largest_bundle_pages"] = full["largest_bundle_pages"]
    result.update(disk_figures(site))
    noop = _index(site, work)
    result["noop_search_seconds"] = noop["check_seconds"]
    result["noop_rewritten"] = noop["written"]
    records = pickle.loads((work / "records.pickle").read_bytes())
    docname = next(name for name in sorted(records) if records[name].kind == "article")
    _edit(work, docname, "answer", "</p>", " Edited for the benchmark.</p>")
    edit = _index(site, work)
    result["edit_answer_rewritten"] = edit["written"]
    result["edit_answer_seconds"] = edit["seconds"]
    question = records[docname].question
    _edit(work, docname, "question", question, question + " (revised)")
    edit = _index(site, work)
    result["edit_question_rewritten"] = edit["written"]
    result["edit_question_seconds"] = edit["seconds"]
    print(json.dumps(result), flush=True)
    result["query_bytes"] = query_bytes(site, _query_pages(site))
    return result


def light(count: int, work: Path, most: int) -> dict[str, Any]:
    """Index the library bundle alone for ``count`` real articles (cycled), in parts of at
    most ``most`` pages: time, peak, size."""
    articles = [article for _, article in _real_articles()]
    data = work / "articles.pickle"
    data.write_bytes(pickle.dumps(articles))
    command = [sys.executable, "-c", LIGHT, str(count), str(data), str(most)]
    output, seconds, peak = run_sampled(command)
    result = json.loads(output.strip().splitlines()[-1])
    return {"articles": count, **result, "wall_seconds": round(seconds, 1), "peak_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", help="measure this built site")
    parser.add_argument("--srcdir", help="its source folder (to rebuild and time indexing)")
    parser.add_argument("--synthetic", type=int, help="generate and index this many articles")
    parser.add_argument("--template", help="a built article page (for --synthetic)")
    parser.add_argument("--subjects", type=int, default=40, help="subjects (for --synthetic)")
    parser.add_argument("--work", help="keep generated files in this folder")
    parser.add_argument(
        "--answer-kb",
        type=float,
        default=4.5,
        help="mean answer size to reach by adding the next answer's start (real: 4.5 KB)",
    )
    parser.add_argument(
        "--real-sized", action="store_true", help="real articles' text, from the real sample"
    )
    parser.add_argument("--light", type=int, help="index only the library bundle of this many")
    parser.add_argument(
        "--part-pages",
        type=int,
        default=DEFAULT_PART_PAGES,
        help="most pages of one library part (for --light; quicktakes_search_part_pages)",
    )
    args = parser.parse_args()
    if args.light:
        with tempfile.TemporaryDirectory(dir=args.work) as tmp:
            print(json.dumps(light(args.light, Path(tmp), args.part_pages), indent=2))
        return
    if args.site:
        srcdir = Path(args.srcdir) if args.srcdir else None
        print(json.dumps(measure(Path(args.site), srcdir), indent=2))
        return
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        print(json.dumps(synthetic(args, Path(tmp)), indent=2))


if __name__ == "__main__":
    main()
