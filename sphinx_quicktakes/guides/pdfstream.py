"""PDFs joined part by part: a subject's chunks, or the library's subjects.

Joining in memory keeps every object of every part until the file is saved: about 0.3 MB an
article, gigabytes for a large library. Here each part (the front matter, then each chunk or
subject PDF, each a tagged PDF/UA-1 file from WeasyPrint) is opened alone, its objects are
serialized with new numbers, and it is closed before the next one. What must see every part
(the page tree, the structure tree's top and ``ParentTree``, bookmarks, page labels, named
destinations) is kept as small records and written last. The result is tagged as its parts
are: the ``Document`` element holds the front matter's content, then a chunk's content
directly, or a subject's as a ``Part`` element.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name

from sphinx_quicktakes.guides.pagenumbers import PageNumbers
from sphinx_quicktakes.guides.pdf_copy import REOPEN_EVERY, PartCopy, to_output
from sphinx_quicktakes.guides.pdf_output import PdfOutput, plain

#: URIs of links to (part, page in the part), made in-file when joining.
PAGE_LINK = "qt-page:"
#: Pages under one node of the page tree.
_FANOUT = 512


@dataclass
class _Bookmark:
    title: str
    page: int  # global page index
    children: list[_Bookmark] = field(default_factory=list)


def _document_element(pdf: pikepdf.Pdf) -> Any:
    root = pdf.Root.get("/StructTreeRoot")
    kids = root.get("/K") if root is not None else None
    if isinstance(kids, Array):
        kids = kids[0] if len(kids) == 1 else None
    return kids if isinstance(kids, Dictionary) else None


def _outline(source: pikepdf.Pdf, first_page: int) -> list[_Bookmark]:
    index = {page.obj.objgen: number for number, page in enumerate(source.pages)}

    def walk(items: Iterable[Any]) -> list[_Bookmark]:
        marks = []
        for item in items:
            destination = item.destination
            page = 0
            if isinstance(destination, Array) and len(destination) > 0:
                page = index.get(destination[0].objgen, 0)
            mark = _Bookmark(str(item.title), first_page + page)
            mark.children = walk(item.children)
            marks.append(mark)
        return marks

    with source.open_outline() as outline:
        return walk(outline.root)


def _labels(source: pikepdf.Pdf, start: int) -> list[tuple[int, bytes]]:
    labels = source.Root.get("/PageLabels")
    nums = list(labels.Nums) if labels is not None and "/Nums" in labels else []
    if not nums:
        return [(start, b"<</S/D/St 1>>")]
    found = []
    for index in range(0, len(nums) - 1, 2):
        style = nums[index + 1]
        keys = sorted(style.keys())
        parts = [bytes(Name(key).unparse()) + b" " + plain(style[key]) for key in keys]
        found.append((int(nums[index]) + start, b"<<" + b" ".join(parts) + b">>"))
    return found


_ARRAY = rb"\s*\[([^\[\]]*)\]"
_NUMS = re.compile(rb"/Nums" + _ARRAY)
_KIDS = re.compile(rb"/Kids" + _ARRAY)
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R")
_KEYED_REF = re.compile(rb"(-?\d+)\s+(\d+)\s+(\d+)\s+R")


def _parent_refs(source: pikepdf.Pdf, tree: Any) -> list[tuple[int, Any]] | None:
    """The ``ParentTree``'s (key, referenced object) pairs, read from its nodes' bytes.

    Reading the tree's values through pikepdf parses every object they point to, which for
    a large subject is most of the file (about 800 MB for 4,500 articles); the nodes' bytes
    name them without that. None when a node holds anything but references (pikepdf then
    reads the tree).
    """
    found: list[tuple[int, Any]] = []
    stack = [tree]
    while stack:
        text = bytes(stack.pop().unparse(resolved=True))
        nums, kids = _NUMS.search(text), _KIDS.search(text)
        if (b"/Nums" in text) != (nums is not None) or (b"/Kids" in text) != (kids is not None):
            return None
        if nums is not None:
            if _KEYED_REF.sub(b"", nums[1]).strip():
                return None
            found += [(int(k), (int(n), int(g))) for k, n, g in _KEYED_REF.findall(nums[1])]
        if kids is not None:
            if _REF.sub(b"", kids[1]).strip():
                return None
            refs = _REF.findall(kids[1])
            stack += [source.get_object((int(n), int(g))) for n, g in reversed(refs)]
    return found


class StreamJoin:
    """Writes a front-matter PDF and its parts as one tagged PDF, one part at a time.

    A titled part (a subject of the library) becomes a ``Part`` element and a bookmark of its
    own; an untitled part (a chunk of a subject) continues the document, its numbering and
    its bookmarks, and gets its page numbers stamped by ``numbers``.

    :param counts: pages of the front matter, then of each part, in order.
    :param targets: URI -> (part number, page in the part) of links made in-file; the
        front matter's ``qt-page:N:P`` links point there too.
    :param titles: URI (or ``qt-page:N:P``) -> the description a link gets.
    """

    def __init__(
        self,
        out: BinaryIO,
        counts: list[int],
        targets: dict[str, tuple[int, int]],
        titles: dict[str, str],
        numbers: PageNumbers | None = None,
        names: set[str] | None = None,
    ) -> None:
        self.output = PdfOutput(out)
        self.numbers = numbers
        #: The named destinations kept (None: all of them).
        self.names = names
        #: Named destinations: name -> (page, the rest of the destination array).
        self.dests: dict[str, tuple[int, bytes]] = {}
        self.starts: list[int] = []
        total, position = sum(counts), 0
        for count in counts:
            self.starts.append(position)
            position += count
        self.catalog = self.output.reserve()
        self.page_root = self.output.reserve()
        self.nodes = [self.output.reserve() for _ in range(0, total, _FANOUT)]
        self.page_objects = [self.output.reserve() for _ in range(total)]
        self.struct_root = self.output.reserve()
        self.document = self.output.reserve()
        self.document_kids: list[bytes] = []
        self.document_head = b"<</Type/StructElem/S/Document"
        self.parent_tree: list[tuple[int, int]] = []
        self.next_key = 0
        self.bookmarks: list[_Bookmark] = []
        self.labels: list[tuple[int, bytes]] = []
        self.catalog_extra: list[bytes] = []
        self.info: int | None = None
        self._targets = targets
        self._titles = titles
        self._parts = 0

    def target(self, uri: str) -> tuple[int, str] | None:
        """The global page of a link made in-file, and its description."""
        found = self._targets.get(uri)
        if uri.startswith(PAGE_LINK):
            number, _, local = uri[len(PAGE_LINK) :].partition(":")
            try:
                found = (int(number), int(local))
            except ValueError:
                found = None
        if found is None or found[0] >= len(self.starts) - 1:
            return None
        part, page = found
        title = self._titles.get(uri) or self._titles.get(f"{PAGE_LINK}{part}:{page}", "")
        index = self.starts[part + 1] + page
        return min(index, len(self.page_objects) - 1), title

    def add(self, data: bytes, title: str | None = None) -> None:
        """The front matter (first), then each part: titled, or a chunk (``title`` None)."""
        front = self._parts == 0
        first = self.starts[self._parts]
        with pikepdf.open(io.BytesIO(data)) as source:
            if not front and title is None and self.numbers is not None:
                self.numbers.stamp(source, 0, first - self.starts[1] + 1)
            copy = PartCopy(self, source, first)
            self._copy_pages(copy, source, first)
            self._copy_tags(copy, source, title is None, title)
            if front:
                self._copy_catalog(copy, source)
            self._take_dests(copy, source, first)
            marks = _outline(source, first)
            labels = _labels(source, first) if title is not None else []
            copy.drain(REOPEN_EVERY)
        # What is left (the structure tree, which nothing changed) is read from fresh
        # openings of the part, a batch each: QPDF keeps every object it has read of an open
        # file, which for a large subject is over a gigabyte.
        while copy.pending:
            with pikepdf.open(io.BytesIO(data)) as source:
                copy.read_from(source)
                copy.drain(REOPEN_EVERY)
        if front:
            self.bookmarks.extend(marks)
            self.labels.append((0, b"<</S/r>>"))
        elif title is None:
            self.bookmarks.extend(marks)
            if self._parts == 1:
                self.labels.append((first, b"<</S/D/St 1>>"))
        else:
            self.bookmarks.append(_Bookmark(title, first, marks))
            self.labels.extend(labels)
        self._parts += 1

    def _take_dests(self, copy: PartCopy, source: pikepdf.Pdf, first: int) -> None:
        """Keep the part's named destinations (the first of a name wins)."""
        if copy.dests is None:
            return
        index = {page.obj.objgen: number for number, page in enumerate(source.pages)}
        for name, found in copy.dests.items():
            value = found.get("/D") if isinstance(found, Dictionary) else found
            if not isinstance(value, Array) or len(value) == 0 or name in self.dests:
                continue
            if self.names is not None and name not in self.names:
                continue
            page = index.get(value[0].objgen) if isinstance(value[0], pikepdf.Object) else None
            if page is not None:
                self.dests[name] = (first + page, b" ".join(plain(v) for v in list(value)[1:]))

    def _copy_pages(self, copy: PartCopy, source: pikepdf.Pdf, first: int) -> None:
        for index, page in enumerate(source.pages):
            number = self.page_objects[first + index]
            parent = self.nodes[(first + index) // _FANOUT]
            self.output.put(number, copy.page(page, parent))
            copy.drain()

    def _copy_tags(
        self, copy: PartCopy, source: pikepdf.Pdf, front: bool, title: str | None
    ) -> None:
        element = _document_element(source)
        if element is None:
            return
        root = source.Root.StructTreeRoot
        tree = root.get("/ParentTree")
        entries: list[tuple[int, Any]] = []
        if isinstance(tree, Dictionary):
            entries = _parent_refs(source, tree) or list(pikepdf.NumberTree(tree).items())
        if front:  # the front matter, or a chunk: its elements go under the document
            copy.fix(element, self.document)
            kids = element.get("/K")
            for kid in kids if isinstance(kids, Array) else [] if kids is None else [kids]:
                self.document_kids.append(copy.value(kid))
        else:
            number = self.output.reserve()
            copy.fix(element, number)
            element.S = Name.Part
            element.P = to_output(self.document)
            if title:
                element.T = pikepdf.String(title)
            self.output.put(number, copy.bytes_of(element))
            self.document_kids.append(b"%d 0 R" % number)
        keys = []
        for found, value in entries:
            key = int(found) + copy.key_offset
            if isinstance(value, tuple):
                number = copy.ref(value)
            elif isinstance(value, pikepdf.Object) and value.is_indirect:
                number = copy.ref(value.objgen)
            else:
                number = self.output.reserve()
                self.output.put(number, copy.value(value))
            keys.append(key)
            self.parent_tree.append((key, number))
        self.next_key = max([self.next_key, *(key + 1 for key in keys)])

    def _copy_catalog(self, copy: PartCopy, source: pikepdf.Pdf) -> None:
        for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
            if key in source.Root:
                self.catalog_extra.append(bytes(Name(key).unparse()) + b" " + copy.value(
                    source.Root[key]))  # fmt: skip
        info = source.trailer.get("/Info")
        if isinstance(info, Dictionary):
            self.info = self.output.reserve()
            self.output.put(self.info, copy.bytes_of(info))

    def finish(self) -> None:
        """Write what spans the parts: page tree, structure tree, bookmarks, catalog."""
        output = self.output
        total = len(self.page_objects)
        for number, node in enumerate(self.nodes):
            kids = self.page_objects[number * _FANOUT : (number + 1) * _FANOUT]
            refs = b" ".join(b"%d 0 R" % kid for kid in kids)
            output.put(node, b"<</Type/Pages/Parent %d 0 R/Count %d/Kids[%s]>>" % (
                self.page_root, len(kids), refs))  # fmt: skip
        refs = b" ".join(b"%d 0 R" % node for node in self.nodes)
        output.put(self.page_root, b"<</Type/Pages/Count %d/Kids[%s]>>" % (total, refs))
        output.put(self.document, self.document_head + b"/P %d 0 R/K[%s]>>" % (
            self.struct_root, b" ".join(self.document_kids)))  # fmt: skip
        tree = self._write_parent_tree()
        output.put(self.struct_root, b"<</Type/StructTreeRoot/K[%d 0 R]/ParentTree %d 0 R"
                   b"/ParentTreeNextKey %d>>" % (self.document, tree, self.next_key))  # fmt: skip
        outlines = self._write_bookmarks()
        labels = b" ".join(b"%d %s" % pair for pair in self.labels)
        names = b"/Names<</Dests %d 0 R>>" % self._write_dests() if self.dests else b""
        output.put(
            self.catalog,
            b"<</Type/Catalog/Pages %d 0 R/StructTreeRoot %d 0 R/Outlines %d 0 R"
            b"/PageMode/UseOutlines/PageLabels<</Nums[%s]>>%s%s>>"
            % (self.page_root, self.struct_root, outlines, labels, names,
               b"".join(self.catalog_extra)),
        )  # fmt: skip
        output.finish(self.catalog, self.info)

    def _write_tree(self, leaf_key: bytes, leaves: list[tuple[bytes, bytes]]) -> int:
        """A two-level number or name tree: no array grows with the file.

        :param leaf_key: ``/Nums`` or ``/Names``.
        :param leaves: sorted ``(key, entry)``: the key as written, and the key with its value.
        """
        output = self.output
        kids = []
        for start in range(0, len(leaves), _FANOUT):
            group = leaves[start : start + _FANOUT]
            entries = b" ".join(entry for _, entry in group)
            kid = output.reserve()
            output.put(kid, b"<</Limits[%s %s]%s[%s]>>" % (
                group[0][0], group[-1][0], leaf_key, entries))  # fmt: skip
            kids.append(b"%d 0 R" % kid)
        root = output.reserve()
        output.put(root, b"<</Kids[%s]>>" % b" ".join(kids))
        return root

    def _write_parent_tree(self) -> int:
        """The ``ParentTree``, a number tree of the pages' and links' structure parents."""
        leaves = [(b"%d" % key, b"%d %d 0 R" % (key, value))
                  for key, value in sorted(self.parent_tree)]  # fmt: skip
        return self._write_tree(b"/Nums", leaves)

    def _write_dests(self) -> int:
        """The named destinations, a name tree sorted by their bytes."""
        leaves = []
        for name in sorted(self.dests, key=lambda name: name.encode("utf-8", "surrogatepass")):
            page, rest = self.dests[name]
            target = self.page_objects[min(page, len(self.page_objects) - 1)]
            key = plain(pikepdf.String(name))
            leaves.append((key, key + b"[%d 0 R %s]" % (target, rest)))
        return self._write_tree(b"/Names", leaves)

    def _write_bookmarks(self) -> int:
        output = self.output
        root = output.reserve()

        def write(marks: list[_Bookmark], parent: int) -> tuple[list[int], int]:
            numbers = [output.reserve() for _ in marks]
            count = 0
            for index, (mark, number) in enumerate(zip(marks, numbers, strict=True)):
                kids, below = write(mark.children, number)
                links = [b"/Parent %d 0 R" % parent]
                if index > 0:
                    links.append(b"/Prev %d 0 R" % numbers[index - 1])
                if index + 1 < len(numbers):
                    links.append(b"/Next %d 0 R" % numbers[index + 1])
                if kids:
                    links.append(b"/First %d 0 R/Last %d 0 R/Count %d" % (kids[0], kids[-1], below))
                page = self.page_objects[min(mark.page, len(self.page_objects) - 1)]
                title = bytes(pikepdf.String(mark.title).unparse())
                output.put(number, b"<</Title %s/Dest[%d 0 R/Fit]%s>>" % (
                    title, page, b"".join(links)))  # fmt: skip
                count += 1 + below
            return numbers, count

        kids, count = write(self.bookmarks, root)
        first = b"/First %d 0 R/Last %d 0 R" % (kids[0], kids[-1]) if kids else b""
        output.put(root, b"<</Type/Outlines%s/Count %d>>" % (first, count))
        return root


def _pages_of(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def stream_join(
    out: BinaryIO,
    front: bytes,
    parts: list[tuple[str, Path]],
    targets: dict[str, tuple[int, int]],
    titles: dict[str, str],
    names: set[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Write the front matter and the titled part files to ``out`` as one tagged PDF,
    keeping the named destinations in ``names`` (None: all).

    Only one part is open at a time, and the joined file is written as it grows.
    """
    with pikepdf.open(io.BytesIO(front)) as pdf:
        counts = [len(pdf.pages)]
    counts += [_pages_of(part) for _title, part in parts]
    join = StreamJoin(out, counts, targets, titles, names=names)
    join.add(front, None)
    for title, part in parts:
        if progress is not None:
            progress(title)
        join.add(part.read_bytes(), title)
    join.finish()
