"""A PDF joined from its front matter and its parts, keeping every tag.

Each part PDF is a tagged PDF/UA-1 file from WeasyPrint. Its pages, structure tree,
named destinations and bookmarks are copied into the front matter's file, and the
``StructParents`` keys are shifted so each marked-content sequence still finds its element.
A titled part (a subject of the library PDF) becomes a ``Part`` element and a bookmark of its
own; an untitled part (a chunk of a subject PDF) continues the document and its numbering.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, OutlineItem

#: URIs of the front matter's contents that point at (part, page in the part).
PAGE_LINK = "qt-page:"


@dataclass(frozen=True)
class Part:
    """A part of a joined PDF: its bookmark title (None: no bookmark of its own) and bytes."""

    title: str | None
    data: bytes


def _document_element(pdf: pikepdf.Pdf) -> Dictionary | None:
    """The top ``Document`` structure element, or None in an untagged file."""
    root = pdf.Root.get("/StructTreeRoot")
    kids = root.get("/K") if root is not None else None
    if isinstance(kids, Array):
        kids = kids[0] if len(kids) == 1 else None
    return kids if isinstance(kids, Dictionary) else None


def _struct_keys(pdf: pikepdf.Pdf) -> list[Any]:
    """The flat ``Nums`` array of a WeasyPrint structure ``ParentTree``."""
    tree = pdf.Root.StructTreeRoot.get("/ParentTree")
    return list(tree.Nums) if tree is not None and "/Nums" in tree else []


def _next_key(nums: list[Any]) -> int:
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    return max(keys) + 1 if keys else 0


def _shift_struct_parents(pages: list[pikepdf.Page], offset: int) -> None:
    for page in pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset


def _copy_outline(
    source: pikepdf.Pdf, items: list[OutlineItem], pages: list[pikepdf.Page]
) -> list[OutlineItem]:
    """Bookmarks of ``source`` pointing at ``pages``, the copies of its pages."""
    copied = []
    for item in items:
        destination = item.destination
        if isinstance(destination, Array) and len(destination) > 0:
            index = source.pages.index(pikepdf.Page(destination[0]))
            destination = Array([pages[index].obj, *list(destination)[1:]])
        new = OutlineItem(item.title, destination)
        new.children.extend(_copy_outline(source, list(item.children), pages))
        copied.append(new)
    return copied


def _page_labels(source: pikepdf.Pdf, start: int) -> list[Any]:
    """The page label ranges of ``source``, moved to begin at page ``start``."""
    labels = source.Root.get("/PageLabels")
    nums = list(labels.Nums) if labels is not None and "/Nums" in labels else []
    if not nums:
        return [start, Dictionary(S=Name.D, St=1)]
    moved: list[Any] = []
    for index in range(0, len(nums) - 1, 2):
        style = nums[index + 1]
        # A fresh dictionary: the source's belongs to another file.
        fresh = Dictionary({key: style[key] for key in style.keys()})  # noqa: SIM118
        moved += [int(nums[index]) + start, fresh]
    return moved


class LibraryJoin:
    """Joins part PDFs after a front-matter PDF into one tagged PDF/UA-1 file."""

    def __init__(self, front: bytes) -> None:
        self.pdf = pikepdf.open(io.BytesIO(front))
        self.front_pages = len(self.pdf.pages)
        self.starts: list[int] = []
        self.labels: list[Any] = [0, Dictionary(S=Name.r)]
        self._numbered = False
        self.document = _document_element(self.pdf)
        if self.document is not None and not isinstance(self.document.get("/K"), Array):
            kid = self.document.get("/K")
            self.document.K = Array([] if kid is None else [kid])
        self.nums = _struct_keys(self.pdf) if self.document is not None else []
        self.dests = NameTree.new(self.pdf)
        self._take_dests(self.pdf)
        with self.pdf.open_outline() as outline:
            pages = list(self.pdf.pages)
            self.outline = _copy_outline(self.pdf, list(outline.root), pages)

    def _take_dests(self, source: pikepdf.Pdf) -> None:
        names = source.Root.get("/Names")
        if names is None or "/Dests" not in names:
            return
        found = [(key, value) for key, value in NameTree(names.Dests).items()]
        values = [value for _key, value in found]
        if source is not self.pdf:
            values = list(self.pdf.copy_foreign(source.make_indirect(Array(values))))
        for (key, _old), value in zip(found, values, strict=True):
            if key not in self.dests:
                self.dests[key] = value

    def append(self, part: Part) -> None:
        """Add a part: pages, tags, named destinations and a bookmark with its own."""
        source = pikepdf.open(io.BytesIO(part.data))
        start = len(self.pdf.pages)
        self.starts.append(start)
        with warnings.catch_warnings():
            # Named destinations are carried over below, by ``_take_dests``.
            warnings.filterwarnings("ignore", message=".*named destinations")
            self.pdf.pages.extend(source.pages)
        pages = list(self.pdf.pages)[start:]
        self._take_tags(source, pages, as_part=part.title is not None)
        self._take_dests(source)
        with source.open_outline() as outline:
            items = _copy_outline(source, list(outline.root), pages)
        if part.title is None:
            self.outline.extend(items)
            if not self._numbered:
                self.labels += [start, Dictionary(S=Name.D, St=1)]
                self._numbered = True
        else:
            item = OutlineItem(part.title, Array([pages[0].obj, Name.Fit]))
            item.children.extend(items)
            self.outline.append(item)
            self.labels += _page_labels(source, start)

    def _take_tags(self, source: pikepdf.Pdf, pages: list[pikepdf.Page], as_part: bool) -> None:
        """Graft the part's structure tree under the document: as a ``Part``, or its kids."""
        element = _document_element(source)
        if self.document is None or element is None:
            return  # an untagged file (never written by this version): pages only
        offset = _next_key(self.nums)
        _shift_struct_parents(pages, offset)
        element.P = Dictionary()  # cut the link to the old tree before copying
        nums = _struct_keys(source)
        holder = source.make_indirect(Array([element, Array(nums)]))
        copied = self.pdf.copy_foreign(holder)
        part, nums = copied[0], list(copied[1])
        if as_part:
            part.S = Name.Part
            part.P = self.document
            self.document.K.append(part)
        else:
            kids = part.get("/K")
            for kid in kids if isinstance(kids, Array) else [] if kids is None else [kids]:
                if isinstance(kid, Dictionary):
                    kid.P = self.document
                self.document.K.append(kid)
        for index in range(0, len(nums), 2):
            self.nums += [int(nums[index]) + offset, nums[index + 1]]

    def page_ref(self, part_number: int, page: int) -> Any:
        """The page object of ``page`` (0-based) in part ``part_number``."""
        index = min(self.starts[part_number] + page, len(self.pdf.pages) - 1)
        return self.pdf.pages[index].obj

    def link_inside(
        self, internal_urls: dict[str, tuple[int, int]], titles: dict[str, str] | None = None
    ) -> None:
        """Turn contents links and links to articles of the library into in-file links.

        :param titles: what a link's description (``/Contents``) says, by URI; a link
            without one takes the title of its target page's ``qt-page:`` URI.
        """
        titles = titles or {}
        for page in self.pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                action = annotation.get("/A")
                uri = str(action.get("/URI", "")) if action is not None else ""
                target: tuple[int, int] | None = internal_urls.get(uri) if uri else None
                if uri.startswith(PAGE_LINK):
                    number, _, local = uri[len(PAGE_LINK) :].partition(":")
                    try:
                        target = (int(number), int(local))
                    except ValueError:
                        target = None
                if target is None or target[0] >= len(self.starts):
                    continue
                del annotation["/A"]
                annotation.Dest = Array([self.page_ref(*target), Name.Fit])
                title = titles.get(uri) or titles.get(f"{PAGE_LINK}{target[0]}:{target[1]}")
                if title:
                    annotation.Contents = pikepdf.String(title)

    def finish(self) -> bytes:
        """The joined file: tree keys, bookmarks, page labels; reproducible bytes."""
        root = self.pdf.Root
        if self.document is not None:
            tree = self.pdf.make_indirect(Dictionary(Nums=Array(self.nums)))
            root.StructTreeRoot.ParentTree = tree
            root.StructTreeRoot.ParentTreeNextKey = _next_key(self.nums)
        if "/Names" not in root:
            root.Names = Dictionary()
        root.Names.Dests = self.dests.obj
        with self.pdf.open_outline() as outline:
            outline.root[:] = self.outline
        root.PageLabels = Dictionary(Nums=Array(self.labels))
        root.PageMode = Name.UseOutlines
        output = io.BytesIO()
        self.pdf.save(
            output,
            deterministic_id=True,
            # Structure trees are thousands of small objects: pack them as WeasyPrint does.
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return output.getvalue()
