"""Key figures: amounts and limits that guides quote, each with a source and a review-by date."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index


class KeyFigureQuerySet(models.QuerySet):
    def past_review(self, today: datetime.date | None = None) -> "KeyFigureQuerySet":
        """Figures whose review-by date has passed (a figure due today is not yet late)."""
        return self.filter(review_by__lt=today or timezone.localdate())


class KeyFigure(index.Indexed, models.Model):
    """An amount or limit (a deposit cap, an income limit) kept once, with its source.

    Guides refer to a figure through the key-figure block, so one change here
    updates every guide, and the admin's report lists the figures whose
    review-by date has passed without reading any page's content.
    """

    name = models.CharField(
        _("name"),
        max_length=160,
        help_text=_("For editors, e.g. “Housing allowance: income limit, one person, 2026”."),
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    unit = models.CharField(
        _("unit"),
        max_length=20,
        blank=True,
        help_text=_(
            "A symbol shown after the amount in every language, e.g. kr or %. Words such as "
            "“per month” belong in the guide's text, which is translated."
        ),
    )
    source = models.CharField(
        _("source"), max_length=200, help_text=_("Who sets the figure, e.g. Husbanken.")
    )
    source_url = models.URLField(_("source address"), blank=True)
    review_by = models.DateField(
        _("review by"),
        help_text=_("After this date the figure is listed under Reports until someone checks it."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = KeyFigureQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("unit")]),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("source_url"), FieldPanel("review_by")],
            heading=_("Source and review"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("source")]

    class Meta:
        ordering = ["review_by", "name"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self) -> str:
        return self.name

    @property
    def is_past_review(self) -> bool:
        return self.review_by < timezone.localdate()
