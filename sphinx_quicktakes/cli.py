"""The ``sphinx-quicktakes`` command: ``check``, ``convert``, ``init``, and the sharded
build's ``build``, ``plan``, ``shard`` and ``assemble``."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from sphinx_quicktakes.articles import build_library
from sphinx_quicktakes.articles.library import IGNORED_NAMES
from sphinx_quicktakes.articles.rules import LIBRARY_ROOT, SORT_ORDERS
from sphinx_quicktakes.config import NAVIGATION_LEVELS, QuickTakesConfig
from sphinx_quicktakes.gc_policy import collect_for_batch_builds
from sphinx_quicktakes.outputs import atomic_write
from sphinx_quicktakes.pages import PageBuilder, PageSettings
from sphinx_quicktakes.shards import run as shard_run
from sphinx_quicktakes.shards.assemble import assemble
from sphinx_quicktakes.shards.plan import Plan, SphinxOptions, make_plan
from sphinx_quicktakes.version import __version__
from sphinx_quicktakes.writer import sync_pages

EJECT_CONF = '''"""Sphinx configuration for pages written by ``sphinx-quicktakes convert``."""

project = "Library"
extensions = ["myst_parser", "sphinx_design"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
exclude_patterns = ["_build"]
'''
EJECT_INDEX = "# Library\n\n```{toctree}\n:maxdepth: 1\n\nlearn/index\n```\n"


def templates_dir() -> Path:
    """The ``conf_templates`` folder, inside the wheel or beside the package in a checkout."""
    packaged = Path(__file__).parent / "conf_templates"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "conf_templates"


def cmd_check(args: argparse.Namespace) -> int:
    """Report every problem of a content folder; exit 1 if an article is rejected."""
    folder = Path(args.content_dir)
    library = build_library(folder, ignore=IGNORED_NAMES)
    problems = library.problems + library.unlinked_related(folder, args.base_url)
    rejected = sum(1 for problem in problems if problem.fatal)
    if args.format == "json":
        report = {
            "articles": len(library.articles),
            "subjects": {slug: len(s.docnames) for slug, s in library.subjects.items()},
            "rejected": rejected,
            "problems": [
                {
                    "path": p.path,
                    "line": p.line,
                    "type": f"quicktakes.{p.subtype}",
                    "message": p.message,
                    "skipped": p.fatal,
                }
                for p in problems
            ],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            f"{len(library.articles)} articles in {len(library.subjects)} subjects; "
            f"{rejected} files skipped, {len(problems)} problems."
        )
    return 1 if rejected else 0


def cmd_convert(args: argparse.Namespace) -> int:
    """Write the MyST pages of a content folder; they build with plain myst-parser."""
    folder, out = Path(args.content_dir), Path(args.out_dir)
    library = build_library(folder, sort=args.sort, ignore=IGNORED_NAMES)
    for problem in library.problems:
        print(problem, file=sys.stderr)
    options = QuickTakesConfig(
        base_url=args.base_url,
        library_title=args.title,
        sort=args.sort,
        html_navigation=args.navigation,
        subject_page_size=max(args.subject_page_size, 0),
    )
    settings = PageSettings.from_options(options, args.language, extension_directives=False)
    result = sync_pages(out / LIBRARY_ROOT, PageBuilder(library, settings).files())
    for relpath, reason in result.refused:
        print(f"{out / LIBRARY_ROOT / relpath}: not written: {reason}", file=sys.stderr)
    for name, text in (("conf.py", EJECT_CONF), ("index.md", EJECT_INDEX)):
        if not (out / name).exists():
            atomic_write(out / name, text.encode("utf-8"))
    print(
        f"{len(result.written)} pages written, {len(result.unchanged)} unchanged, "
        f"{len(result.removed)} removed in {out / LIBRARY_ROOT}"
    )
    return 1 if result.refused else 0


def cmd_init(args: argparse.Namespace) -> int:
    """Create a new site from the templates; it builds at once with sphinx-build."""
    target = Path(args.dir)
    source = templates_dir()
    files = [path for path in sorted(source.rglob("*")) if path.is_file()]
    clashes = [
        target / path.relative_to(source)
        for path in files
        if (target / path.relative_to(source)).exists()
    ]
    if clashes:
        print(f"not overwriting existing files: {', '.join(map(str, clashes))}", file=sys.stderr)
        return 1
    for path in files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    build_dir = target / "_build" / "html"
    print(f"Created a site in {target}. Build it with: sphinx-build {target} {build_dir}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build a project as shards in parallel processes and assemble one site."""
    out = Path(args.out_dir).resolve()
    work = Path(args.work).resolve() if args.work else shard_run.default_work(out)
    source = Path(args.source_dir).resolve()
    sphinx = _sphinx_options(args)
    if sphinx is None:
        return 2
    return shard_run.build(
        source, out, args.builder, args.jobs, args.shards, work, sphinx, args.link, args.verbose
    )


