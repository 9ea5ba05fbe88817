"""Keeping an uploaded file between its preview and the import, in private storage.

The file is saved under ``imports/`` with a random name; the browser only ever
holds a signed reference to it (``django.core.signing``), bound to the user and
the survey and valid for ``MAX_AGE`` seconds. The name in a reference is
checked against the pattern of names made here, so no path from a request is
ever opened. The file is deleted after the import or on cancel; files left
behind by abandoned previews are removed at the next upload.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..field_types.files import upload_storage
from .reading import ImportFileError, max_bytes

FOLDER = "imports"
SALT = "forms_ext.imports"
#: Seconds a preview stays valid: the file is kept that long at most.
MAX_AGE = 60 * 60
NAME_PATTERN = re.compile(r"^imports/[0-9a-f]{32}\.(csv|xlsx)$")


@dataclass(frozen=True)
class KeptFile:
    """An uploaded file kept for import: its name in storage and the name it was sent with."""

    name: str
    filename: str

    def read(self) -> bytes:
        """The file's content; refused if it has grown past the size limit meanwhile."""
        storage = upload_storage()
        if storage.size(self.name) > max_bytes():
            raise ImportFileError(_("The file is too large."))
        with storage.open(self.name, "rb") as kept:
            return kept.read()


def keep_upload(upload: UploadedFile, extension: str, user: Any, page: Any) -> str:
    """Save an upload in private storage; return the signed reference to it."""
    remove_stale()
    name = upload_storage().save(f"{FOLDER}/{uuid.uuid4().hex}.{extension}", upload)
    payload = {"n": name, "f": (upload.name or "")[:200], "u": user.pk, "p": page.pk}
    return signing.dumps(payload, salt=SALT)


def kept_file(reference: str, user: Any, page: Any) -> KeptFile:
    """The kept file a reference names, if it was made for this user and survey and is
    recent; ImportFileError otherwise."""
    try:
        payload = signing.loads(reference or "", salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise ImportFileError(_("The preview has expired. Upload the file again.")) from error
    except signing.BadSignature as error:
        raise ImportFileError(_("This is not a file you uploaded. Upload it again.")) from error
    if not isinstance(payload, dict):
        payload = {}
    name = str(payload.get("n", ""))
    if payload.get("u") != user.pk or payload.get("p") != page.pk or not NAME_PATTERN.match(name):
        raise ImportFileError(_("This is not a file you uploaded. Upload it again."))
    if not upload_storage().exists(name):
        raise ImportFileError(_("The file is no longer there. Upload it again."))
    return KeptFile(name=name, filename=str(payload.get("f", "")))


def discard(kept: KeptFile) -> None:
    """Delete a kept file (after its import, or when the user cancels)."""
    upload_storage().delete(kept.name)


def remove_stale() -> int:
    """Delete kept files older than ``MAX_AGE``; return how many were deleted."""
    storage = upload_storage()
    if not storage.exists(FOLDER):
        return 0
    cutoff = timezone.now() - datetime.timedelta(seconds=MAX_AGE)
    stale = [
        f"{FOLDER}/{filename}"
        for filename in storage.listdir(FOLDER)[1]
        if NAME_PATTERN.match(f"{FOLDER}/{filename}")
        and storage.get_modified_time(f"{FOLDER}/{filename}") < cutoff
    ]
    for name in stale:
        storage.delete(name)
    return len(stale)
