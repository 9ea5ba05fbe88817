"""Checks of Nordic personal identity numbers and postcodes, and a keyed hash of the numbers.

A survey may ask for a personal identity number only to find duplicate answers. The
number is checked here, written in one canonical form, and then kept only as the keyed
hash that :func:`identity_hash` returns: never the number itself.

Every error message is generic on purpose: none repeats the number, so that it cannot
end up in a log, an error report or a page served from a cache. The ``ValidationError``
raised here carries no ``params`` either, for the same reason.

The ``normalise_*`` functions check the whole value and return its canonical form, so
that a number is hashed only once it is known to be valid and written one way.
"""

import calendar
import hashlib
import hmac
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.utils.encoding import force_bytes
from django.utils.translation import gettext_lazy as _

from .conf import settings as forms_ext_settings

# The kinds that the survey field types hash under (see forms_ext.field_types).
KIND_NORWEGIAN_ID = "no"
KIND_SWEDISH_ID = "se"

# How many digits the canonical form of each known kind has.
_CANONICAL_LENGTHS = {KIND_NORWEGIAN_ID: 11, KIND_SWEDISH_ID: 12}

# Error codes, the same for both countries.
CODE_FORMAT = "invalid_format"
CODE_DATE = "invalid_date"
CODE_CHECKSUM = "invalid_checksum"
CODE_POSTCODE = "invalid_postcode"

NORWEGIAN_ID_FORMAT_MESSAGE = _(
    "Enter the Norwegian national identity number as 11 digits. Spaces are allowed."
)
NORWEGIAN_ID_DATE_MESSAGE = _(
    "This is not a valid Norwegian national identity number: the first six digits must be "
    "a date of birth (day, month, year). Check the digits and try again."
)
NORWEGIAN_ID_CHECKSUM_MESSAGE = _(
    "This is not a valid Norwegian national identity number (11 digits). "
    "Check the digits and try again."
)
SWEDISH_ID_FORMAT_MESSAGE = _(
    "Enter the Swedish personal identity number as YYMMDD-NNNN or YYYYMMDDNNNN."
)
SWEDISH_ID_DATE_MESSAGE = _(
    "This is not a valid Swedish personal identity number: the first digits must be "
    "a date of birth (year, month, day). Check the digits and try again."
)
SWEDISH_ID_CHECKSUM_MESSAGE = _(
    "This is not a valid Swedish personal identity number. Check the digits and try again."
)
NORWEGIAN_POSTCODE_MESSAGE = _("Enter a Norwegian postcode of 4 digits.")
SWEDISH_POSTCODE_MESSAGE = _(
    "Enter a Swedish postcode of 5 digits. A space after the third digit is allowed."
)

# The HMAC label that derives the fallback hash key from SECRET_KEY.
_FALLBACK_KEY_LABEL = b"boportal-identity-hash"

# Weights of the two mod-11 control digits of a Norwegian number.
_NORWEGIAN_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_NORWEGIAN_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

# [0-9], not \d: \d also matches other scripts' digits, which int() would then accept.
_DIGITS_RE = re.compile(r"[0-9]+")
_NORWEGIAN_ID_RE = re.compile(r"[0-9]{11}")
_SWEDISH_ID_RE = re.compile(r"(?P<date>[0-9]{6}|[0-9]{8})(?P<sep>[-+]?)(?P<serial>[0-9]{4})")
_NORWEGIAN_POSTCODE_RE = re.compile(r"[0-9]{4}")
_SWEDISH_POSTCODE_RE = re.compile(r"([0-9]{3}) ?([0-9]{2})")

# Offsets added to the day or the month of a date of birth in a special number.
_D_NUMBER_DAY_OFFSET = 40  # Norwegian D-number: first digit + 4
_SAMORDNING_DAY_OFFSET = 60  # Swedish samordningsnummer
_NORWEGIAN_MONTH_OFFSETS = (80, 40)  # synthetic test numbers (+80, +40) and H-numbers (+40)


def _without_whitespace(value: object) -> str:
    """Return ``value`` with all whitespace removed, or "" if it is not a string."""
    if not isinstance(value, str):
        return ""
    return "".join(value.split())


def _is_calendar_date(year: int, month: int, day: int) -> bool:
    """Whether the day exists in that month of that year (of the proleptic calendar)."""
    if not 1 <= month <= 12 or day < 1:
        return False
    february = 29 if calendar.isleap(year) else 28
    days_in_month = (31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return day <= days_in_month[month - 1]


# Norwegian national identity numbers ------------------------------------------------------


def _mod11_control_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """Return the mod-11 control digit of ``digits``, or None where none exists (10)."""
    total = sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True))
    control = 11 - total % 11
    if control == 11:
        return 0
    return None if control == 10 else control


def _norwegian_controls_match(digits: str) -> bool:
    """Whether the two last of the 11 digits are the right control digits."""
    first = _mod11_control_digit(digits[:9], _NORWEGIAN_WEIGHTS_1)
    second = _mod11_control_digit(digits[:10], _NORWEGIAN_WEIGHTS_2)
    return first == int(digits[9]) and second == int(digits[10])


