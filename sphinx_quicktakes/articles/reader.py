"""Read one article file: bytes -> front matter -> validated :class:`Article` or problems."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from sphinx_quicktakes.articles.decode import decode_answer
from sphinx_quicktakes.articles.model import Article, Problem, Related

#: Files larger than this are refused (a 2 MB answer is fine).
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Nodes allowed in one front matter (guards against huge or exploding documents).
MAX_YAML_NODES = 10_000
#: Nesting allowed in one front matter (libyaml's recursive composer crashes on deep input).
MAX_YAML_DEPTH = 32
#: Digits allowed in an ``id`` (a 64-bit integer).
MAX_ID_DIGITS = 18

_BOUNDARY = YAMLHandler.FM_BOUNDARY


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, with scalars it cannot convert kept as text for validation."""


def _lenient(construct: Any) -> Any:
    def construct_or_text(loader: Any, node: Any) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            return loader.construct_scalar(node)

    return construct_or_text


for _tag in ("timestamp", "int", "float", "bool"):
    _name = f"tag:yaml.org,2002:{_tag}"
    _Loader.add_constructor(_name, _lenient(_Loader.yaml_constructors[_name]))

#: Characters YAML refuses and XML cannot carry (C0/C1 controls but tab and newlines).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_RELATED_KEY = re.compile(r"^related_article(\d+)$")
_ID = re.compile(rf"-?\d{{1,{MAX_ID_DIGITS}}}")
#: A plain file name: no folders, no traversal, nothing a file system treats specially.
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")
_KNOWN_KEYS = frozenset(
    {
        "id", "subject", "question", "answer", "title", "article_title", "date",
        "date_format", "post_on_text", "seo", "author", "score", "file_name", "url",
        "no_index", "_schema",
    }
)  # fmt: skip
_EMPTY_BODY = re.compile(r"^(?:\s|&nbsp;|&#160;|&#xa0;)*$", re.IGNORECASE)


class _Reject(Exception):
    """The article cannot be published."""

    def __init__(self, line: int, subtype: str, message: str) -> None:
        super().__init__(message)
        self.problem = (line, subtype, message)


def read_article(path: Path, source: str) -> tuple[Article | None, list[Problem]]:
    """Read and validate one file; ``source`` names it in problems and on the article."""
    problems: list[Problem] = []
    try:
        article = _read(path, source, problems)
    except _Reject as reject:
        line, subtype, message = reject.problem
        problems.append(Problem(str(path), line, subtype, message, fatal=True))
        return None, problems
    return article, problems


def _read(path: Path, source: str, problems: list[Problem]) -> Article:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _Reject(
                1, "frontmatter", f"file is {size} bytes, over {MAX_FILE_BYTES}; split it"
            )
        data = path.read_bytes()
    except OSError as error:
        raise _Reject(1, "encoding", f"cannot read file: {error.strerror}") from None
    text = _decode(data)
    found = _CONTROL.search(text)
    first_line = text.count("\n", 0, found.start()) + 1 if found else 1
    text, removed = _CONTROL.subn("", text)
    fm_lines, body = _split(text)
    meta, removed_in_yaml = _clean(_load_yaml(fm_lines))
    if removed or removed_in_yaml:
        problems.append(
            Problem(
                str(path),
                first_line,
                "encoding",
                f"removed {removed + removed_in_yaml} control character(s); delete them "
                "from the file",
                fatal=False,
            )
        )
    return _validate(meta, fm_lines, body, source, str(path), problems)


