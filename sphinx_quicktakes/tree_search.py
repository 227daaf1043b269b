"""Searches of a whole doctree by any condition at the speed of a search by node class.

Docutils' ``Node.findall`` has a fast path for a node class and none for other conditions:
a function or Sphinx's ``NodeMatcher`` recurses through ``findall`` itself, one call with five
keyword arguments and one generator per node. Sphinx's i18n transforms, sphinx-design's HTML
transforms and others search every page that way: about 5% of writing a library page. The
same search over docutils' own class-free walk (``_superfast_findall``), testing each node as
it comes, visits the nodes in the same order at the same moments (a node is tested when it is
reached, its children are listed only after the consumer has seen it), so a tree changed
during the search is walked as before. A ``NodeMatcher`` of node classes searches those
classes' fast path, since it matches no other node. Every other search is docutils' own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from docutils import nodes
from sphinx.util.nodes import NodeMatcher

FindAll = Callable[..., Iterator[Any]]


def setup_tree_search() -> None:
    """Give docutils' ``Node.findall`` a fast path for conditions that are not classes."""
    current = nodes.Node.findall
    if hasattr(current, "__wrapped__"):
        return
    nodes.Node.findall = searching_fast(current)


def searching_fast(findall: FindAll) -> FindAll:
    """``findall`` (docutils' ``Node.findall``), with a fast path for a condition function."""

    def fast_findall(
        self: nodes.Node,
        condition: Any = None,
        include_self: bool = True,
        descend: bool = True,
        siblings: bool = False,
        ascend: bool = False,
    ) -> Iterator[Any]:
        if (
            condition is None
            or isinstance(condition, type)
            or not (include_self and descend)
            or siblings
            or ascend
        ):
            return findall(self, condition, include_self, descend, siblings, ascend)
        return _matching(_candidates(self, condition), condition)

    fast_findall.__wrapped__ = findall  # type: ignore[attr-defined]
    fast_findall.__doc__ = findall.__doc__
    return fast_findall


def _candidates(node: nodes.Node, condition: Any) -> Iterator[nodes.Node]:
    """Every node below ``node`` (itself first) that ``condition`` may match, in order."""
    walk: Iterator[nodes.Node]
    if type(condition) is NodeMatcher and condition.classes:
        walk = node._fast_findall(condition.classes)
    elif type(condition) is NodeMatcher and condition.attrs:
        walk = node._fast_findall(nodes.Element)
    else:
        walk = node._superfast_findall()
    return walk


def _matching(candidates: Iterator[nodes.Node], condition: Any) -> Iterator[nodes.Node]:
    for node in candidates:
        if condition(node):
            yield node
