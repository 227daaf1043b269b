"""Search figures of a built site: Pagefind bundle on disk, indexing, bytes per query.

``measure(outdir)`` is called by ``run.py`` on each size's html build. It re-indexes the
site in a fresh process (seconds, peak memory of the indexer), counts the bundle's files and
bytes, checks that a no-change rebuild leaves the bundle alone, and loads the library page in
Chromium over a local HTTP server to count the bytes a first query and its top five results
download (the network log of every bundle file fetched).

Run alone on a generated library too large to build on a small machine, it writes article
pages from a built page (``--template``, one of the 1,000-article build's articles) and the
generated articles' text, then indexes them (index-only: no Sphinx build)::

    python benchmarks/search.py --synthetic 36000 --template site/learn/x/questions/y.html
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx_quicktakes.records import ArticleRecord

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
QUERIES = ("photosynthesis", "market equilibrium", "theory", "compilers evidence")
#: Re-index a site in a fresh process, keeping the manifest's key (the next build skips it).
INDEX = """
import json, sys
from pathlib import Path
from sphinx_quicktakes.search.bundle import MANIFEST, write_bundle
site = Path(sys.argv[1])
try:
    key = json.loads((site / "_pagefind" / MANIFEST).read_text())["key"]
except OSError:
    key = ""
