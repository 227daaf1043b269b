"""Docutils settings built once per build, not once per page.

For every page it reads, Sphinx builds a docutils ``OptionParser`` to get the page's
settings, and MyST-Parser builds another for a document it then discards. Each costs
about 3 ms: together about 8% of reading a short page. The settings depend only on the
components and defaults passed in, which are the same for every page of a build, so one
parser per distinct input gives every page the same fresh settings object as before.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

import sphinx.util.docutils as sphinx_docutils
from docutils.frontend import OptionParser, Values

#: What a component gives the settings (``docutils.SettingsSpec``).
SPEC_ATTRIBUTES = (
    "settings_spec",
    "settings_defaults",
    "settings_default_overrides",
    "relative_path_settings",
    "config_section",
    "config_section_dependencies",
)

#: (components, read_config_files) -> (the defaults it was built with, the parser).
_ParserKey = tuple[tuple[Any, ...], bool]
_parsers: dict[_ParserKey, tuple[dict[str, Any], OptionParser]] = {}


def _component_key(component: Any) -> Any:
    """A component's class if its settings are its class's (Sphinx passes a new parser
    instance for every page), else None: such a component's parser is never reused."""
    if isinstance(component, type):
        return component
    if any(name in vars(component) for name in SPEC_ATTRIBUTES):
        return None
    return type(component)


def _parser(
    components: tuple[Any, ...], defaults: Mapping[str, Any], read_config_files: bool
) -> OptionParser:
    """The parser for these inputs, built again only when one of them changes."""
    keys = tuple(_component_key(component) for component in components)
    if None in keys:
        return _new_parser(components, defaults, read_config_files)
    key = (keys, read_config_files)
    known = _parsers.get(key)
    if known is not None and known[0] == defaults:
        return known[1]
    parser = _new_parser(components, defaults, read_config_files)
    _parsers[key] = (dict(defaults), parser)  # one entry a key: an old build's is dropped
    return parser


def _new_parser(
    components: tuple[Any, ...], defaults: Mapping[str, Any], read_config_files: bool
) -> OptionParser:
    """A parser built as Sphinx and docutils build theirs."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        return OptionParser(
            components=components, defaults=defaults, read_config_files=read_config_files
        )


def page_settings(
    *components: Any, defaults: Mapping[str, Any], read_config_files: bool = False
) -> Values:
    """Sphinx's ``_get_settings``: a new settings object from a reused parser."""
    return _parser(components, defaults, read_config_files).get_default_values()


def default_settings(*components: Any) -> Values:
    """Docutils' ``get_default_settings``, as MyST-Parser calls it, from a reused parser."""
    return _parser(components, {}, False).get_default_values()


def _replace(module: Any, name: str, replacement: Callable[..., Values]) -> None:
    """Put ``replacement`` in place of ``module.name`` if that is still a plain function."""
    if callable(getattr(module, name, None)) and not hasattr(module, f"_quicktakes_{name}"):
        setattr(module, f"_quicktakes_{name}", getattr(module, name))
        setattr(module, name, replacement)


def reuse_settings_parsers() -> None:
    """Make Sphinx and MyST-Parser reuse their settings parsers (idempotent)."""
    from myst_parser.mdit_to_docutils import base as myst_base

    _replace(sphinx_docutils, "_get_settings", page_settings)
    _replace(myst_base, "get_default_settings", default_settings)