def cmd_plan(args: argparse.Namespace) -> int:
    """Print the shards of a project (and keep the plan's reader cache in the work folder)."""
    source = Path(args.source_dir).resolve()
    work = Path(args.work).resolve()
    sphinx = _sphinx_options(args)
    if sphinx is None:
        return 2
    plan = make_plan(source, work, args.shards, sphinx=sphinx, readers=args.jobs)
    if args.format == "json":
        print(plan.to_json())
    else:
        for shard in plan.shards:
            print(f"{shard.name}: {shard.articles} articles: {', '.join(shard.subjects)}")
    return 0


def cmd_shard(args: argparse.Namespace) -> int:
    """Build one shard of a plan (``site``: the site shard, after every other shard)."""
    plan_path = Path(args.plan)
    work = Path(args.work).resolve() if args.work else plan_path.resolve().parent
    return shard_run.build_one(plan_path, args.name, work, args.builder, args.jobs, args.quiet)


def cmd_assemble(args: argparse.Namespace) -> int:
    """Build the site shard from the shards' records, then join every shard into one site."""
    plan_path = Path(args.plan)
    plan = Plan.from_json(plan_path.read_text("utf-8"))
    work = Path(args.work).resolve() if args.work else plan_path.resolve().parent
    status = shard_run.run_site(plan, plan_path, work, args.builder, args.verbose)
    if status != 0:
        return status
    copied, removed = assemble(plan, work, Path(args.out_dir).resolve(), args.builder, args.link)
    print(f"assembled {args.out_dir}: {copied} files copied, {removed} removed")
    return 0


def _sphinx_options(args: argparse.Namespace) -> SphinxOptions | None:
    """The Sphinx options of a command line; None (after saying why) when one is wrong."""
    try:
        return SphinxOptions.parse(
            args.define, args.tags, args.warnings_are_errors, args.keep_going
        )
    except ValueError as error:
        print(error, file=sys.stderr)
        return None


def _sphinx_arguments(command: argparse.ArgumentParser) -> None:
    """``sphinx-build``'s options that every shard is built with (kept in the plan)."""
    command.add_argument(
        "-D",
        dest="define",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a configuration value",
    )
    command.add_argument(
        "-t",
        dest="tags",
        action="append",
        default=[],
        metavar="TAG",
        help="define a tag for 'only' blocks and conf.py",
    )
    command.add_argument(
        "-W",
        dest="warnings_are_errors",
        action="store_true",
        help="turn warnings into errors: a shard with a warning fails",
    )
    command.add_argument("--keep-going", action="store_true",
                         help="with -W, report every warning before failing")  # fmt: skip


def _sharding_options(command: argparse.ArgumentParser, work_help: str) -> None:
    command.add_argument("-b", dest="builder", default="html", choices=("html", "dirhtml"))
    command.add_argument("--work", default="", help=work_help)


def _verbose_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-v", dest="verbose", action="store_true", help="show each shard's Sphinx progress"
    )