def _norwegian_year(two_digit_year: int, individual: int) -> int:
    """Return the year of birth given by the individual number (digits 7-9).

    Only the leap-year check of 29 February needs the century. A combination that
    the rules leave unassigned gets 20yy, the reading that rejects no 29 February.
    """
    if individual < 500:
        return 1900 + two_digit_year
    if individual < 750 and two_digit_year >= 54:
        return 1800 + two_digit_year
    if individual >= 900 and two_digit_year >= 40:
        return 1900 + two_digit_year
    return 2000 + two_digit_year


def _norwegian_month(month: int) -> int:
    """Return the real month of a month written with a test-number or H-number offset."""
    for offset in _NORWEGIAN_MONTH_OFFSETS:
        if month > offset:
            return month - offset
    return month


def _norwegian_date_is_valid(digits: str) -> bool:
    """Whether the first six digits are a date of birth, allowing the special offsets."""
    day = int(digits[0:2])
    if day > _D_NUMBER_DAY_OFFSET:
        day -= _D_NUMBER_DAY_OFFSET
    month = _norwegian_month(int(digits[2:4]))
    year = _norwegian_year(int(digits[4:6]), int(digits[6:9]))
    return _is_calendar_date(year, month, day)


def normalise_norwegian_id(value: str) -> str:
    """Check a Norwegian national identity number and return its 11 digits.

    Accepts a fødselsnummer or a D-number (day + 40), with spaces anywhere. The date of
    birth may carry the month offsets of synthetic test numbers: + 80 (Skatteetaten's
    Tenor test data) and + 40 (NAV's test numbers; H-numbers use + 40 as well), so that
    tests and demonstrations never need a real person's number. The two mod-11 control
    digits are checked with the classic rule (a control digit of 10 makes the number
    invalid).

    Raises ``ValidationError`` with code ``invalid_format``, ``invalid_date`` or
    ``invalid_checksum``; the message never repeats the number.
    """
    digits = _without_whitespace(value)
    if not _NORWEGIAN_ID_RE.fullmatch(digits):
        raise ValidationError(NORWEGIAN_ID_FORMAT_MESSAGE, code=CODE_FORMAT)
    if not _norwegian_date_is_valid(digits):
        raise ValidationError(NORWEGIAN_ID_DATE_MESSAGE, code=CODE_DATE)
    if not _norwegian_controls_match(digits):
        raise ValidationError(NORWEGIAN_ID_CHECKSUM_MESSAGE, code=CODE_CHECKSUM)
    return digits


