"""Build-time benchmark: sphinx-quicktakes against plain Sphinx on the same pages.

Plain Sphinx builds the pages written by ``sphinx-quicktakes convert`` with only myst-parser
and sphinx-design; the extension builds the same library from the article files. Both run in
fresh processes on the same machine in the same run; the figures are wall-clock seconds and
the ratio extension / plain.

    python benchmarks/bench_build.py --content ../shared/real-sample --repeat 1
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EXTENSION_CONF = """
project = "Benchmark"
extensions = ["sphinx_quicktakes"]
quicktakes_content_dir = {content!r}
quicktakes_base_url = "https://example.org/"
quicktakes_html_guides = {guides}
"""
INDEX = "# Benchmark\n\n```{toctree}\nlearn/index\n```\n"


def sphinx(srcdir: Path, outdir: Path, jobs: int) -> float:
    """Seconds taken by one ``sphinx-build -b html`` run."""
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        "html",
        "-j",
        str(jobs),
        str(srcdir),
        str(outdir),
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def plain_project(content: Path, work: Path) -> Path:
    srcdir = work / "plain"
    subprocess.run(
        [sys.executable, "-m", "sphinx_quicktakes", "convert", str(content), str(srcdir)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return srcdir


def extension_project(content: Path, work: Path, guides: bool) -> Path:
    srcdir = work / ("guides" if guides else "extension")
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(EXTENSION_CONF.format(content=str(content), guides=guides))
    (srcdir / "index.md").write_text(INDEX)
    return srcdir


def measure(srcdir: Path, repeat: int, jobs: int) -> tuple[float, float]:
    """(full build, no-change rebuild) medians in seconds."""
    full, noop = [], []
    for _ in range(repeat):
        outdir = srcdir / "_build"
        shutil.rmtree(outdir, ignore_errors=True)
        full.append(sphinx(srcdir, outdir, jobs))
        noop.append(sphinx(srcdir, outdir, jobs))
    return statistics.median(full), statistics.median(noop)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default=str(ROOT / "content"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--guides", action="store_true", help="also time the build with guides")
    args = parser.parse_args()
    content = Path(args.content).resolve()
    count = len(list(content.rglob("*.md")))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plain = measure(plain_project(content, work), args.repeat, args.jobs)
        rows = [("plain Sphinx (converted pages)", plain)]
        rows.append(
            (
                "sphinx-quicktakes",
                measure(extension_project(content, work, False), args.repeat, args.jobs),
            )
        )
        if args.guides:
            rows.append(
                (
                    "sphinx-quicktakes + guides",
                    measure(extension_project(content, work, True), args.repeat, args.jobs),
                )
            )
    print(f"{count} article files from {content}; -j {args.jobs}; median of {args.repeat}")
    print(f"{'build':34} {'full s':>8} {'ratio':>6} {'no-op s':>8} {'ratio':>6}")
    for name, (full, noop) in rows:
        print(f"{name:34} {full:8.2f} {full / plain[0]:6.2f} {noop:8.2f} {noop / plain[1]:6.2f}")


if __name__ == "__main__":
    main()
