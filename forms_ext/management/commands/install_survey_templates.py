from django.core.management.base import BaseCommand

from forms_ext.template_library import install_shipped_templates


class Command(BaseCommand):
    help = "Add the survey templates that come with Boportal where they are missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also replace installed shipped templates with this version's (edits are lost).",
        )

    def handle(self, *args, update=False, **options):
        changed = install_shipped_templates(update=update)
        verb = "Installed or updated" if update else "Installed"
        self.stdout.write(f"{verb} {len(changed)} template(s): {', '.join(changed) or 'none'}.")
