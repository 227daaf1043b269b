"""The adversarial corpus: the static test root plus files that cannot live in git as such.

``make_corpus`` copies ``tests/roots/test-adversarial`` and adds what is generated at test
time: a CRLF + BOM article, a 2 MB answer, non-UTF-8 and UTF-16 bytes, control characters,
very deep YAML nesting, symbolic links and a pipe, a folder outside the content folder and a
hand-written page where a generated one would go.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from helpers import sphinx_build
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx.testing.util import SphinxTestApp

from sphinx_quicktakes.flashcards.pages import WEB_ONLY
from sphinx_quicktakes.pages import BOOK_ONLY

ROOT = Path(__file__).parent / "roots" / "test-adversarial"
#: Marker element used by payloads; it must never appear as an element in any output.
MARKER = "qtx-payload"
#: Text of the article outside the content folder; it must never be read.
OUTSIDE_SECRET = "QTX-SECRET-OUTSIDE-THE-CONTENT-FOLDER"
#: Text of the hand-written page that a generated page must never overwrite.
HAND_WRITTEN = "A page written by hand that nothing may overwrite."

HUGE_PARAGRAPH = (
    "Paragraph {n} of a very long answer, with **bold** text and $x^{n}$ math. "
    + "Plain words fill the rest of this paragraph. " * 40
)
HUGE_BYTES = 2 * 1024 * 1024

#: Good articles: docname -> (question as displayed, answer text that must be rendered).
GOOD: dict[str, tuple[str, tuple[str, ...]]] = {
    "learn/safe-science/questions/why-is-3-less-than-5": (
        "Why is 3 < 5?",
        (
            "Because 3 comes before 5 when counting: 3 < 5 & 5 > 3.",
            "Text like <iostream> shows as written, and so does $5 or $10 of cost.",
        ),
    ),
    "learn/safe-science/questions/what-does-amp-mean": (
        'What does "&amp;" mean in <b>HTML</b> & XML?',
        ("Tags such as <b>bold</b> and {curly braces} show as written;",),
    ),
    "learn/safe-science/questions/dup-id-first": (
        "Which of two articles sharing an id comes first?",
        ("Both articles with id 1003 are published",),
    ),
    "learn/safe-science/questions/dup-id-second": (
        "Which of two articles sharing an id comes second?",
        ("The second article with id 1003 is published too.",),
    ),
    "learn/safe-science/questions/bad-optional-fields": (
        "Does an article with broken optional fields survive?",
        ("each broken optional field is dropped with a warning and the article is kept.",),
    ),
    "learn/safe-science/questions/unicode-energy": (
        "Qu'est-ce que l'énergie ? — 日本語 ☃ \U0001d518",
        ("日本語のテキスト。 Emoji 🧪 and combining é.",),
    ),
    "learn/safe-science/questions/an-explicit-timestamp-tag-on-text": (
        "An explicit timestamp tag on text?",
        ("The date is dropped and the article is kept.",),
    ),
    "learn/safe-science/questions/crlf-bom": (
        "Does a CRLF file with a byte order mark work?",
        ("Windows line endings and a BOM are fine.", "A second paragraph."),
    ),
    "learn/safe-science/questions/huge-answer": (
        "Can an answer be two megabytes long?",
        ("Paragraph 0 of a very long answer, with bold text and",),
    ),
}

#: Hostile articles that are valid: published with every payload shown as text.
HOSTILE_PUBLISHED = (
    "learn/hostile/questions/xss-everywhere",
    "learn/hostile/questions/myst-syntax",
    "learn/hostile/questions/html-blocks",
    "learn/hostile/questions/links",
    "learn/hostile/questions/tex",
)

#: Files that must be named in a warning (relative to the content folder) and the subtypes
#: (space-separated) of their warnings.
NAMED_IN_WARNINGS: dict[str, str] = {
    # broken: skipped
    "broken/empty.md": "frontmatter",
    "broken/whitespace-only.md": "frontmatter",
    "broken/no-front-matter.md": "frontmatter",
    "broken/unclosed-front-matter.md": "frontmatter",
    "broken/invalid-yaml.md": "yaml",
    "broken/not-a-mapping.md": "yaml",
    "broken/missing-id.md": "required",
    "broken/id-wrong-type.md": "required",
    "broken/id-huge.md": "required",
    "broken/id-bad-tag.md": "required",
    "broken/missing-subject.md": "required",
    "broken/subject-no-letters.md": "required",
    "broken/missing-answer.md": "required",
    "broken/answer-not-text.md": "required",
    "broken/missing-question.md": "required",
    "broken/alias-bomb.md": "yaml",
    "broken/python-tag.md": "yaml",
    "broken/non-utf8.md": "encoding",
    "broken/utf16.md": "encoding",
    "broken/deep-nesting.md": "yaml",
    "broken/outside-link.md": "path",
    "broken/outside-dir": "path",
    "broken/dangling-link.md": "path",
    "broken/pipe.md": "path",
    # kept, with a field dropped or a character removed
    "good/bad-optional-fields.md": "field",
    "good/bad-date-tag.md": "field",
    "paths/control-characters.md": "encoding",
    # paths: url refused (page named from subject and file_name) or duplicate skipped
    "paths/traversal-url.md": "path",
    "paths/encoded-url.md": "path",
    "paths/absolute-url.md": "path",
    "paths/backslash-url.md": "path",
    "paths/lookalike-url.md": "path",
    "paths/reserved-index-url.md": "path",
    "paths/reserved-upper-index-url.md": "path",
    "paths/reserved-genindex-url.md": "path",
    "paths/reserved-search-url.md": "path",
    "paths/windows-device-url.md": "path",
    "paths/deep-url.md": "path",
    "paths/long-segment-url.md": "path",
    "paths/dot-segment-url.md": "path",
    "paths/traversal-file-name.md": "field",
    "paths/absolute-file-name.md": "field",
    "paths/encoded-file-name.md": "field",
    "paths/backslash-file-name.md": "field",
    "paths/lookalike-file-name.md": "field",
    "paths/case-collision-url.md": "duplicate",
    "paths/exact-duplicate-url.md": "duplicate",
    "hostile/xss-everywhere.md": "related field",
}

#: Content files published without a warning although something in them was hostile or odd,
#: and why that is right. With NAMED_IN_WARNINGS this accounts for every file of the corpus.
HANDLED_QUIETLY: dict[str, str] = {
    "hostile/myst-syntax.md": "MyST syntax in an answer is shown as written",
    "hostile/html-blocks.md": "HTML in an answer is shown as written",
    "hostile/links.md": "unsafe link targets are shown as written or dropped",
    "hostile/tex.md": "unsafe TeX commands are shown as written",
    "paths/reserved-file-name.md": "file_name 'search.md' gives the page 'search-question'",
    "paths/reserved-index-file-name.md": "file_name 'index.md' gives the page 'index-question'",
    "paths/query-url.md": "a query and a fragment are not part of a page's path",
    "paths/subject-traversal.md": "a subject is only ever used as a slug of letters and digits",
    "paths/hand-written-collision.md": "named by the collision warning on the generated path",
}


def make_corpus(dest: Path) -> Path:
    """Copy the adversarial root under ``dest`` and add the generated files; return srcdir."""
    srcdir = dest / "src"
    shutil.copytree(ROOT, srcdir)
    content = srcdir / "content"
    good, broken, paths = content / "good", content / "broken", content / "paths"

    crlf = (
        "---\nid: 1006\ndate: 2024-01-01\nsubject: Safe Science\n"
        "question: Does a CRLF file with a byte order mark work?\n"
        "answer: >-\n    Windows line endings and a BOM are fine.\\n\\nA second paragraph.\n"
        "url: /learn/safe-science/questions/crlf-bom\n---\n\n&nbsp;\n"
    )
    (good / "crlf-bom.md").write_bytes(b"\xef\xbb\xbf" + crlf.replace("\n", "\r\n").encode())

    paragraphs, size, n = [], 0, 0
    while size < HUGE_BYTES:
        paragraph = HUGE_PARAGRAPH.format(n=n)
        paragraphs.append(paragraph)
        size += len(paragraph) + 4
        n += 1
    (good / "huge-answer.md").write_text(
        "---\nid: 1007\nsubject: Safe Science\nquestion: Can an answer be two megabytes long?\n"
        "url: /learn/safe-science/questions/huge-answer\nanswer: >-\n    "
        + "\\n\\n".join(paragraphs)
        + "\n---\n\n&nbsp;\n",
        encoding="utf-8",
    )

    (broken / "non-utf8.md").write_bytes(
        b"---\nid: 4100\nsubject: Broken\nquestion: Caf\xe9 in Latin-1?\nanswer: Not UTF-8.\n---\n"
    )
    (broken / "utf16.md").write_bytes(
        "---\nid: 4101\nsubject: Broken\nquestion: UTF-16?\nanswer: No.\n---\n".encode("utf-16")
    )
    (broken / "deep-nesting.md").write_text(
        "---\nid: 4102\nsubject: Broken\nquestion: Deep?\nanswer: Deep.\nx: "
        + "[" * 200_000
        + "\n---\n",
        encoding="utf-8",
    )
    (paths / "control-characters.md").write_text(
        "---\nid: 3040\nsubject: Path Tricks\n"
        'question: "Control\\x07 characters\\0 in a field?"\n'
        "answer: >-\n    Control\x0b characters\x1b are removed, the article is kept.\n"
        "url: /learn/path-tricks/questions/control-characters\n---\n\n&nbsp;\n",
        encoding="utf-8",
    )

    outside = dest / "outside"
    (outside / "folder").mkdir(parents=True)
    secret = (
        f"---\nid: 9999\nsubject: Safe Science\nquestion: {OUTSIDE_SECRET}\n"
        f"answer: {OUTSIDE_SECRET}\nurl: /learn/safe-science/questions/secret\n---\n"
    )
    (outside / "secret.md").write_text(secret, encoding="utf-8")
    (outside / "folder" / "secret-in-folder.md").write_text(
        secret.replace("/secret\n", "/secret-in-folder\n"), encoding="utf-8"
    )
    (broken / "outside-link.md").symlink_to(outside / "secret.md")
    (broken / "outside-dir").symlink_to(outside / "folder", target_is_directory=True)
    (broken / "dangling-link.md").symlink_to(dest / "does-not-exist.md")
    os.mkfifo(broken / "pipe.md")

    hand = srcdir / "learn" / "path-tricks" / "questions" / "hand-written.md"
    hand.parent.mkdir(parents=True)
    hand.write_text(f"# Hand-written\n\n{HAND_WRITTEN}\n", encoding="utf-8")
    (paths / "hand-written-collision.md").write_text(
        "---\nid: 3041\nsubject: Path Tricks\nquestion: Would this overwrite a hand-written page?\n"
        "answer: It must not.\nurl: /learn/path-tricks/questions/hand-written\n---\n",
        encoding="utf-8",
    )
    return srcdir


@dataclass
class Built:
    """One build of the adversarial corpus, with the file tree before and after it."""

    dest: Path
    srcdir: Path
    outdir: Path
    warnings: str
    before: dict[str, tuple[str, int, int]]
    after: dict[str, tuple[str, int, int]]


_BUILDS: dict[str, Built] = {}


def adversarial_html(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The HTML build of the adversarial corpus, made once per test session."""
    if "html" not in _BUILDS:
        dest = tmp_path_factory.mktemp("adversarial")
        srcdir = make_corpus(dest)
        before = snapshot(dest)
        app, warnings = build(srcdir)
        _BUILDS["html"] = Built(dest, srcdir, Path(app.outdir), warnings, before, snapshot(dest))
    return _BUILDS["html"]


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    """relative path -> (kind, size, mtime) of everything under ``root``; links not followed."""
    tree: dict[str, tuple[str, int, int]] = {}
    for folder, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(folder) / name
            info = path.lstat()
            kind = "link" if path.is_symlink() else "dir" if path.is_dir() else "file"
            tree[path.relative_to(root).as_posix()] = (kind, info.st_size, info.st_mtime_ns)
    return tree


