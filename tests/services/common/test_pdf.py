"""PDF and CSV exports: valid files, Cyrillic text that survives, headers on every page.

No PDF reader is a dependency, so `pdf_text` below is a minimal extractor for what fpdf2
writes: it inflates the page streams and decodes the glyph codes through each font's
ToUnicode map. It proves the text is in the file and maps back to the right letters.
"""

import csv
import io
import re
import zlib
from datetime import UTC, datetime

import pytest
import segno

from gosapp.services.common.csv_export import csv_bytes, safe_cell
from gosapp.services.common.pdf import PORTAL_NAME, certificate_pdf, table_report

CREATED = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
VERIFY_URL = "https://gosapp.example.ru/verify/C-2026-000123?c=9f3a"
COLUMNS = [("Номер", 1.2), ("Дата", 1.2), ("Тип", 3.0), ("Статус", 1.4), ("Срок", 1.5)]


# --- a minimal text extractor for fpdf2 output -------------------------------------------------

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_TOKEN = re.compile(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\)|\bET\b", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(number): body for number, body in _OBJECT.findall(pdf)}


def _stream(body: bytes) -> bytes:
    data = re.search(rb"stream\r?\n(.*)\r?\nendstream", body, re.S).group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _ref(body: bytes, key: bytes) -> int:
    return int(re.search(rb"/" + key + rb" (\d+) 0 R", body).group(1))


def _to_unicode(objects: dict[int, bytes], font: int) -> dict[int, str]:
    cmap = _stream(objects[_ref(objects[font], b"ToUnicode")])
    pairs = re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4,})>", cmap)
    return {int(code, 16): chr(int(uni, 16)) for code, uni in pairs}


def _pages(objects: dict[int, bytes]) -> list[bytes]:
    return [body for body in objects.values() if re.search(rb"/Type /Page\b(?!s)", body)]


