"""Drawing a portfolio file's preview, run in its own process (``preview_worker``).

The first page of a PDF (PDFium, through pypdfium2) or an image (Pillow), scaled down and
re-encoded as a fresh PNG without the original's metadata. Both libraries parse what users
uploaded, in C: a file that crashes or hangs them must cost one helper process, never the web
server's worker and every tab connected to it. PDFium is also not thread-safe, not even across
documents (pypdfium2's docs); one process drawing one file at a time needs no lock.

Run as ``python -m gosapp.services.frmr.preview_drawing``: it reads requests from stdin and
answers on stdout until stdin closes (the framing is ``frame``/``read_frame``). Imports
nothing else of gosapp, so it starts in a fraction of a second.
"""

from __future__ import annotations

import io
import struct
import sys
from typing import BinaryIO

import pypdfium2 as pdfium
from PIL import Image

PDF = "application/pdf"
PREVIEW_WIDTH = 900  # pixels: sharp on a tablet, small enough to send
MAX_PAGE_POINTS = 20_000  # a page larger than this (in PDF points) is not rendered
Image.MAX_IMAGE_PIXELS = 60_000_000  # beyond this Pillow refuses: a decompression bomb
DRAWN, NOT_DRAWN = b"\x00", b"\x01"
LENGTH = struct.Struct(">I")  # a frame: its length, then its bytes (both ends use it)


def draw(data: bytes, content_type: str) -> bytes:
    """A PNG of the first page of a PDF or of an image, at most ``PREVIEW_WIDTH`` wide;
    ValueError when the file cannot be drawn."""
    if content_type == PDF:
        image = _first_page(data)
    else:
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except (OSError, Image.DecompressionBombError) as exc:
            raise ValueError("image cannot be read") from exc
    image = image.convert("RGB")
    image.thumbnail((PREVIEW_WIDTH, PREVIEW_WIDTH * 2))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # a fresh file: no EXIF, no text chunks
    return out.getvalue()


def _first_page(data: bytes) -> Image.Image:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ValueError("pdf cannot be read") from exc
    try:
        if len(document) == 0:
            raise ValueError("pdf without pages")
        page = document[0]
        width, height = page.get_size()
        if not (0 < width <= MAX_PAGE_POINTS and 0 < height <= MAX_PAGE_POINTS):
            raise ValueError("pdf page of an absurd size")
        return page.render(scale=PREVIEW_WIDTH / width).to_pil()
    finally:
        document.close()


def frame(payload: bytes) -> bytes:
    """The payload's length (4 bytes, big-endian), then the payload."""
    return LENGTH.pack(len(payload)) + payload


def read_frame(stream: BinaryIO) -> bytes | None:
    """One frame, or None when the stream ends."""
    head = stream.read(LENGTH.size)
    if len(head) < LENGTH.size:
        return None
    (size,) = LENGTH.unpack(head)
    payload = stream.read(size)
    return payload if len(payload) == size else None


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer (content type, bytes) requests with DRAWN + PNG or NOT_DRAWN + reason."""
    while (content_type := read_frame(requests)) is not None:
        data = read_frame(requests)
        if data is None:
            return
        try:
            answer = DRAWN + draw(data, content_type.decode())
        except ValueError as exc:
            answer = NOT_DRAWN + str(exc).encode()
        answers.write(frame(answer))
        answers.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
