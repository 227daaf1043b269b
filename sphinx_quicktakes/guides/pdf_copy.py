"""One part's objects copied into a joined PDF: renumbered, with what the join changes.

Objects are serialized by QPDF (``unparse``) and their references renumbered in the bytes;
changes (a page's parent, shifted structure keys, links made in-file) are made on the part's
objects in memory first, as the part is never saved.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, Stream

from sphinx_quicktakes.guides.pdf_output import plain

if TYPE_CHECKING:
    from sphinx_quicktakes.guides.pdfstream import StreamJoin

#: Objects copied from one opening of a part; the rest is read from a fresh opening.
REOPEN_EVERY = 50_000

#: Page attributes a page may inherit from its page tree.
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")

#: Tokens of unparsed PDF: literal strings (QPDF escapes every parenthesis in them), hex
#: strings, references, and the names this module puts where an output object goes.
_TOKENS = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>|(\d+) (\d+) R|/QtRef(\d+)", re.S)


def to_output(number: int) -> Name:
    """A stand-in for a reference to output object ``number`` (see ``_TOKENS``)."""
    return Name(f"/QtRef{number}")


class PartCopy:
    """Copies the objects of one part, renumbered, with what the whole file needs changed."""

    def __init__(self, join: StreamJoin, source: pikepdf.Pdf, first_page: int) -> None:
        self.join = join
        self.source = source
        self.numbers: dict[tuple[int, int], int] = {
            page.obj.objgen: join.page_objects[first_page + index]
            for index, page in enumerate(source.pages)
        }
        self.pending: list[tuple[int, int]] = []
        #: A reference of the part, as QPDF writes it, and as it is written in the output.
        self._written: dict[bytes, bytes] = {}
        self.key_offset = join.next_key
        names = source.Root.get("/Names")
        self.dests = NameTree(names.Dests) if names is not None and "/Dests" in names else None

    def fix(self, obj: pikepdf.Object, number: int) -> None:
        """Write references to ``obj`` as references to output object ``number``."""
        self.numbers[obj.objgen] = number
        self._written.pop(b"%d %d R" % obj.objgen, None)

    def ref(self, objgen: tuple[int, int]) -> int:
        """The output number of an object of the part, queued to be copied."""
        if objgen not in self.numbers:
            self.numbers[objgen] = self.join.output.reserve()
            self.pending.append(objgen)
        return self.numbers[objgen]

    def _token(self, match: re.Match[bytes]) -> bytes:
        whole = match[0]
        found = self._written.get(whole)  # a reference written before: most of them
        if found is not None:
            return found
        if match[1] is not None:
            found = b"%d 0 R" % self.ref((int(match[1]), int(match[2])))
            self._written[whole] = found
            return found
        if match[3] is not None:
            return b"%s 0 R" % match[3]
        return whole

    def bytes_of(self, obj: Any) -> bytes:
        """A value of the part (an indirect object: its content), with output numbers."""
        if not isinstance(obj, pikepdf.Object):
            return plain(obj)
        return _TOKENS.sub(self._token, bytes(obj.unparse(resolved=True)))

    def value(self, obj: Any) -> bytes:
        """A value as it appears inside another: a reference when it is indirect."""
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            return b"%d 0 R" % self.ref(obj.objgen)
        return self.bytes_of(obj)

    def annotation(self, annot: Any) -> None:
        """Shift its structure key; make links to pages of the file in-file links."""
        if "/StructParent" in annot:
            annot.StructParent = int(annot.StructParent) + self.key_offset
        destination = annot.get("/Dest")
        action = annot.get("/A")
        if destination is None and isinstance(action, Dictionary) and action.get("/S") == Name.GoTo:
            destination = action.get("/D")
        if isinstance(destination, pikepdf.String | Name) and self.dests is not None:
            resolved = self.dests.get(str(destination))
            if isinstance(resolved, Dictionary):
                resolved = resolved.get("/D")
            if isinstance(resolved, Array):
                annot.Dest = resolved
                if "/A" in annot:
                    del annot["/A"]
        uri = str(action.get("/URI", "")) if isinstance(action, Dictionary) else ""
        target = self.join.target(uri) if uri else None
        if target is not None:
            page, title = target
            del annot["/A"]
            annot.Dest = Array([to_output(self.join.page_objects[page]), Name.Fit])
            if title:
                annot.Contents = pikepdf.String(title)

    def page(self, page: pikepdf.Page, parent: int) -> bytes:
        """A page dictionary: under ``parent``, with inherited attributes and shifted keys."""
        obj = page.obj
        for key in INHERITED:
            if key not in obj:
                found = inherited(obj, key)
                if found is not None:
                    obj[key] = found
        obj.Parent = to_output(parent)
        if "/StructParents" in obj:
            obj.StructParents = int(obj.StructParents) + self.key_offset
        for annot in obj.get("/Annots", []):
            if isinstance(annot, Dictionary):
                self.annotation(annot)
        return self.bytes_of(obj)

    def read_from(self, source: pikepdf.Pdf) -> None:
        """Read the part's objects from a fresh opening of the same file from now on, so the
        last one's objects can be freed. Only for objects the copy did not change."""
        self.source = source
        self.dests = None
        self._written.clear()

    def drain(self, most: int | None = None) -> None:
        """Copy every queued object (and what they reach), or at most ``most`` of them."""
        output = self.join.output
        copied = 0
        while self.pending and (most is None or copied < most):
            copied += 1
            objgen = self.pending.pop()
            obj = self.source.get_object(objgen)
            number = self.numbers[objgen]
            if isinstance(obj, Stream):
                entries = {key: obj.stream_dict[key] for key in obj.stream_dict.keys()}  # noqa: SIM118
                entries.pop("/Length", None)
                head = self.bytes_of(Dictionary(entries))
                output.put_stream(number, head, obj.read_raw_bytes())
            else:
                output.put(number, self.bytes_of(obj))


def inherited(page: Any, key: str) -> Any:
    node = page.get("/Parent")
    for _ in range(64):
        if not isinstance(node, Dictionary):
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None
