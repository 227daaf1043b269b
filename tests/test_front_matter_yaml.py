"""Front matter composed in one pass gives what the two-pass load gives, or leaves to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sphinx_quicktakes.articles import front_matter
from sphinx_quicktakes.articles.front_matter import MAX_YAML_DEPTH, MAX_YAML_NODES, Rejected


def _outcome(text: str) -> tuple[str, Any]:
    try:
        return "loaded", front_matter._load_yaml(text.split("\n"))
    except Rejected as rejected:
        return "rejected", rejected.problem


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[str, Any], tuple[str, Any]]:
    one_pass = _outcome(text)
    with monkeypatch.context() as patch:
        patch.setattr(front_matter, "_load_plain", lambda text: front_matter._UNCHECKED)
        two_passes = _outcome(text)
    return one_pass, two_passes


def _nested(depth: int, flow: bool) -> str:
    if flow:
        return "key: " + "[" * depth + "x" + "]" * depth
    return "key:\n" + "".join("  " * level + "- \n" for level in range(depth - 1)) + "  x"


HOSTILE = [
    "",
    "# only a comment",
    "just a scalar",
    "- a list\n- at the top",
    "a: &anchor 1\nb: 2",  # an anchor alone is allowed
    "a: &anchor 1\nb: *anchor",
    "a: *undefined",
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2",
    "merged:\n  <<: {x: 1}\n  y: 2",
    "a: 1\n---\nb: 2",
    "a: [1, 2\nb: 3",
    'a: "unclosed\nb: 2',
    "a: !!python/object:os.system 1",
    "date: 2024-13-45\nflag: yes\nnumber: 1_000\nfloat: .inf",
    "a: 1\na: 2",
    "question: |\n  - not: a list\n  [nor] {a: flow}\n"
    "answer: >-\n  Text with - dashes: colons? [and] {braces}",
    _nested(MAX_YAML_DEPTH, flow=True),
    _nested(MAX_YAML_DEPTH + 1, flow=True),
    _nested(MAX_YAML_DEPTH + 1, flow=False),
    "items: [" + ", ".join("x" for _ in range(MAX_YAML_NODES)) + "]",
    "items: [" + ", ".join("x" for _ in range(MAX_YAML_NODES - 8)) + "]",
    "key: " + "[" * 5000 + "]" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_front_matter_gets_the_two_pass_outcome(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    one_pass, two_passes = _both(text, monkeypatch)
    assert one_pass == two_passes


def test_the_node_limit_is_the_event_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # stream, document, mapping, key, list of n scalars: 9 + n events; at the limit it
    # loads, one more is rejected
    at_limit = "items: [" + ", ".join("x" for _ in range(MAX_YAML_NODES - 9)) + "]"
    over = at_limit.replace("[", "[x, ", 1)
    assert front_matter._load_plain(at_limit) is not front_matter._UNCHECKED
    assert front_matter._load_plain(over) is front_matter._UNCHECKED
    assert _both(at_limit, monkeypatch)[0][0] == "loaded"
    assert _both(over, monkeypatch)[0][0] == "rejected"


def _front_matters(folder: Path, pattern: str = "**/*.md") -> list[str]:
    texts = []
    for path in sorted(folder.glob(pattern)):
        try:
            text = front_matter._decode(path.read_bytes())
            lines, _ = front_matter._split(front_matter.NOT_IN_ARTICLES.sub("", text))
        except Rejected:
            continue
        texts.append("\n".join(lines))
    return texts


def test_real_front_matters_load_in_one_pass_as_in_two(
    real_sample: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _front_matters(real_sample) + _front_matters(seed_path.parent, seed_path.name)
    assert len(texts) > 1000
    unchecked = front_matter._UNCHECKED
    plain = [text for text in texts if front_matter._load_plain(text) is not unchecked]
    assert len(plain) >= 0.95 * len(texts)
    for text in texts:
        one_pass, two_passes = _both(text, monkeypatch)
        assert one_pass == two_passes
