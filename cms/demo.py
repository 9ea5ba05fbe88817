"""Build the demo municipality: pages in four languages, settings, units and users.

Every step is idempotent: it creates what is missing and leaves what exists
alone, so that ``seed_demo`` can run on every ``make run`` without undoing an
editor's changes. Later features add their own steps to ``BOPORTAL_DEMO_STEPS``.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from forms_ext.models import OrganisationUnit, UnitRole

from . import demo_content as content
from .demo_ar import AR_CARDS
from .models import (
    AccessibilityStatementPage,
    HomePage,
    NavigationSettings,
    SiteSettings,
    StandardPage,
)

Log = Callable[[str], None]

DEMO_USERS = [
    # username, first name, last name, group (None: superuser)
    ("admin", "Ada", "Admin", None),
    ("editor", "Eli", "Redaktør", "Editors"),
]


def ensure_locales() -> dict[str, Locale]:
    """Create a Wagtail locale for every content language."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


def ensure_home_page(log: Log) -> HomePage:
    """Make a HomePage the root of the default site, replacing Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    existing = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    words = content.HOME[settings.LANGUAGE_CODE]
    home = root.add_child(
        instance=HomePage(title=words["title"], slug="home-nb", intro=words["intro"])
    )
    if site is None:
        site = Site(
            hostname="localhost", port=80, is_default_site=True, site_name=content.MUNICIPALITY
        )
    welcome = site.root_page if site.pk else None
    site.root_page = home
    site.site_name = content.MUNICIPALITY
    site.save()
    if welcome and type(welcome.specific) is Page and not welcome.get_children().exists():
        welcome.delete()
    home.slug = "home"
    home.save()
    log(f"Created the home page '{home.title}'.")
    return home


def ensure_child(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """Return the live child ``slug`` of ``parent``, creating and publishing it if missing."""
    child = parent.get_children().filter(slug=slug).first()
    if child:
        return child.specific
    page = parent.add_child(instance=model(slug=slug, **fields))
    page.save_revision().publish()
    return page


def translate(page: Page, locale: Locale, **fields) -> Page:
    """Return the translation of ``page`` into ``locale``, creating and publishing it if missing."""
    existing = page.get_translation_or_none(locale)
    if existing:
        return existing.specific
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


def localize(page: Page, locale: Locale, **fields) -> Page:
    """The translation of ``page`` into ``locale`` made through wagtail-localize, if missing.

    The translated texts are given as whole field values (``fields``) with the
    same block ids as the page's; they become wagtail-localize string
    translations, so the translation opens in its translation editor like one an
    editor made, and follows the source when it is synchronised. The parent
    pages must already be translated (or they are copied untranslated).
    """
    existing = page.get_translation_or_none(locale)
    if existing:
        return existing.specific
    page = page.specific
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    translated = type(page).objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(translated, name, value)
    texts = {
        segment.path: segment.string.data
        for segment in extract_segments(translated)
        if isinstance(segment, StringSegmentValue)
    }
    po = translation.export_po()
    for entry in po:
        entry.msgstr = texts.get(entry.msgctxt, "")
    translation.import_po(po)
    # Saved as a draft and published here: wagtail-localize publishes on commit,
    # which inside the demo's transaction would save a stale copy of the page later.
    translation.save_target(publish=False)
    translated_page = page.get_translation(locale)
    translated_page.get_latest_revision().publish()
    return translated_page.specific


def rich_body(html: str) -> list[dict]:
    return [{"type": "text", "value": html}]


def card(title: str, text: str, page: Page) -> dict:
    return {"title": title, "text": text, "link": {"page": page.pk, "url": "", "label": ""}}


def seed_pages(log: Log) -> dict[str, Page]:
    """The home page, the housing office page, privacy and the accessibility statement."""
    locales = ensure_locales()
    home = ensure_home_page(log)
    nb = settings.LANGUAGE_CODE
    about = ensure_child(home, StandardPage, "boligkontoret", **_standard_fields(content.ABOUT[nb]))
    privacy = ensure_child(
        home, StandardPage, "personvern", **_standard_fields(content.PRIVACY[nb])
    )
    statement = ensure_child(
        home,
        AccessibilityStatementPage,
        "tilgjengelighet",
        **_statement_fields(content.ACCESSIBILITY[nb]),
    )
    if not home.body:
        home.body = [{"type": "cards", "value": _home_cards(nb, about, privacy, statement)}]
        home.save_revision().publish()
    for code, locale in locales.items():
        if code != nb and code in content.HOME:
            _translate_site(code, locale, home, about, privacy, statement)
    return {"home": home, "about": about, "privacy": privacy, "statement": statement}


def _translate_site(code, locale, home, about, privacy, statement) -> None:
    words = content.HOME[code]
    translate(
        home,
        locale,
        title=words["title"],
        intro=words["intro"],
        body=[{"type": "cards", "value": _home_cards(code, about, privacy, statement)}],
    )
    if code in content.ABOUT:
        translate(about, locale, **_standard_fields(content.ABOUT[code]))
    if code in content.PRIVACY:
        translate(privacy, locale, **_standard_fields(content.PRIVACY[code]))
    if code in content.ACCESSIBILITY:
        translate(statement, locale, **_statement_fields(content.ACCESSIBILITY[code]))


def _standard_fields(words: dict) -> dict:
    return {"title": words["title"], "intro": words["intro"], "body": rich_body(words["body"])}


def _statement_fields(words: dict) -> dict:
    issue = {
        "title": words["issue_title"],
        "description": words["issue_text"],
        "criterion": "1.1.1",
    }
    return {
        "title": words["title"],
        "intro": words["intro"],
        "conformance": AccessibilityStatementPage.Conformance.PARTIAL,
        "known_issues": [{"type": "issue", "value": issue}],
        "feedback_email": "tilgjengelighet@fjordvik.example",
        "feedback_phone": "+47 21 00 00 00",
        "enforcement": words["enforcement"],
        "last_reviewed": datetime.date(2026, 11, 1),
    }


CARD_TEXTS = {
    "nb": [
        ("Boligkontoret", "Kommunal bolig, startlån, bostøtte og råd om å leie privat."),
        ("Personvern", "Hva vi lagrer, og hva vi aldri lagrer."),
        ("Tilgjengelighet", "Si fra hvis noe ikke virker for deg."),
    ],
    "nn": [
        ("Bustadkontoret", "Kommunal bustad, startlån, bustøtte og råd om å leige privat."),
        ("Personvern", "Kva vi lagrar, og kva vi aldri lagrar."),
        ("Tilgjenge", "Sei frå om noko ikkje verkar for deg."),
    ],
    "sv": [
        ("Bostadskontoret", "Kommunal bostad, startlån, bostadsstöd och råd om att hyra privat."),
        ("Personuppgifter", "Vad vi sparar, och vad vi aldrig sparar."),
        ("Tillgänglighet", "Säg till om något inte fungerar för dig."),
    ],
    "en": [
        (
            "The housing office",
            "Municipal flats, start loans, housing allowance, renting privately.",
        ),
        ("Privacy", "What we keep, and what we never keep."),
        ("Accessibility", "Tell us if something does not work for you."),
    ],
    "ar": AR_CARDS,
}


def _home_cards(code: str, *pages: Page) -> list[dict]:
    return [
        card(title, text, page) for (title, text), page in zip(CARD_TEXTS[code], pages, strict=True)
    ]


def seed_settings(pages: dict[str, Page], log: Log) -> None:
    """Branding, contact details, footer links and the main menu of the default site."""
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    if not site_settings.municipality_name:
        site_settings.municipality_name = content.MUNICIPALITY
        site_settings.phone = "+47 21 00 00 00"
        site_settings.email = "boligkontoret@fjordvik.example"
        site_settings.address = "Boligkontoret\nStorgata 1\n9999 Fjordvik"
        site_settings.opening_hours = "Mandag–fredag 09–15"
        site_settings.footer_links = [
            {"type": "link", "value": {"page": pages[name].pk, "url": "", "label": ""}}
            for name in ("about", "privacy", "statement")
        ]
        site_settings.save()
        log("Set the site's branding and contact details.")
    navigation = NavigationSettings.for_site(site)
    if not navigation.main_menu:
        navigation.main_menu = [
            {"type": "link", "value": {"page": pages["about"].pk, "url": "", "label": ""}}
        ]
        navigation.save()


def seed_units(log: Log) -> None:
    """The demo municipality's districts, sector and providers."""
    if OrganisationUnit.objects.filter(code=content.UNITS["code"]).exists():
        return
    _add_unit(None, content.UNITS)
    log(f"Created {OrganisationUnit.objects.count()} organisation units.")


