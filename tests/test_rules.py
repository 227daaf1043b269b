"""The shared small rules: character classes, link schemes, counts, sort orders."""

from __future__ import annotations

import pytest

from sphinx_quicktakes.articles.rules import (
    NOT_IN_ARTICLES,
    NOT_IN_LOGS,
    NOT_IN_XML,
    count_phrase,
    is_safe_link,
    is_web_url,
    strip_invalid_xml,
)

KEPT_EVERYWHERE = "a\u00e9\u4e2d\U0001f600 \u00a0\u2028"


def test_articles_keep_whitespace_and_nel_but_lose_other_controls() -> None:
    assert NOT_IN_ARTICLES.sub("", "a\tb\nc\rd\x85e") == "a\tb\nc\rd\x85e"
    assert NOT_IN_ARTICLES.sub("", "\x00\x08\x0b\x0c\x1f\x7f\x80\x84\x86\x9f\ufffe\uffff") == ""
    assert NOT_IN_ARTICLES.sub("", KEPT_EVERYWHERE) == KEPT_EVERYWHERE


def test_xml_loses_what_xml_cannot_carry_and_keeps_c1_controls() -> None:
    assert strip_invalid_xml("\x00\x08\x0b\x0c\x1f\x7f\ud800\udfff\ufffe\uffff") == ""
    assert strip_invalid_xml("a\tb\nc\rd\x85\x9f") == "a\tb\nc\rd\x85\x9f"
    assert NOT_IN_XML.sub("", KEPT_EVERYWHERE) == KEPT_EVERYWHERE


def test_logs_lose_every_control_including_line_breaks() -> None:
    assert NOT_IN_LOGS.sub("", "\t\n\r\x00\x1f\x7f\x85\x9f") == ""
    assert NOT_IN_LOGS.sub("", KEPT_EVERYWHERE) == KEPT_EVERYWHERE


@pytest.mark.parametrize(
    ("href", "safe"),
    [
        ("https://example.org/", True),
        ("HTTP://example.org/", True),
        ("  mailto:a@example.org", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("//example.org/", False),
        ("/learn/x", False),
        ("vbscript:x", False),
    ],
)
def test_safe_links(href: str, safe: bool) -> None:
    assert is_safe_link(href) is safe


def test_web_urls() -> None:
    assert is_web_url("https://example.org/") and is_web_url("http://example.org/")
    assert not is_web_url("ftp://example.org/") and not is_web_url("example.org")


def test_count_phrase() -> None:
    assert count_phrase(1, "question", "questions") == "1 question"
    assert count_phrase(0, "question", "questions") == "0 questions"
    assert count_phrase(2, "subject", "subjects") == "2 subjects"
