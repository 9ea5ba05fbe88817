"""Admin views of a survey's personal invitations: list, add from a CSV file, send, revoke.

Only superusers and coordinators of the survey's owner unit (or a unit above it)
manage invitations. The audit log records what was done and how many
invitations it touched, never who they were for.
"""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import LogFormatter, log

from . import interviews
from .invitations import (
    ANSWER_ROLES,
    MANAGE_ROLES,
    conf,
    create_invitations,
    decode_file,
    expiry_of,
    invitation_link,
    may_manage_invitations,
    queue_invitations,
    read_invitation_file,
)
from .invitations.files import PAYLOAD_SALT, InvitationConfirmForm, InvitationFileForm
from .invitations.listing import (
    InvitationFilterSet,
    LinkColumn,
    SelectColumn,
    answered_text,
    answered_url,
    delivery_text,
    expires_text,
    sent_text,
    state_text,
)
from .models import Invitation, SurveyPage
from .permissions import units_for


class InvitationAdminMixin:
    """Finds the survey of the URL and lets only the users who manage its invitations in."""

    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        self.survey = get_object_or_404(SurveyPage, pk=kwargs["page_id"])
        if not may_manage_invitations(request.user, self.survey):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def list_url(self) -> str:
        return reverse("forms_ext_invitations", args=[self.survey.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("forms_ext_invitation_surveys"), "label": _("Invitations")},
            {"url": self.list_url(), "label": self.survey.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(survey=self.survey, **kwargs)


# The list of surveys (the menu item's page)


class InvitationSurveysView(WagtailAdminTemplateMixin, TemplateView):
    """The surveys whose invitations or phone calls the user looks after."""

    template_name = "forms_ext/admin/invitation_surveys.html"
    page_title = gettext_lazy("Invitations and calls")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        surveys = SurveyPage.objects.order_by("title").annotate(
            invitation_count=Count("invitations")
        )
        if not user.is_superuser:
            units = units_for(user, ANSWER_ROLES)
            managed = Q(owner_unit__in=units_for(user, MANAGE_ROLES))
            called = Q(interviews=True) & (Q(owner_unit__in=units) | Q(invitations__unit__in=units))
            surveys = surveys.filter(
                pk__in=SurveyPage.objects.filter(managed | called).values("pk")
            )
        coordinated = set(units_for(user, MANAGE_ROLES).values_list("pk", flat=True))
        rows = [
            (survey, user.is_superuser or survey.owner_unit_id in coordinated, survey.interviews)
            for survey in surveys
        ]
        return super().get_context_data(rows=rows, **kwargs)


class InvitationsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or units_for(user, ANSWER_ROLES).exists()


# The list of a survey's invitations


class InvitationListView(InvitationAdminMixin, BaseListingView):
    """A survey's invitations: search, filters, delivery counts, sending."""

    template_name = "forms_ext/admin/invitation_index.html"
    results_template_name = "wagtailadmin/generic/listing_results.html"
    page_title = gettext_lazy("Invitations")
    paginate_by = 50
    is_searchable = True
    search_fields = ["name", "email"]
    filterset_class = InvitationFilterSet
    default_ordering = "name"
    verbose_name_plural = gettext_lazy("invitations")

    @cached_property
    def columns(self):
        detail = "forms_ext_invitation"
        return [
            SelectColumn("select", label=_("Select")),
            LinkColumn(
                "name",
                label=_("Name"),
                sort_key="name",
                url=lambda inv: reverse(detail, args=[self.survey.pk, inv.pk]),
                accessor=lambda inv: str(inv),
            ),
            Column("email", label=_("E-mail address"), sort_key="email"),
            Column("unit", label=_("Unit")),
            Column("delivery", label=_("Delivery"), accessor=delivery_text),
            Column("sent_at", label=_("Sent"), sort_key="sent_at", accessor=sent_text),
            Column("state", label=_("State"), accessor=state_text),
            LinkColumn("answered", label=_("Answered"), url=answered_url, accessor=answered_text),
            Column("expires_at", label=_("Expires"), sort_key="expires_at", accessor=expires_text),
        ]

    def get_index_url(self):
        return self.list_url()

    def get_index_results_url(self):
        return reverse("forms_ext_invitations_results", args=[self.survey.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("forms_ext_invitation_surveys"), "label": _("Invitations")},
            {"url": "", "label": self.survey.title},
        ]

    def get_header_buttons(self):
        buttons = [
            HeaderButton(
                _("Add from a CSV file"),
                url=reverse("forms_ext_invitations_upload", args=[self.survey.pk]),
                icon_name="plus",
            )
        ]
        if self.survey.interviews:
            buttons.append(
                HeaderButton(
                    _("Phone calls"),
                    url=reverse("forms_ext_interviews", args=[self.survey.pk]),
                    icon_name="mobile-alt",
                )
            )
        return buttons

    def get_base_queryset(self):
        return Invitation.objects.filter(page=self.survey).select_related("unit", "submission")

    def get_context_data(self, **kwargs):
        counts = Invitation.objects.filter(page=self.survey).aggregate(
            **{value: Count("pk", filter=Q(delivery=value)) for value in Invitation.Delivery.values}
        )
        return super().get_context_data(delivery_counts=counts, **kwargs)


# Adding invitations from a file


class InvitationUploadView(InvitationAdminMixin, WagtailAdminTemplateMixin, View):
    """Upload a CSV file, check it (a preview with each row's errors), then create all at once."""

    template_name = "forms_ext/admin/invitation_upload.html"
    page_title = gettext_lazy("Add invitations from a CSV file")

    def get(self, request, *args, **kwargs):
        return self.show(InvitationFileForm())

    def post(self, request, *args, **kwargs):
        if "payload" in request.POST:
            return self.create(InvitationConfirmForm(request.POST))
        form = InvitationFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        data = form.cleaned_data["file"].read(conf("INVITATION_MAX_BYTES", 2_000_000) + 1)
        parsed = read_invitation_file(data, self.survey, request.user)
        confirm = None
        if parsed.is_valid:
            payload = signing.dumps(decode_file(data), salt=PAYLOAD_SALT, compress=True)
            confirm = InvitationConfirmForm(
                initial={"payload": payload, "expires": form.cleaned_data["expires"]}
            )
        return self.show(form, parsed=parsed, confirm=confirm, status=200 if confirm else 400)

    def create(self, form: InvitationConfirmForm):
        text = form.file_text() if form.is_valid() else None
        if text is None:
            messages.error(
                self.request,
                _("The checked file is older than an hour or was changed. Upload it again."),
            )
            return redirect("forms_ext_invitations_upload", page_id=self.survey.pk)
        if not self.first_use(form.data["payload"]):
            messages.info(self.request, _("These invitations have already been created."))
            return redirect(self.list_url())
        with transaction.atomic():
            # one upload at a time per survey, so that two cannot both pass the e-mail check
            SurveyPage.objects.select_for_update().filter(pk=self.survey.pk).first()
            parsed = read_invitation_file(text, self.survey, self.request.user)
            if not parsed.is_valid:
                return self.show(InvitationFileForm(), parsed=parsed, status=400)
            expires_at = expiry_of(form.cleaned_data["expires"])
            count = create_invitations(self.survey, parsed, expires_at, self.request.user)
        log(
            self.survey,
            "forms_ext.invitations_create",
            user=self.request.user,
            data={"count": count},
        )
        messages.success(
            self.request,
            ngettext("%(count)d invitation created.", "%(count)d invitations created.", count)
            % {"count": count},
        )
        return redirect(self.list_url())

    def first_use(self, payload: str) -> bool:
        """Whether this confirmation is used for the first time: a double click creates once."""
        digest = hashlib.sha256(f"{self.survey.pk}:{payload}".encode()).hexdigest()
        return cache.add(f"forms_ext:invitation-file:{digest}", True, 3600)

    def show(self, form, parsed=None, confirm=None, status=200):
        context = self.get_context_data(form=form, parsed=parsed, confirm=confirm)
        if parsed is not None:
            context["shown_rows"] = parsed.rows[:100]
            context["shown_errors"] = parsed.bad_rows[:200]
        return TemplateResponse(self.request, self.template_name, context, status=status)


# Sending, revoking, a new link


class SendInvitationsView(InvitationAdminMixin, View):
    """Queue the selected invitations, or all not yet sent, for e-mailing in the background."""

    def post(self, request, *args, **kwargs):
        invitations = Invitation.objects.filter(page=self.survey)
        if request.POST.get("scope") == "selected":
            invitations = invitations.filter(pk__in=_ids(request.POST.getlist("selected")))
        else:
            invitations = invitations.filter(
                delivery__in=[Invitation.Delivery.NOT_SENT, Invitation.Delivery.FAILED]
            )
        count = queue_invitations(invitations)
        if count:
            log(self.survey, "forms_ext.invitations_send", user=request.user, data={"count": count})
            messages.success(
                request,
                ngettext(
                    "%(count)d invitation is queued for sending.",
                    "%(count)d invitations are queued for sending.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.warning(
                request,
                _("Nothing to send: only open invitations with an e-mail address are sent."),
            )
        return redirect(self.list_url())


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


class InvitationDetailView(InvitationAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """One invitation: who, where, delivery, state, answer and calls; revoke or a new link."""

    template_name = "forms_ext/admin/invitation_detail.html"

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    @cached_property
    def invitation(self) -> Invitation:
        queryset = Invitation.objects.select_related("unit", "submission")
        return get_object_or_404(queryset, page=self.survey, pk=self.kwargs["invitation_id"])

    def get_page_title(self):
        return str(self.invitation)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitation=self.invitation,
            state=state_text(self.invitation),
            calls=self.invitation.calls.select_related("by").order_by("-at"),
            answered_url=answered_url(self.invitation),
            **kwargs,
        )


class InvitationActionView(InvitationDetailView):
    """Confirm, then revoke an invitation or give it a new link (which ends the old one)."""

    template_name = "forms_ext/admin/invitation_confirm.html"
    action = "revoke"

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=self.action, **kwargs)

    def post(self, request, *args, **kwargs):
        invitation = self.invitation
        if not invitation.is_open:
            messages.error(request, _("This invitation is no longer open."))
            return redirect(
                "forms_ext_invitation", page_id=self.survey.pk, invitation_id=invitation.pk
            )
        if self.action == "revoke":
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
            log(self.survey, "forms_ext.invitations_revoke", user=request.user, data={"count": 1})
            messages.success(request, _("The invitation is revoked: its link no longer works."))
            return redirect(self.list_url())
        token = invitation.new_token()
        invitation.save(update_fields=["token_hash"])
        log(self.survey, "forms_ext.invitation_new_link", user=request.user, data={"count": 1})
        context = self.get_context_data(link=invitation_link(invitation, token))
        return TemplateResponse(request, "forms_ext/admin/invitation_new_link.html", context)


# URLs, log actions and the menu item

urlpatterns = [
    path("", InvitationSurveysView.as_view(), name="forms_ext_invitation_surveys"),
    path("<int:page_id>/", InvitationListView.as_view(), name="forms_ext_invitations"),
    path(
        "<int:page_id>/results/",
        InvitationListView.as_view(results_only=True),
        name="forms_ext_invitations_results",
    ),
    path(
        "<int:page_id>/upload/", InvitationUploadView.as_view(), name="forms_ext_invitations_upload"
    ),
    path("<int:page_id>/send/", SendInvitationsView.as_view(), name="forms_ext_invitations_send"),
    path(
        "<int:page_id>/<int:invitation_id>/",
        InvitationDetailView.as_view(),
        name="forms_ext_invitation",
    ),
    path(
        "<int:page_id>/<int:invitation_id>/revoke/",
        InvitationActionView.as_view(action="revoke"),
        name="forms_ext_invitation_revoke",
    ),
    path(
        "<int:page_id>/<int:invitation_id>/new-link/",
        InvitationActionView.as_view(action="new_link"),
        name="forms_ext_invitation_new_link",
    ),
    path("<int:page_id>/calls/", include(interviews.urlpatterns)),
]


def _count(log_entry) -> int:
    return (log_entry.data or {}).get("count", 0)


@hooks.register("register_log_actions")
def register_invitation_log_actions(actions):
    # The entries name the survey and a number of invitations, never whom they were for.
    @actions.register_action("forms_ext.invitations_create")
    class CreateInvitationsFormatter(LogFormatter):
        label = gettext_lazy("Create invitations")

        def format_message(self, log_entry):
            count = _count(log_entry)
            return ngettext(
                "%(count)d invitation created", "%(count)d invitations created", count
            ) % {"count": count}

    @actions.register_action("forms_ext.invitations_send")
    class SendInvitationsFormatter(LogFormatter):
        label = gettext_lazy("Send invitations")

        def format_message(self, log_entry):
            count = _count(log_entry)
            return ngettext(
                "%(count)d invitation queued for sending",
                "%(count)d invitations queued for sending",
                count,
            ) % {"count": count}

    actions.register_action(
        "forms_ext.invitations_revoke",
        gettext_lazy("Revoke invitation"),
        gettext_lazy("Invitation revoked"),
    )
    actions.register_action(
        "forms_ext.invitation_new_link",
        gettext_lazy("New invitation link"),
        gettext_lazy("New link made for an invitation; the old one ended"),
    )


@hooks.register("register_admin_menu_item")
def register_invitations_menu_item():
    return InvitationsMenuItem(
        gettext_lazy("Invitations and calls"),
        reverse("forms_ext_invitation_surveys"),
        name="invitations",
        icon_name="mail",
        order=420,
    )
