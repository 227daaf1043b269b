"""Hash every output file of reference builds, to show a change leaves the output identical.

Builds the demo site, the test roots and (when present) the real sample with several builders,
then writes one SHA-256 per output file. ``--compare OLD NEW`` lists what differs::

    python scripts/output_digest.py --out before.json          # on the old tree
    python scripts/output_digest.py --out after.json           # on the new tree
    python scripts/output_digest.py --compare before.json after.json

Files that hold the build's own bookkeeping (doctrees, ``.buildinfo``, the environment
pickle and the extension's caches) are left out; ``SOURCE_DATE_EPOCH`` fixes dates. An EPUB
is hashed member by member, without its modification date. Pagefind's bundle is left out:
its file names and chunks differ from one run to the next for the same pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SKIPPED_PARTS = {".doctrees", "__pycache__", ".quicktakes-cache", "_pagefind"}
MODIFIED = re.compile(rb'<meta property="dcterms:modified">[^<]*</meta>')
SKIPPED_NAMES = {".buildinfo", ".buildinfo.bak", "environment.pickle"}


def reference_builds(with_guides: bool) -> list[tuple[str, Path, list[str], list[str]]]:
    """(name, source dir, builders, extra -D settings) for every reference build."""
    guides = ["studyguide"] if with_guides else []
    builds = [("demo", ROOT / "docs", ["html", *guides], [])]
    for root in sorted((ROOT / "tests" / "roots").glob("test-*")):
        settings = []
        if root.name == "test-content":
            settings = [f"quicktakes_content_dir={ROOT / 'content'}"]
        builds.append((root.name, root, ["html", "dirhtml", "epub"], settings))
    sample = SHARED / "real-sample"
    if sample.is_dir():
        settings = [f"quicktakes_content_dir={sample}", "quicktakes_html_guides=0"]
        builds.append(
            ("real-sample", ROOT / "tests" / "roots" / "test-content", ["html"], settings)
        )
    return builds


def digest_tree(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every kept file under ``folder``."""
    digests = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or SKIPPED_PARTS & set(relative.parts):
            continue
        if path.name in SKIPPED_NAMES:
            continue
        if path.suffix == ".epub":
            digests.update(_epub_digests(path, relative.as_posix()))
        else:
            digests[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def _epub_digests(path: Path, name: str) -> dict[str, str]:
    """``name!member`` -> SHA-256 of every member, the modification date blanked."""
    with zipfile.ZipFile(path) as archive:
        return {
            f"{name}!{member}": hashlib.sha256(MODIFIED.sub(b"", archive.read(member))).hexdigest()
            for member in sorted(archive.namelist())
        }


def build_all(with_guides: bool) -> dict[str, str]:
    """Run every reference build in a scratch folder and hash its outputs."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONHASHSEED": "0"}
    env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{env.get('PYTHONPATH', '')}"
    digests: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, original, builders, settings in reference_builds(with_guides):
            # Build a copy: the extension writes its pages into the source folder.
            source = Path(scratch) / "sources" / name / original.name
            shutil.copytree(original, source, ignore=shutil.ignore_patterns("_build", "learn"))
            if name == "demo":  # the docs read ../content and ../benchmarks/results
                shutil.copytree(ROOT / "content", source.parent / "content")
                shutil.copytree(
                    ROOT / "benchmarks" / "results", source.parent / "benchmarks" / "results"
                )
            for builder in builders:
                out = Path(scratch) / name / builder
                doctrees = Path(scratch) / name / f"{builder}.doctrees"
                command = [sys.executable, "-m", "sphinx", "-q", "-b", builder, "-d", str(doctrees)]
                command += [str(source), str(out)]
                command += [arg for setting in settings for arg in ("-D", setting)]
                print(f"building {name} ({builder})", file=sys.stderr, flush=True)
                subprocess.run(command, env=env, check=True, cwd=ROOT)
                for path, digest in digest_tree(out).items():
                    digests[f"{name}/{builder}/{path}"] = digest
    return digests


def compare(old_file: Path, new_file: Path) -> int:
    """Print what differs between two digests; exit 1 when anything does."""
    old = json.loads(old_file.read_text())
    new = json.loads(new_file.read_text())
    changed = sorted(path for path in old.keys() & new.keys() if old[path] != new[path])
    removed = sorted(old.keys() - new.keys())
    added = sorted(new.keys() - old.keys())
    for label, paths in (("changed", changed), ("only in old", removed), ("only in new", added)):
        for path in paths:
            print(f"{label}: {path}")
    differ = len(changed) + len(removed) + len(added)
    print(f"{len(old)} files before, {len(new)} after; {differ} differ")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="where to write the digest (JSON)")
    parser.add_argument("--no-guides", action="store_true", help="skip the studyguide build")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if not args.out:
        parser.error("--out or --compare is required")
    digests = build_all(with_guides=not args.no_guides)
    args.out.write_text(json.dumps(digests, indent=1, sort_keys=True))
    print(f"{len(digests)} files hashed into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
