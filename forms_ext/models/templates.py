"""The template library: survey and inventory definitions to start a new one from.

A template is a definition (see :mod:`forms_ext.definitions`): questions, steps,
rules, schedule and translations, with a description and a sector. It has no
unit, no submissions and no page: "New survey from template" makes a draft page
from it. Shipped templates carry a ``shipped`` key and are added when missing
after each ``migrate`` (:mod:`forms_ext.template_library`); an editor's changes to
them are kept.
"""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    """A field of work that templates are for: housing, elderly care, ..."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class TemplateKind(models.TextChoices):
    SURVEY = "survey", _("survey")
    INVENTORY = "inventory", _("inventory")


class SurveyTemplate(models.Model):
    """A survey or inventory saved to start new ones from."""

    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the template is for, where its questions come from, what to adapt."),
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="templates"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TemplateKind.choices, editable=False)
    definition = models.JSONField(_("definition"))
    shipped = models.SlugField(
        _("shipped as"),
        max_length=50,
        blank=True,
        editable=False,
        help_text=_("The key of a template that comes with Boportal."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["sector__name", "name"]
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        constraints = [
            models.UniqueConstraint(
                fields=["shipped"], condition=~Q(shipped=""), name="unique_shipped_template"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Stored for the library's filter; always the definition's own.
        self.kind = (self.definition or {}).get("kind", self.kind)
        super().save(*args, **kwargs)

    @property
    def languages(self) -> list[str]:
        """The language codes the template has texts in, its own first."""
        definition = self.definition or {}
        return [definition.get("language", ""), *sorted(definition.get("translations") or {})]

    @admin.display(description=_("languages"))
    def language_names(self) -> str:
        from ..definitions import language_names

        return ", ".join(language_names(self.languages))

    @admin.display(description=_("questions"))
    def question_count(self) -> int:
        """Questions that take an answer (not headings, texts or page breaks)."""
        from ..registry import field_types

        return sum(
            1
            for field in (self.definition or {}).get("fields", [])
            if field.get("field_type") in field_types
            and field_types.get(field["field_type"]).has_answer
        )
