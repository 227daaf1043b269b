"""One shard as a Sphinx project: its folders, its source tree, its build.

A shard's source folder mirrors the project's (links to every entry but the generated
``learn/`` folder, the content and build folders); ``conf.py`` is read from the project
itself, so relative paths in it mean what they always mean. The extension writes the
shard's library pages into the mirror. Everything a shard writes is below its own folder.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from sphinx_quicktakes.articles.rules import LIBRARY_ROOT
from sphinx_quicktakes.outputs import read_json, write_json
from sphinx_quicktakes.shards.events import RECORDS_FILE, SITE_KEY_FILE
from sphinx_quicktakes.shards.plan import ENTRIES_FILE, Plan, SphinxOptions, project_options
from sphinx_quicktakes.shards.spec import SITE, ShardSpec
from sphinx_quicktakes.version import __version__

#: The logger every Sphinx logger descends from (``sphinx.util.logging.NAMESPACE``).
SPHINX_LOGGER = "sphinx"
#: In a shard's folder: the digest of the inputs of its last successful build.
MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class ShardFolders:
    """Where one shard keeps its source mirror, doctrees and output."""

    root: Path
    builder: str

    source_name: str = "src"

    @property
    def src(self) -> Path:
        """The mirrored source folder (named as the project's, beside its neighbours)."""
        return self.root / "tree" / self.source_name

    @property
    def doctrees(self) -> Path:
        """The shard's doctree folder (its Sphinx environment and caches)."""
        return self.root / "doctrees"

    @property
    def out(self) -> Path:
        """The shard's output folder."""
        return self.root / self.builder

    @property
    def records(self) -> Path:
        """The records of the shard's pages, for the site shard."""
        return self.doctrees / RECORDS_FILE

    @property
    def site_key(self) -> Path:
        """The digest of what the site shard takes from the shard's records."""
        return self.doctrees / SITE_KEY_FILE


def folders(work: Path, name: str, builder: str, source: Path | None = None) -> ShardFolders:
    """The folders of shard ``name`` in the work folder."""
    return ShardFolders(work / name, builder, source.name if source else "src")


def _skipped_entries(source: Path, work: Path, sphinx: SphinxOptions | None) -> set[Path]:
    content = (source / project_options(source, sphinx)["content_dir"]).resolve()
    return {content, work.resolve(), (source / LIBRARY_ROOT).resolve()}


def mirror_source(source: Path, src: Path, work: Path, sphinx: SphinxOptions | None = None) -> None:
    """Copy the project's own files into ``src``, beside links to its parent's other entries.

    Files are hard links where the file system allows (copies otherwise), so relative links
    and includes resolve inside the mirror, and ``..`` still reaches the project's
    neighbours. The content, generated, build and work folders are left out.
    """
    root = src.parent
    root.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.parent.iterdir()):
        link = root / entry.name
        if entry.name.startswith(".") or entry.resolve() == source.resolve():
            continue
        if not link.is_symlink():
            link.symlink_to(entry.resolve())
    files = _project_files(source, work, sphinx)
    wanted = {str(path.relative_to(source)): path for path in files}
    for folder, _, names in os.walk(src):
        for name in names:
            path = Path(folder) / name
            relative = path.relative_to(src)
            if relative.parts[0] != LIBRARY_ROOT and str(relative) not in wanted:
                path.unlink()
    for relpath, original in wanted.items():
        copy = src / relpath
        if _same_file(original, copy):
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.unlink(missing_ok=True)
        try:
            copy.hardlink_to(original)
        except OSError:
            shutil.copy2(original, copy)


def _same_file(original: Path, copy: Path) -> bool:
    try:
        a, b = original.stat(), copy.stat()
    except OSError:
        return False
    return (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev) or (
        a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns
    )


def _is_build_output(folder: Path) -> bool:
    """True for a Sphinx output or doctree folder (its pages are not sources)."""
    return (folder / ".buildinfo").is_file() or (folder / "environment.pickle").is_file()


