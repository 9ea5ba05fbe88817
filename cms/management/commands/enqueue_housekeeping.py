from django.core.management.base import BaseCommand

from cms.tasks import clear_expired_sessions
from forms_ext.tasks import delete_expired_drafts, delete_expired_exports


class Command(BaseCommand):
    help = "Queue the daily housekeeping tasks for the background worker."

    def handle(self, *args, **options):
        for housekeeping_task in (
            clear_expired_sessions,
            delete_expired_drafts,
            delete_expired_exports,
        ):
            result = housekeeping_task.enqueue()
            self.stdout.write(f"Queued {housekeeping_task.name} as {result.id} ({result.status}).")
