"""One ``objects.inv`` for the assembled site: the site shard's, with each shard's own pages.

Sphinx writes an inventory of every page and label of its project; each shard knows only
its own. The merged inventory keeps Sphinx's layout: its header, then each domain's
entries in the order Sphinx sorts them (by name, then display name, type and place).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable

#: An inventory line: name, domain:role, priority, location, display name.
_LINE = re.compile(r"(?x)(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)")
_HEADER_LINES = 4


def _split(data: bytes) -> tuple[bytes, list[str]]:
    parts = data.split(b"\n", _HEADER_LINES)
    if len(parts) <= _HEADER_LINES or not parts[0].startswith(b"# Sphinx inventory version 2"):
        raise ValueError("not a Sphinx inventory of version 2")
    header = b"\n".join(parts[:_HEADER_LINES]) + b"\n"
    text = zlib.decompress(parts[_HEADER_LINES]).decode("utf-8")
    return header, [line for line in text.split("\n") if line]


def _sort_key(line: str) -> tuple[str, ...]:
    match = _LINE.match(line)
    if match is None:
        return (line,)
    name, role, priority, location, shown = match.groups()
    return (name, name if shown == "-" else shown, role, location, priority)


def _domain(line: str) -> str:
    match = _LINE.match(line)
    return match.group(2).split(":", 1)[0] if match else ""


def _location(line: str) -> str:
    match = _LINE.match(line)
    return match.group(4) if match else ""


def merge_inventories(
    site: bytes, shards: list[tuple[bytes, Callable[[str], bool]]], site_owns: Callable[[str], bool]
) -> bytes:
    """The site's inventory, with each shard's entries whose location that shard owns."""
    header, site_lines = _split(site)
    lines = [line for line in site_lines if site_owns(_location(line))]
    for data, owns in shards:
        lines += [line for line in _split(data)[1] if owns(_location(line))]
    order: dict[str, int] = {}
    for line in site_lines + lines:
        order.setdefault(_domain(line), len(order))
    lines.sort(key=lambda line: (order[_domain(line)], _sort_key(line)))
    body = "".join(line + "\n" for line in lines).encode("utf-8")
    return header + zlib.compress(body, 9)
