"""Invitations in bulk from a CSV file: read, checked row by row, then created all at once.

The file has a header row: name, email, phone, language, unit (a unit code), and
any hidden question's key for its value (carried into the answer). It may be
separated by ``;`` or ``,`` and written in UTF-8 or Windows-1252. Nothing is
created until every row is right; a confirmation carries the checked file back
signed, and it is checked again before the invitations are created.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings as django_settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..conf import settings as app_settings
from ..models import Invitation, OrganisationUnit
from ..permissions import units_for
from .audience import MANAGE_ROLES, conf

PAYLOAD_SALT = "forms_ext.invitation_file"

HEADER_ALIASES = {
    "name": "name",
    "navn": "name",
    "namn": "name",
    "email": "email",
    "e-mail": "email",
    "e-post": "email",
    "epost": "email",
    "phone": "phone",
    "telefon": "phone",
    "language": "language",
    "språk": "language",
    "unit": "unit",
    "enhet": "unit",
}
PHONE_RE = re.compile(r"[0-9+()\- ]{3,40}")


@dataclass
class InvitationRow:
    """One line of an invitation file, as read and checked."""

    line: int
    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = ""
    unit: OrganisationUnit | None = None
    prefill: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class InvitationFile:
    """The rows of an invitation file and what is wrong with it."""

    rows: list[InvitationRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[InvitationRow]:
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors and not self.bad_rows


def decode_file(data: bytes) -> str | None:
    """The text of a file in UTF-8 (with or without a BOM) or Windows-1252; None if neither."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_table(text: str, max_rows: int) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty lines (with their line numbers), ``;`` or ``,`` separated.

    Reads at most ``max_rows + 1`` lines, enough to tell that a file is too long.
    """
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [cell.strip() for cell in next(reader, [])]
    rows = []
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append((reader.line_num, cells))
        if len(rows) > max_rows:
            break
    return header, rows


def map_header(header: list[str], hidden_keys: set[str]) -> tuple[list[str], list[str]]:
    """The field each column fills (a hidden question's key: prefill), and header errors."""
    columns, errors = [], []
    for title in header:
        lowered = title.lower()
        column = HEADER_ALIASES.get(lowered) or (title if title in hidden_keys else None)
        if column is None:
            errors.append(
                _("Unknown column “%(column)s”. Known columns: %(known)s.")
                % {
                    "column": title,
                    "known": ", ".join(
                        ["name", "email", "phone", "language", "unit", *sorted(hidden_keys)]
                    ),
                }
            )
        elif column in columns:
            errors.append(_("The column “%(column)s” appears twice.") % {"column": title})
        columns.append(column or "")
    if header and not {"email", "phone"} & set(columns):
        errors.append(_("The file needs an “email” or a “phone” column."))
    return columns, errors


@dataclass
class RowChecker:
    """Checks rows against the survey: units, languages, hidden keys, e-mails already invited."""

    allowed_units: dict[str, OrganisationUnit]
    known_codes: set[str]
    languages: set[str]
    taken_emails: set[str]

    def check(self, line: int, columns: list[str], cells: list[str]) -> InvitationRow:
        row = InvitationRow(line=line)
        if len(cells) > len(columns):
            row.errors.append(_("This line has more cells than the header has columns."))
        values = {column: cell.strip() for column, cell in zip(columns, cells, strict=False)}
        row.name, row.phone = values.pop("name", ""), values.pop("phone", "")
        row.email, row.language = values.pop("email", ""), values.pop("language", "").lower()
        row.unit = self.unit(values.pop("unit", ""), row.errors)
        row.prefill = {key: value for key, value in values.items() if value}
        self.check_contact(row)
        if row.language and row.language not in self.languages:
            row.errors.append(_("Unknown language “%(code)s”.") % {"code": row.language})
        if len(row.name) > 200:
            row.errors.append(_("The name is longer than 200 characters."))
        if any(len(value) > 255 for value in row.prefill.values()):
            row.errors.append(_("A prefilled value is longer than 255 characters."))
        return row

    def unit(self, code: str, errors: list[str]) -> OrganisationUnit | None:
        if not code or code in self.allowed_units:
            return self.allowed_units.get(code)
        if code in self.known_codes:
            errors.append(_("The unit “%(code)s” is not one of your units.") % {"code": code})
        else:
            errors.append(_("Unknown unit code “%(code)s”.") % {"code": code})
        return None

    def check_contact(self, row: InvitationRow) -> None:
        if not row.email and not row.phone:
            row.errors.append(_("Give an e-mail address or a phone number."))
        if row.phone and not PHONE_RE.fullmatch(row.phone):
            row.errors.append(_("The phone number may hold digits, spaces, +, - and () only."))
        if not row.email:
            return
        try:
            if len(row.email) > 254:
                raise ValidationError("too long")
            validate_email(row.email)
        except ValidationError:
            row.errors.append(
                _("“%(email)s” is not a valid e-mail address.") % {"email": row.email}
            )
            return
        if row.email.lower() in self.taken_emails:
            row.errors.append(
                _("“%(email)s” is already invited to this survey.") % {"email": row.email}
            )
        self.taken_emails.add(row.email.lower())


def row_checker(page, user, codes: set[str]) -> RowChecker:
    """A checker for ``page`` that allows the units where ``user`` may create invitations."""
    units = units_for(user, MANAGE_ROLES)
    if page.owner_unit_id:
        owner = OrganisationUnit.objects.get(pk=page.owner_unit_id)
        units = units.filter(path__startswith=owner.path)
    taken = Invitation.objects.filter(page__translation_key=page.translation_key).exclude(email="")
    return RowChecker(
        allowed_units={unit.code: unit for unit in units.filter(code__in=codes)},
        known_codes=set(
            OrganisationUnit.objects.filter(code__in=codes).values_list("code", flat=True)
        ),
        languages={code for code, _name in django_settings.LANGUAGES},
        taken_emails={email.lower() for email in taken.values_list("email", flat=True)},
    )


def file_text(data: bytes) -> tuple[str | None, str]:
    """The text of an uploaded file, or None and why it cannot be read."""
    max_bytes = conf("INVITATION_MAX_BYTES", 2_000_000)
    if len(data) > max_bytes:
        size = round(max_bytes / 1_000_000, 1)
        return None, _("The file is larger than %(size)s MB.") % {"size": size}
    text = decode_file(data)
    if text is None or "\x00" in text:
        return None, _("The file is not a text file in UTF-8 or Windows-1252.")
    return text, ""


def read_invitation_file(data: bytes | str, page, user) -> InvitationFile:
    """Read and check a CSV file of invitations to ``page`` (its bytes, or its text once
    read); nothing is stored."""
    text, error = file_text(data) if isinstance(data, bytes) else (data, "")
    if text is None:
        return InvitationFile(errors=[error])
    max_rows = conf("INVITATION_MAX_ROWS", 5000)
    try:
        header, lines = read_table(text, max_rows)
    except csv.Error as error:
        return InvitationFile(
            errors=[_("The file is not a valid CSV file: %(error)s") % {"error": error}]
        )
    hidden_keys = {f.clean_name for f in page.get_form_fields() if f.field_type == "hidden"}
    columns, errors = map_header(header, hidden_keys)
    if len(lines) > max_rows:
        errors.append(_("The file has more than %(count)d rows.") % {"count": max_rows})
    if not lines and not errors:
        errors.append(_("The file has no invitations under its header."))
    if errors:
        return InvitationFile(errors=errors)
    unit_column = columns.index("unit") if "unit" in columns else None
    codes = {
        cells[unit_column].strip()
        for _line, cells in lines
        if unit_column is not None and len(cells) > unit_column
    }
    checker = row_checker(page, user, codes)
    return InvitationFile(rows=[checker.check(line, columns, cells) for line, cells in lines])


def expiry_of(day: datetime.date) -> datetime.datetime:
    """The end of ``day`` in FORMS_EXT_TIME_ZONE: a link works all through its last day."""
    zone = ZoneInfo(app_settings.TIME_ZONE)
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), zone)


