"""Searches by condition find the same nodes, in the same order, as docutils' own ``findall``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from sphinx.util.nodes import NodeMatcher

from sphinx_quicktakes.tree_search import searching_fast, setup_tree_search

SOURCE = """
Title
=====

A *paragraph* with **strong** text, ``code`` and a `link <https://example.org>`_.

- item one with *emphasis*
- item two

  1. nested *one*
  2. nested **two**

.. note:: A note with a `second link <https://example.org/2>`_.

Section
-------

Another paragraph [#f]_.

.. [#f] A footnote with *emphasis*.
"""


def _doctree() -> nodes.document:
    return publish_doctree(SOURCE, settings_overrides={"report_level": 5})


def _docutils_findall() -> Callable[..., Iterator[Any]]:
    findall = nodes.Node.findall
    return getattr(findall, "__wrapped__", findall)


class Tagged(NodeMatcher):  # type: ignore[misc]
    """A matcher of its own kind: it must be asked about every node."""

    def match(self, node: nodes.Node) -> bool:
        return isinstance(node, nodes.Element) and bool(node.get("ids"))


CONDITIONS: dict[str, Any] = {
    "function": lambda node: isinstance(node, nodes.Element) and "strong" in node.tagname,
    "function on text": lambda node: isinstance(node, nodes.Text) and "nested" in node,
    "matcher of classes": NodeMatcher(nodes.emphasis, nodes.strong),
    "matcher of classes and attributes": NodeMatcher(nodes.reference, refuri=Any),
    "matcher of attributes": NodeMatcher(ids=Any),
    "matcher of a value": NodeMatcher(nodes.footnote, auto=1),
    "empty matcher": NodeMatcher(),
    "matcher subclass": Tagged(),
}


@pytest.mark.parametrize("name", CONDITIONS)
def test_every_condition_finds_what_docutils_finds(name: str) -> None:
    condition = CONDITIONS[name]
    fast = searching_fast(_docutils_findall())
    for start in (_doctree(), _doctree().next_node(nodes.section)):
        assert start is not None
        expected = list(_docutils_findall()(start, condition))
        found = list(fast(start, condition))
        assert found == expected
        assert [id(node) for node in found] == [id(node) for node in expected]


@pytest.mark.parametrize(
    "options",
    [
        {"include_self": False},
        {"descend": False},
        {"siblings": True},
        {"ascend": True},
        {"include_self": False, "siblings": True},
    ],
)
def test_other_searches_are_docutils_own(options: dict[str, bool]) -> None:
    fast = searching_fast(_docutils_findall())
    doctree = _doctree()
    start = doctree.next_node(nodes.emphasis)
    assert start is not None
    condition = CONDITIONS["function"]
    expected = [id(node) for node in _docutils_findall()(start, condition, **options)]
    assert [id(node) for node in fast(start, condition, **options)] == expected
    assert [id(node) for node in fast(start, nodes.Text, **options)] == [
        id(node) for node in _docutils_findall()(start, nodes.Text, **options)
    ]


def _edit_while_searching(findall: Callable[..., Iterator[Any]]) -> tuple[list[str], str]:
    """Replace each emphasis by its text and drop each list's second item while searching."""
    doctree = _doctree()
    seen = []
    for node in findall(doctree, lambda n: isinstance(n, nodes.Element)):
        seen.append(node.tagname)
        if isinstance(node, nodes.emphasis):
            node.replace_self(nodes.Text(node.astext()))
        elif isinstance(node, nodes.list_item) and len(node.parent) > 1:
            node.parent.remove(node.parent[1])
        elif isinstance(node, nodes.note):
            node.children = [nodes.paragraph(text="replaced")]
    return seen, doctree.pformat()


def test_a_tree_changed_during_the_search_is_walked_as_docutils_walks_it() -> None:
    expected = _edit_while_searching(_docutils_findall())
    assert "emphasis" in expected[0] and "replaced" in expected[1]
    assert _edit_while_searching(searching_fast(_docutils_findall())) == expected


def test_the_fast_path_is_installed_once_and_keeps_docutils_own() -> None:
    setup_tree_search()
    setup_tree_search()
    installed = nodes.Node.findall
    wrapped = getattr(installed, "__wrapped__", None)
    assert wrapped is not None and not hasattr(wrapped, "__wrapped__")
    doctree = _doctree()
    assert list(doctree.findall(nodes.emphasis)) == list(wrapped(doctree, nodes.emphasis))
