"""The project's configuration: register the options, validate them, set up the build state."""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from sphinx_quicktakes.config import PREFIX, QuickTakesConfig
from sphinx_quicktakes.pages import PageSettings
from sphinx_quicktakes.shards.spec import ShardSpec
from sphinx_quicktakes.state import QuickTakesState, set_state

#: MyST syntax the generated pages use.
MYST_EXTENSIONS = ("dollarmath", "colon_fence")


def register_options(app: Sphinx) -> None:
    """Declare every option of the dataclass to Sphinx as ``quicktakes_<name>``."""
    for option in QuickTakesConfig.options():
        default = option.default_factory() if callable(option.default_factory) else option.default
        app.add_config_value(
            PREFIX + option.name,
            default,
            option.metadata["rebuild"],
            types=frozenset(
                {type(default), list, tuple} if isinstance(default, list) else {type(default)}
            ),
            description=option.metadata["help"],
        )


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Validate the options, set the state, enable the MyST syntax, exclude raw content."""
    # A location with a line: Sphinx reads one without as a docname, and has no env yet.
    options = QuickTakesConfig.from_sphinx(config, f"{Path(app.confdir) / 'conf.py'}:1")
    content_dir = options.content_path(Path(app.confdir), Path(app.srcdir))
    _exclude_content(config, content_dir, Path(app.srcdir).resolve())
    # a content folder linked into the source folder is read through its link's name
    _exclude_content(
        config, Path(app.confdir).absolute() / options.content_dir, Path(app.srcdir).absolute()
    )
    _enable_myst_syntax(config)
    settings = PageSettings.from_options(options, config.language)
    shard = ShardSpec.from_option(options.shard)
    set_state(app, QuickTakesState(options, content_dir, settings, shard))


def _exclude_content(config: Config, content_dir: Path, srcdir: Path) -> None:
    """Keep Sphinx from reading the article files when they lie in the source folder."""
    content_dir = Path(os.path.normpath(content_dir))
    if content_dir.is_relative_to(srcdir) and content_dir != srcdir:
        pattern = content_dir.relative_to(srcdir).as_posix() + "/**"
        if pattern not in config.exclude_patterns:
            config.exclude_patterns = [*config.exclude_patterns, pattern]


def _enable_myst_syntax(config: Config) -> None:
    enabled = config.myst_enable_extensions
    missing = [name for name in MYST_EXTENSIONS if name not in enabled]
    if missing:
        config.myst_enable_extensions = (
            enabled | set(missing) if isinstance(enabled, set) else [*enabled, *missing]
        )


def setup_options(app: Sphinx) -> None:
    """Register the options and their check (before every feature reads them)."""
    register_options(app)
    app.connect("config-inited", on_config_inited, priority=400)