def _link_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--link", action="store_true", help="hard-link the shards' files into OUT_DIR instead "
        "of copying them (fast; then never edit OUT_DIR's files in place)"
    )  # fmt: skip


def parser() -> argparse.ArgumentParser:
    """The argument parser of the command."""
    main_parser = argparse.ArgumentParser(
        prog="sphinx-quicktakes", description="Publish QuickTakes articles with Sphinx."
    )
    main_parser.add_argument("--version", action="version", version=__version__)
    commands = main_parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="report every problem in a content folder")
    check.add_argument("content_dir")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--base-url", default="", help="site root; related links outside resolve to it"
    )
    check.set_defaults(func=cmd_check)

    convert = commands.add_parser("convert", help="write the MyST pages without building")
    convert.add_argument("content_dir")
    convert.add_argument("out_dir")
    convert.add_argument("--base-url", default="", help="site root for links outside the library")
    convert.add_argument("--language", default=None, help="language of dates (e.g. fr)")
    convert.add_argument("--title", default="Library", help="title of the library index")
    convert.add_argument("--sort", default=QuickTakesConfig.sort, choices=SORT_ORDERS)
    convert.add_argument(
        "--navigation",
        default="library",
        choices=NAVIGATION_LEVELS,
        help="what HTML navigation lists: the library index, its subjects, or every article",
    )
    convert.add_argument(
        "--subject-page-size",
        type=int,
        default=QuickTakesConfig.subject_page_size,
        help="cards per subject listing page (0: one page per subject)",
    )
    convert.set_defaults(func=cmd_convert)

    init = commands.add_parser("init", help="create a new site with a sample article")
    init.add_argument("dir")
    init.set_defaults(func=cmd_init)

    build = commands.add_parser("build", help="build the site as shards, then assemble it")
    build.add_argument("source_dir", help="the folder holding conf.py")
    build.add_argument("out_dir", help="where the site is written")
    build.add_argument("-j", dest="jobs", type=int, default=1, help="shards built at once")
    build.add_argument("--shards", type=int, default=0, help="shard count (default: by size)")
    _sharding_options(build, "shard folders (default: OUT_DIR.shards beside OUT_DIR)")
    _link_option(build)
    _verbose_option(build)
    _sphinx_arguments(build)
    build.set_defaults(func=cmd_build)

    plan = commands.add_parser("plan", help="print the shards of a sharded build")
    plan.add_argument("source_dir", help="the folder holding conf.py")
    plan.add_argument("--shards", type=int, default=0, help="shard count (default: by size)")
    plan.add_argument("--format", choices=("text", "json"), default="text")
    plan.add_argument("-j", dest="jobs", type=int, default=1, help="processes reading articles")
    plan.add_argument(
        "--work", default="quicktakes-shards", help="the shard folders, where the plan keeps "
        "the articles it read (default: quicktakes-shards)"
    )  # fmt: skip
    _sphinx_arguments(plan)
    plan.set_defaults(func=cmd_plan)

    shard = commands.add_parser("shard", help="build one shard of a plan")
    shard.add_argument("plan", help="the plan file (JSON from 'plan --format json')")
    shard.add_argument("name", help="the shard's name, or 'site' after every other shard")
    shard.add_argument("-j", dest="jobs", type=int, default=1, help="Sphinx processes")
    shard.add_argument("-q", dest="quiet", action="store_true",
                       help="print warnings and errors only, as sphinx-build -q")  # fmt: skip
    _sharding_options(shard, "shard folders (default: the plan file's folder)")
    shard.set_defaults(func=cmd_shard)

    join = commands.add_parser("assemble", help="build the site shard and join every shard")
    join.add_argument("plan", help="the plan file")
    join.add_argument("out_dir", help="where the site is written")
    _sharding_options(join, "shard folders (default: the plan file's folder)")
    _link_option(join)
    _verbose_option(join)
    join.set_defaults(func=cmd_assemble)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    collect_for_batch_builds()
    status: int = args.func(args)
    return status