print(json.dumps(write_bundle(site, "learn/**/*.html", key).__dict__))
"""
RESULTS_SHOWN = """() => {
  const status = document.querySelector('.quicktakes-search-status').textContent;
  const shown = document.querySelectorAll('.quicktakes-search-result').length;
  const count = parseInt(status, 10);
  return /found/.test(status) && shown === Math.min(5, count);
}"""
NOOP_LINE = re.compile(r"library search: bundle up to date \(checked in ([0-9.]+) s\)")


def index_only(site: Path) -> dict[str, Any]:
    """Index ``site`` again in a fresh process: seconds, pages, peak memory of the largest."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", INDEX, str(site)], stdout=subprocess.PIPE, text=True
    )
    out = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"indexing {site} failed")
    stats = json.loads(out)
    return {
        "index_seconds": round(time.perf_counter() - start, 2),
        "pages": stats["pages"],
        "index_peak_mb": round(usage.ru_maxrss / 1024),
        "bundle_files": stats["files"],
        "bundle_mb": round(stats["bytes"] / 1e6, 2),
    }


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def query_bytes(site: Path, queries: tuple[str, ...] = QUERIES) -> dict[str, int]:
    """Bytes of bundle files a fresh browser downloads for each query and its top five."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/learn/index.html"
    found: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for query in queries:
                page = browser.new_context().new_page()  # a fresh cache for each query
                sizes: list[int] = []
                page.on(
                    "requestfinished",
                    lambda r, s=sizes: (
                        s.append(r.sizes()["responseBodySize"]) if "/_pagefind/" in r.url else None
                    ),
                )
                page.goto(url)
                page.fill(".quicktakes-search-input", query)
                # results show once their fragments are loaded; then let stragglers finish
                page.wait_for_function(RESULTS_SHOWN, timeout=120_000)
                page.wait_for_timeout(1500)
                found[query] = sum(sizes)
                page.context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


def key_seconds(records: dict[str, ArticleRecord]) -> float:
    """Seconds a no-change build spends deciding the bundle is current (best of three)."""
    from sphinx_quicktakes.search.bundle import content_key, indexed_records

    times = []
    for _ in range(3):
        start = time.perf_counter()
        content_key(indexed_records(records), "context")
        times.append(time.perf_counter() - start)
    return round(min(times), 3)


def _bundle_mtimes(site: Path) -> dict[str, int]:
    return {str(path): path.stat().st_mtime_ns for path in (site / "_pagefind").rglob("*")}


def noop_search(srcdir: Path, site: Path) -> dict[str, Any]:
    """A no-change rebuild: seconds of search work it logs, and whether the bundle stayed."""
    before = _bundle_mtimes(site)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(site / ".doctrees")]
    done = subprocess.run(
        [*command, str(srcdir), str(site)], capture_output=True, text=True, check=True
    )
    found = NOOP_LINE.search(done.stdout)
    return {
        "noop_search_seconds": float(found.group(1)) if found else None,
        "noop_bundle_untouched": _bundle_mtimes(site) == before,
    }


def measure(site: Path, srcdir: Path | None = None) -> dict[str, Any]:
    """Every search figure of a built site (the bundle is re-written once, same key)."""
    result = index_only(site)
    result["query_bytes"] = query_bytes(site)
    if srcdir is not None:
        result.update(noop_search(srcdir, site))
    return result


def synthetic_site(count: int, template: Path, work: Path, real_sized: bool = False) -> Path:
    """``count`` generated articles written into copies of a built article page."""
    sys.path.insert(0, str(Path(__file__).parent))
    from corpus import generate
    from markdown_it import MarkdownIt

    from sphinx_quicktakes.articles.reader import read_article
    from sphinx_quicktakes.records import ArticleRecord, article_fingerprint
    from sphinx_quicktakes.search.markup import IndexedPage, indexed_region

    built = template.parent.parent.parent.parent  # <site>/learn/<subject>/questions/<page>
    page = template.read_text(encoding="utf-8")
    start = page.index("<div data-pagefind-body")
    end = page.index("</article>", start)  # furo: the body ends its <article>
    before, after = page[:start], page[end:]
    render = MarkdownIt("commonmark").enable("table")
    site = work / "site"
    paths = generate(work / "content", count)
    records: dict[str, ArticleRecord] = {}
    for number, path in enumerate(paths):
        article, _ = read_article(path, path.name)
        if article is None:
            continue
        subject = path.parent.name
        answer = article.answer
        if real_sized:  # generated answers are 2/3 of a real one: add the next one's text
            other, _ = read_article(paths[(number + 1) % len(paths)], path.name)
            answer += "\n\n" + (other.answer if other else "")
        body = f"<h1>{render.renderInline(article.question)}</h1>\n" + render.render(answer)
        date = article.date.isoformat() if article.date else ""
        region = indexed_region(body, IndexedPage(article.question, subject, date, date))
        docname = f"learn/{subject}/questions/{path.stem}"
        records[docname] = ArticleRecord(
            id=article.id,
            question=article.question,
            title=article.title,
            subject=subject,
            subject_slug=subject,
            url="/" + docname,
            date=date or None,
            date_text=date,
            author=article.author,
            seo_title=article.seo_title,
            description=article.seo_description,
            keywords=article.seo_keywords,
            excerpt="",
            no_index=False,
            source=path.name,
            fingerprint=article_fingerprint(article),
        )
        out = site / "learn" / subject / "questions" / (path.stem + ".html")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(before + region + after, encoding="utf-8")
    (work / "records.pickle").write_bytes(pickle.dumps(records))
    (site / "learn" / "index.html").write_bytes((built / "learn" / "index.html").read_bytes())
    shutil.copytree(built / "_static", site / "_static", dirs_exist_ok=True)
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", help="measure this built site")
    parser.add_argument("--srcdir", help="its source folder (to time a no-change rebuild)")
    parser.add_argument("--synthetic", type=int, help="generate and index this many articles")
    parser.add_argument("--template", help="a built article page (for --synthetic)")
    parser.add_argument("--work", help="keep generated files in this folder")
    parser.add_argument(
        "--real-sized", action="store_true", help="answers of a real article's length or more"
    )
    args = parser.parse_args()
    if args.site:
        srcdir = Path(args.srcdir) if args.srcdir else None
        print(json.dumps(measure(Path(args.site), srcdir), indent=2))
        return
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        site = synthetic_site(args.synthetic, Path(args.template), work, args.real_sized)
        result: dict[str, Any] = {"articles": args.synthetic, "real_sized": args.real_sized}
        result.update(index_only(site))
        records = pickle.loads((work / "records.pickle").read_bytes())
        result["noop_search_seconds"] = key_seconds(records)
        print(json.dumps(result), flush=True)
        result["query_bytes"] = query_bytes(site)
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
