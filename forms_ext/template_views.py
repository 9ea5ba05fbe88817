"""The admin of the template library: new survey from a template, save a survey as a
template, copy a survey to another unit, and XLSForm import and export.

Each action makes a *draft* page through :func:`forms_ext.definitions.build_page`,
placed under a page the user may add pages to, and opens it in the editor: an
editor reviews it and publishes. Nothing is made from a template, a copy or an
XLSForm that the user could not have made by hand.
"""

from __future__ import annotations

from typing import Any

from anyascii import anyascii
from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import FormView, View
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.models import Locale, Page

from .definitions import (
    DefinitionError,
    build_page,
    definition_of,
    language_names,
    languages_left_out,
    page_model,
)
from .models import (
    InventoryPage,
    OrganisationUnit,
    Sector,
    SurveyPage,
    SurveyTemplate,
    UnitRole,
)
from .permissions import units_for

# Who may own a survey they make: coordinators and editors of a unit (and units below).
OWNER_ROLES = (UnitRole.Role.COORDINATOR, UnitRole.Role.EDITOR)
XLSFORM_SALT = "forms_ext.xlsform.import"
XLSFORM_MAX_AGE = 2 * 60 * 60  # a preview may be confirmed for two hours
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def owner_units(user: Any):
    """The units ``user`` may make a survey for."""
    return units_for(user, OWNER_ROLES).order_by("path")


def parent_pages(user: Any, model: type[SurveyPage]) -> list[Page]:
    """Where ``user`` may add a page of ``model``: under the pages that hold surveys already,
    or the home page, in the site's default language; the usual place first."""
    default = Locale.get_default()
    counts: dict[str, tuple[int, int]] = {}  # parent path: (pages of this kind, of others)
    surveys = SurveyPage.objects.filter(locale=default).values_list("path", "content_type")
    same_kind = ContentType.objects.get_for_model(model, for_concrete_model=False).pk
    for page_path, content_type in surveys:
        parent_path = page_path[: -Page.steplen]
        own, others = counts.get(parent_path, (0, 0))
        same = content_type == same_kind
        counts[parent_path] = (own + same, others + (not same))
    candidates = list(Page.objects.filter(path__in=list(counts), locale=default).specific())
    # Where most pages of this kind are, and fewest of the other kind.
    candidates.sort(key=lambda page: (-counts[page.path][0], counts[page.path][1], page.path))
    home = Page.objects.filter(depth=2, locale=default).specific().first()
    if home is not None and home.path not in counts:
        candidates.append(home)
    return [
        page
        for page in candidates
        if model.can_create_at(page) and page.permissions_for_user(user).can_add_subpage()
    ]


class PlacementForm(forms.Form):
    """Where a new draft goes: its title, the unit that owns it and the page it is put under."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=255)
    owner_unit = forms.ModelChoiceField(
        label=gettext_lazy("Owned by"),
        queryset=OrganisationUnit.objects.none(),
        help_text=gettext_lazy("The unit whose coordinators see and export the answers."),
    )
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Place under"),
        queryset=Page.objects.none(),
        help_text=gettext_lazy("The page the new survey is put under, as a draft."),
    )

    def __init__(self, *args: Any, user: Any, model: type[SurveyPage], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.model = model
        self.fields["owner_unit"].queryset = owner_units(user)
        parents = parent_pages(user, model)
        self.fields["parent"].queryset = Page.objects.filter(pk__in=[p.pk for p in parents])
        self.fields["parent"].choices = [(p.pk, p.get_admin_display_title()) for p in parents]
        if parents and "parent" not in self.initial:
            self.initial["parent"] = parents[0].pk
        units = list(self.fields["owner_unit"].queryset)
        if len(units) == 1:
            self.initial.setdefault("owner_unit", units[0].pk)
        top = min((unit.depth for unit in units), default=1)
        # The tree shown by indentation, from the highest unit the user has.
        self.fields["owner_unit"].label_from_instance = lambda unit: (
            "— " * (unit.depth - top) + str(unit)
        )

    @property
    def has_places(self) -> bool:
        return bool(self.fields["parent"].choices) and self.fields["owner_unit"].queryset.exists()

    def build(self, definition: dict[str, Any], user: Any) -> Page:
        """The draft page (and translations) made from ``definition`` in this place."""
        data = self.cleaned_data
        return build_page(
            definition,
            data["parent"].specific,
            title=data["title"],
            owner_unit=data["owner_unit"],
            user=user,
        )


def _created(request: HttpRequest, page: Page, message: str, definition: dict) -> HttpResponse:
    """To the new draft's editor, with a message that links each draft translation."""
    translations = page.get_translations().select_related("locale").order_by("locale__pk")
    buttons = [
        wagtail_messages.button(
            reverse("wagtailadmin_pages:edit", args=[translation.pk]),
            _("Edit the translation: %(language)s")
            % {"language": language_names([translation.locale.language_code])[0]},
        )
        for translation in translations
    ]
    wagtail_messages.success(request, message, buttons=buttons)
    left_out = languages_left_out(definition, page.get_parent())
    if left_out:
        messages.warning(
            request,
            _(
                "No translation was made in %(languages)s: the page it is under has no "
                "translation in that language."
            )
            % {"languages": ", ".join(language_names(left_out))},
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


class PlacementView(WagtailAdminTemplateMixin, FormView):
    """A form that places a new draft made from a definition."""

    form_class = PlacementForm
    template_name = "forms_ext/admin/template_use.html"
    header_icon = "clipboard-list"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "model": self.model}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("survey_templates:index"), "label": _("Survey templates")},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_invalid(self, form):
        messages.error(self.request, _("The survey could not be made. Check the fields below."))
        return super().form_invalid(form)