def _add_unit(parent: OrganisationUnit | None, spec: dict) -> None:
    unit = OrganisationUnit(code=spec["code"], name=spec["name"], kind=spec["kind"])
    unit = parent.add_child(instance=unit) if parent else OrganisationUnit.add_root(instance=unit)
    for child in spec.get("children", []):
        _add_unit(unit, child)


def seed_users(log: Log) -> list[str]:
    """The demo users; an existing user keeps the password it has."""
    password = settings.DEMO_PASSWORD
    User = get_user_model()  # noqa: N806
    lines = []
    for username, first_name, last_name, group in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@fjordvik.example",
            },
        )
        if created:
            user.set_password(password)
            user.is_staff = True
            user.is_superuser = group is None
            user.save()
            if group:
                user.groups.add(Group.objects.get_or_create(name=group)[0])
        note = "" if user.check_password(password) else " (password changed since; not reset)"
        lines.append(f"{username} / {password}{note}")
    return lines


DISTRICT_ROLES = [
    # username prefix, role
    ("koordinator", "coordinator"),
    ("rapportor", "reporter"),
    ("leser", "viewer"),
]
DISTRICT_CODES = {"nord": "fjordvik-nord", "sentrum": "fjordvik-sentrum", "sor": "fjordvik-sor"}


def seed_roles(log: Log) -> list[str]:
    """A coordinator, a reporter and a viewer in each district, e.g. koordinator-nord."""
    User = get_user_model()  # noqa: N806
    for short, code in DISTRICT_CODES.items():
        unit = OrganisationUnit.objects.get(code=code)
        for prefix, role in DISTRICT_ROLES:
            user, created = User.objects.get_or_create(
                username=f"{prefix}-{short}",
                defaults={
                    "first_name": prefix.capitalize(),
                    "last_name": unit.name,
                    "email": f"{prefix}-{short}@fjordvik.example",
                    "is_staff": True,
                },
            )
            if created:
                user.set_password(settings.DEMO_PASSWORD)
                user.save()
                user.groups.add(Group.objects.get_or_create(name="Editors")[0])
            UnitRole.objects.get_or_create(user=user, unit=unit, role=role)
    names = ", ".join(f"{prefix}-{{nord,sentrum,sor}}" for prefix, _role in DISTRICT_ROLES)
    return [f"{names} / {settings.DEMO_PASSWORD} (district roles)"]


def seed_site(log: Log) -> list[str]:
    """The demo step of the site itself; returns the login lines to print."""
    with transaction.atomic():
        pages = seed_pages(log)
        seed_settings(pages, log)
        seed_units(log)
        return seed_users(log) + seed_roles(log)
