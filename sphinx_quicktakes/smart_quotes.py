"""Smart quotes that leave alone the blocks of text they would not change.

Sphinx's smart quotes transform "educates" every block of text of every page: it works out
the block's language, runs each of its text nodes through docutils' SmartyPants and puts a
new text node in place of every old one, changed or not. That is about 6% of reading a
library page, although most blocks hold nothing to educate. This transform gives the same
doctree: a block whose text holds none of the characters SmartyPants acts on is skipped, and
a text node is replaced only when its text changed.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes, utils
from docutils.utils import smartquotes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxSmartQuotes

#: What SmartyPants acts on (actions ``qbBdDiew`` and ``0`` to ``3``): quotes, backticks,
#: backslash escapes, the entities it restores, dashes and ellipses. Text without any of
#: them comes out of ``smartquotes.educate_tokens`` unchanged.
ACTIVE = re.compile(r"""["'`\\\x00]|&#|&quot;|--|\.\.\.|\. \. \.""")

#: The "stupefy" action turns typographic characters back into ASCII: no fast path.
STUPEFY = "-1"


def setup_smart_quotes(app: Sphinx) -> None:
    """Put :class:`QuickSmartQuotes` in the place of Sphinx's smart quotes transform."""
    transforms = app.registry.transforms
    if SphinxSmartQuotes in transforms:
        transforms[transforms.index(SphinxSmartQuotes)] = QuickSmartQuotes


def has_active_text(text_nodes: list[nodes.Text]) -> bool:
    """True if SmartyPants could change any of ``text_nodes``."""
    return any(ACTIVE.search(node) for node in text_nodes)


class QuickSmartQuotes(SphinxSmartQuotes):
    """Sphinx's smart quotes, skipping the blocks they would leave as they are."""

    def apply(self, **kwargs: Any) -> None:
        if self.config.smartquotes_action == STUPEFY:
            super().apply(**kwargs)
            return
        if not self.is_available():
            return
        self.smartquotes_action = self.config.smartquotes_action
        self._educate()

    def _educate(self) -> None:
        """docutils' ``SmartQuotes.apply`` with the two shortcuts of this module."""
        settings = self.document.settings
        smart_quotes = settings.setdefault("smart_quotes", False)
        if not smart_quotes:
            return
        alternative = isinstance(smart_quotes, str) and smart_quotes.startswith("alt")
        if settings.smartquotes_locales:
            smartquotes.smartchars.quotes.update(dict(settings.smartquotes_locales))
        for block in self.document.findall(nodes.TextElement):
            if isinstance(block, self.nodes_to_skip) or isinstance(block.parent, nodes.TextElement):
                continue
            text_nodes = [
                text
                for text in block.findall(nodes.Text)
                if not isinstance(text.parent, nodes.option_string)
            ]
            if not has_active_text(text_nodes):
                continue
            lang = self._language(block, settings.language_code, alternative)
            educated = smartquotes.educate_tokens(
                self.get_tokens(text_nodes), attr=self.smartquotes_action, language=lang
            )
            for text, new in zip(text_nodes, educated, strict=True):
                if new != text:
                    text.parent.replace(text, nodes.Text(new))
        self.unsupported_languages.clear()

    def _language(self, block: nodes.Element, document_language: str, alternative: bool) -> str:
        """The SmartyPants language of ``block`` (``""`` keeps ASCII quotes, with a warning)."""
        lang = block.get_language_code(document_language)
        if alternative:
            lang = lang.replace("-x-altquot", "") if "-x-altquot" in lang else lang + "-x-altquot"
        for tag in utils.normalize_language_tag(lang):
            if tag in smartquotes.smartchars.quotes:
                return str(tag)
        if lang not in self.unsupported_languages:
            self.document.reporter.warning(
                f'No smart quotes defined for language "{lang}".', base_node=block
            )
        self.unsupported_languages.add(lang)
        return ""
