"""The dashboards' summary of an inventory: sums and counts per period and unit-tree node.

Dashboards over a range of periods would otherwise join every report of the
range to its typed ``Answer`` rows (90 days of 500 units: 45,000 reports and
90,000 answers, about half a second on PostgreSQL). Instead each report adds its
figures, when written, to one row per (period, node, question, option) for its
unit **and every ancestor of it**, so that a dashboard reads a few hundred rows of
the nodes it shows. :mod:`forms_ext.inventories.totals` keeps the rows up to date
(by differences, in the report's transaction) and can rebuild them from the answers.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .inventories import ReportingPeriod


class InventoryTotal(models.Model):
    """One figure of one period for one node: ``total`` is the sum of a number question
    (``code`` "") or the count of reports that chose option ``code``; the row with
    ``key`` "" and ``code`` "" holds in ``reports`` how many reports were counted."""

    inventory_key = models.UUIDField(_("inventory"))
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("period"),
        db_index=False,  # the unique constraint starts with it
    )
    node = models.ForeignKey(
        "forms_ext.OrganisationUnit",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("unit or group of units"),
    )
    key = models.CharField(_("question"), max_length=255, blank=True)
    code = models.CharField(_("option"), max_length=255, blank=True)
    total = models.DecimalField(_("total"), max_digits=30, decimal_places=6, default=0)
    reports = models.IntegerField(_("reports"), default=0)

    class Meta:
        verbose_name = _("inventory total")
        verbose_name_plural = _("inventory totals")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "node", "key", "code"], name="unique_inventory_total"
            )
        ]
        indexes = [
            models.Index(fields=["inventory_key", "node", "period"], name="total_node_period_idx")
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.node_id} {self.key} {self.code}"
