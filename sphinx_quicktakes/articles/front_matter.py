"""An article file's bytes -> its front matter mapping and body, or a located rejection.

Only safe YAML is loaded: no aliases, bounded nesting and size, and scalars the loader
cannot convert (``2024-13-45``) kept as text for the field rules to judge. Control
characters the article cannot carry are removed and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from sphinx_quicktakes.articles.rules import NOT_IN_ARTICLES
from sphinx_quicktakes.articles.warning_types import QuickTakesWarning

#: Files larger than this are refused (a 2 MB answer is fine).
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Nodes allowed in one front matter (guards against huge or exploding documents).
MAX_YAML_NODES = 10_000
#: Nesting allowed in one front matter (libyaml's recursive composer crashes on deep input).
MAX_YAML_DEPTH = 32
#: A front matter with fewer characters that can open a collection than this is composed
#: directly: it cannot nest deep enough to exhaust the composer's stack.
SHALLOW_ENOUGH = 1000
_OPENERS = ("[", "{", "-", ":", "?")

_BOUNDARY = YAMLHandler.FM_BOUNDARY


class Rejected(Exception):
    """The article cannot be published: ``problem`` is (line, subtype, message)."""

    def __init__(self, line: int, subtype: QuickTakesWarning, message: str) -> None:
        super().__init__(message)
        self.problem = (line, subtype, message)


@dataclass(frozen=True)
class FrontMatter:
    """A file's front matter (cleaned of control characters) and the text after it."""

    meta: dict[str, Any]
    #: The lines between the ``---`` boundaries; line ``n`` of the file is ``lines[n - 2]``.
    lines: list[str]
    body: str
    #: Control characters removed, and the file line of the first one.
    removed: int = 0
    first_removed_line: int = 1

    def key_line(self, key: str) -> int:
        """The file line where top-level ``key`` is set (1 if it is not)."""
        pattern = re.compile(rf"^{re.escape(key)}\s*:")
        for index, line in enumerate(self.lines):
            if pattern.match(line):
                return index + 2
        return 1


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


def parse_file(path: Path) -> FrontMatter:
    """The front matter of the file at ``path``; raises :class:`Rejected`."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"file is {size} bytes, over {MAX_FILE_BYTES}; split it"
            raise Rejected(1, QuickTakesWarning.FRONTMATTER, message)
        data = path.read_bytes()
    except OSError as error:
        message = f"cannot read file: {error.strerror}"
        raise Rejected(1, QuickTakesWarning.ENCODING, message) from None
    text = _decode(data)
    found = NOT_IN_ARTICLES.search(text)
    first_line = text.count("\n", 0, found.start()) + 1 if found else 1
    text, removed = NOT_IN_ARTICLES.subn("", text)
    lines, body = _split(text)
    meta, removed_in_yaml = _clean(_load_yaml(lines))
    return FrontMatter(meta, lines, body, removed + removed_in_yaml, first_line)


def _clean(value: Any) -> tuple[Any, int]:
    """``value`` with control characters removed from every string in it, and their count."""
    if isinstance(value, str):
        return NOT_IN_ARTICLES.subn("", value)
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
        message = f"not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        raise Rejected(line, QuickTakesWarning.ENCODING, message) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split(text: str) -> tuple[list[str], str]:
    frontmatter = QuickTakesWarning.FRONTMATTER
    if not text.strip():
        raise Rejected(1, frontmatter, "empty file; an article needs a '---' front matter block")
    lines = text.split("\n")
    if not _BOUNDARY.match(lines[0]):
        raise Rejected(1, frontmatter, "no front matter; the file must start with a '---' line")
    for index in range(1, len(lines)):
        if _BOUNDARY.match(lines[index]):
            return lines[1:index], "\n".join(lines[index + 1 :])
    raise Rejected(1, frontmatter, "front matter is not closed; add a '---' line after it")


def _load_yaml(lines: list[str]) -> dict[str, Any]:
    text = "\n".join(lines)
    invalid = QuickTakesWarning.YAML
    try:
        meta = _load_plain(text)
        if meta is _UNCHECKED:
            _check_structure(text)
            meta = yaml.load(text, Loader=_Loader)  # a safe loader
    except yaml.MarkedYAMLError as error:
        # An unclosed quote or bracket is reported at the end of the text: name the line
        # where it opens instead.
        opened = error.context and ("quoted" in error.context or "flow" in error.context)
        mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
        line = 2 + (mark.line if mark else 0)
        raise Rejected(line, invalid, f"invalid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise Rejected(2, invalid, f"invalid YAML: {error}") from None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
        raise Rejected(2, invalid, f"invalid YAML value: {error!s:.80}") from None
    if meta is None:
        raise Rejected(1, QuickTakesWarning.FRONTMATTER, "front matter is empty")
    if not isinstance(meta, dict):
        raise Rejected(2, invalid, "front matter must be a mapping of 'key: value' lines")
    return meta


_UNCHECKED: Any = object()


def _load_plain(text: str) -> Any:
    """The front matter composed and checked in one pass, or ``_UNCHECKED``.

    A text that could nest deeply, fails to compose, or breaks a rule of
    :func:`_check_structure` is left to the two-pass path, which rejects it as before: this
    pass only spares a plain front matter the second parse.
    """
    if sum(text.count(opener) for opener in _OPENERS) >= SHALLOW_ENOUGH:
        return _UNCHECKED
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            return _UNCHECKED
        if node is None or not _is_plain(node):
            return _UNCHECKED
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _is_plain(root: yaml.Node) -> bool:
    """True if the composed ``root`` has no alias, and the nesting and events
    :func:`_check_structure` allows (a node met twice is an alias)."""
    events = 4  # the stream and document starts and ends
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            events += 1
            continue
        depth += 1
        events += 2
        if depth > MAX_YAML_DEPTH:
            return False
        items = (
            node.value
            if isinstance(node, yaml.SequenceNode)
            else [child for pair in node.value for child in pair]
        )
        stack.extend((child, depth) for child in items)
    return events <= MAX_YAML_NODES


def _check_structure(text: str) -> None:
    """Refuse YAML aliases (they can explode in size), deep nesting and oversized documents."""
    depth = 0
    invalid = QuickTakesWarning.YAML
    for count, event in enumerate(yaml.parse(text, Loader=_Loader), 1):
        line = 2 + (event.start_mark.line if event.start_mark else 0)
        if isinstance(event, yaml.AliasEvent):
            raise Rejected(line, invalid, "YAML aliases ('*name') are not allowed in articles")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise Rejected(
                    line, invalid, f"front matter is nested over {MAX_YAML_DEPTH} levels"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if count > MAX_YAML_NODES:
            raise Rejected(line, invalid, f"front matter has over {MAX_YAML_NODES} YAML nodes")
