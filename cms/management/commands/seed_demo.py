from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Create the demo municipality's content and users. Safe to run again: "
        "it adds what is missing and changes nothing that exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the printout.",
        )

    def handle(self, *args, **options):
        if not getattr(settings, "BOPORTAL_DEMO_ALLOWED", False):
            raise CommandError(
                "Demo content and demo logins are refused with these settings "
                "(BOPORTAL_DEMO_ALLOWED is off, as in production)."
            )
        logins = []
        for path in settings.BOPORTAL_DEMO_STEPS:
            logins += import_string(path)(self.stdout.write) or []
        self.print_summary(options["url"].rstrip("/"), logins)

    def print_summary(self, url, logins):
        self.stdout.write(self.style.SUCCESS("\nBoportal demo is ready."))
        self.stdout.write(f"  Site:   {url}/")
        self.stdout.write(f"  Admin:  {url}/admin/")
        for line in logins:
            self.stdout.write(f"  Login:  {line}")
