import unicodedata
from datetime import date

import pytest

from gosapp.services.common.errors import Invalid
from gosapp.services.common.validation import (
    format_snils,
    normalize_division_code,
    normalize_email,
    normalize_inn,
    normalize_oms,
    normalize_passport_number,
    normalize_passport_series,
    normalize_person_name,
    normalize_phone,
    normalize_snils,
    parse_birth_date,
    parse_date,
    snils_checksum,
)


def refusal(func, *args, **kwargs) -> Invalid:
    """The Invalid error ``func`` raises for these arguments."""
    with pytest.raises(Invalid) as caught:
        func(*args, **kwargs)
    return caught.value


# --- phone --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "8 916 123-45-67",
        "+7 (916) 123-45-67",
        "79161234567",
        "89161234567",
        "+79161234567",
        "8(916)123-45-67",
        "  +7 916 123 45 67  ",
        "+7\u00a0916\u00a0123\u201145\u201167",  # no-break spaces and a non-breaking hyphen
        "8.916.123.45.67",
    ],
)
def test_russian_mobile_numbers_in_common_formats_become_e164(raw):
    assert normalize_phone(raw) == "+79161234567"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        None,
        "+7 495 123-45-67",  # Moscow landline
        "8 800 555-35-35",  # toll-free
        "+7 701 123-45-67",  # Kazakhstan mobile (also +7)
        "+1 650 253 0000",  # USA
        "+7 916 123 45 678",  # one digit too many
        "8 916 123-45",  # too short
        "8 916 ABC-45-67",  # letters (vanity numbers) are not digits
        "8 916 123-45-67 доб. 12",  # extension
        "7+9161234567",
    ],
)
def test_phone_that_is_not_a_russian_mobile_is_refused(raw):
    error = refusal(normalize_phone, raw)
    assert error.field == "phone"
    assert error.message == "Введите номер мобильного телефона в формате +7 XXX XXX-XX-XX"


# --- e-mail -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Ivan.Petrov@Mail.RU ", "ivan.petrov@mail.ru"),
        ("a+tag@sub.example.com", "a+tag@sub.example.com"),
        ("o'neil_1985@gosuslugi.ru", "o'neil_1985@gosuslugi.ru"),
        ("user@xn--80a1acny.xn--p1ai", "user@xn--80a1acny.xn--p1ai"),
    ],
)
def test_email_is_trimmed_and_lower_cased(raw, expected):
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "ivan",
        "ivan@",
        "@mail.ru",
        "ivan@mail",
        "ivan petrov@mail.ru",
        "ivan@mail .ru",
        "ivan@@mail.ru",
        "ivan..petrov@mail.ru",
        ".ivan@mail.ru",
        "ivan.@mail.ru",
        "ivan@-mail.ru",
        "ivan@mail-.ru",
        "ivan@mail..ru",
        "ivan@mail.r",
        "ivan@mail.ru.",
        "иван@почта.рф",
        "x" * 65 + "@mail.ru",  # local part longer than 64
        "x" * 64 + "@" + ("a" * 61 + ".") * 3 + "info",  # 255 characters
    ],
)
def test_malformed_email_is_refused(raw):
    error = refusal(normalize_email, raw)
    assert error.field == "email"
    assert "электронной почты" in error.message


def test_email_of_exactly_254_characters_is_accepted():
    email = "x" * 64 + "@" + ("a" * 61 + ".") * 3 + "com"
    assert len(email) == 254
    assert normalize_email(email) == email


# --- SNILS --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_nine", "checksum"),
    [
        # 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 95: below 100, the sum itself
        ("112233445", "95"),
        # 1·9+1·8+4·7+1·6+4·5+3·4+2·3+5·2+1·1 = 100: gives 00
        ("114143251", "00"),
        # 2·9+2·8+1·7+1·6+0·5+5·4+8·3+1·2+8·1 = 101: gives 00
        ("221105818", "00"),
        # 1·9+2·8+0·7+4·6+0·5+9·4+2·3+4·2+3·1 = 102: 102 mod 101 = 1
        ("120409243", "01"),
        # 4·9+6·8+4·7+1·6+4·5+0·4+1·3+1·2+7·1 = 150: 150 mod 101 = 49
        ("464140117", "49"),
        # 9·9+1·8+0·7+9·6+8·5+0·4+1·3+5·2+5·1 = 201: 201 mod 101 = 100, which gives 00
        ("910980155", "00"),
        # 5·9+5·8+4·7+8·6+2·5+0·4+7·3+5·2+0·1 = 202: 202 mod 101 = 0
        ("554820750", "00"),
        # 7·9+9·8+7·7+4·6+7·5+8·4+1·3+8·2+8·1 = 302: 302 mod 101 = 100, which gives 00
        ("797478188", "00"),
    ],
)
def test_snils_checksum_follows_the_spec(first_nine, checksum):
    assert snils_checksum(first_nine) == checksum
    assert normalize_snils(first_nine + checksum) == first_nine + checksum


