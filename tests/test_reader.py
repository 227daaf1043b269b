"""Reading articles: the seed file, the answer escapes, dates, field validation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sphinx_quicktakes.articles.dates import format_moment
from sphinx_quicktakes.articles.decode import decode_answer
from sphinx_quicktakes.articles.reader import read_article


def write(tmp_path: Path, text: str, name: str = "a.md", raw: bytes | None = None) -> Path:
    path = tmp_path / name
    path.write_bytes(raw if raw is not None else text.encode("utf-8"))
    return path


def article_text(**fields: str) -> str:
    base = {
        "id": "7",
        "subject": "Physics",
        "question": ">-\n    Why is 3 < 5?",
        "answer": ">-\n    Line one.\\n\\nLine $\\times$ two.",
    }
    base.update(fields)
    body = "\n".join(f"{key}: {value}" for key, value in base.items() if value is not None)
    return f"---\n{body}\n---\n\n&nbsp;\n"


def test_seed_parses_to_expected_values(seed_path: Path) -> None:
    article, problems = read_article(seed_path, "seed-article.md")
    assert problems == []
    assert article is not None
    assert article.id == 106916
    assert article.date == dt.date(2024, 12, 9)
    assert article.question == "What roles do cytokines play in the immune system?"
    assert article.title == article.article_title == article.question
    assert article.subject == "Health Studies"
    assert article.author == "QuickTakes"
    assert article.score == -1.0
    assert article.date_format == "MMM DD, YYYY"
    assert article.post_on_text == "Posted on"
    assert article.seo_title == "QuickTakes | Health Studies"
    assert article.seo_description.startswith("Cytokines are essential chemical messengers")
    assert article.seo_keywords[:3] == ("cytokines", "immune system", "chemical messengers")
    assert len(article.seo_keywords) == 15
    assert article.file_name == "what-roles-do-cytokines-play-in-the-immune-system.md"
    assert (
        article.url
        == "/learn/health-studies/questions/what-roles-do-cytokines-play-in-the-immune-system"
    )
    assert article.no_index is False
    assert article.metadata == {}
    assert [(r.id, r.subject, r.url) for r in article.related] == [
        (
            106921,
            "Health Studies",
            "/learn/health-studies/questions/what-is-the-mechanism-of-action-of-natural-killer-cells",
        )
    ]
    assert article.related[0].title == "What is the mechanism of action of natural killer cells?"
    assert "\\n" not in article.answer
    assert article.answer.count("\n\n") == 9
    assert "\n\n1. **Regulation of Immune Responses**" in article.answer
    assert article.answer.endswith("in both health and disease.")
    assert "&nbsp;" not in article.answer


def test_only_backslash_n_pairs_become_newlines() -> None:
    raw = r"a\n$\frac{1}{2} \times \theta$\n\\n\t"
    assert decode_answer(raw) == "a\n$\\frac{1}{2} \\times \\theta$\n\\\n\\t"


def test_body_is_appended_unless_placeholder(tmp_path: Path) -> None:
    text = article_text().replace("&nbsp;", "Extra **body** text.")
    article, _ = read_article(write(tmp_path, text), "a.md")
    assert article is not None and article.answer.endswith("\n\nExtra **body** text.")
    article, _ = read_article(write(tmp_path, article_text(), "b.md"), "b.md")
    assert article is not None and article.answer.endswith("Line $\\times$ two.")


def test_bom_and_crlf(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + article_text().replace("\n", "\r\n").encode()
    article, problems = read_article(write(tmp_path, "", raw=data), "a.md")
    assert problems == [] and article is not None
    assert article.question == "Why is 3 < 5?"
    assert article.answer == "Line one.\n\nLine $\\times$ two."


def test_unknown_keys_kept_as_metadata(tmp_path: Path) -> None:
    article, _ = read_article(
        write(tmp_path, article_text(custom="value", no_index="true")), "a.md"
    )
    assert article is not None
    assert article.metadata == {"custom": "value"}
    assert article.no_index is True


def test_missing_score_and_negative_id(tmp_path: Path) -> None:
    article, problems = read_article(write(tmp_path, article_text(id="-13")), "a.md")
    assert problems == [] and article is not None
    assert article.id == -13 and article.score is None


@pytest.mark.parametrize(
    ("moment", "language", "expected"),
    [
        ("MMM DD, YYYY", "en", "Dec 09, 2024"),
        ("DD/MM/YYYY", "en", "09/12/2024"),
        ("MMMM D, YYYY", "fr", "décembre 9, 2024"),
        ("D MMMM YYYY", "de", "9 Dezember 2024"),
        ("dddd, [the] Do", "en", "Monday, the 9th"),
        ("YY-M-D", None, "24-12-9"),
    ],
)
def test_moment_dates(moment: str, language: str | None, expected: str) -> None:
    assert format_moment(dt.date(2024, 12, 9), moment, language) == expected


def test_unknown_language_falls_back_to_english() -> None:
    assert format_moment(dt.date(2024, 1, 2), "MMM", "xx-nonsense") == "Jan"
