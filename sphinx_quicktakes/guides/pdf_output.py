"""PDF objects written to a file in order: packed into object streams, with an xref stream.

The low level of :mod:`~sphinx_quicktakes.guides.pdfstream`: it knows PDF syntax and file
layout, nothing of pages, tags or guides.
"""

from __future__ import annotations

import hashlib
import zlib
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
        #: Per object number: (1, offset) or (2, object stream, index); [0] is the free head.
        self.where: list[tuple[int, int, int]] = [(0, 0, 0)]
        self._packed: list[tuple[int, bytes]] = []
        self.digest = hashlib.sha256()

    def reserve(self) -> int:
        """A new object number, to be written later."""
        self.where.append((0, 0, 0))
        return len(self.where) - 1

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
        self.where[number] = (1, self.out.tell(), 0)
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
            self.where[number] = (2, stream, index)
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
        self.where[xref] = (1, self.out.tell(), 0)
        rows = []
        for kind, first, second in self.where:
            if kind == 0:
                rows.append(b"\x00" + (0).to_bytes(5, "big") + b"\xff\xff")
            elif kind == 1:
                rows.append(b"\x01" + first.to_bytes(5, "big") + b"\x00\x00")
            else:
                rows.append(b"\x02" + first.to_bytes(5, "big") + second.to_bytes(2, "big"))
        data = zlib.compress(b"".join(rows), 6)
        file_id = self.digest.hexdigest()[:32].encode()
        info_ref = b"/Info %d 0 R" % info if info is not None else b""
        head = (
            b"<</Type/XRef/Size %d/W[1 5 2]/Root %d 0 R%s/ID[<%s><%s>]/Filter/FlateDecode"
            b"/Length %d>>\nstream\n"
            % (len(self.where), root, info_ref, file_id, file_id, len(data))
        )
        self.out.write(b"%d 0 obj\n" % xref + head + data + b"\nendstream\nendobj\n")
        self.out.write(b"startxref\n%d\n%%%%EOF\n" % self.where[xref][1])