@pytest.mark.parametrize(
    "raw",
    ["112-233-445 95", "11223344595", "112 233 445 95", "112-233-445-95", " 112-233-445\u00a095 "],
)
def test_snils_in_usual_formats_becomes_eleven_digits(raw):
    assert normalize_snils(raw) == "11223344595"


@pytest.mark.parametrize(
    "raw",
    [
        "112-233-445 96",
        "112-233-445 00",
        "114-143-251 10",  # sum 100 must give 00
        "221-105-818 01",  # sum 101 must give 00
        "910-980-155 99",  # remainder 100 must give 00
        "001-001-999 00",  # the first number that has a checksum (it is 65)
    ],
)
def test_snils_with_wrong_checksum_is_refused(raw):
    error = refusal(normalize_snils, raw)
    assert error.field == "snils"
    assert error.message == "Неверная контрольная сумма СНИЛС"


@pytest.mark.parametrize("raw", ["001-001-998 00", "001-001-998 77", "000-123-456 12"])
def test_snils_up_to_001_001_998_has_no_checksum(raw):
    assert normalize_snils(raw) == raw.replace("-", "").replace(" ", "")


def test_snils_just_after_001_001_998_is_checked():
    # 0·9+0·8+1·7+0·6+0·5+1·4+9·3+9·2+9·1 = 65
    assert normalize_snils("001-001-999 65") == "00100199965"


@pytest.mark.parametrize(
    "raw", ["", "112-233-445 9", "112-233-445 955", "112-233-44a 95", "112/233/445 95", None]
)
def test_snils_that_is_not_eleven_digits_is_refused(raw):
    error = refusal(normalize_snils, raw)
    assert error.field == "snils"
    assert error.message == "СНИЛС — 11 цифр в формате XXX-XXX-XXX YY"


def test_snils_is_formatted_for_display():
    assert format_snils("11223344595") == "112-233-445 95"


@pytest.mark.parametrize("digits", ["1122334459", "112-233-445 95", ""])
def test_formatting_something_other_than_eleven_digits_is_a_programming_error(digits):
    with pytest.raises(ValueError):
        format_snils(digits)


# --- INN ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("500100732259", "500100732259"),
        (" 5001 0073 2259 ", "500100732259"),
        ("123456789047", "123456789047"),
    ],
)
def test_personal_inn_with_valid_checksum_is_accepted(raw, expected):
    assert normalize_inn(raw) == expected


def test_inn_with_wrong_checksum_is_refused():
    error = refusal(normalize_inn, "500100732258")
    assert error.field == "inn"
    assert error.message == "Неверная контрольная сумма ИНН"


def test_company_inn_is_refused_for_a_person():
    error = refusal(normalize_inn, "7707083893")  # a valid 10-digit company INN
    assert error.field == "inn"
    assert "организации" in error.message


@pytest.mark.parametrize("raw", ["", "12345", "5001007322591", "50010073225x"])
def test_inn_that_is_not_twelve_digits_is_refused(raw):
    error = refusal(normalize_inn, raw)
    assert error.field == "inn"
    assert error.message == "ИНН физического лица — 12 цифр"


# --- OMS and passport ---------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["1234567890123456", "1234 5678 9012 3456", "1234-5678-9012-3456"])
def test_oms_policy_becomes_sixteen_digits(raw):
    assert normalize_oms(raw) == "1234567890123456"


@pytest.mark.parametrize("raw", ["", "123456789012345", "12345678901234567", "1234 5678 9012 345x"])
def test_oms_policy_that_is_not_sixteen_digits_is_refused(raw):
    error = refusal(normalize_oms, raw)
    assert (error.field, error.message) == ("oms_policy", "Номер полиса ОМС — 16 цифр")


@pytest.mark.parametrize("raw", ["4508", "45 08", " 45-08 ", "４５０８"])
def test_passport_series_becomes_four_digits(raw):
    assert normalize_passport_series(raw) == "4508"


@pytest.mark.parametrize("raw", ["", "450", "45089", "45 0a", "XX 08"])
def test_passport_series_that_is_not_four_digits_is_refused(raw):
    error = refusal(normalize_passport_series, raw)
    assert (error.field, error.message) == ("passport_series", "Серия паспорта — 4 цифры")


@pytest.mark.parametrize("raw", ["123456", "123 456", " 123456 "])
def test_passport_number_becomes_six_digits(raw):
    assert normalize_passport_number(raw) == "123456"


@pytest.mark.parametrize("raw", ["", "12345", "1234567", "12345б"])
def test_passport_number_that_is_not_six_digits_is_refused(raw):
    error = refusal(normalize_passport_number, raw)
    assert (error.field, error.message) == ("passport_number", "Номер паспорта — 6 цифр")


@pytest.mark.parametrize("raw", ["770-001", "770001", " 770 001 ", "770–001"])
def test_division_code_is_written_with_a_hyphen(raw):
    assert normalize_division_code(raw) == "770-001"


