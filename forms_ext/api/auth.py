"""Who is asking: the API client of a bearer token, and what it may read.

A token is looked up by its SHA-256 hash, never compared in clear. A client
reads the reports of its units and every unit below them (the materialised
path's prefix, as roles reach down the tree), of the inventories it was given.
"""

from __future__ import annotations

import datetime
import uuid

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ApiClient, InventoryPage, OrganisationUnit
from ..models.api import hash_token
from ..permissions import units_below

#: How often ``last_used_at`` is written: not on every request of a busy client.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


class ApiError(Exception):
    """An answer other than 200: ``status`` and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


def client_from(request) -> ApiClient:
    """The active client of the request's ``Authorization: Bearer`` token, or 401."""
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, _("Send the client's token as 'Authorization: Bearer <token>'."))
    client = ApiClient.objects.filter(token_hash=hash_token(token.strip()), active=True).first()
    if client is None:
        raise ApiError(401, _("The token is unknown or revoked."))
    now = timezone.now()
    if client.last_used_at is None or client.last_used_at < now - LAST_USED_EVERY:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return client


def units_of(client: ApiClient) -> QuerySet[OrganisationUnit]:
    """The client's units and every unit below them."""
    return units_below(client.units.values_list("path", flat=True))


def allowed_keys(client: ApiClient) -> set[uuid.UUID]:
    return set(client.inventories.values_list("translation_key", flat=True))


def inventory_for(client: ApiClient, ref: str) -> InventoryPage:
    """The inventory of ``ref`` (its key or slug) in its original language: 404 if there is
    none, 403 if the client may not read it."""
    try:
        pages = InventoryPage.objects.filter(translation_key=uuid.UUID(ref))
    except ValueError:
        pages = InventoryPage.objects.filter(slug=ref)
    keys = set(pages.values_list("translation_key", flat=True))
    if not keys:
        raise ApiError(404, _("No inventory has this key or slug."))
    chosen = keys & allowed_keys(client)
    if not chosen:
        raise ApiError(403, _("This client may not read this inventory."))
    if len(chosen) > 1:
        raise ApiError(400, _("Several inventories have this slug: use the key."))
    return InventoryPage.objects.filter(translation_key=chosen.pop()).order_by("pk").first()
