"""Clients of the read-only JSON API: another municipal system reading inventories.

A client holds a bearer token, kept only as its SHA-256 hash (the token is shown
once, when the client is created), the units it may read (each reaching every
unit below it, like a role) and the inventories it may read.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Tokens start with this, so that a leaked one is recognised by secret scanners.
TOKEN_PREFIX = "bop_"  # noqa: S105 (a prefix, not a secret)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest that is stored instead of ``token``."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    """Another system that reads inventories through the JSON API, with its own token."""

    name = models.CharField(_("name"), max_length=200)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("token starts with"), max_length=12, editable=False, blank=True)
    units = models.ManyToManyField(
        "forms_ext.OrganisationUnit",
        verbose_name=_("units"),
        related_name="api_clients",
        help_text=_("The client reads the reports of these units and every unit below them."),
    )
    inventories = models.ManyToManyField(
        "forms_ext.InventoryPage",
        verbose_name=_("inventories"),
        related_name="api_clients",
        help_text=_("The inventories the client may read (in every language)."),
    )
    public = models.BooleanField(
        _("public figures only"),
        default=False,
        help_text=_(
            "Hide small counts in aggregates, as on public pages. Choose this for a client "
            "that publishes what it reads."
        ),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Clear to revoke the token at once.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def new_token(self) -> str:
        """Give the client a new random token and return it; only its hash is kept."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.token_hint = token[:10]
        return token
