"""Admin views of survey answers: the index of surveys, corrections, and archiving in bulk."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.contrib.forms.views import DeleteSubmissionsView
from wagtail.log_actions import log
from wagtail.models import Page

from .corrections import correction_form, is_identity, save_correction, version_questions
from .inventories.totals import before_archiving
from .models import SurveyPage, SurveySubmission
from .permissions import CORRECT_ANSWERS, SEE_ANSWERS, submissions_for, units_for
from .views import may_correct, submission_breadcrumbs


def may_see_any_answers(user) -> bool:
    """Whether ``user`` is a superuser or a coordinator or viewer of some unit."""
    return user.is_superuser or units_for(user, SEE_ANSWERS).exists()


def surveys_for(user) -> QuerySet[SurveyPage]:
    """One page per survey (its first, for translations share answers) that ``user`` may see
    answers of: those their units own, and those with answers of their units.

    Each has ``answer_count`` (active answers of the user's units) and ``latest_answer``,
    computed by the database.
    """
    visible = (
        submissions_for(user)
        .filter(survey_key=OuterRef("translation_key"), archived_at=None)
        .order_by()
    )
    count = visible.values("survey_key").annotate(n=Count("pk")).values("n")
    first_pages = SurveyPage.objects.order_by().values("translation_key").annotate(first=Min("pk"))
    pages = (
        SurveyPage.objects.filter(pk__in=first_pages.values("first"))
        .select_related("owner_unit")
        .annotate(
            answer_count=Coalesce(Subquery(count), 0),
            latest_answer=Subquery(visible.order_by("-submit_time").values("submit_time")[:1]),
        )
    )
    if user.is_superuser:
        return pages
    return pages.filter(Q(owner_unit__in=units_for(user, SEE_ANSWERS)) | Q(answer_count__gt=0))


class SurveyIndexView(BaseListingView):
    """The surveys whose answers the user may see, with the count of their own units' answers."""

    page_title = gettext_lazy("Survey answers")
    header_icon = "form"
    index_url_name = "forms_ext_surveys"
    paginate_by = 20
    default_ordering = "title"
    verbose_name_plural = gettext_lazy("surveys")
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Survey"),
            url_name="wagtailforms:list_submissions",
            sort_key="title",
        ),
        Column("owner_unit", label=gettext_lazy("Owned by")),
        NumberColumn("answer_count", label=gettext_lazy("Answers"), sort_key="answer_count"),
        DateColumn("latest_answer", label=gettext_lazy("Latest answer"), sort_key="latest_answer"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_any_answers(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return surveys_for(self.request.user)


class CorrectSubmissionView(WagtailAdminTemplateMixin, TemplateView):
    """A coordinator corrects the answers of one submission, in the questions of its version."""

    template_name = "forms_ext/admin/submission_correct.html"
    header_icon = "edit"

    def dispatch(self, request, *args, **kwargs):
        self.submission = get_object_or_404(
            SurveySubmission.objects.select_related("page", "version", "unit"),
            pk=kwargs["submission_id"],
        )
        if not may_correct(request.user, self.submission):
            raise PermissionDenied
        self.questions = version_questions(self.submission)
        if not self.questions:
            messages.error(request, _("This answer has no recorded questions to correct."))
            return redirect("forms_ext_submission", submission_id=self.submission.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Correct answer %(number)s") % {"number": self.submission.pk}

    def get_breadcrumbs_items(self):
        return [
            *submission_breadcrumbs(self.submission),
            {
                "url": reverse("forms_ext_submission", args=[self.submission.pk]),
                "label": _("Answer %(number)s") % {"number": self.submission.pk},
            },
            {"url": "", "label": _("Correct")},
        ]

    def get(self, request, *args, **kwargs):
        return self.render(correction_form(self.submission, self.questions))

    def post(self, request, *args, **kwargs):
        form = correction_form(self.submission, self.questions, request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("The answer was not corrected: see the errors below."))
            return self.render(form, status=400)
        changed = save_correction(self.submission, form, request.user)
        if changed:
            messages.success(
                request,
                ngettext(
                    "The answer to %(count)d question is corrected.",
                    "The answers to %(count)d questions are corrected.",
                    len(changed),
                )
                % {"count": len(changed)},
            )
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("forms_ext_submission", submission_id=self.submission.pk)

    def render(self, form, status: int = 200) -> TemplateResponse:
        items = [
            {
                "question": question,
                "shown": question.clean_name in form.shown,
                "identity": is_identity(question),
                "fields": [form[name] for name in form.names[question.clean_name]],
            }
            for question in self.questions
        ]
        context = self.get_context_data(submission=self.submission, form=form, items=items)
        return self.render_to_response(context, status=status)


class ArchiveSubmissionsView(WagtailAdminTemplateMixin, TemplateView):
    """Wagtail's "delete submissions", which archives instead: answers are never deleted.

    Only submissions the user may correct are archived (or, with ``action=restore``,
    restored), after a confirmation; each gets a log entry without its answers.
    Form pages other than surveys keep Wagtail's own view.
    """

    template_name = "forms_ext/admin/submission_archive_confirm.html"
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not isinstance(page, SurveyPage):
            return DeleteSubmissionsView.as_view()(request, *args, **kwargs)
        if not submissions_for(request.user, CORRECT_ANSWERS).exists():
            raise PermissionDenied
        self.page = page
        self.restore = request.GET.get("action") == "restore"
        chosen = [pk for pk in request.GET.getlist("selected-submissions") if pk.isdigit()]
        self.chosen_count = len(set(chosen))
        self.submissions = submissions_for(request.user, CORRECT_ANSWERS).filter(
            survey_key=page.translation_key, pk__in=chosen, archived_at__isnull=not self.restore
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Restore answers") if self.restore else _("Archive answers")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("forms_ext_surveys"), "label": _("Survey answers")},
            {"url": self.get_success_url(), "label": self.page.get_admin_display_title()},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_success_url(self) -> str:
        return get_valid_next_url_from_request(self.request) or reverse(
            "wagtailforms:list_submissions", args=[self.page.pk]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submissions = list(self.submissions.select_related("unit"))
        context.update(
            page=self.page,
            submissions=submissions,
            restore=self.restore,
            left_out=self.chosen_count - len(submissions),
            next_url=self.get_success_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        count = self.change_all()
        if self.restore:
            message = ngettext("%(count)d answer restored.", "%(count)d answers restored.", count)
        else:
            message = ngettext("%(count)d answer archived.", "%(count)d answers archived.", count)
        messages.success(request, message % {"count": count})
        return redirect(self.get_success_url())

    def change_all(self) -> int:
        action = "forms_ext.restore" if self.restore else "forms_ext.archive"
        archived_at = None if self.restore else timezone.now()
        with transaction.atomic():
            submissions = list(self.submissions.select_for_update())
            before_archiving([s.pk for s in submissions], not self.restore)  # reports' totals
            SurveySubmission.objects.filter(pk__in=[s.pk for s in submissions]).update(
                archived_at=archived_at
            )
            for submission in submissions:
                log(instance=submission, action=action, user=self.request.user)
        return len(submissions)
