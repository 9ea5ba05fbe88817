"""The filters and columns of a survey's invitation list in the admin."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column

from ..models import Invitation
from .audience import state_filter

STATES = [
    ("open", pgettext_lazy("invitation", "open")),
    ("answered", pgettext_lazy("invitation", "answered")),
    ("expired", pgettext_lazy("invitation", "expired")),
    ("revoked", pgettext_lazy("invitation", "revoked")),
]


class InvitationFilterSet(WagtailFilterSet):
    delivery = django_filters.ChoiceFilter(
        label=gettext_lazy("Delivery"),
        choices=Invitation.Delivery.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("All"),
    )
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"),
        choices=STATES,
        method="filter_state",
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("All"),
    )

    class Meta:
        model = Invitation
        fields = ["delivery"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state_filter(value))


class LinkColumn(Column):
    """A cell that links to the URL ``url(instance)`` gives, when it gives one."""

    cell_template_name = "forms_ext/admin/invitation_cell_link.html"

    def __init__(self, name, url=None, **kwargs):
        super().__init__(name, **kwargs)
        self.url = url

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = self.url(instance) if self.url else ""
        return context


class SelectColumn(Column):
    cell_template_name = "forms_ext/admin/invitation_cell_select.html"


def delivery_text(invitation: Invitation) -> str:
    shown = invitation.get_delivery_display()
    return f"{shown}: {invitation.delivery_error}" if invitation.delivery_error else shown


def answered_url(invitation: Invitation) -> str:
    submission = getattr(invitation, "submission", None)
    return reverse("forms_ext_submission", args=[submission.pk]) if submission else ""


def _when(value: datetime.datetime | None, form: str = "SHORT_DATETIME_FORMAT") -> str:
    return date_format(timezone.localtime(value), form) if value else ""


def answered_text(invitation: Invitation) -> str:
    submission = getattr(invitation, "submission", None)
    return _when(submission.submit_time) if submission else ""


def sent_text(invitation: Invitation) -> str:
    return _when(invitation.sent_at)


def expires_text(invitation: Invitation) -> str:
    return date_format(invitation.last_day, "SHORT_DATE_FORMAT")


def state_text(invitation: Invitation) -> str:
    states = dict(STATES)
    if invitation.is_answered:
        return states["answered"]
    if invitation.is_revoked:
        return states["revoked"]
    return states["expired"] if invitation.is_expired else states["open"]
