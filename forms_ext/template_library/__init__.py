"""The templates that come with Boportal, and how they are installed.

:mod:`.shipped` holds four definitions built from ../shared/DOMAIN.md. They are
installed once, by a data migration, and again on demand by
``manage.py install_survey_templates`` (after an upgrade, or to bring back one an
administrator deleted); an installed template is never overwritten unless asked
(``--update``), so an editor's changes to its name, description or sector stay.
"""

from __future__ import annotations

# The sectors of the shipped templates, named in the site's language (Norwegian);
# administrators rename them or add others under Settings → Sectors.
SECTORS = {"housing": "Bolig og bostedsløshet", "elderly-care": "Eldreomsorg"}


def install_shipped_templates(
    template_model=None, sector_model=None, *, update: bool = False
) -> list[str]:
    """Add the shipped templates that are missing (every one with ``update``); returns the
    keys added or updated. Takes the models as arguments so that a migration can pass its
    historical ones."""
    from .shipped import SHIPPED

    if template_model is None or sector_model is None:
        from ..models import Sector, SurveyTemplate

        template_model, sector_model = SurveyTemplate, Sector
    changed = []
    for item in SHIPPED:
        sector, _created = sector_model.objects.get_or_create(
            slug=item["sector"], defaults={"name": SECTORS[item["sector"]]}
        )
        values = {
            "name": item["name"],
            "description": item["description"],
            "sector": sector,
            # set here too: a migration's historical model has no save() of its own
            "kind": item["definition"]["kind"],
            "definition": item["definition"],
        }
        existing = template_model.objects.filter(shipped=item["key"]).first()
        if existing is None:
            template_model.objects.create(shipped=item["key"], **values)
        elif update:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
        else:
            continue
        changed.append(item["key"])
    return changed