def _clean(value: Any) -> tuple[Any, int]:
    """``value`` with control characters removed from every string in it, and their count."""
    if isinstance(value, str):
        return _CONTROL.subn("", value)
    if isinstance(value, dict):
        pairs = [(key, _clean(item)) for key, item in value.items()]
        return {key: item for key, (item, _) in pairs}, sum(count for _, (_, count) in pairs)
    if isinstance(value, list):
        items = [_clean(item) for item in value]
        return [item for item, _ in items], sum(count for _, count in items)
    return value, 0


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _Reject(
            line, "encoding", f"not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split(text: str) -> tuple[list[str], str]:
    if not text.strip():
        raise _Reject(1, "frontmatter", "empty file; an article needs a '---' front matter block")
    lines = text.split("\n")
    if not _BOUNDARY.match(lines[0]):
        raise _Reject(1, "frontmatter", "no front matter; the file must start with a '---' line")
    for index in range(1, len(lines)):
        if _BOUNDARY.match(lines[index]):
            return lines[1:index], "\n".join(lines[index + 1 :])
    raise _Reject(1, "frontmatter", "front matter is not closed; add a '---' line after it")


def _load_yaml(fm_lines: list[str]) -> dict[str, Any]:
    fm_text = "\n".join(fm_lines)
    try:
        _check_structure(fm_text)
        meta = yaml.load(fm_text, Loader=_Loader)  # a safe loader
    except yaml.MarkedYAMLError as error:
        # An unclosed quote or bracket is reported at the end of the text: name the line
        # where it opens instead.
        opened = error.context and ("quoted" in error.context or "flow" in error.context)
        mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
        line = 2 + (mark.line if mark else 0)
        raise _Reject(line, "yaml", f"invalid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise _Reject(2, "yaml", f"invalid YAML: {error}") from None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
        raise _Reject(2, "yaml", f"invalid YAML value: {error!s:.80}") from None
    if meta is None:
        raise _Reject(1, "frontmatter", "front matter is empty")
    if not isinstance(meta, dict):
        raise _Reject(2, "yaml", "front matter must be a mapping of 'key: value' lines")
    return meta


def _check_structure(fm_text: str) -> None:
    """Refuse YAML aliases (they can explode in size), deep nesting and oversized documents."""
    depth = 0
    for count, event in enumerate(yaml.parse(fm_text, Loader=_Loader), 1):
        line = 2 + (event.start_mark.line if event.start_mark else 0)
        if isinstance(event, yaml.AliasEvent):
            raise _Reject(line, "yaml", "YAML aliases ('*name') are not allowed in articles")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise _Reject(line, "yaml", f"front matter is nested over {MAX_YAML_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if count > MAX_YAML_NODES:
            raise _Reject(line, "yaml", f"front matter has over {MAX_YAML_NODES} YAML nodes")


def _key_line(fm_lines: list[str], key: str) -> int:
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for index, line in enumerate(fm_lines):
        if pattern.match(line):
            return index + 2
    return 1


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip()
    return None


def _validate(
    meta: dict[str, Any],
    fm_lines: list[str],
    body: str,
    source: str,
    where: str,
    problems: list[Problem],
) -> Article:
    def drop(key: str, message: str) -> None:
        problems.append(
            Problem(where, _key_line(fm_lines, key), "field", f"{message}; field dropped", False)
        )

    def text_field(key: str) -> str:
        value = meta.get(key)
        if value is None:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            drop(key, f"'{key}' must be text, not {type(value).__name__}")
            return ""
        return str(value).strip()

    article_id = meta.get("id")
    if isinstance(article_id, str) and _ID.fullmatch(article_id.strip()):
        article_id = int(article_id)
    if (
        not isinstance(article_id, int)
        or isinstance(article_id, bool)
        or len(str(abs(article_id))) > MAX_ID_DIGITS
    ):
        id_line = _key_line(fm_lines, "id")
        if article_id is None:
            raise _Reject(id_line, "required", "missing required field 'id' (an integer)")
        raise _Reject(
            id_line,
            "required",
            f"'id' must be an integer of up to {MAX_ID_DIGITS} digits, not {article_id!r:.40}",
        )
    subject = _text(meta.get("subject"))
    if not subject:
        raise _Reject(
            _key_line(fm_lines, "subject"), "required", "missing required field 'subject'"
        )
    answer = meta.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        raise _Reject(
            _key_line(fm_lines, "answer"), "required", "missing required field 'answer' (text)"
        )
    question = text_field("question")
    title = text_field("title")
    article_title = text_field("article_title")
    display = question or title or article_title
    if not display:
        raise _Reject(
            _key_line(fm_lines, "question"),
            "required",
            "missing required field 'question' (or 'title'); add the question text",
        )

    answer_text = decode_answer(answer.strip())
    extra = body.strip("\n")
    if not _EMPTY_BODY.match(extra):
        answer_text = f"{answer_text}\n\n{extra.strip()}"

    file_name = text_field("file_name")
    if file_name and not _FILE_NAME.fullmatch(file_name):
        plain = "a plain name such as what-is-x.md"
        drop("file_name", f"'file_name' must be {plain}, not {file_name!r:.60}")
        file_name = ""

    seo = meta.get("seo")
    seo_title = seo_description = ""
    keywords: tuple[str, ...] = ()
    if seo is not None and not isinstance(seo, dict):
        drop("seo", "'seo' must be a mapping of title, page_description, page_keywords")
        seo = None
    if isinstance(seo, dict):
        seo_title = _seo_text(seo, "title", drop)
        seo_description = _seo_text(seo, "page_description", drop)
        keywords = _keywords(seo.get("page_keywords"), drop)

    return Article(
        id=article_id,
        subject=subject,
        question=display,
        answer=answer_text,
        source=source,
        title=title,
        article_title=article_title,
        date=_date(meta, drop),
        date_format=text_field("date_format") or None,
        post_on_text=text_field("post_on_text") or None,
        seo_title=seo_title,
        seo_description=seo_description,
        seo_keywords=keywords,
        author=text_field("author"),
        score=_score(meta, drop),
        file_name=file_name,
        url=text_field("url"),
        no_index=_flag(meta, "no_index", drop),
        related=tuple(_related(meta, drop, lambda key: _key_line(fm_lines, key))),
        metadata={
            k: v for k, v in meta.items() if k not in _KNOWN_KEYS and not _RELATED_KEY.match(str(k))
        },
    )


def _seo_text(seo: dict[str, Any], key: str, drop: Any) -> str:
    value = seo.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        drop("seo", f"'seo.{key}' must be text")
        return ""
    return value.strip()


def _keywords(value: Any, drop: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        drop("seo", "'seo.page_keywords' must be a comma-separated text or a list")
        return ()
    words = [str(item).strip() for item in items if isinstance(item, str | int | float)]
    return tuple(dict.fromkeys(word for word in words if word))


def _date(meta: dict[str, Any], drop: Any) -> dt.date | None:
    value = meta.get("date")
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    drop("date", f"'date' must be a date such as 2024-12-09, not {value!r:.40}")
    return None


def _score(meta: dict[str, Any], drop: Any) -> float | None:
    value = meta.get("score")
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    drop("score", f"'score' must be a number, not {value!r:.40}")
    return None


def _flag(meta: dict[str, Any], key: str, drop: Any) -> bool:
    value = meta.get(key, False)
    if isinstance(value, bool):
        return value
    drop(key, f"'{key}' must be true or false")
    return False


def _related(meta: dict[str, Any], drop: Any, line_of: Any) -> Iterator[Related]:
    numbered = sorted(
        (int(match.group(1)), key) for key in meta if (match := _RELATED_KEY.match(str(key)))
    )
    for _, key in numbered:
        entry = meta[key]
        if not isinstance(entry, dict):
            drop(key, f"'{key}' must be a mapping with id, title, subject and url")
            continue
        url = entry.get("url") if isinstance(entry.get("url"), str) else None
        raw_id = entry.get("id")
        rel_id = raw_id if isinstance(raw_id, int) and not isinstance(raw_id, bool) else None
        title = entry.get("title")
        subject = entry.get("subject")
        if not isinstance(title, str) or not title.strip():
            drop(key, f"'{key}' has no title")
            continue
        if url is None and rel_id is None:
            drop(key, f"'{key}' needs a 'url' or an 'id'")
            continue
        yield Related(
            title=title.strip(),
            id=rel_id,
            subject=subject.strip() if isinstance(subject, str) else None,
            url=url.strip() if url else None,
            line=line_of(key),
        )


ArticleReader = Callable[[Path, str], tuple[Article | None, list[Problem]]]


def read_folder(
    folder: Path, ignore: Iterable[str] = (), read: ArticleReader | None = None
) -> Iterator[tuple[Article | None, list[Problem]]]:
    """Read every ``**/*.md`` file under ``folder`` in sorted path order.

    Hidden files and files named in ``ignore`` are skipped. Symbolic links (to files or
    folders) that lead outside ``folder``, and ``.md`` entries that are not regular files
    (pipes, devices, broken links), are refused with a problem. ``read`` reads one file
    (:func:`read_article` by default; a cache may answer instead).
    """
    read = read or read_article
    root = folder.resolve()
    found = _entries(str(folder), "", frozenset(ignore))
    for relative, entry in sorted(found, key=lambda item: item[0].split("/")):
        path = folder / relative
        if not entry.is_symlink():
            if entry.is_file(follow_symlinks=False):
                yield read(path, relative)
            else:
                message = "not a regular file (a broken link, a pipe or a device); skipped"
                yield None, [Problem(str(path), 1, "path", message)]
            continue
        real = path.resolve()
        if not real.is_relative_to(root):
            message = "symbolic link leads outside the content folder; refused"
            yield None, [Problem(str(path), 1, "path", message)]
        elif real.is_dir():
            continue  # a link to a folder inside: its files are read where they are
        elif not real.is_file():
            message = "not a regular file (a broken link, a pipe or a device); skipped"
            yield None, [Problem(str(path), 1, "path", message)]
        else:
            yield read(path, relative)


def article_files(folder: Path, ignore: Iterable[str] = ()) -> Iterator[tuple[Path, str]]:
    """(path, relative path) of the regular ``.md`` files :func:`read_folder` would read.

    Symbolic links are left out: :func:`read_folder` checks where they lead.
    """
    for relative, entry in _entries(str(folder), "", frozenset(ignore)):
        if not entry.is_symlink() and entry.is_file(follow_symlinks=False):
            yield folder / relative, relative


def _entries(
    folder: str, prefix: str, ignored: frozenset[str]
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(relative path, entry) of ``.md`` files and of links to folders, not following links."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in ignored:
            continue
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _entries(entry.path, relative + "/", ignored)
        elif entry.name.endswith(".md") or (entry.is_symlink() and entry.is_dir()):
            yield relative, entry
