"""The demo's inventories: daily vacancies of about forty providers, and a yearly count.

``/inventories/`` is a plain content page (``StandardPage``, like ``/surveys/``): it
only gathers the inventories under one address. Under it:

- ``/inventories/vacancies/``: a daily ``InventoryPage`` (Bolistan-like, see
  ../shared/DOMAIN.md) expecting a report from each of 40 providers (37 invented
  here under the three districts, and the three the site step made), in Norwegian
  with an English translation, with 60 days of reports ending today: most on time,
  some late, some days missing, a few units stale for days, one that never
  reported. The reports are made in bulk by :mod:`cms.demo_vacancy_reports`.
- ``/inventories/hemloshet/``: the yearly homelessness count, see
  :mod:`cms.demo_homelessness` for why it is a survey and not an inventory.

A social worker, ``sosialarbeider``, is a viewer of the whole municipality: the
reader of the current list. The reporters of the site step (``rapportor-nord`` ...)
report for the providers of their district, their role reaching down the tree.

Made once: when the vacancy inventory exists, its reports are not added again.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import Locale, Page, Site

from forms_ext.models import (
    ApiClient,
    Frequency,
    InventoryPage,
    OrganisationUnit,
    SurveyField,
    UnitRole,
)

from . import demo_homelessness
from .demo import DISTRICT_CODES, Log, ensure_child, translate
from .demo_vacancy_reports import seed_reports
from .models import StandardPage

SOCIAL_WORKER = "sosialarbeider"

INDEX = {
    "nb": ("Kartlegginger", "Løpende rapporter fra tilbydere og tjenester i Fjordvik."),
    "en": ("Inventories", "Recurring reports from the providers and services of Fjordvik."),
    "sv": ("Kartläggningar", "Återkommande rapporter från utförare och tjänster i Fjordvik."),
}

# Invented providers (none is a real organisation), by district. The kind of place
# follows the name: natthjem, herberge, akutt: beds; hospits, hybelhus: rooms; else flats.
PROVIDERS = {
    "nord": [
        "Fjellveien akuttovernatting", "Lyngtunet botilbud", "Nordlys hospits",
        "Havnegata natthjem", "Bjørkely ungdomsbolig", "Kvinnehuset Nord",
        "Nordre familiebolig", "Skogly treningsbolig", "Brygga lavterskel natthjem",
        "Fyrlykta overgangsbolig", "Moloen hybelhus", "Utsikten omsorgsbolig",
    ],
    "sentrum": [
        "Torget natthjem", "Kirkebakken herberge", "Byhjertet akuttovernatting",
        "Stasjonsveien hybelhus", "Brobyggerne botilbud", "Elvekanten kvinnebolig",
        "Rådhusgata ungdomsbolig", "Lykta lavterskel natthjem", "Kaia familiebolig",
        "Ankeret overgangsbolig", "Smia hospits", "Stjerna akuttovernatting",
        "Bryggerhuset hybelhus",
    ],
    "sor": [
        "Sørlia natthjem", "Solgløtt kvinnehus", "Engene treningsbolig",
        "Strandveien hospits", "Bakkehuset ungdomsbolig", "Sørbyen akuttovernatting",
        "Granly botilbud", "Furulund familiebolig", "Vestvika hybelhus",
        "Tunet rusfri bolig", "Lunden overgangsbolig", "Nyhuset botilbud",
    ],
}  # fmt: skip

KINDS = "bed | Overnattingsplass (seng)\nroom | Rom\nflat | Leilighet"
GROUPS = (
    "men | Menn\nwomen | Kvinner\nfamilies | Familier med barn\nyouth | Ungdom (18–25 år)\n"
    "couples | Par\npets | Dyr tillatt\nwheelchair | Tilgjengelig med rullestol"
)
# key, nb label, type, more of the field; English label, help text and options after.
QUESTIONS = [
    ("kind", "Type plass", "radio", {"choices": KINDS}),
    ("places", "Plasser i alt", "number", {"min_value": 0, "max_value": 500}),
    ("vacant", "Ledige nå", "number", {"min_value": 0, "max_value": 500}),
    ("target_groups", "Målgrupper", "checkboxes", {"choices": GROUPS}),
    (
        "vacant_from", "Ledig fra", "date",
        {"required": False, "max_value": 365,
         "help_text": "Når neste plass blir ledig, hvis ingen er ledig nå."},
    ),
    ("contact", "Kontaktperson", "singleline", {}),
    ("phone", "Telefon", "phone", {}),
    (
        "note", "Merknad", "multiline",
        {"required": False, "help_text": "Ikke skriv personopplysninger her."},
    ),
]  # fmt: skip
ENGLISH = {
    "kind": ("Kind of place", "", "bed | Overnight bed\nroom | Room\nflat | Flat"),
    "places": ("Places in total", "", ""),
    "vacant": ("Vacant now", "", ""),
    "target_groups": (
        "Target groups",
        "",
        "men | Men\nwomen | Women\nfamilies | Families with children\nyouth | Youth (18–25)\n"
        "couples | Couples\npets | Pets allowed\nwheelchair | Wheelchair access",
    ),
    "vacant_from": ("Vacant from", "When the next place becomes vacant, if none is now.", ""),
    "contact": ("Contact person", "", ""),
    "phone": ("Phone", "", ""),
    "note": ("Note", "Do not write personal data here.", ""),
}
INTRO = {
    "nb": (
        "<p>Meld hver dag innen kl. 10 hvor mange plasser dere har ledige. Gårsdagens svar "
        "er fylt inn: endre det som er nytt, eller trykk «Ingen endring».</p>"
    ),
    "en": (
        "<p>Report every day by 10:00 how many places you have vacant. Yesterday's answers "
        "are filled in: change what is new, or press “No change”.</p>"
    ),
}


def seed_inventories(log: Log) -> list[str]:
    """The demo step: the inventories section, its providers, inventories and reports."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    with transaction.atomic():
        index = _index_page(home)
        providers = seed_providers(log)
        seed_vacancies(index, providers, log)
        demo_homelessness.seed_count(index, providers, log)
        seed_api_client()
        return seed_social_worker()


