"""Two checkouts of the package, one library: full builds alternated, CPU time compared.

Shows what a change (a refactor, say) does to build time: the same generated library is built
with the package imported from ``--old`` and from ``--new`` in turn, so a busy machine slows
both alike::

    git worktree add /tmp/old <commit>
    python benchmarks/compare_trees.py --old /tmp/old --new . --count 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate
from feature_cost import timed_build
from run import extension_project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, type=Path, help="checkout of the old code")
    parser.add_argument("--new", required=True, type=Path, help="checkout of the new code")
    parser.add_argument("--count", type=int, default=1000, help="articles to generate")
    parser.add_argument("--repeat", type=int, default=3, help="pairs of builds")
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE settings")
    args = parser.parse_args()
    cpu: dict[str, list[float]] = {"old": [], "new": []}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        generate(work / "content", args.count)
        srcdir = extension_project(work / "content", work)
        for _ in range(args.repeat):
            for label in ("old", "new"):
                env = {**os.environ, "PYTHONPATH": str(getattr(args, label).resolve())}
                seconds, _ = timed_build(srcdir, work / "_build", args.set, env)
                cpu[label].append(seconds)
    old, new = statistics.median(cpu["old"]), statistics.median(cpu["new"])
    print(f"old: CPU {old:.1f} s {cpu['old']}; new: CPU {new:.1f} s {cpu['new']}")
    print(f"new / old: {new / old:.3f} (median of {args.repeat} pairs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
