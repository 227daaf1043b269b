"""One large subject's study guides: rendered in chunks against one document, and an edit.

Generates one subject of ``--size`` real-sized articles, then builds its guides (EPUB and
PDF) with the ``studyguide`` builder and ``-j``, on the same machine in the same run:

- with the subject PDF rendered as one document (the chunk size set above the subject's);
- with the default chunks, from scratch;
- with the default chunks, after one edited answer (only its chunk is rendered again);
- with ``--join N``: the library PDF of N copies of that subject PDF, joined on disk one part
  at a time (``pdfstream``), next to pikepdf concatenating the same pages in memory; each in
  its own process.

Each figure is wall seconds, CPU seconds and the peak memory of the largest process::

    python benchmarks/guides_scale.py --size 1600 --join 8
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate, real_fields
from run import EDITED, EXTENSION_CONF, INDEX
from search import REAL_SAMPLE
from sharded import Timed, timed

GUIDES_CONF = 'quicktakes_guide_formats = ["epub", "pdf"]\n'


def studyguide(srcdir: Path, outdir: Path, jobs: int, *options: str) -> Timed:
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "studyguide", "-j", str(jobs)]
    command += [f"-D{option}" for option in options]
    return timed([*command, "-d", str(outdir / ".doctrees"), str(srcdir), str(outdir)])


#: The reference: pikepdf concatenating the pages in memory (no tags, bookmarks or links,
#: so less than a real join holds).
JOIN_IN_MEMORY = """
import sys
from pathlib import Path
import pikepdf
joined = pikepdf.open(sys.argv[1])
parts = [pikepdf.open(sys.argv[1]) for _ in range(int(sys.argv[2]))]
for part in parts:
    joined.pages.extend(part.pages)
joined.save(sys.argv[3])
"""
JOIN_ON_DISK = """
import sys
from pathlib import Path
from sphinx_quicktakes.guides.pdfstream import stream_join
part = Path(sys.argv[1])
parts = [(f"Part {number}", part) for number in range(int(sys.argv[2]))]
Path(sys.argv[3]).write_bytes(stream_join(part.read_bytes(), parts, {}, {}))
"""


def joins(pdf: Path, copies: int, work: Path) -> dict[str, object]:
    """The library join of ``copies`` subject PDFs, both ways."""
    found: dict[str, object] = {"parts": copies}
    for name, script in (("in_memory", JOIN_IN_MEMORY), ("on_disk", JOIN_ON_DISK)):
        out = work / f"{name}.pdf"
        command = [sys.executable, "-c", script, str(pdf), str(copies), str(out)]
        found[name] = {**asdict(timed(command)), "mb": round(out.stat().st_size / 1e6, 1)}
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1600, help="articles in the subject")
    parser.add_argument("--jobs", type=int, default=2, help="sphinx-build -j")
    parser.add_argument("--skip-whole", action="store_true", help="skip the one-document run")
    parser.add_argument("--join", type=int, default=0, help="also join N copies of the PDF")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    figures: dict[str, object] = {"articles": args.size, "jobs": args.jobs}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        content = work / "content"
        paths = generate(content, args.size, subject_size=args.size, real=real_fields(REAL_SAMPLE))
        srcdir = work / "project"
        srcdir.mkdir()
        conf = EXTENSION_CONF.format(content=str(content)) + GUIDES_CONF
        (srcdir / "conf.py").write_text(conf)
        (srcdir / "index.md").write_text(INDEX)
        if not args.skip_whole:
            whole = f"quicktakes_guide_pdf_chunk_size={args.size * 10}"
            figures["one_document"] = asdict(studyguide(srcdir, work / "whole", args.jobs, whole))
        figures["chunks"] = asdict(studyguide(srcdir, work / "chunks", args.jobs))
        edited = paths[len(paths) // 2]
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace("\nsubject:", EDITED + "\nsubject:", 1), encoding="utf-8")
        figures["chunks_edit"] = asdict(studyguide(srcdir, work / "chunks", args.jobs))
        pdf = next((work / "chunks").glob("subject-*.pdf"))
        figures["pdf_mb"] = round(pdf.stat().st_size / 1e6, 1)
        import pikepdf

        with pikepdf.open(pdf) as opened:
            figures["pdf_pages"] = len(opened.pages)
        if args.join:
            figures["library_join"] = joins(pdf, args.join, work)
    text = json.dumps(figures, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
