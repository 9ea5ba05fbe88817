"""The only way a PDF may load anything: the site's own static and media files.

WeasyPrint asks its URL fetcher for every stylesheet, image and font that the
HTML or its CSS names. ``SiteURLFetcher`` answers from Django's static files
and the default storage only, with a size cap, and refuses everything else
(``file://``, ``data:`` too big, other hosts, any other path of the site, and so
any redirect) by raising an error that WeasyPrint logs before it skips the
resource. It never opens a network connection.
"""

import logging
import mimetypes
import posixpath
from collections.abc import Callable
from io import BytesIO
from typing import IO
from urllib.parse import unquote, urlsplit

from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import Storage, default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


class RefusedResource(ValueError):
    """The renderer asked for something outside the site's static and media files."""


class SiteURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher limited to ``STATIC_URL`` and ``MEDIA_URL`` of one origin.

    ``origin`` is the site's own ``scheme://host[:port]``: relative addresses in
    the HTML are resolved against it, so they arrive here with that origin.
    Addresses refused are kept in ``refused``.
    """

    def __init__(self, origin: str, max_bytes: int) -> None:
        super().__init__(allowed_protocols=["http", "https"], allow_redirects=False)
        self.origin = origin.rstrip("/")
        self.max_bytes = max_bytes
        self.refused: list[str] = []
        self.prefixes: list[tuple[str, Callable[[str], IO[bytes]]]] = [
            (self._absolute(django_settings.STATIC_URL), self._open_static),
            (self._absolute(django_settings.MEDIA_URL), self._open_media),
        ]

    def _absolute(self, prefix: str) -> str:
        return prefix if urlsplit(prefix).scheme else self.origin + "/" + prefix.lstrip("/")

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            name, opener = self._resolve(url)
            body = opener(name)
        except (RefusedResource, OSError) as error:
            self.refused.append(url)
            logger.warning("PDF: refused to fetch %s (%s)", url[:200], error)
            raise RefusedResource(str(error)) from None
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def _resolve(self, url: str) -> tuple[str, Callable[[str], IO[bytes]]]:
        """The file name under the static or media prefix that ``url`` names, and its opener."""
        address = url.split("#", 1)[0].split("?", 1)[0]
        for prefix, opener in self.prefixes:
            if address.startswith(prefix):
                return safe_name(unquote(address[len(prefix) :])), opener
        raise RefusedResource("not a static or media file of this site")

    def _open_static(self, name: str) -> IO[bytes]:
        if staticfiles_storage.exists(name):
            return self._read(staticfiles_storage, name)
        found = finders.find(name)
        if not found:
            raise RefusedResource("no such static file")
        with open(found, "rb") as file:  # noqa: PTH123 - a path the finders gave
            return self._capped(file)

    def _open_media(self, name: str) -> IO[bytes]:
        if not default_storage.exists(name):
            raise RefusedResource("no such media file")
        return self._read(default_storage, name)

    def _read(self, storage: Storage, name: str) -> IO[bytes]:
        with storage.open(name, "rb") as file:
            return self._capped(file)

    def _capped(self, file: IO[bytes]) -> IO[bytes]:
        data = file.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise RefusedResource(f"larger than {self.max_bytes} bytes")
        return BytesIO(data)


def safe_name(name: str) -> str:
    """``name`` if it stays inside its folder: no ``..``, no absolute path, no NUL."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        raise RefusedResource("not a file name")
    if ".." in name.split("/") or posixpath.normpath(name) != name:
        raise RefusedResource("not a plain path inside the folder")
    return name