class UseTemplateView(PlacementView):
    """New survey from template: title, owning unit and place; a draft opens in the editor."""

    page_title = gettext_lazy("New survey from template")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.template = get_object_or_404(
            SurveyTemplate.objects.select_related("sector"), pk=kwargs["pk"]
        )
        if not _may_view_templates(request.user):
            return permission_denied(request, PermissionDenied())
        self.model = page_model(self.template.kind)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.template.name

    def get_initial(self) -> dict[str, Any]:
        return {"title": self.template.definition.get("title") or self.template.name}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            template=self.template, languages=language_names(self.template.languages), **kwargs
        )

    def form_valid(self, form: PlacementForm) -> HttpResponse:
        try:
            page = form.build(self.template.definition, self.request.user)
        except DefinitionError as error:
            form.add_error(
                None,
                _("The template cannot make a survey: %(problems)s")
                % {"problems": " ".join(error.problems)},
            )
            return self.form_invalid(form)
        return _created(
            self.request,
            page,
            _("“%(title)s” was made from the template “%(template)s” as a draft. "
              "Review it and publish it.") % {"title": page.title, "template": self.template.name},
            self.template.definition,
        )  # fmt: skip


def _may_view_templates(user: Any) -> bool:
    return user.has_perm("forms_ext.view_surveytemplate") or user.has_perm(
        "forms_ext.add_surveytemplate"
    )


class SurveyPageActionMixin:
    """A view about one survey page the user may edit."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not isinstance(page, SurveyPage):
            raise Http404
        if not page.permissions_for_user(request.user).can_edit() or not self.allowed(request.user):
            return permission_denied(request, PermissionDenied())
        self.page = page
        self.model = type(page) if isinstance(page, InventoryPage) else SurveyPage
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, user: Any) -> bool:
        return True

    def get_page_subtitle(self) -> str:
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *WagtailAdminTemplateMixin.get_breadcrumbs_items(self),
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]


class CopyToUnitView(SurveyPageActionMixin, PlacementView):
    """Copy a survey for another unit: its questions, steps, rules, settings and translations;
    not its answers, invitations, links or versions."""

    page_title = gettext_lazy("Copy to another unit")
    template_name = "forms_ext/admin/survey_copy.html"
    header_icon = "copy"

    def get_initial(self) -> dict[str, Any]:
        return {"title": self.page.title}

    def form_valid(self, form: PlacementForm) -> HttpResponse:
        definition = definition_of(self.page)
        page = form.build(definition, self.request.user)
        return _created(
            self.request,
            page,
            _("“%(title)s” was copied for %(unit)s as a draft, without answers or invitations.")
            % {"title": page.title, "unit": form.cleaned_data["owner_unit"]},
            definition,
        )


class SaveAsTemplateForm(forms.ModelForm):
    class Meta:
        model = SurveyTemplate
        fields = ["name", "description", "sector"]


class SaveAsTemplateView(SurveyPageActionMixin, WagtailAdminTemplateMixin, FormView):
    """Save a survey (as last saved, with its translations) as a new template."""

    page_title = gettext_lazy("Save as template")
    template_name = "forms_ext/admin/template_save.html"
    header_icon = "clipboard-list"
    form_class = SaveAsTemplateForm

    def allowed(self, user: Any) -> bool:
        return user.has_perm("forms_ext.add_surveytemplate")

    def get_initial(self) -> dict[str, Any]:
        return {"name": self.page.title}

    def form_valid(self, form: SaveAsTemplateForm) -> HttpResponse:
        definition = definition_of(self.page)
        template = form.save(commit=False)
        template.definition = definition
        template.created_by = self.request.user
        template.save()
        messages.success(
            self.request,
            _("“%(name)s” is saved as a template, without answers or units.")
            % {"name": template.name},
        )
        return redirect("survey_templates:index")


class ExportXLSFormView(SurveyPageActionMixin, View):
    """The survey as an XLSForm workbook, to edit in a spreadsheet or use in ODK or Kobo."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsform_response(definition_of(self.page), self.page.slug)


