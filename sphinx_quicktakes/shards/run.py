"""Local runner: plan, build every shard in its own process, then assemble the site.

Each shard runs as ``python -m sphinx_quicktakes shard PLAN NAME``, the same command a CI
job matrix runs on other machines; a shard whose inputs did not change is not started.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sphinx_quicktakes import cache
from sphinx_quicktakes.outputs import read_json, write_if_changed, write_json
from sphinx_quicktakes.shards.assemble import assemble, is_assembled
from sphinx_quicktakes.shards.plan import (
    ARTICLES_PER_SHARD,
    PLAN_FILE,
    Plan,
    SphinxOptions,
    planned_library,
    project_options,
)
from sphinx_quicktakes.shards.project import (
    build_shard,
    folders,
    inputs_key,
    is_current,
    project_digest,
)
from sphinx_quicktakes.shards.replan import PlanIndex, replan, save_index
from sphinx_quicktakes.shards.spec import SITE

#: In the work folder: what the last plan was made from (files' sizes and times, options).
PLAN_KEY_FILE = "plan-key.json"


def default_work(out: Path) -> Path:
    """The work folder of a sharded build into ``out``: beside it, never inside the project's
    source folder (where ``sphinx-build`` would read the shards' mirrored pages)."""
    return out.parent / f"{out.name}.shards"


def current_plan(
    source_dir: Path, work: Path, shards: int, jobs: int, sphinx: SphinxOptions
) -> tuple[Plan, Path]:
    """The plan of the library as it is now, and its file.

    When no article file changed size or time and no option changed, the last plan is
    reused without reading an article; when only answers changed, it is updated without
    reading the library (:mod:`~sphinx_quicktakes.shards.replan`).
    """
    options = project_options(source_dir, sphinx)
    content = (source_dir / options["content_dir"]).resolve()
    settings = [options, shards, jobs, ARTICLES_PER_SHARD, sphinx]
    stats = cache.file_stats(content)
    key = cache.stats_fingerprint(content, stats, settings)
    plan_path = work / PLAN_FILE
    if read_json(work / PLAN_KEY_FILE) == key and plan_path.is_file():
        try:
            return Plan.from_json(plan_path.read_text("utf-8")), plan_path
        except ValueError:
            pass
    # The index belongs to this project where it is now: a plan names its source folder.
    index_key = repr([str(source_dir.resolve()), str(content), *settings])
    edited = replan(content, work, index_key, stats)
    if edited is not None:
        plan, index = edited
    else:
        plan, pages = planned_library(source_dir, work, shards, jobs, sphinx)
        index = PlanIndex(index_key, "", stats, pages)
    plan_json = plan.to_json()
    write_if_changed(plan_path, plan_json.encode("utf-8"))
    save_index(work, index, plan_json)
    write_json(work / PLAN_KEY_FILE, key)
    return plan, plan_path


def _command(plan_path: Path, name: str, work: Path, builder: str, verbose: bool) -> list[str]:
    return [sys.executable, "-m", "sphinx_quicktakes", "shard", str(plan_path), name,
            "--work", str(work), "-b", builder, *([] if verbose else ["-q"])]  # fmt: skip


def _is_current(plan: Plan, name: str, work: Path, builder: str, project: str) -> bool:
    return is_current(folders(work, name, builder), inputs_key(plan, name, work, builder, project))


def run_shards(
    plan: Plan,
    plan_path: Path,
    work: Path,
    builder: str,
    jobs: int,
    project: str,
    verbose: bool = False,
) -> tuple[int, int]:
    """Build the plan's stale shards, ``jobs`` processes at a time; (worst exit status,
    shards started). Only ``verbose`` shows each shard's Sphinx progress."""
    waiting = [s.name for s in plan.shards if not _is_current(plan, s.name, work, builder, project)]
    running: list[tuple[str, subprocess.Popen[bytes]]] = []
    status, started = 0, len(waiting)
    while waiting or running:
        while waiting and len(running) < max(jobs, 1):
            name = waiting.pop(0)
            print(f"{name}: building")
            command = _command(plan_path, name, work, builder, verbose)
            running.append((name, subprocess.Popen(command)))
        time.sleep(0.05)
        for item in list(running):
            code = item[1].poll()
            if code is not None:
                running.remove(item)
                print(f"{item[0]}: {'done' if code == 0 else f'failed ({code})'}")
                status = max(status, code)
    return status, started


def run_site(plan: Plan, plan_path: Path, work: Path, builder: str, verbose: bool = False) -> int:
    """Build the site shard in its own process, unless its inputs (every shard's records
    among them) are unchanged."""
    if _is_current(plan, SITE, work, builder, project_digest(plan, work)):
        return 0
    return _build_site(plan_path, work, builder, verbose)


def _build_site(plan_path: Path, work: Path, builder: str, verbose: bool) -> int:
    print(f"{SITE}: building")
    return subprocess.call(_command(plan_path, SITE, work, builder, verbose))


def build(
    source_dir: Path,
    out: Path,
    builder: str,
    jobs: int,
    shards: int,
    work: Path,
    sphinx: SphinxOptions | None = None,
    link: bool = False,
    verbose: bool = False,
) -> int:
    """Plan, build the shards and the site shard, assemble into ``out`` (hard links with
    ``link``); the exit status. Shards print only warnings unless ``verbose``."""
    plan, plan_path = current_plan(source_dir, work, shards, jobs, sphinx or SphinxOptions())
    project = project_digest(plan, work)
    status, started = run_shards(plan, plan_path, work, builder, jobs, project, verbose)
    if status == 0 and not _is_current(plan, SITE, work, builder, project):
        status = _build_site(plan_path, work, builder, verbose)
    elif status == 0 and not started and is_assembled(work, out):
        print(f"{out}: up to date")
        return 0
    if status != 0:
        print("a shard failed; the site was not assembled", file=sys.stderr)
        return status
    copied, removed = assemble(plan, work, out, builder, link)
    print(f"assembled {out}: {copied} files copied, {removed} removed")
    return 0


def build_one(
    plan_path: Path, name: str, work: Path, builder: str, jobs: int, quiet: bool = False
) -> int:
    """Build one shard of a plan file (``site``: the site shard)."""
    plan = Plan.from_json(plan_path.read_text("utf-8"))
    return build_shard(plan, name, work, builder, jobs, quiet)
