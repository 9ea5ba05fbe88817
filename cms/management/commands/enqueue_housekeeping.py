from django.core.management.base import BaseCommand

from cms.tasks import clear_expired_sessions


class Command(BaseCommand):
    help = "Queue the daily housekeeping tasks for the background worker."

    def handle(self, *args, **options):
        result = clear_expired_sessions.enqueue()
        self.stdout.write(f"Queued clear_expired_sessions as {result.id} ({result.status}).")