def xlsform_response(definition: dict[str, Any], name: str) -> HttpResponse:
    from .xlsform import write_xlsform

    response = HttpResponse(write_xlsform(definition), content_type=XLSX)
    filename = slugify(anyascii(name)) or "survey"
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


class TemplateXLSFormView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not _may_view_templates(request.user):
            return permission_denied(request, PermissionDenied())
        template = get_object_or_404(SurveyTemplate, pk=pk)
        return xlsform_response(template.definition, template.name)


class XLSFormUploadForm(PlacementForm):
    file = forms.FileField(
        label=gettext_lazy("XLSForm file"),
        help_text=gettext_lazy("An .xlsx workbook with the sheets survey, choices and settings."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
    )
    field_order = ["file", "title", "owner_unit", "parent"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = gettext_lazy("Leave empty for the form's own title.")

    def clean(self):
        from .xlsform import XLSFormError, read_xlsform

        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload is not None:
            try:
                self.result = read_xlsform(upload)
            except XLSFormError as error:
                self.add_error("file", str(error))
        return cleaned_data


class ImportXLSFormView(WagtailAdminTemplateMixin, FormView):
    """Import an XLSForm: upload, then read what cannot be imported, then import the rest
    as a draft survey, or cancel. Nothing is stored before the editor confirms."""

    page_title = gettext_lazy("Import an XLSForm")
    template_name = "forms_ext/admin/xlsform_upload.html"
    header_icon = "upload"
    form_class = XLSFormUploadForm
    model = SurveyPage

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "model": self.model}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("survey_templates:index"), "label": _("Survey templates")},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form: XLSFormUploadForm) -> HttpResponse:
        result = form.result
        data = form.cleaned_data
        title = data["title"] or result.title or data["file"].name.rsplit(".", 1)[0]
        payload = {
            "definition": result.definition,
            "title": title,
            "owner_unit": data["owner_unit"].pk,
            "parent": data["parent"].pk,
            "user": self.request.user.pk,
        }
        signed = signing.dumps(payload, salt=XLSFORM_SALT, compress=True)
        fields = result.definition["fields"]
        context = self.get_context_data(
            form=form,
            preview=True,
            result=result,
            title=title,
            signed=signed,
            filename=data["file"].name,
            questions=len(fields),
            steps=1 + sum(1 for f in fields if f["field_type"] == "pagebreak"),
            languages=language_names(
                [result.definition["language"], *result.definition.get("translations", {})]
            ),
            confirm_url=reverse("forms_ext_xlsform_confirm"),
        )
        return self.render_to_response(context)