def create_invitations(page, parsed: InvitationFile, expires_at, user) -> int:
    """Create every row of a valid file at once (all or nothing); return how many."""
    if not parsed.is_valid:
        raise ValueError("Only a file without errors makes invitations.")
    invitations = [
        Invitation(
            page=page,
            unit=row.unit,
            name=row.name,
            email=row.email,
            phone=row.phone,
            language=row.language,
            prefill=row.prefill,
            created_by=user,
            expires_at=expires_at,
        )
        for row in parsed.rows
    ]
    with transaction.atomic():
        Invitation.objects.bulk_create(invitations, batch_size=500)
    return len(invitations)


# The forms of the upload


def default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=conf("INVITATION_DAYS", 30))


class ExpiryField(forms.DateField):
    """The last day the links work: today or later."""

    def validate(self, value):
        super().validate(value)
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))


class InvitationFileForm(forms.Form):
    """A CSV file of invitations and the last day their links work."""

    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: name, email, phone, language, unit (a unit code), and any hidden "
            "question's key for its value. Separated by ; or , in UTF-8 or Windows-1252."
        ),
    )
    expires = ExpiryField(
        label=gettext_lazy("The links work until"),
        initial=default_expiry,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class InvitationConfirmForm(forms.Form):
    """The checked file's text, signed, carried to the confirmation."""

    payload = forms.CharField(widget=forms.HiddenInput)
    expires = ExpiryField(widget=forms.HiddenInput)

    def file_text(self) -> str | None:
        """The text of the checked file, if its signature holds and is less than an hour old."""
        try:
            return signing.loads(self.cleaned_data["payload"], salt=PAYLOAD_SALT, max_age=3600)
        except signing.BadSignature:
            return None
