"""Portfolio previews are drawn in a helper process: a file that crashes or hangs PDFium costs
that helper, never the server's worker (a segfault inside PDFium once took a CI server down).

Real helper processes throughout; the failing ones are tiny Python programs that die or hang
the way a crashed or looping PDFium would.
"""

import io
import os
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from gosapp.services.frmr import preview_drawing
from gosapp.services.frmr.preview_worker import PreviewHelper
from tests.services.frmr.portfolio_setup import a_pdf, a_png

PDF = preview_drawing.PDF


@pytest.fixture
def helper():
    running = PreviewHelper()
    yield running
    running.stop()


def width_of(png: bytes) -> int:
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return image.width


def test_a_pdf_and_an_image_are_drawn_in_one_reused_helper(helper):
    assert width_of(helper.draw(a_pdf(), PDF)) == preview_drawing.PREVIEW_WIDTH
    first = helper.pid
    assert first is not None and first != os.getpid()
    assert width_of(helper.draw(a_png(), "image/png")) > 0
    assert helper.pid == first


def test_previews_asked_from_many_threads_all_come_out_whole(helper):
    pdfs = [a_pdf(f"Диплом № {n}") for n in range(6)]
    with ThreadPoolExecutor(6) as pool:
        pngs = list(pool.map(lambda data: helper.draw(data, PDF), pdfs * 3))
    assert {width_of(png) for png in pngs} == {preview_drawing.PREVIEW_WIDTH}


def test_a_file_that_cannot_be_drawn_keeps_the_helper(helper):
    helper.draw(a_pdf(), PDF)
    first = helper.pid
    with pytest.raises(ValueError, match="pdf cannot be read"):
        helper.draw(b"%PDF-1.7 not really a pdf", PDF)
    assert helper.pid == first


def test_a_helper_that_crashed_between_previews_is_replaced(helper):
    helper.draw(a_pdf(), PDF)
    first = helper.pid
    assert first is not None
    os.kill(first, signal.SIGSEGV)
    time.sleep(0.2)
    assert width_of(helper.draw(a_pdf(), PDF)) == preview_drawing.PREVIEW_WIDTH
    assert helper.pid not in (None, first)


def test_a_helper_that_dies_on_a_file_fails_that_file_only():
    dies = (sys.executable, "-c", "import os, sys; sys.stdin.buffer.read(8); os.abort()")
    crashing = PreviewHelper(command=dies, timeout=10)
    started = time.monotonic()
    with pytest.raises(ValueError, match="could not be drawn"):
        crashing.draw(a_pdf(), PDF)
    assert time.monotonic() - started < 5
    assert crashing.pid is None  # the next file gets a new helper


def test_a_helper_that_hangs_is_killed_at_the_deadline():
    hangs = (sys.executable, "-c", "import time; time.sleep(120)")
    hanging = PreviewHelper(command=hangs, timeout=1)
    big = a_pdf() + b"%" * (4 << 20)  # more than a pipe holds: the write must not block
    started = time.monotonic()
    with pytest.raises(ValueError, match="could not be drawn"):
        hanging.draw(big, PDF)
    assert time.monotonic() - started < 5
    assert hanging.pid is None