@pytest.mark.parametrize("raw", ["", "77001", "7700011", "770-00a", "770/001"])
def test_division_code_that_is_not_six_digits_is_refused(raw):
    error = refusal(normalize_division_code, raw)
    assert error.field == "passport_division_code"
    assert "NNN-NNN" in error.message


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("анна-мария", "Анна-Мария"),
        ("  иванов  ", "Иванов"),
        ("ПЕТРОВА", "Петрова"),
        ("салтыков-щедрин", "Салтыков-Щедрин"),
        ("салтыков - щедрин", "Салтыков-Щедрин"),
        ("анна   мария", "Анна Мария"),
        ("д'артаньян", "Д'Артаньян"),
        ("о’нил", "О'Нил"),  # a typographic apostrophe
        ("алёна", "Алёна"),
        ("ли", "Ли"),
        ("я", "Я"),
        (unicodedata.normalize("NFD", "йорданова"), "Йорданова"),
    ],
)
def test_person_name_is_capitalised_part_by_part(raw, expected):
    assert normalize_person_name(raw, "first_name") == expected


@pytest.mark.parametrize(
    "raw",
    ["Anna", "Ivan Иванов", "Иван2", "-Иван", "Иван-", "Иван--Петров", "Иван'", "Иван.", "Ив@н"],
)
def test_person_name_with_other_than_cyrillic_letters_is_refused(raw):
    error = refusal(normalize_person_name, raw, "last_name")
    assert error.field == "last_name"
    assert error.message == "Только русские буквы; внутри можно дефис, пробел или апостроф"


def test_person_name_longer_than_80_characters_is_refused():
    assert normalize_person_name("а" * 80, "last_name") == "А" + "а" * 79
    error = refusal(normalize_person_name, "а" * 81, "last_name")
    assert (error.field, error.message) == ("last_name", "Не длиннее 80 символов")


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_required_name_must_be_filled_in(raw):
    error = refusal(normalize_person_name, raw, "first_name")
    assert (error.field, error.message) == ("first_name", "Заполните это поле")


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_empty_patronymic_is_allowed_when_not_required(raw):
    assert normalize_person_name(raw, "patronymic", required=False) == ""


def test_optional_patronymic_is_still_checked_when_given():
    assert normalize_person_name("ивановна", "patronymic", required=False) == "Ивановна"
    assert refusal(normalize_person_name, "Ivanovna", "patronymic", required=False).field == (
        "patronymic"
    )


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["05.03.2020", "5.3.2020", "2020-03-05", " 05.03.2020 ", "０５.０３.２０２０"]
)
def test_date_is_read_in_russian_and_iso_formats(raw):
    assert parse_date(raw, "issue_date") == date(2020, 3, 5)


def test_february_29_exists_only_in_leap_years():
    assert parse_date("29.02.2024", "issue_date") == date(2024, 2, 29)
    error = refusal(parse_date, "29.02.2023", "issue_date")
    assert (error.field, error.message) == ("issue_date", "Такой даты нет — проверьте день и месяц")


@pytest.mark.parametrize("raw", ["31.02.2020", "00.01.2020", "15.13.2020", "2020-04-31"])
def test_date_that_does_not_exist_is_refused(raw):
    error = refusal(parse_date, raw, "issue_date")
    assert error.message == "Такой даты нет — проверьте день и месяц"


@pytest.mark.parametrize(
    "raw", ["", "2020/03/05", "05-03-2020", "05.03.20", "завтра", "2020-3-5", "05.03.2020г"]
)
def test_date_in_an_unknown_format_is_refused(raw):
    error = refusal(parse_date, raw, "issue_date")
    assert (error.field, error.message) == ("issue_date", "Введите дату в формате ДД.ММ.ГГГГ")


TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15.06.2012", date(2012, 6, 15)),  # 14 today
        ("1990-01-31", date(1990, 1, 31)),
        ("16.06.1905", date(1905, 6, 16)),  # 120, the 121st birthday is tomorrow
    ],
)
def test_birth_date_of_a_person_aged_14_to_120_is_accepted(raw, expected):
    assert parse_birth_date(raw, TODAY) == expected


def test_person_younger_than_14_cannot_register():
    error = refusal(parse_birth_date, "16.06.2012", TODAY)  # 14 only tomorrow
    assert (error.field, error.message) == ("birth_date", "Зарегистрироваться можно с 14 лет")


def test_birthday_on_february_29_counts_from_march_1_in_common_years():
    assert refusal(parse_birth_date, "29.02.2012", date(2026, 2, 28)).field == "birth_date"
    assert parse_birth_date("29.02.2012", date(2026, 3, 1)) == date(2012, 2, 29)


def test_birth_date_in_the_future_is_refused():
    error = refusal(parse_birth_date, "16.06.2026", TODAY)
    assert (error.field, error.message) == ("birth_date", "Дата рождения не может быть в будущем")


def test_person_older_than_120_is_refused():
    error = refusal(parse_birth_date, "15.06.1905", TODAY)
    assert (error.field, error.message) == ("birth_date", "Проверьте год рождения")


def test_unreadable_birth_date_is_reported_on_the_birth_date_field():
    error = refusal(parse_birth_date, "31.02.2000", TODAY)
    assert error.field == "birth_date"