def _project_files(source: Path, work: Path, sphinx: SphinxOptions | None) -> list[Path]:
    """Every file of the project that is not an article, a generated page or an output."""
    skipped = _skipped_entries(source, work, sphinx)
    found = []
    for root, dirs, files in os.walk(source):
        here = Path(root)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith((".", "_build")) and (here / d).resolve() not in skipped
            and not _is_build_output(here / d)
        )  # fmt: skip
        found += [here / name for name in sorted(files)]
    return found


def spec_of(plan: Plan, name: str, work: Path, builder: str) -> ShardSpec:
    """The ``quicktakes_shard`` value of shard ``name``."""
    entries = str((work / ENTRIES_FILE).resolve())
    if name == SITE:
        records = tuple(str(folders(work, s.name, builder).records) for s in plan.shards)
        return ShardSpec(SITE, frozenset(), entries, records)
    return ShardSpec(name, frozenset(plan.shard(name).subjects), entries)


def project_digest(plan: Plan, work: Path) -> str:
    """Digest of the path, size and mtime of every project file that is not an article or an
    output: what every shard reads besides the articles."""
    stats = []
    source = Path(plan.source)
    for path in _project_files(source, work, plan.sphinx):
        stat = path.stat()
        stats.append((str(path.relative_to(source)), stat.st_size, stat.st_mtime_ns))
    return hashlib.sha256(repr(stats).encode("utf-8", "surrogatepass")).hexdigest()


def _site_key(shard: ShardFolders) -> str:
    """What the site shard takes from ``shard``: its site key, else its records' digest."""
    try:
        return shard.site_key.read_text("ascii")
    except (OSError, ValueError):
        pass
    records = shard.records
    return hashlib.sha256(records.read_bytes()).hexdigest() if records.is_file() else ""


def inputs_key(plan: Plan, name: str, work: Path, builder: str, project: str) -> str:
    """Everything shard ``name``'s output is made from, as one digest (``project``: the
    :func:`project_digest`)."""
    parts: list[object] = [__version__, sys.version, builder, plan.library, project, plan.sphinx]
    if name == SITE:
        parts.append(plan.site)
        for shard in plan.shards:
            parts.append(_site_key(folders(work, shard.name, builder)))
    else:
        parts.append(plan.shard(name))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def is_current(shard: ShardFolders, key: str) -> bool:
    """True if the shard's last successful build had these inputs and its output is there."""
    return read_json(shard.root / MANIFEST_FILE) == key and shard.out.is_dir()


def build_shard(
    plan: Plan, name: str, work: Path, builder: str, jobs: int = 1, quiet: bool = False
) -> int:
    """Build shard ``name`` of ``plan`` unless its inputs are unchanged; the exit status.

    ``quiet`` prints warnings and errors only, as ``sphinx-build -q`` does, and Sphinx's
    progress messages are not even made (:func:`silence_progress`).
    """
    from sphinx.application import Sphinx  # imported on use: planning needs no Sphinx app

    source = Path(plan.source)
    shard = folders(work, name, builder, source)
    key = inputs_key(plan, name, work, builder, project_digest(plan, work))
    if is_current(shard, key):
        print(f"{name}: up to date")
        return 0
    (shard.root / MANIFEST_FILE).unlink(missing_ok=True)  # a failed build leaves none
    mirror_source(source, shard.src, work, plan.sphinx)
    spec = spec_of(plan, name, work, builder)
    options = plan.sphinx
    app = Sphinx(
        str(shard.src),
        str(source),
        str(shard.out),
        str(shard.doctrees),
        builder,
        confoverrides={**dict(options.define), "quicktakes_shard": spec.to_option()},
        status=None if quiet else sys.stdout,
        warning=sys.stderr,
        warningiserror=options.warnings_are_errors,
        tags=list(options.tags),
        parallel=jobs,
        keep_going=options.keep_going,
    )
    if quiet:
        silence_progress()
    app.build()
    if app.statuscode == 0:
        write_json(shard.root / MANIFEST_FILE, key)
    return app.statuscode


def silence_progress() -> None:
    """Drop Sphinx's messages below warnings where they are made.

    Quiet ``sphinx-build`` still formats every progress message (two for each page) into a
    buffer nobody reads.
    """
    logging.getLogger(SPHINX_LOGGER).setLevel(logging.WARNING)
