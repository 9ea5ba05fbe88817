"""Write a survey as an XLSForm (.xlsx)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from forms_ext.definitions import definition_of
from forms_ext.models import SurveyPage
from forms_ext.xlsform import write_xlsform

from ._xlsform_pages import find_page


class Command(BaseCommand):
    help = (
        "Write a survey (or inventory), as last saved and with its translations, as an "
        "XLSForm (.xlsx) that pyxform and ODK read and import_xlsform reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("page", help="The survey: a page id or its address.")
        parser.add_argument("-o", "--output", required=True, help="The .xlsx file to write.")

    def handle(self, *args, **options):
        page = find_page(options["page"])
        if not isinstance(page, SurveyPage):
            raise CommandError(_("“%(page)s” is not a survey.") % {"page": page.title})
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(_("There is no folder “%(path)s”.") % {"path": output.parent})
        output.write_bytes(write_xlsform(definition_of(page)))
        self.stdout.write(
            _("Wrote “%(title)s” to %(path)s.") % {"title": page.title, "path": output}
        )
