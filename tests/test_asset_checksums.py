"""Asset checksums are computed once per file identity, and pages link the files' own."""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path

import pytest
import sphinx.builders.html
from helpers import html_files, make_site, sphinx_build
from sphinx.builders.html import _assets

from sphinx_quicktakes.asset_checksums import checksums_by_identity


def test_a_checksum_is_kept_until_the_file_changes(tmp_path: Path) -> None:
    calls: list[str] = []

    def checksum(outdir: Path, filename: str | os.PathLike[str]) -> str:
        calls.append(os.fspath(filename))
        path = outdir / filename
        return f"{zlib.crc32(path.read_bytes()):08x}" if path.is_file() else ""

    kept = checksums_by_identity(checksum)
    style = tmp_path / "style.css"
    style.write_text("a { color: red; }")
    first = kept(tmp_path, "style.css")
    assert kept(tmp_path, Path("style.css")) == first
    assert calls == ["style.css"]
    style.write_text("a { color: blue; }")  # same size, new content and time
    os.utime(style, ns=(1, 1))
    assert kept(tmp_path, "style.css") != first
    assert len(calls) == 2
    for name in ("https://example.org/a.js", "missing.js"):
        kept(tmp_path, name)
        kept(tmp_path, name)
    assert calls[2:] == ["https://example.org/a.js"] * 2 + ["missing.js"] * 2


def test_pages_are_the_same_with_checksums_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path / "site")
    kept = sphinx_build("html", site, builddir=tmp_path / "kept")
    assert getattr(sphinx.builders.html._file_checksum, "keeps_checksums", False)

    def sphinx_own(app: object) -> None:
        monkeypatch.setattr(sphinx.builders.html, "_file_checksum", _assets._file_checksum)

    own = sphinx_build("html", site, builddir=tmp_path / "own", before=sphinx_own)
    pages = html_files(Path(kept.outdir))
    assert len(pages) > 20
    assert pages == html_files(Path(own.outdir))
    out = Path(kept.outdir)
    html = (out / "index.html").read_text("utf-8")
    linked = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))\?v=([0-9a-f]{8})"', html)
    assert len(linked) >= 5
    # furo.css is written once, before the pages: its checksum is its content's
    content = (out / "_static/styles/furo.css").read_bytes().translate(None, b"\r")
    assert ("_static/styles/furo.css", f"{zlib.crc32(content):08x}") in linked