def _decode(raw: bytes, cmap: dict[int, str]) -> str:
    raw = re.sub(rb"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), raw, flags=re.S)
    return "".join(
        cmap.get(int.from_bytes(raw[i : i + 2], "big"), "?") for i in range(0, len(raw), 2)
    )


def page_texts(pdf: bytes) -> list[list[str]]:
    """The text lines of each page, in drawing order."""
    objects = _objects(pdf)
    fonts = {
        name: _to_unicode(objects, int(ref))
        for body in objects.values()
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", body)
    }
    pages = []
    for page in _pages(objects):
        lines, line, cmap = [], "", {}
        for token in _TOKEN.finditer(_stream(objects[_ref(page, b"Contents")])):
            if token.group(1):
                cmap = fonts[token.group(1)]
            elif token.group(2) is not None:
                line += _decode(token.group(2), cmap)
            elif line:
                lines, line = [*lines, line], ""
        pages.append(lines)
    return pages


def pdf_text(pdf: bytes) -> str:
    return "\n".join(line for page in page_texts(pdf) for line in page)


def page_count(pdf: bytes) -> int:
    """The page count the document declares (its /Pages node)."""
    pages = next(body for body in _objects(pdf).values() if b"/Type /Pages" in body)
    return int(re.search(rb"/Count (\d+)", pages).group(1))


# --- fixtures ----------------------------------------------------------------------------------


def make_certificate(**overrides) -> bytes:
    arguments = {
        "number": "C-2026-000123",
        "title": "Справка о вакцинации",
        "issuer": "ФГБУЗ «Клиническая больница № 1» ФМБА России",
        "holder": "Иванова Мария Петровна",
        "birth_date": "01.02.1990",
        "issued_on": "22.11.2026",
        "body_lines": ["Вакцинация против кори проведена в полном объёме.", "Для бассейна."],
        "verify_url": VERIFY_URL,
        "valid_until": "22.11.2027",
        "created_at": CREATED,
    }
    return certificate_pdf(**(arguments | overrides))


def history_rows(count: int) -> list[list[str]]:
    kinds = ["Запись к врачу", "Справка о состоянии здоровья (086/у) для учебного заведения"]
    return [
        [f"Z-{i:06d}", "22.11.2026 10:15", kinds[i % 2], "в обработке", "решение до 24.11.2026"]
        for i in range(count)
    ]


def history_report(rows: list[list[str]], **overrides) -> bytes:
    arguments = {
        "title": "История обращений",
        "subtitle": "Все обращения за 2026 год",
        "columns": COLUMNS,
        "rows": rows,
        "created_at": CREATED,
    }
    return table_report(**(arguments | overrides))


# --- certificates ------------------------------------------------------------------------------


def test_certificate_is_a_one_page_pdf_with_dejavu_embedded():
    pdf = make_certificate()

    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert page_count(pdf) == len(_pages(_objects(pdf))) == 1
    assert b"/FontFile2" in pdf  # the TrueType font program itself, not just a reference
    embedded = set(re.findall(rb"/FontName /[A-Z]{6}\+(\w+)", pdf))
    assert embedded == {b"DejaVuSansBook", b"DejaVuSansBold"}
    assert len(pdf) < 100_000  # subset fonts, not the 1.5 MB TTF files


def test_certificate_text_is_cyrillic_and_complete():
    text = pdf_text(make_certificate())

    for expected in [
        "ФГБУЗ «Клиническая больница № 1» ФМБА России",
        "Справка о вакцинации",
        "Регистрационный номер: C-2026-000123",
        "Дата выдачи: 22.11.2026",
        "Иванова Мария Петровна",
        "01.02.1990",
        "Действительна до:",
        "22.11.2027",
        "Документ сформирован в электронном виде",
        "Стр. 1 из 1",
        PORTAL_NAME,
    ]:
        assert expected in text, expected
    assert "Проверить подлинность:" in text and VERIFY_URL in text.replace("\n", "")


def test_certificate_without_expiry_has_no_validity_line():
    text = pdf_text(make_certificate(valid_until=None))

    assert "Действительна до" not in text


def test_certificate_embeds_the_qr_code_of_the_verification_url():
    pdf = make_certificate()

    images = re.findall(rb"/Subtype /Image.*?/Width (\d+)", pdf, re.S)
    qr_width, _ = segno.make(VERIFY_URL, error="m", micro=False).symbol_size(scale=8, border=2)
    assert [int(width) for width in images] == [qr_width]


def test_a_long_certificate_keeps_the_qr_block_together_on_a_new_page():
    pdf = make_certificate(body_lines=["Строка содержания справки."] * 45)

    pages = page_texts(pdf)
    assert len(pages) == 2
    assert any("Документ сформирован в электронном виде" in line for line in pages[1])
    assert not any("Проверить подлинность" in line for line in pages[0])


def test_equal_inputs_give_identical_bytes_and_the_given_creation_date():
    first, second = make_certificate(), make_certificate()

    assert first == second
    assert b"/CreationDate (D:20261122100000Z" in first
    assert history_report(history_rows(30)) == history_report(history_rows(30))


# --- table reports -----------------------------------------------------------------------------


def test_500_row_report_repeats_the_header_on_every_page():
    pdf = history_report(history_rows(500))

    pages = page_texts(pdf)
    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == len(pages) >= 5
    for number, lines in enumerate(pages, start=1):
        assert "Статус" in lines, f"no header on page {number}"
        assert f"Стр. {number} из {len(pages)}" in lines
    numbers = [line for page in pages for line in page if line.startswith("Z-")]
    assert numbers == [f"Z-{i:06d}" for i in range(500)]


def test_report_title_and_subtitle_open_the_first_page_only():
    pages = page_texts(history_report(history_rows(200)))

    assert pages[0][:2] == ["История обращений", "Все обращения за 2026 год"]
    assert all("История обращений" not in lines for lines in pages[1:])


def test_long_cell_text_wraps_inside_its_column_without_losing_words():
    comment = " ".join(f"слово{i}" for i in range(60))
    pdf = history_report([["Z-1", "22.11.2026", comment, "подано", "—"]])

    lines = page_texts(pdf)[0]
    wrapped = [line for line in lines if line.startswith("слово")]
    assert len(wrapped) > 3
    assert " ".join(wrapped).split() == comment.split()


def test_a_word_wider_than_its_column_is_broken_not_clipped():
    url = "https://gosapp.example.ru/documents/" + "a" * 120
    pdf = history_report([[url, "22.11.2026", "Тип", "подано", "—"]])

    lines = page_texts(pdf)[0]
    start = next(i for i, line in enumerate(lines) if line.startswith("https://"))
    end = lines.index("22.11.2026")  # the next column
    assert end - start > 3
    assert "".join(lines[start:end]) == url


def test_a_cell_longer_than_a_page_is_cut_with_an_ellipsis():
    pdf = history_report([["Z-1", "22.11.2026", "слово " * 3000, "подано", "—"]])

    lines = page_texts(pdf)
    assert len(lines) == 1
    assert "…" in lines[0]


def test_empty_report_says_there_is_nothing_to_show():
    text = pdf_text(history_report([]))

    assert "Нет записей, соответствующих условиям отбора." in text


def test_landscape_report_has_landscape_pages():
    pdf = history_report(history_rows(10), landscape=True)

    assert b"/MediaBox [0 0 841.89 595.28]" in pdf


def test_a_row_with_the_wrong_number_of_cells_is_refused():
    with pytest.raises(ValueError):
        history_report([["Z-1", "22.11.2026"]])


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_semicolons_and_crlf():
    data = csv_bytes(["Номер", "Статус"], [["Z-1", "подано"], ["Z-2", "одобрено"]])

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "Номер;Статус\r\nZ-1;подано\r\nZ-2;одобрено\r\n"


def test_csv_quotes_separators_quotes_and_line_breaks():
    values = ["a;b", 'сказал "да"', "две\nстроки", None]
    data = csv_bytes(["x", "y", "z", "w"], [values])

    assert '"a;b";"сказал ""да""";"две\nстроки";\r\n' in data.decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert parsed[1] == ["a;b", 'сказал "да"', "две\nстроки", ""]


@pytest.mark.parametrize("value", ["=1+2", "+79991234567", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_csv_defuses_values_a_spreadsheet_would_run_as_formulas(value):
    data = csv_bytes(["Комментарий"], [[value]])

    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert parsed[1] == ["'" + value]


@pytest.mark.parametrize("value", ["Иванов", "", "a=b", "5-3", "Z-2026-000001"])
def test_csv_leaves_ordinary_values_alone(value):
    assert safe_cell(value) == value
