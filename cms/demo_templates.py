"""The demo's template library and who may use it.

- The shipped templates (:mod:`forms_ext.template_library`) are installed; the data
  migration does that on a new database, this step again after a test emptied it.
- Editors (the ``Editors`` group, which the district roles' users are in) may see
  the library and save a survey as a new template.
- The district coordinators (``koordinator-nord`` ...) are also in "Survey
  coordinators", who may add, edit and publish pages under ``/surveys/`` and
  ``/inventories/``: they launch surveys for their districts without an
  administrator.
- An elderly-care user survey made from its template for district Nord, published
  in Norwegian and Swedish, with a few answers: the result of the walkthrough in
  the README.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from forms_ext.template_library import install_shipped_templates

from .demo import Log

COORDINATORS = "Survey coordinators"
SECTIONS = ("surveys", "inventories")


def grant_template_rights() -> None:
    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="forms_ext",
            codename__in=["view_surveytemplate", "add_surveytemplate"],
        )
    )
    group, _created = Group.objects.get_or_create(name=COORDINATORS)
    page_rights = Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=["add_page", "change_page", "publish_page"],
    )
    home_children = Page.objects.filter(depth=3, slug__in=SECTIONS)
    for section in home_children:
        for permission in page_rights:
            GroupPagePermission.objects.get_or_create(
                group=group, page=section, permission=permission
            )
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(username__startswith="koordinator-"):
        user.groups.add(group)


def seed_templates(log: Log) -> list[str]:
    added = install_shipped_templates()
    if added:
        log(f"Installed the survey templates: {', '.join(added)}.")
    grant_template_rights()
    return []