def validate_norwegian_id(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid Norwegian identity number.

    See :func:`normalise_norwegian_id` for what is accepted.
    """
    normalise_norwegian_id(value)


# Swedish personal identity numbers --------------------------------------------------------


def _local_today() -> date:
    """Return today's date where the service runs (``FORMS_EXT_TIME_ZONE``)."""
    return datetime.now(ZoneInfo(forms_ext_settings.TIME_ZONE)).date()


def _swedish_day(day: int) -> int:
    """Return the real day of a day written with the samordningsnummer offset."""
    return day - _SAMORDNING_DAY_OFFSET if day > _SAMORDNING_DAY_OFFSET else day


def _swedish_century(yymmdd: str, separator: str, today: date) -> int:
    """Return the century (e.g. 19) of a 10-digit number's date of birth.

    "-" (or no separator) means the person is under 100 years old today, "+" that the
    person is 100 or older: the date is the latest one with these digits that is not
    after today, moved back another 100 years for "+".
    """
    two_digit_year, month = int(yymmdd[0:2]), int(yymmdd[2:4])
    day = _swedish_day(int(yymmdd[4:6]))
    year = today.year - (today.year - two_digit_year) % 100
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    if separator == "+":
        year -= 100
    return year // 100


def _swedish_date_is_valid(digits: str) -> bool:
    """Whether a 12-digit number starts with a date of birth (YYYYMMDD)."""
    year, month = int(digits[0:4]), int(digits[4:6])
    return _is_calendar_date(year, month, _swedish_day(int(digits[6:8])))


def _luhn_is_valid(digits: str) -> bool:
    """Whether the digits pass the Luhn check (the last digit being the control digit)."""
    total = 0
    for index, digit in enumerate(reversed(digits)):
        product = int(digit) * (2 if index % 2 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _swedish_twelve_digits(value: str, today: date | None) -> str:
    """Return the YYYYMMDDNNNN form of a Swedish number as written, or raise."""
    match = _SWEDISH_ID_RE.fullmatch(_without_whitespace(value))
    if match is None:
        raise ValidationError(SWEDISH_ID_FORMAT_MESSAGE, code=CODE_FORMAT)
    date_part, separator, serial = match.group("date", "sep", "serial")
    if len(date_part) == 8:
        if separator == "+":  # The century is written out; "+" is only for YYMMDD.
            raise ValidationError(SWEDISH_ID_FORMAT_MESSAGE, code=CODE_FORMAT)
        return date_part + serial
    century = _swedish_century(date_part, separator, today or _local_today())
    return f"{century:02d}{date_part}{serial}"


def normalise_swedish_id(value: str, *, today: date | None = None) -> str:
    """Check a Swedish personnummer or samordningsnummer and return it as YYYYMMDDNNNN.

    Accepts YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDDNNNN and YYYYMMDD-NNNN, with
    spaces anywhere. A samordningsnummer has 60 added to the day. For the 10-digit
    forms the century is inferred relative to ``today`` (by default today's date in
    ``FORMS_EXT_TIME_ZONE``): "-" or no separator means under 100 years old, "+" means
    100 or older. The Luhn control digit is checked over the 10-digit form.

    Raises ``ValidationError`` with code ``invalid_format``, ``invalid_date`` or
    ``invalid_checksum``; the message never repeats the number.
    """
    digits = _swedish_twelve_digits(value, today)
    if not _swedish_date_is_valid(digits):
        raise ValidationError(SWEDISH_ID_DATE_MESSAGE, code=CODE_DATE)
    if not _luhn_is_valid(digits[2:]):
        raise ValidationError(SWEDISH_ID_CHECKSUM_MESSAGE, code=CODE_CHECKSUM)
    return digits


def validate_swedish_id(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid Swedish identity number.

    See :func:`normalise_swedish_id` for what is accepted.
    """
    normalise_swedish_id(value)


# Postcodes --------------------------------------------------------------------------------


def normalise_norwegian_postcode(value: str) -> str:
    """Check a Norwegian postcode (exactly 4 digits) and return it without outer spaces."""
    postcode = value.strip() if isinstance(value, str) else ""
    if not _NORWEGIAN_POSTCODE_RE.fullmatch(postcode):
        raise ValidationError(NORWEGIAN_POSTCODE_MESSAGE, code=CODE_POSTCODE)
    return postcode


def validate_norwegian_postcode(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is a Norwegian postcode of 4 digits."""
    normalise_norwegian_postcode(value)


def normalise_swedish_postcode(value: str) -> str:
    """Check a Swedish postcode ("12345" or "123 45") and return its 5 digits."""
    match = _SWEDISH_POSTCODE_RE.fullmatch(value.strip() if isinstance(value, str) else "")
    if match is None:
        raise ValidationError(SWEDISH_POSTCODE_MESSAGE, code=CODE_POSTCODE)
    return match.group(1) + match.group(2)


def validate_swedish_postcode(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is a Swedish postcode of 5 digits."""
    normalise_swedish_postcode(value)


# Keyed hash -------------------------------------------------------------------------------


def _identity_hash_key() -> bytes:
    """Return the key of :func:`identity_hash` (see there)."""
    configured = getattr(django_settings, "FORMS_EXT_IDENTITY_HASH_KEY", None)
    if configured:
        return force_bytes(configured)
    secret = force_bytes(django_settings.SECRET_KEY)
    return hmac.new(secret, _FALLBACK_KEY_LABEL, hashlib.sha256).digest()


def _check_hash_input(kind: str, normalised: str) -> None:
    """Raise ``ValueError`` unless the kind is a label and the number is in canonical form.

    Hashing a number as the person wrote it would give a different hash for each way of
    writing it, so this refuses anything but the output of a ``normalise_*`` function.
    The message does not repeat the number.
    """
    if not isinstance(kind, str) or not kind or ":" in kind:
        raise ValueError("identity_hash() needs a kind: a non-empty label without ':'.")
    expected_length = _CANONICAL_LENGTHS.get(kind)
    is_digits = isinstance(normalised, str) and _DIGITS_RE.fullmatch(normalised) is not None
    if not is_digits or (expected_length and len(normalised) != expected_length):
        raise ValueError(
            "identity_hash() takes a number in canonical form; normalise it first "
            "(normalise_norwegian_id() or normalise_swedish_id())."
        )


def identity_hash(kind: str, normalised: str) -> str:
    """Return the keyed hash under which an identity number is stored, as hex digits.

    The hash is HMAC-SHA256 of ``f"{kind}:{normalised}"``, where ``kind`` names the
    kind of number (``KIND_NORWEGIAN_ID`` is "no", ``KIND_SWEDISH_ID`` is "se") and
    ``normalised`` is the output of ``normalise_norwegian_id()`` or
    ``normalise_swedish_id()``, so every way of writing one number gives one hash. A
    number that is not in canonical form raises ``ValueError``.

    The key is the setting ``FORMS_EXT_IDENTITY_HASH_KEY``. Without it (or if it is
    empty) the key is derived from ``SECRET_KEY`` by HMAC with the fixed label
    "boportal-identity-hash". Production should set its own long random
    ``FORMS_EXT_IDENTITY_HASH_KEY`` and keep it: the hashes change with the key, so
    with the fallback a rotation of ``SECRET_KEY`` would stop new answers matching
    earlier ones. Without the key the hash cannot be tested against guessed numbers;
    keep it as secret as ``SECRET_KEY``.

    Nothing here logs the number, and only the hash is returned.
    """
    _check_hash_input(kind, normalised)
    message = f"{kind}:{normalised}".encode()
    return hmac.new(_identity_hash_key(), message, hashlib.sha256).hexdigest()
