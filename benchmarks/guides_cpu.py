"""Study-guide build of two code trees on the same benchmark library: wall and CPU time.

CPU time (user + system of the build process) stays meaningful on a shared, busy machine
where wall time does not. Each tree builds the guides from scratch, then again after one
answer is edited; the trees alternate (A B B A ...) so a drift in load hits both alike.

    python benchmarks/guides_cpu.py /path/to/old-checkout /path/to/new-checkout --size 1000
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate
from run import EDITED, EXTENSION_CONF, INDEX, THEME_CONF


def build(code: Path, srcdir: Path, outdir: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``studyguide`` build with the extension from ``code``."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "studyguide", "-j", "1"]
    command += ["-d", str(outdir / ".doctrees"), str(srcdir), str(outdir)]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"studyguide build failed with {code}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs=2, type=Path, help="code trees: before and after")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1, help="A B (B A) pairs")
    args = parser.parse_args()
    results: dict[int, dict[str, list[tuple[float, float]]]] = {0: {}, 1: {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        content = work / "content"
        paths = generate(content, args.size)
        srcdir = work / "project"
        srcdir.mkdir()
        conf = EXTENSION_CONF.format(content=str(content)) + THEME_CONF
        (srcdir / "conf.py").write_text(conf)
        (srcdir / "index.md").write_text(INDEX)
        target = paths[len(paths) // 2]
        original = target.read_text(encoding="utf-8")
        end = original.index("\nsubject:")
        order = [index for r in range(args.rounds) for index in ((0, 1) if r % 2 == 0 else (1, 0))]
        for index in order:
            outdir = work / f"out-{index}"
            shutil.rmtree(outdir, ignore_errors=True)
            target.write_text(original, encoding="utf-8")
            full = build(args.trees[index], srcdir, outdir)
            target.write_text(original[:end] + EDITED + original[end:], encoding="utf-8")
            edit = build(args.trees[index], srcdir, outdir)
            results[index].setdefault("full", []).append(full)
            results[index].setdefault("edit", []).append(edit)
            print(f"{args.trees[index]}: full {full}, edit {edit}", file=sys.stderr, flush=True)
        target.write_text(original, encoding="utf-8")
    for kind in ("full", "edit"):
        before = [statistics.median(v) for v in zip(*results[0][kind], strict=True)]
        after = [statistics.median(v) for v in zip(*results[1][kind], strict=True)]
        print(
            f"guides {kind}: wall {before[0]:.1f} s -> {after[0]:.1f} s "
            f"({after[0] / before[0]:.2f}x); CPU {before[1]:.1f} s -> {after[1]:.1f} s "
            f"({after[1] / before[1]:.2f}x)"
        )


if __name__ == "__main__":
    main()
