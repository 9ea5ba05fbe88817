"""File uploads: allow-listed types and size, kept in private storage, never in public media."""

from __future__ import annotations

import posixpath
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from ..conf import settings as app_settings
from ..registry import AnswerValue, FieldType, register_field_type

ZIP = b"PK\x03\x04"
SIGNATURES = {
    "pdf": [b"%PDF-"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "docx": [ZIP],
    "xlsx": [ZIP],
    "odt": [ZIP],
    "ods": [ZIP],
}


def upload_storage() -> Storage:
    """The private storage of uploaded answers (``STORAGES[FORMS_EXT_UPLOAD_STORAGE]``)."""
    alias = app_settings.UPLOAD_STORAGE
    try:
        return storages[alias]
    except Exception as error:  # noqa: BLE001 (InvalidStorageError and friends)
        raise ImproperlyConfigured(
            f"Add a private storage named {alias!r} to STORAGES for files uploaded in surveys."
        ) from error


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == "txt":
        return b"\x00" not in head
    return any(head.startswith(signature) for signature in SIGNATURES.get(extension, []))


def validate_upload(upload: UploadedFile) -> None:
    """Refuse a file of a type not allowed, too large, or whose content is not its type."""
    extension = posixpath.splitext(upload.name or "")[1].lower().lstrip(".")
    allowed = [item.lower() for item in app_settings.UPLOAD_EXTENSIONS]
    if extension not in allowed:
        raise ValidationError(
            _("Files of this type cannot be sent. Allowed: %(types)s."),
            params={"types": ", ".join(allowed)},
            code="file_type",
        )
    max_mb = app_settings.UPLOAD_MAX_MB
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is too large. The largest allowed is %(max)s MB."),
            params={"max": max_mb},
            code="file_size",
        )
    if not _content_matches(upload, extension):
        raise ValidationError(
            _("The file's content does not match its type (.%(type)s)."),
            params={"type": extension},
            code="file_content",
        )


def store_upload(upload: UploadedFile, folder: str) -> str:
    """Save an upload to the private storage under a random folder; return its name there."""
    safe = get_valid_filename(posixpath.basename(upload.name or "file"))[:100] or "file"
    return upload_storage().save(f"{folder}/{uuid.uuid4().hex}/{safe}", upload)


@register_field_type
class FileFieldType(FieldType):
    """A file sent with the answer, such as a document the caseworker asked for."""

    key = "file"
    label = _("File upload")

    def form_field(self, field, **kwargs):
        allowed = ", ".join(app_settings.UPLOAD_EXTENSIONS)
        accept = ",".join(f".{extension}" for extension in app_settings.UPLOAD_EXTENSIONS)
        hint = _("Allowed: %(types)s, up to %(max)s MB.") % {
            "types": allowed,
            "max": app_settings.UPLOAD_MAX_MB,
        }
        kwargs["help_text"] = f"{kwargs.get('help_text') or ''} {hint}".strip()
        return forms.FileField(
            validators=[validate_upload], widget=forms.FileInput(attrs={"accept": accept}), **kwargs
        )

    def answer_values(self, field, value: Any) -> list[AnswerValue]:
        if not value:
            return []
        return [AnswerValue(text=str(value), code=posixpath.basename(str(value))[:255])]

    def json_value(self, field, value: Any) -> Any:
        return str(value) if value else ""

    def display(self, field, value: Any) -> str:
        return posixpath.basename(str(value)) if value else ""
