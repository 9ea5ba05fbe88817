"""StreamField blocks of forms_ext that a site's pages can use."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .inventories.charts import panels
from .inventories.periods import local_date
from .inventories.tables import build_dashboard, min_count


class DashboardBlock(blocks.StructBlock):
    """Totals of an inventory as charts and tables, on any page: for the public or for staff.

    Public figures suppress small counts for everyone; staff figures show only the
    reader's own units and nothing (a sign-in hint) to anyone else.
    """

    inventory = blocks.PageChooserBlock(page_type="forms_ext.InventoryPage", label=_("Inventory"))
    heading = blocks.CharBlock(required=False, max_length=120, label=_("Heading"))
    questions = blocks.CharBlock(
        required=False,
        label=_("Questions"),
        help_text=_(
            "Keys of the number and choice questions to show, separated by commas "
            "(for example vacant_beds, kind_of_place). Leave empty for all."
        ),
    )
    days = blocks.ChoiceBlock(
        choices=[
            ("7", _("Last 7 days")),
            ("30", _("Last 30 days")),
            ("90", _("Last 90 days")),
            ("365", _("Last year")),
        ],
        default="30",
        label=_("Period"),
    )
    level = blocks.ChoiceBlock(
        choices=[
            ("1", _("Municipality")),
            ("2", _("District or sector")),
            ("3", _("Service or provider")),
        ],
        required=False,
        label=_("Roll up to"),
        help_text=_("Leave empty to show all units together."),
    )
    audience = blocks.ChoiceBlock(
        choices=[
            ("public", _("Public: everyone, small counts hidden")),
            ("staff", _("Staff: only those who may see the answers, their own units")),
        ],
        default="staff",
        label=_("Who sees it"),
    )

    class Meta:
        icon = "table"
        label = _("Dashboard of an inventory")
        template = "forms_ext/inventory/dashboard_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        inventory = value.get("inventory")
        request = (parent_context or {}).get("request")
        if inventory is None:
            return context
        units = self.units(value, request)
        context["inventory"] = inventory = inventory.specific
        if units is None:
            context["sign_in"] = True
            return context
        keys = [k.strip() for k in (value.get("questions") or "").split(",") if k.strip()]
        last = local_date(timezone.now())
        first = last - datetime.timedelta(days=int(value.get("days") or 30) - 1)
        public = value.get("audience") == "public"
        level = int(value["level"]) if value.get("level") else None
        dashboard = build_dashboard(inventory, units, first, last, keys, level, public=public)
        context.update(
            dashboard=dashboard,
            panels=panels(dashboard),
            first=first,
            last=last,
            suppressed_below=min_count() if public else None,
        )
        return context

    def units(self, value, request):
        """The units whose reports the reader may see here; None for "sign in first"."""
        from .models import OrganisationUnit
        from .permissions import SEE_ANSWERS, units_for

        if value.get("audience") == "public":
            return OrganisationUnit.objects.all()
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if user.is_superuser:
            return OrganisationUnit.objects.all()
        units = units_for(user, SEE_ANSWERS)
        return units if units.exists() else None
