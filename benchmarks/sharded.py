"""The sharded build next to plain Sphinx, the one-project build and ``-j``, on one library.

Generates a library (``--real-sized``: real articles' text, so sizes match the real library),
then times, on the same machine in the same run:

- plain Sphinx on the same pages without the extension (the baseline of every ratio);
- the one-project ``sphinx-build``, serial and with ``-j``;
- ``sphinx-quicktakes build`` (sharded), full, no-change, and after one edited answer;

and checks that the sharded site equals the one-project site after the edit. Peak memory is
that of the largest single process (a shard, not the sum of them)::

    python benchmarks/sharded.py --count 3600 --real-sized --subject-size 900

``--sharded-only`` times the sharded path alone (for sizes where the one-project build takes
too long), ``--guides`` builds the study guides too (off otherwise), and ``--link`` assembles
with hard links. Each sharded run reports, in seconds from its start, when its plan, its
subject shards and its site shard with the assembly ended (``phases``); ``machine`` gives this
machine's file creation and Python speed at the start, since runs of the same code on other
days differ with both::

    python benchmarks/sharded.py --count 36000 --real-sized --subject-size 900 --sharded-only --link
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate, real_fields
from run import EDITED, extension_project, plain_project, sphinx
from search import REAL_SAMPLE, _descendants, peak_kb

ROOT = Path(__file__).resolve().parent.parent
#: A search bundle's manifest records how long indexing took and a digest of what the library
#: bundle was last indexed from (an incremental build keeps it while the indexed text is the
#: same); nothing else in it may differ.
TIMING = re.compile(rb'"(seconds|sources)": ("[0-9a-f]*"|[0-9.]+)')


@dataclass
class Timed:
    """One command: wall seconds, CPU seconds (all its processes), largest process's memory,
    and the wall seconds at which each phase of a sharded build ended."""

    seconds: float
    cpu: float
    rss_mb: float
    phases: dict[str, float] = field(default_factory=dict)


#: The runner's lines that end a phase (``sphinx-quicktakes build`` prints them as it goes):
#: the plan ends when the first shard starts, the subject shards when the site shard starts,
#: the site shard and the assembly when the site is assembled.
PHASE_ENDS = (
    ("plan", re.compile(r"^(shard-\d+|site): building$")),
    ("shards", re.compile(r"^site: building$")),
    ("assembled", re.compile(r"^assembled ")),
)


def _sample(root: int, running: threading.Event, peak: list[int]) -> None:
    """Keep in ``peak`` the largest peak resident size of ``root`` and its descendants.

    ``ru_maxrss`` of the children sees only the processes the command waited for, so a helper
    such as Pagefind, ended without being waited for, is missed; ``/proc`` sees every one.
    """
    while running.is_set():
        peak[0] = max([peak[0], *(peak_kb(pid) for pid in [root, *_descendants(root)])])
        time.sleep(0.2)


def _phases(stream: IO[bytes], start: float, phases: dict[str, float]) -> None:
    """Note in ``phases`` when each phase of a sharded build ended (its first ending line)."""
    for raw in stream:
        line = raw.decode("utf-8", "replace").rstrip()
        for name, pattern in PHASE_ENDS:
            if name not in phases and pattern.match(line):
                phases[name] = round(time.perf_counter() - start, 1)


def timed(command: list[str]) -> Timed:
    """Run ``command`` and measure it with its child processes."""
    start = time.perf_counter()
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}  # phase lines arrive as printed
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment
    )
    running, peak, phases = threading.Event(), [0], {}
    running.set()
    sampler = threading.Thread(target=_sample, args=(process.pid, running, peak), daemon=True)
    sampler.start()
    assert process.stdout is not None
    reader = threading.Thread(target=_phases, args=(process.stdout, start, phases), daemon=True)
    reader.start()
    errors: list[bytes] = []
    drain = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)
    drain.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    running.clear()
    sampler.join()
    reader.join()
    drain.join()
    if os.waitstatus_to_exitcode(status):
        error = b"".join(errors).decode("utf-8", "replace")
        raise SystemExit(f"failed: {' '.join(command)}\n{error[-4000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Timed(seconds, cpu, max(usage.ru_maxrss, peak[0]) / 1024, phases)


def machine_state(folder: Path, files: int = 2000) -> dict[str, float]:
    """What this machine's speed is today: milliseconds to create, write and close a 4 KB
    file (in ``folder``'s file system), and seconds of a fixed pure-Python loop. Runs of the
    same code differ with both, so the figures go beside every result."""
    folder.mkdir(parents=True)
    data = b"x" * 4096
    begin = time.perf_counter()
    for number in range(files):
        (folder / f"{number}.html").write_bytes(data)
    file_ms = (time.perf_counter() - begin) * 1000 / files
    shutil.rmtree(folder)
    begin = time.perf_counter()
    total = 0
    for number in range(3_000_000):
        total += number * number % 7
    return {"file_ms": round(file_ms, 3), "python_loop_s": round(time.perf_counter() - begin, 3)}


def sharded(srcdir: Path, out: Path, jobs: int, shards: int, link: bool = False) -> Timed:
    command = [sys.executable, "-m", "sphinx_quicktakes", "build", str(srcdir), str(out)]
    command += ["-j", str(jobs)] + (["--shards", str(shards)] if shards else [])
    return timed(command + (["--link"] if link else []))


def single(srcdir: Path, out: Path, jobs: int = 1) -> Timed:
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", str(jobs)]
    return timed([*command, "-d", str(out / ".doctrees"), str(srcdir), str(out)])


def tree(root: Path) -> dict[str, bytes]:
    files = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in names:
            path = Path(folder) / name
            files[path.relative_to(root).as_posix()] = TIMING.sub(b"", path.read_bytes())
    return files


def different(left: Path, right: Path) -> list[str]:
    a, b = tree(left), tree(right)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3600, help="articles to generate")
    parser.add_argument("--subject-size", type=int, default=900, help="articles a subject")
    parser.add_argument("--real-sized", action="store_true", help="real articles' text")
    parser.add_argument("--jobs", type=int, default=2, help="shards built at once")
    parser.add_argument("--shards", type=int, default=0, help="shard count (default: by size)")
    parser.add_argument("--sphinx-jobs", type=int, default=3, help="the one-project -j")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--sharded-only", action="store_true", help="time the sharded path only")
    parser.add_argument("--link", action="store_true", help="assemble with hard links")
    parser.add_argument("--guides", action="store_true", help="build the study guides too")
    args = parser.parse_args()
    if args.sharded_only:
        return sharded_only(args)
    real = real_fields(REAL_SAMPLE) if args.real_sized else ()
    figures: dict[str, object] = {"articles": args.count, "subject_size": args.subject_size}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        figures["machine"] = machine_state(work / "probe")
        generate(work / "content", args.count, subject_size=args.subject_size, real=real)
        plain = sphinx(plain_project(work / "content", work), work / "plain-out")
        srcdir = project(work, args.guides)
        one = single(srcdir, work / "single")
        parallel = single(srcdir, work / "parallel", args.sphinx_jobs)
        figures.update(sharded_runs(srcdir, work, args))
        single(srcdir, work / "single")
        figures.update(
            plain_seconds=plain.seconds,
            single=asdict(one),
            single_jobs=asdict(parallel),
            differences=different(work / "single", work / "sharded"),
        )
    ratio = {k: round(v["seconds"] / plain.seconds, 2) for k, v in figures.items()
             if isinstance(v, dict) and "seconds" in v}  # fmt: skip
    figures["ratios_to_plain_sphinx"] = ratio
    report(figures, args.out)
    return 1 if figures["differences"] else 0


def project(work: Path, guides: bool) -> Path:
    """The benchmark's project on ``work/content``; with ``guides``, study guides on (the
    extension's default) instead of off."""
    srcdir = extension_project(work / "content", work)
    if guides:
        conf = srcdir / "conf.py"
        conf.write_text(conf.read_text("utf-8").replace("quicktakes_html_guides = False\n", ""))
    return srcdir


def sharded_runs(srcdir: Path, work: Path, args: argparse.Namespace) -> dict[str, object]:
    """The sharded build into ``work/sharded``: full, no change, then one edited answer."""
    figures: dict[str, object] = {}
    for name in ("sharded", "sharded_noop", "sharded_edit"):
        if name == "sharded_edit":
            edited = min((work / "content").rglob("*.md"))
            text = edited.read_text(encoding="utf-8")
            edited.write_text(text.replace("\nsubject:", EDITED + "\nsubject:", 1), "utf-8")
        run = sharded(srcdir, work / "sharded", args.jobs, args.shards, args.link)
        figures[name] = asdict(run)
    plan = json.loads((work / "sharded.shards" / "plan.json").read_text())
    figures["shards"] = len(plan["shards"])
    return figures


def report(figures: dict[str, object], out: Path | None) -> None:
    """Print ``figures`` as JSON, and write them to ``out`` if given."""
    text = json.dumps(figures, indent=1)
    print(text)
    if out:
        out.write_text(text + "\n")


def sharded_only(args: argparse.Namespace) -> int:
    """The sharded build alone: full, no change, one edited answer."""
    real = real_fields(REAL_SAMPLE) if args.real_sized else ()
    figures: dict[str, object] = {"articles": args.count, "subject_size": args.subject_size}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        figures["machine"] = machine_state(work / "probe")
        generate(work / "content", args.count, subject_size=args.subject_size, real=real)
        figures.update(sharded_runs(project(work, args.guides), work, args))
    report(figures, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
