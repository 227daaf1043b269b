"""Untrusted Markdown -> MyST text in which nothing but plain Markdown can take effect.

Answers are parsed as CommonMark with tables, strikethrough and TeX math (``$``, ``$$``,
``\\(...\\)``, ``\\[...\\]``), with raw HTML off. The token stream is then written back as
MyST source where every piece of text is backslash-escaped, so MyST directives, roles,
substitutions, targets, comments and HTML in the answer show as written instead of running.
Links keep only ``http``, ``https`` and ``mailto`` targets or resolved library pages.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath import texmath_plugin

from sphinx_quicktakes.articles.rules import is_safe_link
from sphinx_quicktakes.code_language import LANGUAGE, code_language
from sphinx_quicktakes.dollar_math import use_dollar_math

#: Maps a link target to the destination to write, or None to keep only the link text.
LinkResolver = Callable[[str], str | None]

#: ``!`` too: text ending in ``!`` before a link would make the link an image.
_TEXT_SPECIAL = re.compile(r"([\\`*_{}\[\]<>$~&|#!])")
_LINE_START = re.compile(r"^([#>+\-=:%(|!^@])")
_LINE_START_NUMBER = re.compile(r"^(\d{1,9})([.)])")
_UNSAFE_TEX = re.compile(
    r"\\(input|include|includeonly|write|immediate|openout|openin|read|catcode|def|edef|gdef"
    r"|xdef|let|futurelet|newcommand|renewcommand|providecommand|DeclareMathOperator|csname"
    r"|special|usepackage|documentclass|makeatletter|makeatother|loop|jobname|href|url|class"
    r"|cssId|style|data|require|html|htmlData|unicode|verb|lstinline|directlua|newenvironment"
    r"|renewenvironment|mmlToken|bbox"
    r"|end\s*\{document\}|begin\s*\{document\})(?![A-Za-z])"
)
_FENCE_OPEN = re.compile(r"^\s{0,3}(`{3,}|~{3,})", re.MULTILINE)


def _parser() -> MarkdownIt:
    """The Markdown answers are written in: CommonMark, tables, strikethrough, TeX math."""
    md = MarkdownIt("commonmark", {"html": False})
    md.enable(["table", "strikethrough"])
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    use_dollar_math(md)  # money or math: decided by what lies between the dollars
    md.use(texmath_plugin, delimiters="brackets")
    return md


#: The parser of answer Markdown (also used to take plain text out of answers).
ANSWER_MARKDOWN = _parser()


def escape_text(text: str) -> str:
    """Escape plain text so that MyST shows it exactly as written (on one line)."""
    text = " ".join(text.split())
    return _escape_line_start(_TEXT_SPECIAL.sub(r"\\\1", text))


def _escape_line_start(line: str) -> str:
    line = _LINE_START.sub(r"\\\1", line)
    return _LINE_START_NUMBER.sub(r"\1\\\2", line)


def sanitize_math(tex: str) -> str:
    """Neutralise TeX/MathJax commands that read files, define macros or make links."""
    return _UNSAFE_TEX.sub(lambda m: r"\backslash " + m.group(1), tex.replace("$", r"\$"))


def _code_span(content: str) -> str:
    content = " ".join(content.splitlines())
    runs = [len(run) for run in re.findall(r"`+", content)]
    ticks = "`" * next(n for n in range(1, 100) if n not in runs)
    pad = " " if content.startswith(("`", " ")) or content.endswith(("`", " ")) else ""
    return f"{ticks}{pad}{content}{pad}{ticks}"


def fence(content: str, language: str = "") -> str:
    """A backtick fence that no line of ``content`` can close."""
    runs = [len(match.group(1)) for match in _FENCE_OPEN.finditer(content)]
    runs += [len(run) for run in re.findall(r"`{3,}", content)]
    ticks = "`" * max(3, max(runs, default=0) + 1)
    if content and not content.endswith("\n"):
        content += "\n"
    return f"{ticks}{language}\n{content}{ticks}"


@dataclass
class _Writer:
    resolve_link: LinkResolver
    heading_base: int
    tokens: list[Token]
    pos: int = 0
    _levels: list[int] = field(default_factory=list)
    _level_map: dict[int, int] = field(default_factory=dict)
    _last_list: dict[str, str] = field(default_factory=dict)
    _in_table: bool = False

    # --- blocks ------------------------------------------------------------
    def blocks(self, closing: str | None = None) -> list[tuple[str, bool]]:
        """Render blocks until ``closing``; each is (text, is-a-loose-paragraph)."""
        out: list[tuple[str, bool]] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if closing and token.type == closing:
                self.pos += 1
                return out
            self.pos += 1
            rendered = self.block(token)
            if rendered is not None:
                out.append((rendered, token.type == "paragraph_open" and not token.hidden))
        return out

    def block(self, token: Token) -> str | None:
        kind = token.type
        if kind == "paragraph_open":
            inline = self.tokens[self.pos]
            self.pos += 2
            display = _only_display_math(inline.children or [])
            if display is not None:
                return "$$\n" + sanitize_math(display) + "\n$$"
            return self.inline(inline)
        if kind == "heading_open":
            text = self.inline(self.tokens[self.pos])
            self.pos += 2
            return "#" * self.heading_level(int(token.tag[1])) + " " + text
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(token)
        if kind == "blockquote_open":
            inner = self.join(self.blocks("blockquote_close"), tight=False)
            return "\n".join(("> " + line).rstrip() for line in inner.split("\n"))
        if kind in ("fence", "code_block"):
            return self.code(token)
        if kind in ("math_block", "math_block_eqno"):
            return "$$\n" + sanitize_math(textwrap.dedent(token.content).strip()) + "\n$$"
        if kind == "table_open":
            return self.table()
        if kind == "hr":
            return "***"
        if token.content:
            return "\n".join(escape_text(line) for line in token.content.splitlines())
        return None

    def heading_level(self, level: int) -> int:
        """Answer headings start at ``heading_base`` and never skip a level."""
        while self._levels and self._levels[-1] >= level:
            self._levels.pop()
        parent = self._level_map[self._levels[-1]] if self._levels else self.heading_base - 1
        self._levels.append(level)
        self._level_map[level] = min(parent + 1, 6)
        return self._level_map[level]

    def code(self, token: Token) -> str:
        info = (token.info or "").strip()
        language = info.split()[0] if info else ""
        content = token.content
        if token.type == "fence" and language and not LANGUAGE.match(language):
            content = f"{token.markup}{info}\n{content}{token.markup}\n"
            language = "text"
        return fence(content, code_language(language, content))

    def list_block(self, opening: Token) -> str:
        ordered = opening.type == "ordered_list_open"
        closing = "ordered_list_close" if ordered else "bullet_list_close"
        previous = self._last_list.get(closing)
        if ordered:
            delimiter = ")" if previous == "." else "."
        else:
            delimiter = "*" if previous == "-" else "-"
        number = int(opening.attrGet("start") or 1) if ordered else 0
        items: list[str] = []
        tight = True
        while self.tokens[self.pos].type == "list_item_open":
            self.pos += 1
            blocks = self.blocks("list_item_close")
            tight = tight and not any(loose for _, loose in blocks)
            marker = f"{number}{delimiter} " if ordered else f"{delimiter} "
            number += 1
            body = self.join(blocks, tight=not any(loose for _, loose in blocks))
            indent = " " * len(marker)
            lines = body.split("\n") if body else [""]
            rendered = [marker + lines[0]] + [(indent + line).rstrip() for line in lines[1:]]
            items.append("\n".join(rendered).rstrip())
        self.pos += 1
        self._last_list[closing] = delimiter
        return ("\n" if tight else "\n\n").join(items)

    def table(self) -> str:
        rows: list[list[str]] = []
        aligns: list[str] = []
        while self.tokens[self.pos].type != "table_close":
            token = self.tokens[self.pos]
            self.pos += 1
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                if token.type == "th_open":
                    aligns.append(str(token.attrGet("style") or ""))
                self._in_table = True
                rows[-1].append(self.inline(self.tokens[self.pos]))
                self._in_table = False
                self.pos += 1
        self.pos += 1
        delimiters = []
        for style in aligns:
            left = "left" in style or "center" in style
            right = "right" in style or "center" in style
            delimiters.append((":" if left else "") + "---" + (":" if right else ""))
        lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(delimiters) + " |"]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)

    @staticmethod
    def join(blocks: list[tuple[str, bool]], tight: bool) -> str:
        return ("\n" if tight else "\n\n").join(text for text, _ in blocks)

    # --- inline ------------------------------------------------------------
    def inline(self, token: Token) -> str:
        text = self.inline_children(token.children or [])
        return "\n".join(_escape_line_start(line) for line in text.split("\n"))

    def inline_children(self, children: list[Token]) -> str:
        out: list[str] = []
        index = 0
        while index < len(children):
            child = children[index]
            kind = child.type
            if kind == "text":
                out.append(_TEXT_SPECIAL.sub(r"\\\1", child.content))
            elif kind == "softbreak":
                out.append(" ")
            elif kind == "hardbreak":
                out.append("\\\n")
            elif kind == "code_inline":
                code = _code_span(child.content)
                out.append(code.replace("|", "\\|") if self._in_table else code)
            elif kind in ("math_inline", "math_inline_double"):  # MyST reads $$ in a line as $ $
                out.append("$" + sanitize_math(" ".join(child.content.split())) + "$")
            elif kind in ("strong_open", "strong_close"):
                out.append("**")
            elif kind in ("em_open", "em_close"):
                out.append("*")
            elif kind in ("s_open", "s_close"):
                out.append("~~")
            elif kind == "link_open":
                end = _matching_close(children, index)
                label = self.inline_children(children[index + 1 : end])
                out.append(self.link(str(child.attrGet("href") or ""), label, child))
                index = end
            elif kind == "image":
                label = "Image: " + _TEXT_SPECIAL.sub(r"\\\1", child.content or "image")
                out.append(self.link(str(child.attrGet("src") or ""), label, child))
            elif child.content:
                out.append(_TEXT_SPECIAL.sub(r"\\\1", child.content))
            index += 1
        return "".join(out)

    def link(self, href: str, label: str, token: Token) -> str:
        destination = self.resolve_link(href)
        if destination is None or not label.strip():
            return label
        destination = destination.replace("\\", "%5C").replace("<", "%3C").replace(">", "%3E")
        title = str(token.attrGet("title") or "")
        suffix = ' "' + _TEXT_SPECIAL.sub(r"\\\1", title).replace('"', '\\"') + '"' if title else ""
        return f"[{label}](<{destination}>{suffix})"


def _only_display_math(children: list[Token]) -> str | None:
    """The TeX of a paragraph that is one ``$$...$$`` formula and nothing else, or None."""
    content = [
        c
        for c in children
        if c.type != "softbreak" and not (c.type == "text" and not c.content.strip())
    ]
    if len(content) == 1 and content[0].type == "math_inline_double":
        return textwrap.dedent(content[0].content).strip()
    return None


def _matching_close(children: list[Token], start: int) -> int:
    for index in range(start + 1, len(children)):
        if children[index].type == "link_close":
            return index
    return len(children)


def external_only(href: str) -> str | None:
    """Default link policy: keep ``http(s)`` and ``mailto`` links, drop everything else."""
    return href if is_safe_link(href) else None


def safe_markdown(
    text: str,
    *,
    resolve_link: LinkResolver = external_only,
    heading_base: int = 2,
    tokens: list[Token] | None = None,
) -> str:
    """Rewrite untrusted Markdown as MyST source that can only produce plain Markdown.

    :param tokens: ``ANSWER_MARKDOWN.parse(text)``, when the caller has it already.
    """
    if tokens is None:
        tokens = ANSWER_MARKDOWN.parse(text)
    writer = _Writer(resolve_link=resolve_link, heading_base=heading_base, tokens=tokens)
    return _Writer.join(writer.blocks(), tight=False).strip("\n") + "\n"
