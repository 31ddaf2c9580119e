"""Previews rendered at once in the server's thread pool: PDFium is not thread-safe.

Two previews of a staff page rendered in parallel crashed the server's worker with a segfault
inside libpdfium. These tests watch PDFium's entry point: no two threads may be inside it at
once, and every preview still comes out right.
"""

import io
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pypdfium2 as pdfium
from PIL import Image

from gosapp.services.documents import storage
from gosapp.services.frmr import portfolio_files
from tests.services.frmr.portfolio_setup import a_pdf

THREADS = 6
_OPEN = pdfium.PdfDocument


class _Watched:
    """Counts the threads inside PDFium; stays there a moment so an overlap cannot be missed."""

    inside = 0
    most = 0
    guard = threading.Lock()

    def __init__(self, data: bytes) -> None:
        with _Watched.guard:
            _Watched.inside += 1
            _Watched.most = max(_Watched.most, _Watched.inside)
        time.sleep(0.02)
        self._document = _OPEN(data)

    def __len__(self) -> int:
        return len(self._document)

    def __getitem__(self, index: int) -> pdfium.PdfPage:
        return self._document[index]

    def close(self) -> None:
        self._document.close()
        with _Watched.guard:
            _Watched.inside -= 1


def test_no_two_previews_are_inside_pdfium_at_once(monkeypatch):
    monkeypatch.setattr(portfolio_files.pdfium, "PdfDocument", _Watched)
    pdfs = [a_pdf(f"Сертификат № {n}") for n in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        pngs = list(pool.map(_preview, pdfs))
    assert _Watched.most == 1
    assert _Watched.inside == 0
    assert all(png.startswith(b"\x89PNG") for png in pngs)


def test_previews_in_many_threads_come_out_whole():
    pdfs = [a_pdf(f"Диплом № {n}") for n in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        pngs = list(pool.map(_preview, pdfs * 5))
    for png in pngs:
        with Image.open(io.BytesIO(png)) as image:
            assert image.width == portfolio_files.PREVIEW_WIDTH


def _preview(data: bytes) -> bytes:
    return portfolio_files.render_preview(data, storage.PDF)