def seed_api_client() -> None:
    """An example API client of district Nord's case system, reading the vacancies.

    Its token is made and thrown away: nobody can use it, and an administrator who
    wants to try the API makes a client of their own (the token is shown once).
    """
    name = "Fagsystem Bydel Nord (eksempel)"
    if ApiClient.objects.filter(name=name).exists():
        return
    client = ApiClient(name=name)
    client.new_token()
    client.save()
    client.units.set(OrganisationUnit.objects.filter(code="fjordvik-nord"))
    client.inventories.set(
        InventoryPage.objects.filter(slug="vacancies", locale__language_code="nb")
    )


def _index_page(home: Page) -> Page:
    title, intro = INDEX["nb"]
    index = ensure_child(home, StandardPage, "inventories", title=title, intro=intro)
    for code, (title, intro) in INDEX.items():
        locale = Locale.objects.filter(language_code=code).first()
        if code != "nb" and locale and home.get_translation_or_none(locale):
            translate(index, locale, title=title, intro=intro)
    return index


# Units ------------------------------------------------------------------------------


def seed_providers(log: Log) -> list[OrganisationUnit]:
    """The invented providers under their districts (missing ones added); all providers of
    the three districts, ordered by path."""
    districts = OrganisationUnit.objects.in_bulk(DISTRICT_CODES.values(), field_name="code")
    names = [(short, name) for short, names in PROVIDERS.items() for name in names]
    existing = set(OrganisationUnit.objects.filter(kind="provider").values_list("name", flat=True))
    added = 0
    for short, name in names:
        district = districts.get(DISTRICT_CODES[short])
        if name in existing or district is None:
            continue
        district.refresh_from_db()  # its numchild changes with every child added
        code = unit_code(name)
        district.add_child(instance=OrganisationUnit(name=name, code=code, kind="provider"))
        added += 1
    if added:
        log(f"Created {added} demo providers.")
    paths = [unit.path for unit in districts.values()]
    return [
        unit
        for unit in OrganisationUnit.objects.filter(kind="provider").order_by("path")
        if any(unit.path.startswith(path) for path in paths)
    ]


def unit_code(name: str) -> str:
    from forms_ext.keys import answer_key

    return answer_key(name).replace("_", "-")[:50]


# The vacancy inventory -----------------------------------------------------------------


def seed_vacancies(index: Page, providers: list[OrganisationUnit], log: Log) -> None:
    if index.get_children().filter(slug="vacancies").exists():
        return
    page = InventoryPage(
        title="Ledige plasser",
        slug="vacancies",
        intro=INTRO["nb"],
        thank_you_text="<p>Takk. Rapporten er lagret.</p>",
        owner_unit=OrganisationUnit.objects.filter(code="fjordvik").first(),
        frequency=Frequency.DAILY,
        opens_at=datetime.time(0, 0),
        due_at=datetime.time(10, 0),
        closes_at=datetime.time(23, 59),
        remind_hours_before=1,
    )
    index.add_child(instance=page)
    page.form_fields = [_field(order, *question) for order, question in enumerate(QUESTIONS)]
    page.expected_units = providers
    page.save_revision().publish()
    page = InventoryPage.objects.get(pk=page.pk)
    _translate_to_english(page)
    count = seed_reports(page, providers)
    log(f"Created the vacancy inventory with {count} reports of {len(providers)} providers.")


def _field(order: int, key: str, label: str, field_type: str, more: dict) -> SurveyField:
    more = dict(more)
    return SurveyField(
        sort_order=order,
        clean_name=key,
        label=label,
        field_type=field_type,
        required=more.pop("required", True),
        **more,
    )


def _translate_to_english(page: InventoryPage) -> None:
    locale = Locale.objects.filter(language_code="en").first()
    if locale is None or page.get_parent().get_translation_or_none(locale) is None:
        return
    copy = page.copy_for_translation(locale)
    copy.title, copy.intro = "Vacant places", INTRO["en"]
    copy.thank_you_text = "<p>Thank you. The report is saved.</p>"
    fields = list(copy.form_fields.all())
    for question in fields:
        label, help_text, choices = ENGLISH[question.clean_name]
        question.label, question.help_text = label, help_text
        question.choices = choices or question.choices
    copy.form_fields = fields
    copy.save_revision().publish()


# The social worker -----------------------------------------------------------------------


def seed_social_worker() -> list[str]:
    """A social worker who reads the current list of the whole municipality (a viewer role),
    with admin access and no page editing."""
    user, created = get_user_model().objects.get_or_create(
        username=SOCIAL_WORKER,
        defaults={
            "first_name": "Siri",
            "last_name": "Sosialarbeider",
            "email": f"{SOCIAL_WORKER}@fjordvik.example",
            "is_staff": True,
        },
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    municipality = OrganisationUnit.objects.filter(code="fjordvik").first()
    if municipality:
        UnitRole.objects.get_or_create(user=user, unit=municipality, role=UnitRole.Role.VIEWER)
    note = "" if user.check_password(settings.DEMO_PASSWORD) else " (password changed since)"
    return [
        f"{SOCIAL_WORKER} / {settings.DEMO_PASSWORD}{note} "
        "(social worker: reads the current list of vacancies)"
    ]
