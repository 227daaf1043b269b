"""The cached-output helper: keys, manifest, writes only on change, stale files removed."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_quicktakes.outputs import OutputCache, key_of, read_json, write_if_changed


def open_cache(tmp_path: Path) -> OutputCache:
    return OutputCache(tmp_path / "out", tmp_path / "cache" / "manifest.json")


def run(
    tmp_path: Path, files: dict[str, tuple[str, bytes]], quick: dict[str, str] | None = None
) -> tuple[OutputCache, list[str]]:
    """One run writing ``files`` (name -> (content key, bytes)); the names it (re)built."""
    cache = open_cache(tmp_path)
    built = []
    for name, (key, data) in files.items():
        claim = cache.claim(name, key, (quick or {}).get(name))
        if not claim.current:
            built.append(name)
            cache.store(claim, data)
    cache.finish()
    return cache, built


def age(path: Path) -> int:
    """Set an old mtime on ``path``; return it."""
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    return path.stat().st_mtime_ns


def test_unchanged_key_builds_nothing(tmp_path: Path) -> None:
    assert run(tmp_path, {"a.txt": ("k1", b"A")})[1] == ["a.txt"]
    assert run(tmp_path, {"a.txt": ("k1", b"A")})[1] == []
    assert (tmp_path / "out" / "a.txt").read_bytes() == b"A"


def test_changed_key_rewrites(tmp_path: Path) -> None:
    run(tmp_path, {"a.txt": ("k1", b"A")})
    assert run(tmp_path, {"a.txt": ("k2", b"B")})[1] == ["a.txt"]
    assert (tmp_path / "out" / "a.txt").read_bytes() == b"B"


def test_same_bytes_are_not_written_again(tmp_path: Path) -> None:
    run(tmp_path, {"a.txt": ("k1", b"A")})
    # The manifest no longer matches the file's mtime, so the file is rebuilt, but its
    # bytes are the same: it is left alone.
    mtime = age(tmp_path / "out" / "a.txt")
    cache = open_cache(tmp_path)
    claim = cache.claim("a.txt", "k1")
    assert not claim.current
    assert cache.store(claim, b"A") is False
    assert (tmp_path / "out" / "a.txt").stat().st_mtime_ns == mtime
    assert cache.store(claim, b"changed") is True
    assert (tmp_path / "out" / "a.txt").read_bytes() == b"changed"


def test_a_file_written_through_a_handle_is_kept_when_its_bytes_are_the_same(
    tmp_path: Path,
) -> None:
    """``store_written``: the bytes go to a file as they are made, are compared with the file
    in place a block at a time, and replace it only when they differ."""
    big = bytes(range(256)) * 12_000  # more than one compared block
    cache = open_cache(tmp_path)
    claim = cache.claim("big.bin", "k1")
    assert cache.store_written(claim, lambda out: out.write(big), note=1) is True
    target = tmp_path / "out" / "big.bin"
    assert target.read_bytes() == big
    assert cache.entry("big.bin")["size"] == len(big) and cache.entry("big.bin")["note"] == 1
    mtime = age(target)
    assert cache.store_written(claim, lambda out: out.write(big)) is False
    assert target.stat().st_mtime_ns == mtime
    assert cache.entry("big.bin")["mtime_ns"] == mtime
    changed = big[:-1] + b"!"
    assert cache.store_written(claim, lambda out: out.write(changed)) is True
    assert target.read_bytes() == changed
    assert sorted(p.name for p in target.parent.iterdir()) == ["big.bin"]


def test_a_failed_write_through_a_handle_leaves_the_file_and_no_scratch(tmp_path: Path) -> None:
    cache = open_cache(tmp_path)
    claim = cache.claim("a.bin", "k1")
    cache.store_written(claim, lambda out: out.write(b"old"))

    def broken(out: object) -> None:
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        cache.store_written(claim, broken)
    target = tmp_path / "out" / "a.bin"
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["a.bin"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.unlink(),
        lambda path: path.write_bytes(b"edited by hand"),
    ],
    ids=["missing", "changed"],
)
def test_a_missing_or_changed_output_is_rebuilt(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    run(tmp_path, {"a.txt": ("k1", b"A")})
    damage(tmp_path / "out" / "a.txt")
    assert run(tmp_path, {"a.txt": ("k1", b"A")})[1] == ["a.txt"]
    assert (tmp_path / "out" / "a.txt").read_bytes() == b"A"


def test_manifest_lists_every_file_with_its_keys(tmp_path: Path) -> None:
    cache, _ = run(tmp_path, {"a.txt": ("k1", b"A"), "b.txt": ("k2", b"BB")}, {"a.txt": "q1"})
    stored = json.loads((tmp_path / "cache" / "manifest.json").read_text("utf-8"))
    assert stored["version"] == 1
    files = stored["files"]
    assert set(files) == {"a.txt", "b.txt"}
    assert files["a.txt"]["quick"] == "q1" and files["a.txt"]["content"] == "k1"
    assert "quick" not in files["b.txt"] and files["b.txt"]["size"] == 2
    assert cache.entry("b.txt")["mtime_ns"] == (tmp_path / "out" / "b.txt").stat().st_mtime_ns


def test_stale_outputs_are_removed_unless_changed(tmp_path: Path) -> None:
    run(tmp_path, {"a.txt": ("k", b"A"), "b.txt": ("k", b"B"), "c.txt": ("k", b"C")})
    (tmp_path / "out" / "c.txt").write_bytes(b"edited")
    assert run(tmp_path, {"a.txt": ("k", b"A")})[1] == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "c.txt"]
    assert set(read_json(tmp_path / "cache" / "manifest.json")["files"]) == {"a.txt"}


def test_quick_key_spares_the_content_key(tmp_path: Path) -> None:
    calls: list[str] = []

    def content() -> str:
        calls.append("content")
        return "k1"

    for _ in range(2):
        cache = open_cache(tmp_path)
        claim = cache.claim("a.txt", content, "q1")
        if not claim.current:
            cache.store(claim, b"A")
        cache.finish()
    assert calls == ["content"]
    # A new quick key with the same content keeps the file and records the new quick key.
    cache = open_cache(tmp_path)
    assert cache.claim("a.txt", content, "q2").current
    cache.finish()
    assert calls == ["content", "content"]
    assert read_json(tmp_path / "cache" / "manifest.json")["files"]["a.txt"]["quick"] == "q2"


def test_a_damaged_or_foreign_manifest_starts_afresh(tmp_path: Path) -> None:
    run(tmp_path, {"a.txt": ("k", b"A")})
    manifest = tmp_path / "cache" / "manifest.json"
    for text in ("{not json", json.dumps({"version": 99, "files": {"a.txt": {}}}), "[]"):
        manifest.write_text(text, encoding="utf-8")
        assert run(tmp_path, {"a.txt": ("k", b"A")})[1] == ["a.txt"]


def test_stale_names_outside_the_folder_are_never_removed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep")
    stat = victim.stat()
    (tmp_path / "out").mkdir()
    entry = {"content": "k", "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    manifest = tmp_path / "cache" / "manifest.json"
    manifest.parent.mkdir()
    manifest.write_text(json.dumps({"version": 1, "files": {"../victim.txt": entry}}), "utf-8")
    run(tmp_path, {})
    assert victim.read_bytes() == b"keep"


def test_write_if_changed_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "f"
    assert write_if_changed(path, b"x") is True
    assert write_if_changed(path, b"x") is False
    assert key_of("a", [1, 2]) == key_of("a", [1, 2]) != key_of("a", [2, 1])
