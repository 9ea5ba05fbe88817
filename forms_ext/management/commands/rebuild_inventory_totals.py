"""Recompute the dashboards' summary of inventories from their reports' answers."""

from django.core.management.base import BaseCommand
from django.db.models import Min

from forms_ext.inventories.totals import rebuild_totals
from forms_ext.models import InventoryPage


class Command(BaseCommand):
    help = (
        "Recompute the inventories' dashboard totals from the answers of their reports: "
        "after reports were imported in bulk, a unit was moved in the tree, a question "
        "changed its type, or to repair. Every inventory, or those whose page ids are given."
    )

    def add_arguments(self, parser):
        parser.add_argument("page_ids", nargs="*", type=int, help="Pages of inventories.")

    def handle(self, *args, **options):
        pages = InventoryPage.objects.all()
        if options["page_ids"]:
            pages = pages.filter(pk__in=options["page_ids"])
        # One page per inventory: translations share their reports and totals.
        firsts = pages.order_by().values("translation_key").annotate(first=Min("pk"))
        for page in InventoryPage.objects.filter(pk__in=firsts.values("first")).order_by("pk"):
            rows = rebuild_totals(page)
            self.stdout.write(f"{page.title} ({page.pk}): {rows} rows.")
