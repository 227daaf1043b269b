"""Build benchmark: sphinx-quicktakes against plain Sphinx on synthetic libraries.

For each size it generates a deterministic library (``corpus.py``), converts it with
``sphinx-quicktakes convert`` for plain Sphinx (myst-parser + sphinx-design, same theme), and
measures in fresh processes, in the same run: full builds, no-change rebuilds, rebuilds after
editing, adding and deleting one article (with the documents re-read and re-written), ``-j``
builds, the study-guide build, and peak memory. Medians of ``--repeat`` runs; sizes above
1,000 run ``--large-repeat`` times. The table is printed and written to ``--out``.
``--real-sized`` gives every generated article the question, summary, keywords and answer of
a real one (``../shared/real-sample``, read at run time, cycled): files then average about
4.4 KB (p95 5.7 KB), as the real library's 4.5 KB (p95 5.9 KB), against 2.9 KB otherwise.

    python benchmarks/run.py --sizes 1000 10000
    python benchmarks/run.py --sizes 1000 3600 --real-sized
    python benchmarks/run.py --content ../shared/real-sample --repeat 1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate, real_fields
from report import render
from search import REAL_SAMPLE, bundle_mtimes, rewritten
from search import measure as measure_search

ROOT = Path(__file__).resolve().parent.parent
THEME_CONF = 'html_theme = "furo"\n'
EXTENSION_CONF = """
project = "Benchmark"
extensions = ["sphinx_quicktakes"]
quicktakes_content_dir = {content!r}
quicktakes_base_url = "https://example.org/"
quicktakes_html_guides = False
exclude_patterns = ["_build"]
"""
INDEX = "# Benchmark\n\n```{toctree}\n:maxdepth: 1\n\nlearn/index\n```\n"
EDITED = "\\n\\nEdited for the benchmark."


@dataclass
class Run:
    """One sphinx-build: seconds, peak resident memory of its largest process, warnings."""

    seconds: float
    rss_mb: float
    warnings: int


@dataclass
class Incremental:
    """A rebuild after one change: time and documents re-read and re-written."""

    seconds: float
    reread: int
    rewritten: int
    correct: bool


@dataclass
class SizeResult:
    """Every figure measured for one library size."""

    articles: int
    repeat: int
    plain_full: float = 0.0
    plain_noop: float = 0.0
    full: float = 0.0
    noop: float = 0.0
    jobs: dict[str, float] = field(default_factory=dict)
    edit: Incremental | None = None
    edit_question: Incremental | None = None
    add: Incremental | None = None
    delete: Incremental | None = None
    identical: bool | None = None
    guides_full: float | None = None
    guides_edit: float | None = None
    guides_rebuilt: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    search: dict[str, object] = field(default_factory=dict)
    warnings: int = 0


def sphinx(srcdir: Path, outdir: Path, *, builder: str = "html", jobs: str = "1") -> Run:
    """Run one ``sphinx-build`` in a fresh process."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", builder, "-j", jobs]
    command += ["-d", str(outdir / ".doctrees"), str(srcdir), str(outdir)]
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
    if process.returncode:
        raise SystemExit(f"sphinx-build failed in {srcdir}:\n{text[-4000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, text.count("WARNING"))


def plain_project(content: Path, work: Path) -> Path:
    srcdir = work / "plain"
    subprocess.run(
        [sys.executable, "-m", "sphinx_quicktakes", "convert", str(content), str(srcdir)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with (srcdir / "conf.py").open("a") as conf:
        conf.write(THEME_CONF)
    return srcdir


def extension_project(content: Path, work: Path) -> Path:
    srcdir = work / "extension"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(EXTENSION_CONF.format(content=str(content)) + THEME_CONF)
    (srcdir / "index.md").write_text(INDEX)
    return srcdir


def _mtimes(outdir: Path) -> dict[str, int]:
    """Modification times of doctrees (``d:``) and page outputs (``h:``) by docname."""
    found = {}
    for path in (outdir / ".doctrees").rglob("*.doctree"):
        found["d:" + path.relative_to(outdir / ".doctrees").with_suffix("").as_posix()] = (
            path.stat().st_mtime_ns
        )
    for path in outdir.rglob("*.html"):
        rel = path.relative_to(outdir).with_suffix("").as_posix()
        if not rel.startswith(("_", ".")):
            found["h:" + rel] = path.stat().st_mtime_ns
    return found


def incremental(srcdir: Path, outdir: Path, check) -> Incremental:
    """Time the rebuild after a change and count what Sphinx re-read and re-wrote."""
    before = _mtimes(outdir)
    run = sphinx(srcdir, outdir)
    after = _mtimes(outdir)
    changed = [key for key, value in after.items() if before.get(key) != value]
    reread = sum(key.startswith("d:") for key in changed)
    rewritten = sum(
        key.startswith("h:") and key not in ("h:genindex", "h:search") for key in changed
    )
    return Incremental(run.seconds, reread, rewritten, bool(check(outdir)))


def _page(outdir: Path, docname: str) -> str:
    path = outdir / (docname + ".html")
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _docname(path: Path, content: Path) -> str:
    rel = path.relative_to(content).with_suffix("").as_posix()
    subject, name = rel.split("/")
    return f"learn/{subject}/questions/{name}"


def _pages(outdir: Path) -> set[Path]:
    """The HTML pages of a build (not the caches in its hidden doctree folder)."""
    found = (p.relative_to(outdir) for p in outdir.rglob("*.html"))
    return {p for p in found if not p.parts[0].startswith(".")}


def compare_trees(left: Path, right: Path) -> bool:
    """True when both builds wrote the same pages, byte for byte."""
    names, others = _pages(left), _pages(right)
    if names != others:
        return False
    return all((left / name).read_bytes() == (right / name).read_bytes() for name in names)


def _guide_files(outdir: Path) -> dict[str, int]:
    return {
        path.name: path.stat().st_mtime_ns
        for path in outdir.iterdir()
        if path.suffix in (".epub", ".pdf")
    }


def measure_size(count: int, repeat: int, work: Path, args: argparse.Namespace) -> SizeResult:
    content = work / "content"
    if args.content:
        shutil.copytree(args.content, content)  # edited below: never touch the original
        paths = sorted(p for p in content.rglob("*.md") if p.name != "README.md")
        count = len(paths)
    else:
        real = real_fields(REAL_SAMPLE) if args.real_sized else ()
        paths = generate(content, count, real=real)
    plain, ext = plain_project(content, work), extension_project(content, work)
    result = SizeResult(articles=count, repeat=repeat)
    runs: dict[str, list[float]] = {"plain_full": [], "plain_noop": [], "full": [], "noop": []}
    rss: list[float] = []
    for _ in range(repeat):
        for key, srcdir in (("plain", plain), ("ext", ext)):
            outdir = srcdir / "_build"
            shutil.rmtree(outdir, ignore_errors=True)
            full, noop = sphinx(srcdir, outdir), sphinx(srcdir, outdir)
            prefix = "plain_" if key == "plain" else ""
            runs[prefix + "full"].append(full.seconds)
            runs[prefix + "noop"].append(noop.seconds)
            if key == "ext":
                rss.append(full.rss_mb)
                result.warnings = full.warnings
    for key, values in runs.items():
        setattr(result, key, statistics.median(values))
    outdir = ext / "_build"
    if args.search:
        result.search = measure_search(outdir, ext)

    target = paths[len(paths) // 2]
    docname = _docname(target, content)
    text = target.read_text(encoding="utf-8")
    answer_end = text.index("\nsubject:")
    target.write_text(text[:answer_end] + EDITED + text[answer_end:], encoding="utf-8")
    bundles = bundle_mtimes(outdir)
    result.edit = incremental(
        ext, outdir, lambda out: "Edited for the benchmark" in _page(out, docname)
    )
    if args.search:
        result.search["edit_rewritten_bundles"] = rewritten(bundles, bundle_mtimes(outdir))

    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("(case ", "(revised case ", 3), encoding="utf-8")
    result.edit_question = incremental(
        ext, outdir, lambda out: "revised case" in _page(out, docname)
    )

    added = target.with_name("an-added-article.md")
    added_text = text.replace(target.stem, "an-added-article").replace("(case ", "(added case ", 3)
    added.write_text(added_text.replace("\nid: ", "\nid: 9", 1), encoding="utf-8")
    added_doc = _docname(added, content)
    subject_dir = added_doc.split("/questions/")[0]

    def listed(out: Path) -> bool:
        """True if a page of the subject's listing (paged listings: any page) shows it."""
        pages = [out / subject_dir / "index.html", *(out / subject_dir).glob("page-*.html")]
        return any("added case" in page.read_text(encoding="utf-8") for page in pages)

    def has_added(out: Path) -> bool:
        sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
        return listed(out) and "an-added-article" in sitemap

    result.add = incremental(ext, outdir, has_added)
    added.unlink()

    def lost_added(out: Path) -> bool:
        sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
        return not listed(out) and "an-added-article" not in sitemap

    result.delete = incremental(ext, outdir, lost_added)
    clean = ext / "_clean"
    shutil.rmtree(clean, ignore_errors=True)
    rss.append(sphinx(ext, clean).rss_mb)
    result.identical = compare_trees(outdir, clean)
    shutil.rmtree(clean)

    for jobs in args.jobs:
        times = []
        for _ in range(repeat):
            parallel = ext / f"_j{jobs}"
            shutil.rmtree(parallel, ignore_errors=True)
            run = sphinx(ext, parallel, jobs=jobs)
            times.append(run.seconds)
            rss.append(run.rss_mb)
            shutil.rmtree(parallel)
        result.jobs[jobs] = statistics.median(times)

    if count <= args.guides_max:
        guides = ext / "_guides"
        run = sphinx(ext, guides, builder="studyguide")
        result.guides_full = run.seconds
        rss.append(run.rss_mb)
        before = _guide_files(guides)
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace(EDITED, EDITED + " Again."), encoding="utf-8")
        result.guides_edit = sphinx(ext, guides, builder="studyguide").seconds
        after = _guide_files(guides)
        result.guides_rebuilt = sorted(n for n, t in after.items() if before.get(n) != t)
    result.peak_rss_mb = max(rss)
    return result


def machine() -> dict[str, str]:
    """Where the benchmark ran."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sphinx as sphinx_module

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "sphinx": sphinx_module.__version__,
        "system": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs at 1,000 articles or fewer")
    parser.add_argument("--large-repeat", type=int, default=1, help="runs above 1,000")
    parser.add_argument("--jobs", nargs="*", default=["2", "3"], help="-j values to time")
    parser.add_argument("--guides-max", type=int, default=1000, help="largest size for guides")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    parser.add_argument("--work", help="keep the generated projects in this folder")
    parser.add_argument("--content", help="measure this content folder instead (copied first)")
    parser.add_argument(
        "--no-search", dest="search", action="store_false", help="skip the search figures"
    )
    parser.add_argument(
        "--real-sized", action="store_true", help="real articles' text, cycled (see above)"
    )
    args = parser.parse_args()
    if args.content:
        args.sizes = [0]
    started = datetime.now(UTC)
    sizes: dict[str, dict] = {}
    for count in args.sizes:
        repeat = args.repeat if count <= 1000 else args.large_repeat
        with tempfile.TemporaryDirectory(dir=args.work) as tmp:
            result = measure_size(count, repeat, Path(tmp), args)
        sizes[str(result.articles)] = asdict(result)
        print(f"measured {result.articles} articles", file=sys.stderr, flush=True)
    data = {
        "started": started.isoformat(timespec="seconds"),
        "minutes": round((datetime.now(UTC) - started).total_seconds() / 60, 1),
        "command": "python benchmarks/run.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "sizes": sizes,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(data, indent=2) + "\n")
    table = render(data)
    (out / "latest.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
