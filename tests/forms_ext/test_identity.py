"""Tests of forms_ext.identity: identity numbers, postcodes and the keyed hash.

Every identity number here is synthetic, built by the helpers below: Norwegian numbers
carry the +80 / +40 month of test numbers, or an impossible date, or wrong control
digits; Swedish numbers have a Luhn digit computed for a made-up date. None is a real
person's number.
"""

import hashlib
import hmac
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from forms_ext.identity import (
    CODE_CHECKSUM,
    CODE_DATE,
    CODE_FORMAT,
    CODE_POSTCODE,
    KIND_NORWEGIAN_ID,
    KIND_SWEDISH_ID,
    identity_hash,
    normalise_norwegian_id,
    normalise_norwegian_postcode,
    normalise_swedish_id,
    normalise_swedish_postcode,
    validate_norwegian_id,
    validate_norwegian_postcode,
    validate_swedish_id,
    validate_swedish_postcode,
)

TODAY = date(2026, 11, 23)
NBSP = "\N{NO-BREAK SPACE}"
ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# Builders of synthetic numbers ------------------------------------------------------------


def mod11_control(digits: str, weights: tuple[int, ...]) -> int | None:
    """The Norwegian mod-11 control digit, or None when it would be 10."""
    control = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return {11: 0, 10: None}.get(control, control)


