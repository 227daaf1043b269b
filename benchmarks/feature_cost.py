"""What one option adds to a full build: builds with it off and on, alternated, CPU time.

Generates the benchmark library (or copies ``--content``), then runs full ``html`` builds of
the same project with ``-D OPTION=OFF`` and ``-D OPTION=ON`` in turn, so a busy machine slows
both alike. CPU time (user + system of the build process) is the figure; wall time is shown
too; the fastest build of each side is compared as well, since a busy machine only ever adds
time. Example, the flashcards pages on 1,000 articles::

    python benchmarks/feature_cost.py --option quicktakes_flashcards --count 1000 --repeat 3

``--flashcards`` also reports, from the last build with the option on, the flashcards pages,
their largest card count and the notes of each Anki deck (build decks with
``--set quicktakes_html_guides=1 --set quicktakes_guide_formats=apkg``); with
``--subject-size 5000 --count 5000`` it checks one subject of 5,000 questions.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate, real_fields
from run import REAL_SAMPLE, extension_project


def timed_build(
    srcdir: Path, outdir: Path, settings: list[str], env: dict[str, str] | None = None
) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one full html build in a fresh process."""
    shutil.rmtree(outdir, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html"]
    command += [arg for setting in settings for arg in ("-D", setting)]
    command += ["-d", str(outdir / ".doctrees"), str(srcdir), str(outdir)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    errors = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"sphinx-build failed:\n{errors[-4000:]}")
    return usage.ru_utime + usage.ru_stime, wall


def flashcards_report(outdir: Path) -> list[str]:
    """Flashcards pages, their largest card count, and the notes of every Anki deck."""
    counts = [
        len(re.findall(r'<details class="[^"]*quicktakes-flashcard', path.read_text()))
        for path in outdir.glob("learn/*/flashcards*.html")
    ]
    most = max(counts, default=0)
    lines = [f"flashcards pages: {len(counts)}, cards: {sum(counts)}, most on a page: {most}"]
    for deck in sorted(outdir.rglob("*.apkg")):
        with zipfile.ZipFile(deck) as archive, tempfile.TemporaryDirectory() as scratch:
            name = (
                "collection.anki21"
                if "collection.anki21" in archive.namelist()
                else "collection.anki2"
            )
            database = Path(archive.extract(name, scratch))
            with sqlite3.connect(database) as connection:
                (notes,) = connection.execute("select count(*) from notes").fetchone()
        lines.append(f"deck {deck.name}: {notes} notes, {deck.stat().st_size / 1e6:.1f} MB")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--option", required=True, help="e.g. quicktakes_flashcards")
    parser.add_argument("--off", default="0", help="its value for the base build")
    parser.add_argument("--on", default="1", help="its value for the measured build")
    parser.add_argument("--count", type=int, default=1000, help="articles to generate")
    parser.add_argument("--content", help="measure this content folder instead")
    parser.add_argument("--repeat", type=int, default=3, help="pairs of builds")
    parser.add_argument("--set", action="append", default=[], help="extra NAME=VALUE settings")
    parser.add_argument("--subject-size", type=int, default=250, help="articles per subject")
    parser.add_argument("--flashcards", action="store_true", help="report flashcards and decks")
    parser.add_argument("--real-sized", action="store_true", help="real articles' text, cycled")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        content = work / "content"
        if args.content:
            shutil.copytree(args.content, content)
        else:
            real = real_fields(REAL_SAMPLE) if args.real_sized else ()
            generate(content, args.count, subject_size=args.subject_size, real=real)
        srcdir = extension_project(content, work)
        runs: dict[str, list[tuple[float, float]]] = {"off": [], "on": []}
        for _ in range(args.repeat):
            for label, value in (("off", args.off), ("on", args.on)):
                settings = [f"{args.option}={value}", *args.set]
                runs[label].append(timed_build(srcdir, work / "_build", settings))
        report = flashcards_report(work / "_build") if args.flashcards else []
    cpu = {label: statistics.median(r[0] for r in found) for label, found in runs.items()}
    best = {label: min(r[0] for r in found) for label, found in runs.items()}
    wall = {label: statistics.median(r[1] for r in found) for label, found in runs.items()}
    for label in ("off", "on"):
        value = getattr(args, label)
        print(f"{args.option}={value}: CPU {cpu[label]:.1f} s, wall {wall[label]:.1f} s")
    print(*report, sep="\n")
    print(f"added CPU: {cpu['on'] / cpu['off'] - 1:+.1%} (median of {args.repeat} pairs)")
    # A shared machine only ever adds time: the fastest build of each side is the least noisy.
    print(f"added CPU, fastest of each: {best['on'] / best['off'] - 1:+.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