def changed_paths(
    before: dict[str, tuple[str, int, int]], after: dict[str, tuple[str, int, int]]
) -> set[str]:
    """Paths added, removed or changed between two snapshots (a folder's mtime aside)."""
    return {
        path
        for path in set(before) | set(after)
        if before.get(path) != after.get(path) and not (path in before and before[path][0] == "dir")
    }


def build(srcdir: Path, buildername: str = "html", **kwargs: object) -> tuple[SphinxTestApp, str]:
    """Build ``srcdir``; return the application and the warnings it logged."""
    app = sphinx_build(buildername, srcdir, builddir=srcdir / "_build", freshenv=True, **kwargs)
    return app, re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def soup_of(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    """Parsed HTML page of ``docname``."""
    html = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def main_text(soup: BeautifulSoup) -> str:
    """Visible text of the page body (whitespace collapsed)."""
    body = soup.find(attrs={"role": "main"}) or soup.body or soup
    return " ".join(body.get_text(" ").split())


#: Building blocks of hostile text: HTML, MyST syntax, links, TeX, Markdown structure.
FRAGMENTS = [
    '<qtx-payload onclick="window.__pwned=1">',
    "</qtx-payload>",
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "<!-- c -->",
    "```{raw} html\n",
    "```{include} /etc/passwd\n",
    "```{eval-rst}\n.. raw:: html\n\n   <script>x</script>\n",
    "```",
    "~~~",
    ":::{raw} html\n",
    ":::",
    "{raw-html}`<b>x</b>`",
    "{eval-rst}`x`",
    "{{ x }}",
    "{{x}}",
    "(target)=",
    "% comment",
    "+++",
    "[^1]",
    "[^1]: note",
    "{#id .cls}",
    ": definition",
    ":field: value",
    "- [ ] task",
    "$",
    "$$",
    "\\(",
    "\\)",
    "\\[",
    "\\]",
    "\\href{javascript:alert(1)}{x}",
    "\\input{/etc/passwd}",
    "\\begin{align}",
    "\\end{align}",
    "[a](javascript:alert(1))",
    "[a](vbscript:x)",
    "[a](data:text/html,<script>x</script>)",
    "![i](javascript:x)",
    "<javascript:alert(1)>",
    "<https://example.com>",
    "[r]: javascript:x",
    "[r]",
    "[ok](https://example.com/a?b=1&c=2)",
    "[page](/learn/a/questions/b)",
    "\n",
    "\n\n",
    "    ",
    "> ",
    "- ",
    "* ",
    "1. ",
    "1) ",
    "# ",
    "#",
    "|",
    "| a | b |\n|---|---|\n",
    "---",
    "***",
    "===",
    "&amp;",
    "&#60;",
    "&lt;",
    "<",
    ">",
    "\\",
    "`",
    "``",
    "*",
    "**",
    "_",
    "~",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ":",
    "^",
    "@",
    "!",
    '"',
    "'",
    "\t",
    "\r",
    "\x0b",
    "\x1b",
    "\u2028",
    "\u202e",
    "é",
    "日本",
    "\U0001f600",
    " ",
    "iostream",
    "\\times",
    "\\frac{1}{2}",
]

# --- checks on generated MyST source ------------------------------------------------------

#: Every MyST syntax extension a site might enable (linkify needs an extra package).
ALL_MYST_EXTENSIONS = frozenset(
    {
        "amsmath", "attrs_block", "attrs_inline", "colon_fence", "deflist", "dollarmath",
        "fieldlist", "html_admonition", "html_image", "strikethrough", "substitution",
        "tasklist",
    }
)  # fmt: skip
_MYST = create_md_parser(MdParserConfig(enable_extensions=ALL_MYST_EXTENSIONS), RendererHTML)
#: Directives that page generation itself writes (their options are checked separately).
PAGE_DIRECTIVES = frozenset(
    {
        "container",
        "grid",
        "grid-item-card",
        "card-footer",
        "toctree",
        "quicktakes-downloads",
        "quicktakes-cards",
        "quicktakes-byline",
        "only",
        # the subject page's flashcards button and the flashcards pages' cards
        "button-ref",
        "quicktakes-card",
    }
)
#: The only options (and their exact shapes) of the flashcards directives.
_FLASHCARD_OPTIONS = {
    "button-ref": {"ref-type": "doc", "color": "primary", "outline": ""},
    "quicktakes-card": {"card": r"card-[0-9a-f]{12}", "digest": r"[0-9a-f]{16}"},
}
#: The flashcards pages' front matter: kept out of the toctree and the search index.
_FLASHCARDS_FRONT_MATTER = "orphan: true\nnosearch: true"
#: Token types that plain, escaped Markdown can never produce.
_FORBIDDEN_TOKENS = frozenset(
    {
        "html_block", "html_inline", "colon_fence", "myst_role", "myst_target",
        "myst_line_comment", "myst_block_break", "substitution_inline", "substitution_block",
        "front_matter", "footnote_ref", "footnote_block_open", "dl_open", "field_list_open",
        "amsmath", "image",
    }
)  # fmt: skip
#: TeX that reads files, defines macros or makes links/styles (independent of the code).
UNSAFE_TEX = re.compile(
    r"(?<!\\)(?:\\\\)*\\(input|include|href|url|class|cssId|style|data|require|html|htmlData"
    r"|unicode|def|edef|gdef|xdef|let|newcommand|renewcommand|mmlToken|bbox|verb)(?![A-Za-z])"
)
_SAFE_SCHEMES = ("http", "https", "mailto")
_OPTION = re.compile(r"^:([\w-]+):(.*)$")


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def myst_problems(source: str, directives: frozenset[str] = frozenset()) -> list[str]:
    """What in MyST ``source`` is not plain Markdown, parsed as MyST with every extension.

    Directives named in ``directives`` are allowed; their bodies are checked the same way
    (options removed), and their ``:link:`` options must be library or https links.
    """
    problems: list[str] = []
    for index, token in enumerate(_walk(_MYST.parse(source))):
        kind = token.type
        front = token.content.strip() if kind == "front_matter" and index == 0 else None
        if directives and front in ("tocdepth: 2", _FLASHCARDS_FRONT_MATTER):
            continue  # subject pages' toctree out of HTML navigation; flashcards orphan pages
        if kind in _FORBIDDEN_TOKENS:
            problems.append(f"{kind}: {token.content[:80]!r}")
        elif kind == "fence" and token.info.strip().startswith("{"):
            name = token.info.strip()[1:].split("}", 1)[0]
            if name not in directives:
                problems.append(f"directive {name!r}")
                continue
            lines = token.content.split("\n")
            while lines and (match := _OPTION.match(lines[0])):
                key, value = match.group(1), match.group(2).strip()
                if name in _FLASHCARD_OPTIONS:
                    shape = _FLASHCARD_OPTIONS[name].get(key)
                    if shape is None or not re.fullmatch(shape, value):
                        problems.append(f"option {key}={value!r} of {name}")
                if key == "link" and not re.fullmatch(
                    r"/learn/[A-Za-z0-9/._~-]+|https://example\.org/learn/[A-Za-z0-9/._~-]+", value
                ):
                    problems.append(f"card link {value!r}")
                lines.pop(0)
            argument = token.info.strip().split("}", 1)[1].strip()
            if name == "only" and argument not in (BOOK_ONLY, WEB_ONLY):
                problems.append(f"only {argument!r}")
            problems += _flashcard_argument_problems(name, argument, lines)
            if name == "quicktakes-cards":
                problems += _card_problems(lines)
            elif name == "quicktakes-byline":
                problems += _byline_problems(lines)
            elif name != "toctree":
                problems += myst_problems("\n".join(lines), directives)
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            scheme = urlsplit(href).scheme.lower()
            if scheme not in _SAFE_SCHEMES and not (scheme == "" and _page_link(href)):
                problems.append(f"link {href!r}")
        elif kind.startswith("math") and UNSAFE_TEX.search(token.content):
            problems.append(f"TeX {token.content[:80]!r}")
        elif token.attrs and set(token.attrs) - {"href", "title", "start", "style"}:
            problems.append(f"attributes {token.attrs!r} on {kind}")
    return problems


def _flashcard_argument_problems(name: str, argument: str, lines: list[str]) -> list[str]:
    """The flashcards directives' arguments: a fixed target, or an article and no body."""
    if name == "button-ref" and argument != "flashcards":
        return [f"button target {argument!r}"]
    if name == "quicktakes-card":  # an article's card: its docname, nothing else
        problems = [] if _SAFE_ARTICLE.fullmatch(argument) else [f"card of {argument!r}"]
        return problems + ([f"card body {lines!r}"] if any(lines) else [])
    return []


_SAFE_ARTICLE = re.compile(r"learn/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")
_CARD_LINK = re.compile(r"/learn/[A-Za-z0-9/._~-]+|https://example\.org/learn/[A-Za-z0-9/._~-]+")


def _card_problems(lines: list[str]) -> list[str]:
    """Each line must be a JSON object of plain strings with a library or https link."""
    problems = []
    for line in filter(None, lines):
        try:
            card = json.loads(line)
        except ValueError:
            problems.append(f"card line {line[:80]!r}")
            continue
        if not isinstance(card, dict) or set(card) - {"title", "footer", "doc", "url"}:
            problems.append(f"card {line[:80]!r}")
            continue
        if not all(isinstance(value, str) for value in card.values()):
            problems.append(f"card values {line[:80]!r}")
        for key in ("doc", "url"):
            if key in card and not _CARD_LINK.fullmatch(card[key]):
                problems.append(f"card link {card[key]!r}")
    return problems


def _byline_problems(lines: list[str]) -> list[str]:
    """One JSON object of plain strings; its link is a library page's docname."""
    text = "\n".join(lines).strip()
    try:
        byline = json.loads(text)
    except ValueError:
        return [f"byline {text[:80]!r}"]
    if not isinstance(byline, dict) or set(byline) != {"date", "subject", "doc", "author"}:
        return [f"byline {text[:80]!r}"]
    if not all(isinstance(value, str) and "\n" not in value for value in byline.values()):
        return [f"byline values {text[:80]!r}"]
    if not re.fullmatch(r"learn/[A-Za-z0-9._~/-]+", byline["doc"]):
        return [f"byline link {byline['doc']!r}"]
    return []


def _page_link(href: str) -> bool:
    """A relative link to a generated page (``../x.md``), never leaving the library."""
    return bool(re.fullmatch(r"(\.\./)*[A-Za-z0-9._~/-]*\.md", href))


# --- checks on built HTML ----------------------------------------------------------------

#: Elements that content may never produce inside the page body.
_FORBIDDEN_IN_BODY = frozenset(
    {
        "script", "style", "iframe", "frame", "object", "embed", "applet", "svg", "math",
        "img", "form", "input", "button", "textarea", "select", "base", "meta", "link",
        "template", "video", "audio", "source", "details", "marquee", MARKER,
    }
)  # fmt: skip
_URL_ATTRIBUTES = (
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
)
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]")
MATHJAX_CDN = "https://cdn.jsdelivr.net/npm/mathjax"


