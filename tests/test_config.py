"""Options: validation, defaults, and what the extension sets up for a project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sphinx.errors import ConfigError

from sphinx_quicktakes.config import PREFIX, QuickTakesConfig


def test_every_option_has_help_and_validator() -> None:
    for option in QuickTakesConfig.options():
        assert option.metadata["help"].strip(), option.name
        assert callable(option.metadata["validator"])


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_extension_sets_up_myst_and_design(app: Any) -> None:
    assert "myst_parser" in app.extensions and "sphinx_design" in app.extensions
    assert {"dollarmath", "colon_fence"} <= set(app.config.myst_enable_extensions)
    assert "content/**" in app.config.exclude_patterns
    metadata = app.extensions["sphinx_quicktakes"]
    assert metadata.parallel_read_safe and metadata.parallel_write_safe
    assert app.config.quicktakes_base_url == "https://example.org/"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"quicktakes_sort": "random"}, "quicktakes_sort must be one of"),
        ({"quicktakes_feed_length": 0}, "quicktakes_feed_length must be a positive integer"),
        ({"quicktakes_guide_formats": ["epub", "docx"]}, "unknown value(s) ['docx']"),
        ({"quicktakes_base_url": "example.org"}, "must be an absolute http(s) URL"),
        ({"quicktakes_content_dir": "learn"}, "must not overlap the generated folder"),
    ],
)
def test_bad_options_stop_with_a_clear_message(
    make_app: Any, rootdir: Path, tmp_path: Path, overrides: dict[str, Any], message: str
) -> None:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    for name in ("conf.py", "index.md"):
        (srcdir / name).write_text((rootdir / "test-basic" / name).read_text())
    with pytest.raises(ConfigError, match=None) as error:
        make_app("html", srcdir=srcdir, confoverrides=overrides)
    assert message in str(error.value)


def test_option_names_are_prefixed() -> None:
    names = [PREFIX + option.name for option in QuickTakesConfig.options()]
    assert "quicktakes_content_dir" in names and "quicktakes_base_url" in names
    assert len(names) == len(set(names))


def test_deprecated_option_warns_and_names_its_successor(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    conf = (rootdir / "test-basic" / "conf.py").read_text() + "\nquicktakes_toctree_limit = 3\n"
    (srcdir / "conf.py").write_text(conf)
    (srcdir / "index.md").write_text((rootdir / "test-basic" / "index.md").read_text())
    app = make_app("html", srcdir=srcdir)
    warnings = app.warning.getvalue()
    assert "quicktakes_toctree_limit is no longer used" in warnings
    assert "quicktakes_html_navigation" in warnings and "[quicktakes.config]" in warnings


def test_content_folder_linked_into_the_project_is_not_read_as_pages(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    """Articles kept elsewhere and linked in as ``content`` are read as articles only."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    for name in ("conf.py", "index.md"):
        (srcdir / name).write_text((rootdir / "test-basic" / name).read_text())
    (srcdir / "content").symlink_to(rootdir / "test-basic" / "content", target_is_directory=True)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "content/**" in app.config.exclude_patterns
    assert not [name for name in app.env.found_docs if name.startswith("content/")]
    assert any(name.startswith("learn/") for name in app.env.found_docs)
