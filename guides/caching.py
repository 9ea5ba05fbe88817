"""The application's cache of public pages, and what makes a page public to caches.

A guide or brochure is the same for every anonymous reader, so once rendered
it is kept in Django's cache (Redis in production, local memory elsewhere) and
answered from there by ``PublicPageCacheMiddleware`` without routing,
sessions, queries or templates. Only a page that declares itself public does
so: ``PublicPageMixin.serve`` sends ``Cache-Control: public, max-age=N``
(``GUIDES_CACHE_SECONDS``) to a visitor who has no session, and the middleware
keeps only a GET's 200 that says ``public`` and sets no cookie.

A request with a cookie, an ``Authorization`` header or a query string is
never answered from the cache: it may be an editor, a preview, a search.

Publishing invalidates: every stored page carries the cache's *generation*,
a random token replaced on publish, unpublish, move or delete of a page and on
a change to a setting, a snippet or a site (they appear on pages: menus, key
figures). A stored page of an older generation is a miss. The generation and
the page are read in one ``get_many`` (one Redis round trip). With the
local-memory cache each process has its own copy: a change made in one
process reaches the others' copies only when they expire, after at most
``GUIDES_CACHE_SECONDS``, the same as the ``max-age`` any browser or proxy
may already keep the page for.
"""

import hashlib
import secrets

from django.conf import settings as django_settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.urls import get_urlconf
from django.utils.cache import patch_cache_control
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from .conf import settings

GENERATION_KEY = "guides:pages:generation"
PAGE_KEY = "guides:pages:{}"
# Headers a stored answer never carries: they belong to one visitor or one moment.
NOT_STORED = {"set-cookie", "date", "age"}


def page_cache():
    return caches[settings.CACHE_ALIAS]


def invalidate() -> str:
    """Start a new generation: every page stored so far becomes a miss."""
    generation = secrets.token_hex(8)
    page_cache().set(GENERATION_KEY, generation, timeout=None)
    return generation


def has_session_cookie(request) -> bool:
    return django_settings.SESSION_COOKIE_NAME in request.COOKIES


class PublicPageMixin:
    """For a page type that every anonymous reader sees alike: a shared cache may keep it.

    A visitor without a session cookie is anonymous whatever the session would
    say, so ``request.user`` is set to an ``AnonymousUser`` before rendering:
    the user bar then neither opens a session nor makes the answer vary on
    the cookie. With a session (an editor) the answer is ``private``.
    Previews do not pass through ``serve`` and keep Wagtail's ``private``.
    """

    def serve(self, request, *args, **kwargs):
        anonymous = not has_session_cookie(request)
        if anonymous:
            request.user = AnonymousUser()
        response = super().serve(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if response.has_header("Cache-Control"):  # the route chose (a PDF, a "not ready")
            return response
        if anonymous and settings.CACHE_SECONDS > 0:
            patch_cache_control(response, public=True, max_age=settings.CACHE_SECONDS)
        else:
            patch_cache_control(response, private=True, max_age=0)
        return response


def language_from_path_only() -> bool:
    """True when every address names its language (Bokmål unprefixed): no Accept-Language.

    With ``i18n_patterns(prefix_default_language=False)`` Django's LocaleMiddleware
    takes the language from the path, or the default language without a prefix,
    but still adds ``Vary: Accept-Language``, which would split every cache by
    browser language for nothing.
    """
    used, prefixed_default = is_language_prefix_patterns_used(
        get_urlconf() or django_settings.ROOT_URLCONF
    )
    return used and not prefixed_default


class PublicPageCacheMiddleware:
    """Answer anonymous GETs of pages that declared themselves public from the cache.

    Put it right after WhiteNoise: a hit skips sessions, language, CSRF and
    authentication (none of which a public page uses), while the security
    middleware before it still adds its headers to every answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.strip_accept_language = language_from_path_only()

    def __call__(self, request):
        key = self.key_for(request) if settings.CACHE_SECONDS > 0 else None
        if key is None:
            return self.get_response(request)
        cache = page_cache()
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or invalidate()
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            return self.rebuild(stored)
        response = self.get_response(request)
        if request.method == "GET" and self.storable(response):
            if self.strip_accept_language:
                self.drop_vary(response, "accept-language")
            cache.set(key, self.pack(generation, response), timeout=settings.CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def key_for(request) -> str | None:
        """The cache key of the request, or None when it must go to the application."""
        meta = request.META
        if request.method not in ("GET", "HEAD") or meta.get("QUERY_STRING"):
            return None
        if meta.get("HTTP_COOKIE") or meta.get("HTTP_AUTHORIZATION"):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        address = f"{request.scheme}://{host}{request.path}"
        return PAGE_KEY.format(hashlib.sha256(address.encode()).hexdigest()[:40])

    @staticmethod
    def storable(response) -> bool:
        """A complete 200 that says ``public``, sets no cookie and varies on nothing personal."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        control = response.get("Cache-Control", "").lower()
        directives = {part.strip().split("=")[0] for part in control.split(",")}
        if "public" not in directives or directives & {"private", "no-store", "no-cache"}:
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        return not vary & {"cookie", "*", "authorization"}

    @staticmethod
    def drop_vary(response, header: str) -> None:
        kept = (
            [v.strip() for v in response["Vary"].split(",")] if response.has_header("Vary") else []
        )
        kept = [v for v in kept if v and v.lower() != header]
        if kept:
            response["Vary"] = ", ".join(kept)
        elif response.has_header("Vary"):
            del response["Vary"]

    @staticmethod
    def pack(generation: str, response) -> tuple:
        headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
        return (generation, response.status_code, headers, response.content)

    @staticmethod
    def rebuild(stored: tuple) -> HttpResponse:
        _generation, status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response


# Invalidation: connected in GuidesConfig.ready ------------------------------------------


def invalidate_on_page_change(sender, instance=None, **kwargs) -> None:
    invalidate()


def invalidate_on_content_change(sender, instance=None, **kwargs) -> None:
    """A setting, snippet or site appears on pages (header, footer, key figures); a PDF is one."""
    from .models import GuidePdf  # a new PDF replaces the one kept

    if isinstance(instance, BaseSiteSetting | BaseGenericSetting | Site | GuidePdf) or (
        sender in get_snippet_models()
    ):
        invalidate()


def invalidate_on_page_delete(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, Page):
        invalidate()


def connect() -> None:
    page_published.connect(invalidate_on_page_change, dispatch_uid="guides_cache_publish")
    page_unpublished.connect(invalidate_on_page_change, dispatch_uid="guides_cache_unpublish")
    post_page_move.connect(invalidate_on_page_change, dispatch_uid="guides_cache_move")
    post_delete.connect(invalidate_on_page_delete, dispatch_uid="guides_cache_page_delete")
    post_save.connect(invalidate_on_content_change, dispatch_uid="guides_cache_content_save")
    post_delete.connect(invalidate_on_content_change, dispatch_uid="guides_cache_content_delete")
