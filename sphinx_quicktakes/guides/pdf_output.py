"""PDF objects written to a file in order: packed into object streams, with an xref stream.

The low level of :mod:`~sphinx_quicktakes.guides.pdfstream`: it knows PDF syntax and file
layout, nothing of pages, tags or guides.
"""

from __future__ import annotations

import hashlib
import zlib
from array import array
from decimal import Decimal
from typing import Any, BinaryIO

import pikepdf

#: Objects packed into one object stream.
PACK = 200


def number_bytes(value: Any) -> bytes:
    """A scalar as pikepdf gives it (bool, int, Decimal), in PDF syntax."""
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").encode()
    raise TypeError(f"unexpected PDF value: {value!r}")


def plain(value: Any) -> bytes:
    """A direct value that holds no reference."""
    if isinstance(value, pikepdf.Object):
        return bytes(value.unparse())
    return b"null" if value is None else number_bytes(value)


class PdfOutput:
    """Numbered objects written to a file, packed in object streams, with an xref stream."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        #: Per object number, in three columns (a few bytes an object, for files of millions
        #: of objects): 1 and its offset, or 2, its object stream and its index there; 0 for
        #: the free head, [0].
        self._kinds = array("B", [0])
        self._firsts = array("Q", [0])
        self._seconds = array("H", [0])
        self._packed: list[tuple[int, bytes]] = []
        self.digest = hashlib.sha256()

    def reserve(self) -> int:
        """A new object number, to be written later."""
        self._kinds.append(0)
        self._firsts.append(0)
        self._seconds.append(0)
        return len(self._kinds) - 1

    def _locate(self, number: int, kind: int, first: int, second: int = 0) -> None:
        self._kinds[number] = kind
        self._firsts[number] = first
        self._seconds[number] = second

    def put(self, number: int, body: bytes) -> None:
        """An object that is not a stream (packed into an object stream)."""
        self._packed.append((number, body))
        if len(self._packed) >= PACK:
            self.flush()

    def put_stream(self, number: int, head: bytes, data: bytes) -> None:
        """A stream object: its dictionary (without ``/Length``) and raw data."""
        self._direct(number, head[:-2] + b"/Length %d>>\nstream\n" % len(data) + data)
        self.out.write(b"\nendstream\nendobj\n")

    def _direct(self, number: int, start: bytes) -> None:
        self._locate(number, 1, self.out.tell())
        self.out.write(b"%d 0 obj\n" % number)
        self.out.write(start)
        self.digest.update(start)

    def flush(self) -> None:
        """Write the objects waiting to be packed as one object stream."""
        if not self._packed:
            return
        stream = self.reserve()
        offsets, bodies, position = [], [], 0
        for index, (number, body) in enumerate(self._packed):
            self._locate(number, 2, stream, index)
            offsets.append(b"%d %d" % (number, position))
            bodies.append(body)
            position += len(body) + 1
        header = b" ".join(offsets) + b"\n"
        data = zlib.compress(header + b"\n".join(bodies) + b"\n", 6)
        head = b"<</Type/ObjStm/N %d/First %d/Filter/FlateDecode>>" % (
            len(self._packed),
            len(header),
        )
        self._packed = []
        self.put_stream(stream, head, data)

    def finish(self, root: int, info: int | None) -> None:
        """Write the cross-reference stream and the trailer."""
        self.flush()
        xref = self.reserve()
        self._locate(xref, 1, self.out.tell())
        rows = bytearray()
        for kind, first, second in zip(self._kinds, self._firsts, self._seconds, strict=True):
            if kind == 0:
                rows += b"\x00\x00\x00\x00\x00\x00\xff\xff"
            else:  # an offset (second is 0), or an object stream and an index
                rows += bytes((kind,)) + first.to_bytes(5, "big") + second.to_bytes(2, "big")
        data = zlib.compress(rows, 6)
        file_id = self.digest.hexdigest()[:32].encode()
        info_ref = b"/Info %d 0 R" % info if info is not None else b""
        head = (
            b"<</Type/XRef/Size %d/W[1 5 2]/Root %d 0 R%s/ID[<%s><%s>]/Filter/FlateDecode"
            b"/Length %d>>\nstream\n"
            % (len(self._kinds), root, info_ref, file_id, file_id, len(data))
        )
        self.out.write(b"%d 0 obj\n" % xref + head + data + b"\nendstream\nendobj\n")
        self.out.write(b"startxref\n%d\n%%%%EOF\n" % self._firsts[xref])
