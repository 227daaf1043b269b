"""The benchmark's results as a Markdown table of figures, ratios and targets."""

from __future__ import annotations

from typing import Any


def _ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}x" if value and base else "n/a"


def _seconds(value: float | None) -> str:
    return f"{value:.2f} s" if value is not None else "not measured"


def _change(row: dict[str, Any] | None, noop: float) -> str:
    if not row:
        return "not measured"
    ok = "correct" if row["correct"] else "WRONG OUTPUT"
    return (
        f"{row['seconds']:.2f} s ({_ratio(row['seconds'], noop)} no-op); "
        f"{row['reread']} read, {row['rewritten']} written; {ok}"
    )


def _size_rows(size: dict[str, Any]) -> list[tuple[str, str, str]]:
    full, plain_full = size["full"], size["plain_full"]
    noop, plain_noop = size["noop"], size["plain_noop"]
    rows = [
        ("full build, plain Sphinx", _seconds(plain_full), ""),
        ("full build, sphinx-quicktakes", _seconds(full), _ratio(full, plain_full) + " plain"),
        ("no-op rebuild, plain Sphinx", _seconds(plain_noop), ""),
        ("no-op rebuild, sphinx-quicktakes", _seconds(noop), _ratio(noop, plain_noop) + " plain"),
        ("edit one answer", _change(size["edit"], noop), "target <= 3 docs, <= 1.5x"),
        ("edit one question", _change(size["edit_question"], noop), ""),
        ("add one article", _change(size["add"], noop), ""),
        ("delete one article", _change(size["delete"], noop), ""),
        (
            "incremental output = clean build",
            {True: "identical", False: "DIFFERENT", None: "not measured"}[size["identical"]],
            "",
        ),
    ]
    for jobs, seconds in size["jobs"].items():
        rows.append(
            (f"full build, -j {jobs}", _seconds(seconds), _ratio(seconds, full) + " serial")
        )
    if size["guides_full"] is not None:
        rows.append(("study guides (studyguide builder), full", _seconds(size["guides_full"]), ""))
        rebuilt = ", ".join(size["guides_rebuilt"]) or "none"
        rows.append(
            ("study guides after editing one answer", _seconds(size["guides_edit"]), rebuilt)
        )
    rows.append(("peak RSS (largest process)", f"{size['peak_rss_mb']:.0f} MB", "target <= 1536"))
    rows += _search_rows(size.get("search") or {})
    rows.append(("warnings in the full build", str(size["warnings"]), ""))
    return rows


def _search_rows(search: dict[str, Any]) -> list[tuple[str, str, str]]:
    if not search:
        return []
    queries = search["query_bytes"]
    worst = max((q["bytes"] for q in queries.values()), default=0)
    each = ", ".join(f"{q!r} {v['bytes'] / 1024:.0f} KB" for q, v in queries.items())
    noop = search.get("noop_search_seconds")
    edited = search.get("edit_rewritten_bundles")
    return [
        (
            "search bundles on disk (Pagefind)",
            f"{search['bundle_mb']:.1f} MB in {search['bundle_files']} files",
            f"{search['bundles']} bundles, {search.get('pages', '?')} pages",
        ),
        (
            "search indexing (fresh build)",
            f"{search.get('index_seconds', 0):.2f} s, peak {search.get('index_peak_mb')} MB",
            "target peak < 2048 MB (largest Pagefind process)",
        ),
        ("first query + top 5 results, downloaded", f"{worst / 1024:.0f} KB (largest)", each),
        (
            "search work in a no-op rebuild",
            "not measured" if noop is None else f"{noop:.3f} s",
            "bundles untouched" if search.get("noop_bundle_untouched") else "BUNDLE REWRITTEN",
        ),
        (
            "bundles rewritten after editing one answer",
            "not measured" if edited is None else ", ".join(edited) or "none",
            "target: its subject's only",
        ),
    ]


def render(data: dict[str, Any]) -> str:
    """The whole report: machine, command, one table per size, growth between sizes."""
    machine = data["machine"]
    lines = [
        f"Measured {data['started']} in {data['minutes']} minutes with `{data['command']}`.",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores; Python {machine['python']}, "
        f"Sphinx {machine['sphinx']}; {machine['system']}.",
        "",
    ]
    sizes = data["sizes"]
    for count, size in sizes.items():
        runs = "median of " + str(size["repeat"]) if size["repeat"] > 1 else "one run"
        lines += [f"### {int(count):,} articles ({runs})", ""]
        lines += ["| measurement | result | ratio / note |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in _size_rows(size)]
        lines.append("")
    counts = sorted(sizes, key=int)
    if len(counts) > 1:
        small, large = sizes[counts[0]], sizes[counts[-1]]
        factor = int(counts[-1]) / int(counts[0])
        lines += [
            f"### Growth from {int(counts[0]):,} to {int(counts[-1]):,} articles "
            f"({factor:g}x the articles)",
            "",
            "| build | growth |",
            "|---|---|",
        ]
        for key, name in (
            ("plain_full", "full, plain Sphinx"),
            ("full", "full, sphinx-quicktakes"),
            ("plain_noop", "no-op, plain Sphinx"),
            ("noop", "no-op, sphinx-quicktakes"),
        ):
            lines.append(f"| {name} | {_ratio(large[key], small[key])} |")
        lines.append("")
    return "\n".join(lines)
