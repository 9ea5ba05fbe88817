from django.core.management.base import BaseCommand

from forms_ext.tasks import send_inventory_digest, send_inventory_reminders


class Command(BaseCommand):
    help = (
        "Queue the inventories' reminders and late digest for the background worker. "
        "Run it from cron every 15 minutes: each unit is reminded once per period and "
        "each coordinator gets one digest a day, however often it runs."
    )

    def handle(self, *args, **options):
        for inventory_task in (send_inventory_reminders, send_inventory_digest):
            result = inventory_task.enqueue()
            self.stdout.write(f"Queued {inventory_task.name} as {result.id} ({result.status}).")
