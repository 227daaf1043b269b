"""Read article files: a file -> validated :class:`Article` or located problems.

:mod:`~sphinx_quicktakes.articles.front_matter` parses a file,
:mod:`~sphinx_quicktakes.articles.fields` validates it, and
:mod:`~sphinx_quicktakes.articles.walk` finds the files of a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sphinx_quicktakes.articles.fields import validate
from sphinx_quicktakes.articles.front_matter import Rejected, parse_file
from sphinx_quicktakes.articles.model import Article, Problem
from sphinx_quicktakes.articles.walk import content_entries
from sphinx_quicktakes.articles.warning_types import QuickTakesWarning

#: Reads one file: (path, source) -> (article or None, problems).
ArticleReader = Callable[[Path, str], tuple[Article | None, list[Problem]]]

_NOT_REGULAR = "not a regular file (a broken link, a pipe or a device); skipped"
_OUTSIDE = "symbolic link leads outside the content folder; refused"


def read_article(path: Path, source: str) -> tuple[Article | None, list[Problem]]:
    """Read and validate one file; ``source`` names it in problems and on the article."""
    problems: list[Problem] = []
    try:
        matter = parse_file(path)
        if matter.removed:
            message = f"removed {matter.removed} control character(s); delete them from the file"
            problem = Problem(
                str(path), matter.first_removed_line, QuickTakesWarning.ENCODING, message, False
            )
            problems.append(problem)
        article = validate(matter, source, str(path), problems)
    except Rejected as rejected:
        line, subtype, message = rejected.problem
        problems.append(Problem(str(path), line, subtype, message, fatal=True))
        return None, problems
    return article, problems


def read_folder(
    folder: Path, ignore: Iterable[str] = (), read: ArticleReader | None = None
) -> Iterator[tuple[Article | None, list[Problem]]]:
    """Read every ``.md`` file :mod:`~sphinx_quicktakes.articles.walk` finds, in path order.

    Symbolic links (to files or folders) that lead outside ``folder``, and ``.md`` entries
    that are not regular files (pipes, devices, broken links), are refused with a problem.
    ``read`` reads one file (:func:`read_article` by default; a cache may answer instead).
    """
    read = read or read_article
    root = folder.resolve()
    for relative, entry in content_entries(folder, ignore):
        path = folder / relative
        if not entry.is_symlink():
            if entry.is_file(follow_symlinks=False):
                yield read(path, relative)
            else:
                yield None, [Problem(str(path), 1, QuickTakesWarning.PATH, _NOT_REGULAR)]
            continue
        real = path.resolve()
        if not real.is_relative_to(root):
            yield None, [Problem(str(path), 1, QuickTakesWarning.PATH, _OUTSIDE)]
        elif real.is_dir():
            continue  # a link to a folder inside: its files are read where they are
        elif not real.is_file():
            yield None, [Problem(str(path), 1, QuickTakesWarning.PATH, _NOT_REGULAR)]
        else:
            yield read(path, relative)


def article_files(folder: Path, ignore: Iterable[str] = ()) -> Iterator[tuple[Path, str]]:
    """(path, relative path) of the regular ``.md`` files :func:`read_folder` would read.

    Symbolic links are left out: :func:`read_folder` checks where they lead.
    """
    for relative, entry in content_entries(folder, ignore):
        if not entry.is_symlink() and entry.is_file(follow_symlinks=False):
            yield folder / relative, relative