class ConfirmXLSFormView(View):
    """Make the draft survey of a previewed XLSForm (its unsupported rows left out)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            payload = signing.loads(
                request.POST.get("signed", ""), salt=XLSFORM_SALT, max_age=XLSFORM_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("forms_ext_xlsform_import")
        if payload.get("user") != request.user.pk:
            return permission_denied(request, PermissionDenied())
        form = PlacementForm(
            {
                "title": payload["title"],
                "owner_unit": payload["owner_unit"],
                "parent": payload["parent"],
            },
            user=request.user,
            model=SurveyPage,
        )
        if not form.is_valid():
            messages.error(request, _("You may no longer make a survey there. Upload again."))
            return redirect("forms_ext_xlsform_import")
        try:
            page = form.build(payload["definition"], request.user)
        except DefinitionError as error:
            messages.error(request, " ".join(error.problems))
            return redirect("forms_ext_xlsform_import")
        return _created(
            request,
            page,
            _("“%(title)s” was imported from the XLSForm as a draft. Review it and publish it.")
            % {"title": page.title},
            payload["definition"],
        )


# The library: a listing of templates, filtered by sector and kind.


class TemplateIndexView(generic.IndexView):
    @cached_property
    def header_buttons(self):
        buttons = [button for button in super().header_buttons if button.url != self.add_url]
        if parent_pages(self.request.user, SurveyPage):
            buttons.append(
                HeaderButton(
                    _("Import an XLSForm"),
                    url=reverse("forms_ext_xlsform_import"),
                    icon_name="upload",
                )
            )
        return buttons

    def get_queryset(self):
        return super().get_queryset().select_related("sector")

    def get_list_buttons(self, instance):
        use = ListingButton(
            _("Use"),
            url=reverse("survey_templates:use", args=[instance.pk]),
            icon_name="plus",
            attrs={"aria-label": _("Use the template “%(name)s”") % {"name": instance.name}},
            priority=1,
        )
        return [use, *super().get_list_buttons(instance)]

    def get_list_more_buttons(self, instance):
        download = MenuItem(
            _("Download as XLSForm"),
            url=reverse("survey_templates:xlsform", args=[instance.pk]),
            icon_name="download",
            priority=30,
        )
        return [*super().get_list_more_buttons(instance), download]


class SurveyTemplateViewSet(ModelViewSet):
    """The library: every template, filtered by sector; use one, rename it, delete it.

    Templates are added by saving a survey as a template (its page's menu), not here.
    """

    model = SurveyTemplate
    name = "survey_templates"
    icon = "clipboard-list"
    menu_label = gettext_lazy("Survey templates")
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["name", "sector", "kind", "question_count", "language_names"]
    list_filter = ["sector", "kind"]
    search_fields = ["name", "description"]
    form_fields = ["name", "description", "sector"]
    index_view_class = TemplateIndexView
    copy_view_enabled = False  # a template is copied by using it, or saving the result

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{**kwargs, "add_url_name": None})

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if p.name != "add"]
        return [
            *patterns,
            path("use/<int:pk>/", UseTemplateView.as_view(), name="use"),
            path("xlsform/<int:pk>/", TemplateXLSFormView.as_view(), name="xlsform"),
        ]


class SectorViewSet(ModelViewSet):
    """Sectors that filter the library; administrators add their own."""

    model = Sector
    name = "sectors"
    icon = "tag"
    menu_label = gettext_lazy("Sectors")
    add_to_settings_menu = True
    list_display = ["name", "slug"]
    form_fields = ["name", "slug"]


admin_urlpatterns = [
    path("xlsform/import/", ImportXLSFormView.as_view(), name="forms_ext_xlsform_import"),
    path("xlsform/confirm/", ConfirmXLSFormView.as_view(), name="forms_ext_xlsform_confirm"),
    path(
        "pages/<int:page_id>/xlsform/", ExportXLSFormView.as_view(), name="forms_ext_xlsform_export"
    ),
    path(
        "pages/<int:page_id>/copy-to-unit/", CopyToUnitView.as_view(), name="forms_ext_copy_survey"
    ),
    path(
        "pages/<int:page_id>/save-as-template/",
        SaveAsTemplateView.as_view(),
        name="forms_ext_save_as_template",
    ),
]


class SurveyMenuItem(PageMenuItem):
    """An action of the page menu shown on survey pages the user may edit."""

    permission = ""

    def is_shown(self, user: Any) -> bool:
        if not isinstance(self.page.specific_deferred, SurveyPage):
            return False
        if self.permission and not user.has_perm(self.permission):
            return False
        return self.page.permissions_for_user(user).can_edit()


class CopyToUnitButton(SurveyMenuItem):
    label = gettext_lazy("Copy to another unit")
    icon_name = "copy"
    url_name = "forms_ext_copy_survey"


class SaveAsTemplateButton(SurveyMenuItem):
    label = gettext_lazy("Save as template")
    icon_name = "clipboard-list"
    url_name = "forms_ext_save_as_template"
    permission = "forms_ext.add_surveytemplate"


class ExportXLSFormButton(SurveyMenuItem):
    label = gettext_lazy("Download as XLSForm")
    icon_name = "download"
    url_name = "forms_ext_xlsform_export"


def survey_page_buttons(page: Page, user: Any, **kwargs: Any):
    yield CopyToUnitButton(page=page, priority=32)
    yield SaveAsTemplateButton(page=page, priority=34)
    yield ExportXLSFormButton(page=page, priority=36)