def parse_html(path: Path, parser: str = "html5lib") -> BeautifulSoup:
    """A built page parsed as a browser would (``html5lib``) or quickly (``lxml``)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), parser)


def theme_scripts(outdir: Path) -> set[str]:
    """Inline scripts of pages without content: the only inline scripts the theme writes."""
    scripts: set[str] = set()
    for name in ("genindex.html", "search.html"):
        soup = parse_html(outdir / name, "lxml")
        scripts |= {
            (tag.string or "").strip() for tag in soup.find_all("script") if not tag.get("src")
        }
    return scripts


def html_problems(soup: BeautifulSoup, allowed_inline: set[str]) -> list[str]:
    """Anything in a page that content could have injected: scripts, handlers, bad URLs."""
    problems: list[str] = []
    for tag in soup.find_all(True):
        name = tag.name.lower()
        if name == MARKER or name.startswith("qtx"):
            problems.append(f"marker element <{tag.name}>")
        for attr, value in tag.attrs.items():
            if attr.lower().startswith("on"):
                problems.append(f"event handler {attr} on <{tag.name}>")
            url = _IGNORED_IN_URL.sub("", value) if isinstance(value, str) else ""
            if attr.lower() in _URL_ATTRIBUTES and _BAD_SCHEME.match(url):
                problems.append(f"{attr}={value[:60]!r} on <{tag.name}>")
        if name == "meta" and str(tag.get("http-equiv", "")).lower() == "refresh":
            problems.append("meta refresh")
        if name == "script":
            problems += _script_problems(tag, allowed_inline)
    body = soup.find(attrs={"role": "main"})
    search_box = _search_box_parts(body) if body else set()
    search_box |= _flashcard_parts(body) if body else set()
    for tag in body.find_all(True) if body else ():
        if id(tag) in search_box:
            continue
        if tag.name.lower() == "math":
            problems += _mathml_problems(tag)
        elif tag.name.lower() in _FORBIDDEN_IN_BODY:
            problems.append(f"<{tag.name}> in the page body")
        if tag.get("style"):
            problems.append(f"style attribute on <{tag.name}> in the page body")
    return problems


_SEARCH_ASSET = re.compile(r"(\.\./)*_static/quicktakes-search\.(js|css)")
_SEARCH_FORM_TAGS = frozenset({"form", "label", "div", "input", "select", "option", "p", "ol"})


def _search_box_parts(body: object) -> set[int]:
    """The extension's library search box (form, assets): allowed in the page body.

    Only this exact shape is allowed: a form of inputs, its script and its stylesheet from
    ``_static``. Event handlers and bad URLs in it are still reported by the caller.
    """
    parts: set[int] = set()
    for box in body.select("div.quicktakes-search"):  # type: ignore[attr-defined]
        inner = box.find_all(True)
        if any(tag.name not in _SEARCH_FORM_TAGS for tag in inner):
            continue
        parts |= {id(box), *map(id, inner)}
        for asset in (box.find_previous_sibling("link"), box.find_next_sibling("script")):
            url = (asset and (asset.get("href") or asset.get("src"))) or ""
            if _SEARCH_ASSET.fullmatch(url):
                parts.add(id(asset))
    return parts


_CARD_ID = re.compile(r"card-[0-9a-f]{12}")
_ICON_TAGS = frozenset({"svg", "path"})
_ICON_ATTRIBUTES = frozenset({"class", "viewbox", "width", "height", "aria-hidden", "version", "d",
                              "fill-rule", "xmlns"})  # fmt: skip


def _flashcard_parts(body: object) -> set[int]:
    """A flashcards page's cards: ``<details>`` with our id and class, and the theme's
    plain path icons in their ``<summary>``. What the answer inside holds is still checked."""
    parts: set[int] = set()
    for card in body.find_all("details", class_="quicktakes-flashcard"):  # type: ignore[attr-defined]
        if not _CARD_ID.fullmatch(str(card.get("id", ""))):
            continue
        parts.add(id(card))
        summary = card.find("summary", recursive=False)
        for icon in summary.find_all("svg") if summary else ():
            inner = [icon, *icon.find_all(True)]
            if all(
                tag.name.lower() in _ICON_TAGS
                and {a.lower() for a in tag.attrs} <= _ICON_ATTRIBUTES
                for tag in inner
            ):
                parts |= set(map(id, inner))
    return parts


#: What the build-time MathML converter writes: presentation elements, no links or styles.
_MATHML_ELEMENTS = frozenset(
    {
        "math", "semantics", "annotation", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace",
        "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
        "mtable", "mtr", "mtd", "mstyle", "menclose", "mpadded", "mphantom", "merror",
        "mmultiscripts", "mprescripts", "none",
    }
)  # fmt: skip
_MATHML_ATTRIBUTES = frozenset(
    {
        "xmlns", "display", "alttext", "encoding", "mathvariant", "stretchy", "fence",
        "separator", "lspace", "rspace", "accent", "accentunder", "movablelimits", "minsize",
        "maxsize", "symmetric", "largeop", "form", "columnalign", "rowalign", "rowspacing",
        "columnspacing", "columnlines", "rowlines", "frame", "framespacing", "notation",
        "width", "height", "depth", "linethickness", "displaystyle", "scriptlevel", "mathcolor",
        "mathbackground", "mathsize", "columnspan", "rowspan", "voffset", "equalrows",
        "equalcolumns",
    }
)  # fmt: skip


def _mathml_problems(math: object) -> list[str]:
    """A ``<math>`` element holding anything but MathML presentation markup is a problem."""
    problems = []
    for node in [math, *math.find_all(True)]:  # type: ignore[attr-defined]
        if node.name.lower() not in _MATHML_ELEMENTS:
            problems.append(f"<{node.name}> inside <math>")
        for attr in node.attrs:
            if attr.lower() not in _MATHML_ATTRIBUTES:
                problems.append(f"attribute {attr} on <{node.name}> inside <math>")
    return problems


def math_sources(main: object) -> list[str]:
    """The TeX of every formula of a page: MathML ``alttext``, or the source shown as code."""
    sources = [m["alttext"] for m in main.find_all("math")]  # type: ignore[attr-defined]
    fallbacks = main.select(".qt-math-source")  # type: ignore[attr-defined]
    return sources + [code.get_text() for code in fallbacks]


def _script_problems(tag: object, allowed_inline: set[str]) -> list[str]:
    src = tag.get("src")  # type: ignore[attr-defined]
    text = (tag.string or "").strip()  # type: ignore[attr-defined]
    kind = tag.get("type", "")  # type: ignore[attr-defined]
    if src:
        if src.startswith(MATHJAX_CDN) or re.fullmatch(r"(\.\./)*_static/[\w.-]+(\?v=\w+)?", src):
            return []
        return [f"script src={src!r}"]
    if kind == "application/ld+json":
        if "<" in text:
            return [f"'<' in JSON-LD: {text[:80]!r}"]
        try:
            json.loads(text)
        except ValueError:
            return [f"JSON-LD does not parse: {text[:80]!r}"]
        return []
    if text in allowed_inline:
        return []
    if text.startswith("window.MathJax = "):
        try:
            json.loads(text[len("window.MathJax = ") :])
        except ValueError:
            return [f"MathJax configuration is not plain JSON: {text[:80]!r}"]
        return []
    return [f"inline script {text[:80]!r}"]