def norwegian_id(ddmmyy: str, individual_from: int = 0) -> str:
    """The first number with valid control digits for these six date digits.

    The individual number (digits 7-9) starts at ``individual_from``; the date digits
    are taken as given, so an impossible date gives a number that fails only its date.
    """
    for individual in range(individual_from, 1000):
        nine = f"{ddmmyy}{individual:03d}"
        first = mod11_control(nine, (3, 7, 6, 1, 8, 9, 4, 5, 2))
        if first is None:
            continue
        second = mod11_control(f"{nine}{first}", (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
        if second is not None:
            return f"{nine}{first}{second}"
    raise AssertionError("no individual number gives valid control digits")


def luhn_digit(nine: str) -> str:
    """The Luhn control digit of nine digits (weights 2, 1, 2, ... from the left)."""
    total = 0
    for index, digit in enumerate(nine):
        product = int(digit) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def swedish_id(yyyymmdd: str, serial: str = "238") -> str:
    """A 12-digit Swedish number with a computed Luhn digit."""
    nine = yyyymmdd[2:] + serial
    return yyyymmdd + serial + luhn_digit(nine)


def with_wrong_last_digit(number: str) -> str:
    """The number with its last (control) digit changed."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def with_digit_changed(number: str, index: int) -> str:
    """The number with one digit changed."""
    return number[:index] + str((int(number[index]) + 3) % 10) + number[index + 1 :]


def dashed(twelve: str) -> str:
    """The YYMMDD-NNNN spelling of a 12-digit Swedish number."""
    return f"{twelve[2:8]}-{twelve[8:]}"


# Norwegian synthetic numbers: 15 March 1985, with individual numbers from 400 (1900s).
NO_TENOR = norwegian_id("158385", 400)  # month + 80
NO_NAV = norwegian_id("154385", 400)  # month + 40
NO_D_SYNTHETIC = norwegian_id("558385", 400)  # D-number (day + 40), month + 80
NO_LEAP_2000 = norwegian_id("298200", 500)  # 29 February 2000 (individual 500-999)

# Swedish numbers with made-up dates.
SE_1985 = swedish_id("19850315")
SE_SAMORDNING = swedish_id("19850375")  # day 15 + 60
SE_1920 = swedish_id("19200704")
SE_2020 = swedish_id("20200704")


def assert_rejected(check, value, code: str) -> ValidationError:
    """Assert that ``check`` rejects ``value`` with ``code`` and does not echo the number."""
    with pytest.raises(ValidationError) as excinfo:
        check(value)
    error = excinfo.value
    assert error.code == code
    assert error.params is None
    assert error.__cause__ is None and error.__context__ is None
    with override("en"):
        text = " ".join(error.messages) + str(error)
    assert not re.search(r"[0-9]{3,}", text), text
    digits = re.sub(r"\D", "", value) if isinstance(value, str) else ""
    if digits:
        assert digits not in text
    return error


# Norwegian national identity numbers ------------------------------------------------------


def test_the_test_builder_gives_numbers_of_the_intended_shape():
    assert NO_TENOR.startswith("158385") and 400 <= int(NO_TENOR[6:9]) < 500
    assert NO_LEAP_2000.startswith("298200") and int(NO_LEAP_2000[6:9]) >= 500


@pytest.mark.parametrize("number", [NO_TENOR, NO_NAV, NO_D_SYNTHETIC, NO_LEAP_2000])
def test_valid_synthetic_norwegian_numbers_are_accepted(number):
    assert validate_norwegian_id(number) is None
    assert normalise_norwegian_id(number) == number


@pytest.mark.parametrize(
    "ddmmyy",
    [
        "018185",  # 1 January, + 80
        "319285",  # 31 December, + 80
        "014185",  # 1 January, + 40
        "315285",  # 31 December, + 40
        "418185",  # D-number: day 1 + 40
        "718185",  # D-number: day 31 + 40
    ],
)
def test_the_edges_of_the_synthetic_date_ranges_are_accepted(ddmmyy):
    number = norwegian_id(ddmmyy, 400)
    assert normalise_norwegian_id(number) == number


@pytest.mark.parametrize(
    "spelling",
    [
        "158385 {rest}",
        " 15 83 85 {rest} ",
        "158385\t{rest}",
        "158385" + NBSP + "{rest}",
    ],
)
def test_norwegian_numbers_are_normalised_to_eleven_digits(spelling):
    written = spelling.format(rest=NO_TENOR[6:])
    assert normalise_norwegian_id(written) == NO_TENOR


@pytest.mark.parametrize(
    "ddmmyy",
    [
        "150385",  # an ordinary date
        "550385",  # an ordinary D-number
    ],
)
def test_ordinary_dates_pass_the_date_check(ddmmyy):
    # Wrong control digits, so that no real person's number is ever written here.
    number = with_wrong_last_digit(norwegian_id(ddmmyy, 400))
    assert_rejected(validate_norwegian_id, number, CODE_CHECKSUM)


@pytest.mark.parametrize(
    "number",
    [
        with_wrong_last_digit(NO_TENOR),  # second control digit
        NO_TENOR[:9] + str((int(NO_TENOR[9]) + 1) % 10) + NO_TENOR[10],  # first control
        with_digit_changed(NO_TENOR, 7),  # an individual-number digit
        with_digit_changed(NO_D_SYNTHETIC, 8),
        NO_TENOR[:6] + NO_TENOR[7] + NO_TENOR[6] + NO_TENOR[8:],  # two digits swapped
    ],
)
def test_wrong_norwegian_control_digits_are_rejected(number):
    assert number != NO_TENOR
    assert_rejected(validate_norwegian_id, number, CODE_CHECKSUM)


def control_ten_numbers(ddmmyy: str) -> tuple[str, str]:
    """Two numbers whose first or second control digit would be 10, written as 0.

    The other control digit is computed, so only the rule "10 makes the number
    invalid" rejects them.
    """
    first_ten = second_ten = None
    for individual in range(400, 1000):
        nine = f"{ddmmyy}{individual:03d}"
        first = mod11_control(nine, (3, 7, 6, 1, 8, 9, 4, 5, 2))
        ten = f"{nine}{0 if first is None else first}"
        second = mod11_control(ten, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
        if first is None and second is not None and first_ten is None:
            first_ten = f"{ten}{second}"
        if first is not None and second is None and second_ten is None:
            second_ten = f"{ten}0"
    assert first_ten and second_ten
    return first_ten, second_ten


@pytest.mark.parametrize("number", control_ten_numbers("158385"))
def test_a_control_digit_of_ten_makes_the_number_invalid(number):
    assert_rejected(validate_norwegian_id, number, CODE_CHECKSUM)


@pytest.mark.parametrize(
    "ddmmyy",
    [
        "008185",  # day 0
        "328185",  # day 32
        "408185",  # day 40: neither a day nor a D-number day
        "728185",  # D-number day 32
        "150085",  # month 0
        "151385",  # month 13
        "154085",  # month 40
        "155385",  # month 13 + 40
        "158085",  # month 80
        "159385",  # month 13 + 80
        "308285",  # 30 February
        "318485",  # 31 April (+ 80)
        "298201",  # 29 February 2001
    ],
)
def test_impossible_norwegian_dates_are_rejected(ddmmyy):
    number = norwegian_id(ddmmyy, 400)
    error = assert_rejected(validate_norwegian_id, number, CODE_DATE)
    with override("en"):
        assert "date of birth" in error.messages[0]


def test_29_february_1900_is_rejected_by_the_century_of_the_individual_number():
    number = norwegian_id("298200", 0)  # individual number 000-499: born in 1900
    assert int(number[6:9]) < 500
    assert_rejected(validate_norwegian_id, number, CODE_DATE)


@pytest.mark.parametrize(
    "value",
    [
        NO_TENOR[:-1],  # 10 digits
        NO_TENOR + "0",  # 12 digits
        NO_TENOR[:5] + "a" + NO_TENOR[6:],  # a letter
        NO_TENOR[:6] + "-" + NO_TENOR[6:],  # a separator other than a space
        NO_TENOR.translate(ARABIC_INDIC_DIGITS),  # digits of another script
        "",
        "   ",
        None,
        int(NO_TENOR),
    ],
)
def test_malformed_norwegian_numbers_are_rejected(value):
    assert_rejected(validate_norwegian_id, value, CODE_FORMAT)


def test_the_norwegian_checksum_message_is_plain_english_without_the_number():
    error = assert_rejected(validate_norwegian_id, with_wrong_last_digit(NO_TENOR), CODE_CHECKSUM)
    with override("en"):
        assert error.messages == [
            "This is not a valid Norwegian national identity number (11 digits). "
            "Check the digits and try again."
        ]


# Swedish personal identity numbers --------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (dashed(SE_1985), SE_1985),  # YYMMDD-NNNN
        (dashed(SE_1985).replace("-", ""), SE_1985),  # YYMMDDNNNN
        (SE_1985, SE_1985),  # YYYYMMDDNNNN
        (f"{SE_1985[:8]}-{SE_1985[8:]}", SE_1985),  # YYYYMMDD-NNNN
        (f" {SE_1985[2:8]} {SE_1985[8:]} ", SE_1985),  # spaces
        (dashed(SE_SAMORDNING), SE_SAMORDNING),  # samordningsnummer
        (dashed(SE_1920).replace("-", "+"), SE_1920),  # "+": 100 or older
        (dashed(SE_2020), SE_2020),  # "-": under 100
    ],
)
def test_swedish_numbers_are_normalised_to_twelve_digits(written, expected):
    assert normalise_swedish_id(written, today=TODAY) == expected


@pytest.mark.parametrize(
    ("yyyymmdd", "separator", "expected_year"),
    [
        ("19261124", "-", "1926"),  # turns 100 tomorrow: still under 100
        ("20261123", "-", "2026"),  # born today
        ("19261123", "+", "1926"),  # 100 today
        ("18261124", "+", "1826"),  # "+" with the day after today
        ("19271201", "-", "1927"),  # a date later in the year than today, last century
        ("19271201", "", "1927"),  # no separator: under 100
        ("20000229", "-", "2000"),  # 29 February in a leap year
    ],
)
def test_the_century_of_a_ten_digit_number_is_inferred_from_today(
    yyyymmdd, separator, expected_year
):
    number = swedish_id(yyyymmdd)
    written = f"{number[2:8]}{separator}{number[8:]}"
    assert normalise_swedish_id(written, today=TODAY) == expected_year + number[4:]


def test_the_century_is_inferred_from_the_current_date_by_default():
    today = date.today()
    next_year = today.year + 1
    number = swedish_id(f"{next_year - 100}0601")  # 1 June of next year is not yet
    written = f"{number[2:8]}-{number[8:]}"
    assert normalise_swedish_id(written) == number
    assert validate_swedish_id(written) is None


@pytest.mark.parametrize("number", [SE_1985, SE_SAMORDNING, SE_1920, SE_2020])
def test_valid_swedish_numbers_are_accepted(number):
    assert validate_swedish_id(number) is None
    assert validate_swedish_id(f"{number[:8]}-{number[8:]}") is None


@pytest.mark.parametrize(
    "number",
    [
        with_wrong_last_digit(SE_1985),
        with_digit_changed(SE_1985, 9),  # a serial digit
        with_digit_changed(SE_SAMORDNING, 10),
        SE_1985[:8] + SE_1985[9] + SE_1985[8] + SE_1985[10:],  # two digits swapped
    ],
)
def test_wrong_swedish_control_digits_are_rejected(number):
    assert number != SE_1985
    assert_rejected(validate_swedish_id, number, CODE_CHECKSUM)
    assert_rejected(validate_swedish_id, dashed(number), CODE_CHECKSUM)


@pytest.mark.parametrize(
    "yyyymmdd",
    [
        "19850001",  # month 0
        "19851301",  # month 13
        "19850300",  # day 0
        "19850332",  # day 32
        "19850360",  # day 60: neither a day nor a samordningsnummer day
        "19850392",  # samordningsnummer day 32
        "19850230",  # 30 February
        "19850431",  # 31 April
        "19010229",  # 29 February in a common year
        "19000229",  # 1900 was not a leap year
    ],
)
def test_impossible_swedish_dates_are_rejected(yyyymmdd):
    number = swedish_id(yyyymmdd)
    assert_rejected(validate_swedish_id, number, CODE_DATE)


def test_29_february_is_checked_against_the_inferred_century():
    number = swedish_id("20000229")
    assert normalise_swedish_id(dashed(number), today=TODAY) == number
    with pytest.raises(ValidationError) as excinfo:  # "+": 1900, not a leap year
        normalise_swedish_id(dashed(number).replace("-", "+"), today=TODAY)
    assert excinfo.value.code == CODE_DATE


@pytest.mark.parametrize(
    "value",
    [
        SE_1985[2:-1],  # 9 digits
        SE_1985[1:],  # 11 digits
        SE_1985 + "0",  # 13 digits
        f"{SE_1985[:8]}+{SE_1985[8:]}",  # "+" where the century is written out
        f"{SE_1985[2:8]}--{SE_1985[8:]}",  # two separators
        f"{SE_1985[2:7]}-{SE_1985[7:]}",  # a separator in the wrong place
        f"{SE_1985[2:8]}/{SE_1985[8:]}",  # another separator
        SE_1985[:10] + "a" + SE_1985[11],  # a letter
        SE_1985.translate(ARABIC_INDIC_DIGITS),  # digits of another script
        "",
        None,
    ],
)
def test_malformed_swedish_numbers_are_rejected(value):
    assert_rejected(validate_swedish_id, value, CODE_FORMAT)


def test_the_swedish_messages_are_plain_english():
    error = assert_rejected(validate_swedish_id, with_wrong_last_digit(SE_1985), CODE_CHECKSUM)
    with override("en"):
        assert error.messages == [
            "This is not a valid Swedish personal identity number. Check the digits and try again."
        ]


# Postcodes --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0150", "9990", "5003"])
def test_norwegian_postcodes_of_four_digits_are_accepted(value):
    assert validate_norwegian_postcode(value) is None
    assert normalise_norwegian_postcode(f" {value} ") == value


@pytest.mark.parametrize(
    "value", ["150", "01500", "01a0", "01 50", "", "0150".translate(ARABIC_INDIC_DIGITS), None]
)
def test_other_norwegian_postcodes_are_rejected(value):
    assert_rejected(validate_norwegian_postcode, value, CODE_POSTCODE)


@pytest.mark.parametrize(
    ("value", "expected"), [("11452", "11452"), ("114 52", "11452"), (" 411 05 ", "41105")]
)
def test_swedish_postcodes_are_accepted_and_normalised(value, expected):
    assert validate_swedish_postcode(value) is None
    assert normalise_swedish_postcode(value) == expected


@pytest.mark.parametrize(
    "value", ["1145", "114522", "11 452", "114  52", "114-52", "abcde", "", None]
)
def test_other_swedish_postcodes_are_rejected(value):
    assert_rejected(validate_swedish_postcode, value, CODE_POSTCODE)


def test_the_postcode_messages_are_plain_english():
    error = assert_rejected(validate_swedish_postcode, "1145", CODE_POSTCODE)
    with override("en"):
        assert error.messages == [
            "Enter a Swedish postcode of 5 digits. A space after the third digit is allowed."
        ]


# The keyed hash ---------------------------------------------------------------------------


@pytest.fixture
def hash_key(settings):
    settings.FORMS_EXT_IDENTITY_HASH_KEY = "test-identity-hash-key"
    return b"test-identity-hash-key"


def test_the_hash_is_hmac_sha256_of_kind_and_number(hash_key):
    expected = hmac.new(hash_key, f"no:{NO_TENOR}".encode(), hashlib.sha256).hexdigest()
    assert identity_hash(KIND_NORWEGIAN_ID, NO_TENOR) == expected
    assert re.fullmatch(r"[0-9a-f]{64}", expected)
    assert NO_TENOR not in expected


@pytest.mark.usefixtures("hash_key")
def test_every_spelling_of_a_norwegian_number_has_one_hash():
    spellings = [NO_TENOR, f"{NO_TENOR[:6]} {NO_TENOR[6:]}", f" {NO_TENOR[:6]}{NBSP}{NO_TENOR[6:]}"]
    hashes = {identity_hash(KIND_NORWEGIAN_ID, normalise_norwegian_id(s)) for s in spellings}
    assert len(hashes) == 1


@pytest.mark.usefixtures("hash_key")
def test_every_spelling_of_a_swedish_number_has_one_hash():
    spellings = [
        dashed(SE_1985),
        dashed(SE_1985).replace("-", ""),
        SE_1985,
        f"{SE_1985[:8]}-{SE_1985[8:]}",
        f"{SE_1985[2:8]} {SE_1985[8:]}",
    ]
    hashes = {
        identity_hash(KIND_SWEDISH_ID, normalise_swedish_id(s, today=TODAY)) for s in spellings
    }
    assert len(hashes) == 1
    old = {
        identity_hash(KIND_SWEDISH_ID, normalise_swedish_id(s, today=TODAY))
        for s in [dashed(SE_1920).replace("-", "+"), SE_1920]
    }
    assert len(old) == 1
    assert old != hashes


@pytest.mark.usefixtures("hash_key")
def test_different_numbers_and_kinds_have_different_hashes():
    hashes = {
        identity_hash(KIND_NORWEGIAN_ID, NO_TENOR),
        identity_hash(KIND_NORWEGIAN_ID, NO_NAV),
        identity_hash(KIND_NORWEGIAN_ID, NO_D_SYNTHETIC),
        identity_hash(KIND_SWEDISH_ID, SE_1985),
        identity_hash(KIND_SWEDISH_ID, SE_SAMORDNING),
        identity_hash(KIND_SWEDISH_ID, SE_1920),
        identity_hash(KIND_SWEDISH_ID, SE_2020),
        identity_hash("other", NO_TENOR),
    }
    assert len(hashes) == 8


def test_a_different_key_gives_a_different_hash(settings):
    settings.FORMS_EXT_IDENTITY_HASH_KEY = "first-key"
    first = identity_hash(KIND_NORWEGIAN_ID, NO_TENOR)
    settings.FORMS_EXT_IDENTITY_HASH_KEY = "second-key"
    second = identity_hash(KIND_NORWEGIAN_ID, NO_TENOR)
    assert first != second
    settings.FORMS_EXT_IDENTITY_HASH_KEY = "first-key"
    assert identity_hash(KIND_NORWEGIAN_ID, NO_TENOR) == first


@pytest.mark.parametrize("unset", ["delete", "", None])
def test_without_a_key_setting_the_key_is_derived_from_secret_key(settings, unset):
    if unset == "delete":
        if hasattr(settings, "FORMS_EXT_IDENTITY_HASH_KEY"):
            del settings.FORMS_EXT_IDENTITY_HASH_KEY
    else:
        settings.FORMS_EXT_IDENTITY_HASH_KEY = unset
    settings.SECRET_KEY = "first-secret-key"
    key = hmac.new(b"first-secret-key", b"boportal-identity-hash", hashlib.sha256).digest()
    expected = hmac.new(key, f"se:{SE_1985}".encode(), hashlib.sha256).hexdigest()
    assert identity_hash(KIND_SWEDISH_ID, SE_1985) == expected
    settings.SECRET_KEY = "second-secret-key"
    assert identity_hash(KIND_SWEDISH_ID, SE_1985) != expected


def test_with_a_key_setting_the_hash_survives_a_secret_key_rotation(settings, hash_key):
    before = identity_hash(KIND_SWEDISH_ID, SE_1985)
    settings.SECRET_KEY = "a-rotated-secret-key"
    assert identity_hash(KIND_SWEDISH_ID, SE_1985) == before


@pytest.mark.usefixtures("hash_key")
@pytest.mark.parametrize(
    ("kind", "number"),
    [
        (KIND_NORWEGIAN_ID, f"{NO_TENOR[:6]} {NO_TENOR[6:]}"),  # not normalised
        (KIND_NORWEGIAN_ID, NO_TENOR[:-1]),  # wrong length for the kind
        (KIND_SWEDISH_ID, SE_1985[2:]),  # the 10-digit form
        (KIND_SWEDISH_ID, dashed(SE_1985)),
        ("", NO_TENOR),
        ("no:x", NO_TENOR),
    ],
)
def test_the_hash_refuses_input_that_is_not_in_canonical_form(kind, number):
    with pytest.raises(ValueError) as excinfo:
        identity_hash(kind, number)
    assert re.sub(r"\D", "", number) not in str(excinfo.value)
