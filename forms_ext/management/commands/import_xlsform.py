"""Make a draft survey from an XLSForm, after listing what cannot be imported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from forms_ext.definitions import DefinitionError, build_page
from forms_ext.models import OrganisationUnit, SurveyPage
from forms_ext.xlsform import ImportResult, XLSFormError, read_xlsform

from ._xlsform_pages import find_page


class Command(BaseCommand):
    help = (
        "Make a draft survey from an XLSForm (.xlsx) under a page. The rows Boportal cannot "
        "import are listed first; if there are any, nothing is made unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The XLSForm, an .xlsx file.")
        parser.add_argument(
            "--parent", required=True, help="The page to put it under: an id or an address."
        )
        parser.add_argument("--title", default="", help="The survey's title (default: the form's).")
        parser.add_argument("--unit", default="", help="The code of the unit that owns it.")
        parser.add_argument(
            "--language",
            default=None,
            help="The language of texts in columns that name none (default: the site's).",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Import even when some rows cannot be imported."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("There is no file “%(path)s”.") % {"path": path})
        parent = self._parent(options["parent"])
        unit = self._unit(options["unit"])
        try:
            result = read_xlsform(path, language=options["language"])
        except XLSFormError as error:
            raise CommandError(str(error)) from error
        self._list(result)
        if result.unsupported and not options["yes"]:
            raise CommandError(_stopped(len(result.unsupported)))
        self._build(result, parent, options["title"] or result.title, unit)

    def _build(self, result: ImportResult, parent: Page, title: str, unit: Any) -> None:
        """The draft page, never published here; the editor reviews it in the admin."""
        try:
            page = build_page(result.definition, parent, title=title, owner_unit=unit)
        except DefinitionError as error:
            raise CommandError(str(error)) from error
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
        self.stdout.write(
            _("Made the draft survey “%(title)s”. Review and publish it at %(url)s")
            % {"title": page.title, "url": base + edit}
        )

    def _parent(self, value: str) -> Page:
        parent = find_page(value)
        if not SurveyPage.can_create_at(parent):
            raise CommandError(
                _("A survey cannot be put under “%(page)s”.") % {"page": parent.title}
            )
        return parent

    def _unit(self, code: str) -> OrganisationUnit | None:
        if not code:
            return None
        unit = OrganisationUnit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(_("There is no unit with the code “%(code)s”.") % {"code": code})
        return unit

    def _list(self, result: ImportResult) -> None:
        for row in result.unsupported:
            self.stdout.write(
                _("Not imported: %(sheet)s sheet, row %(row)s (%(name)s, %(type)s): %(reason)s")
                % {
                    "sheet": row.sheet,
                    "row": row.row,
                    "name": row.name or "-",
                    "type": row.type or "-",
                    "reason": row.reason,
                }
            )
        for warning in result.warnings:
            self.stdout.write(_("Note: %(warning)s") % {"warning": warning})
        for note in result.notes:
            self.stdout.write(f"pyxform: {note}")


def _stopped(count: int) -> str:
    return ngettext(
        "Nothing was made: %(count)s row or part of a row cannot be imported. Run again with "
        "--yes to make the survey without it.",
        "Nothing was made: %(count)s rows or parts of rows cannot be imported. Run again with "
        "--yes to make the survey without them.",
        count,
    ) % {"count": count}
