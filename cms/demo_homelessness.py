"""The demo's yearly homelessness count, on the Swedish model (see ../shared/DOMAIN.md).

Why a survey and not an ``InventoryPage``: an inventory stores *one report per unit
and period* (a unique constraint on period and unit), updated in place; a count
has *one form per person or household* the unit knows during the count week, so a
unit sends dozens of forms in one period. The models support that honestly only as
a plain survey answered by reporters (``Audience.REPORTERS``), whose answers carry
the reporter's unit. The count week (ISO week 15) is said in the introduction and
the answers' times lie in it; a survey has no opening window of its own, so the
form stays open after the week (an editor unpublishes it or sets Wagtail's expiry
date, which the demo does not, so that the page can be opened).

The personal identity number is kept only as a keyed hash (``id_number_se``): it
finds the same person reported by two units. A few of the demo's people are
reported twice on purpose. The numbers are made up, with a valid control digit.

Norwegian (the source, at ``/inventories/hemloshet/``) and Swedish
(``/sv/inventories/hemloshet/``) share the questions' keys and option codes.
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale, Page

from forms_ext.inventories.periods import at
from forms_ext.models import (
    Audience,
    Channel,
    OrganisationUnit,
    SurveyField,
    SurveyPage,
    SurveySubmission,
)
from forms_ext.submissions import store_submission

from .demo import DISTRICT_CODES, Log

SLUG = "hemloshet"
WEEK = 15
PEOPLE = 40
SEED = 15

SITUATIONS = {
    "nb": (
        "acute | Akutt bostedsløs: natthjem, krisesenter, hospits eller sover ute\n"
        "institution | Institusjon eller støttebolig, flytter innen 3 måneder uten bolig\n"
        "long_term | Langsiktig boløsning ordnet av kommunen (treningsbolig, sosialkontrakt)\n"
        "own_short_term | Eget ordnet kortsiktig bosted: hos venner eller familie, "
        "fremleie under 3 måneder"
    ),
    "sv": (
        "acute | Akut hemlöshet: akutboende, härbärge, skyddat boende eller sover ute\n"
        "institution | Institutionsvistelse eller stödboende, flyttar inom 3 månader "
        "utan ordnad bostad\n"
        "long_term | Långsiktig boendelösning ordnad av kommunen (träningslägenhet, "
        "socialt kontrakt)\n"
        "own_short_term | Eget ordnat kortsiktigt boende: hos vänner eller familj, "
        "andrahandskontrakt under 3 månader"
    ),
}
AGES = "\n".join(
    f"{code} | {label}"
    for code, label in [
        ("under_18", "Under 18"), ("18_24", "18–24"), ("25_34", "25–34"), ("35_44", "35–44"),
        ("45_54", "45–54"), ("55_64", "55–64"), ("65_plus", "65+"),
    ]
)  # fmt: skip
SEX = {
    "nb": "woman | Kvinne\nman | Mann\nunknown | Annet eller ukjent",
    "sv": "woman | Kvinna\nman | Man\nunknown | Annat eller okänt",
}
FACTORS = {
    "nb": (
        "debt | Økonomi og gjeld\neviction | Utkastelse\naddiction | Rus\n"
        "mental_health | Psykisk helse\nbreakup | Samlivsbrudd\nviolence | Vold i nære relasjoner\n"
        "release | Løslatelse fra fengsel\nnew_arrival | Nylig kommet til landet"
    ),
    "sv": (
        "debt | Ekonomi och skulder\neviction | Vräkning\naddiction | Missbruk\n"
        "mental_health | Psykisk ohälsa\nbreakup | Separation\nviolence | Våld i nära relation\n"
        "release | Frigivning från anstalt\nnew_arrival | Nyanländ"
    ),
}
ID_HELP = {
    "nb": (
        "Brukes bare til å finne samme person meldt av flere enheter. Lagres som en "
        "nøkkelhash, aldri som nummeret. La stå tomt hvis personen ikke har et."
    ),
    "sv": (
        "Används bara för att hitta samma person rapporterad av flera enheter. Sparas som "
        "en nyckelhash, aldrig som numret. Lämna tomt om personen saknar ett."
    ),
}
# key, type, required, nb label, sv label, per-language options (or one for both)
QUESTIONS = [
    ("situation", "radio", True, "Situasjon i telleuken", "Situation under mätveckan",
     SITUATIONS),
    ("age_band", "dropdown", True, "Alder", "Ålder", {"nb": AGES, "sv": AGES}),
    ("sex", "radio", True, "Kjønn", "Kön", SEX),
    ("children", "yesno", True, "Har barn under 18 år i husholdningen",
     "Har barn under 18 år i hushållet", None),
    ("personal_number", "id_number_se", False, "Personnummer", "Personnummer", None),
    ("factors", "checkboxes", False, "Medvirkende årsaker", "Bidragande orsaker", FACTORS),
]  # fmt: skip
TITLE = {"nb": "Kartlegging av bostedsløshet, uke 15", "sv": "Kartläggning av hemlöshet, vecka 15"}
INTRO = {
    "nb": (
        "<p>Fyll ut ett skjema for hver person eller husholdning enheten kjente til i uke 15, "
        "etter den svenske modellen (Socialstyrelsen). Skjemaet gjelder personen, ikke "
        "enheten.</p>"
    ),
    "sv": (
        "<p>Fyll i en blankett för varje person eller hushåll som enheten kände till under "
        "vecka 15, enligt Socialstyrelsens modell. Blanketten gäller personen, inte "
        "enheten.</p>"
    ),
}


def count_week(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the latest week 15 that has begun."""
    year = today.isocalendar().year
    monday = datetime.date.fromisocalendar(year, WEEK, 1)
    if monday > today:
        monday = datetime.date.fromisocalendar(year - 1, WEEK, 1)
    return monday, monday + datetime.timedelta(days=6)


def seed_count(index: Page, providers: list[OrganisationUnit], log: Log) -> None:
    """The count survey with a few dozen answers in its last count week (once)."""
    if index.get_children().filter(slug=SLUG).exists():
        return
    page = SurveyPage(
        title=TITLE["nb"],
        slug=SLUG,
        intro=INTRO["nb"],
        thank_you_text="<p>Takk. Skjemaet er lagret; fyll ut et nytt for neste person.</p>",
        owner_unit=OrganisationUnit.objects.filter(code="fjordvik").first(),
        audience=Audience.REPORTERS,
    )
    index.add_child(instance=page)
    page.form_fields = [_field(order, "nb", *q) for order, q in enumerate(QUESTIONS)]
    page.save_revision().publish()
    page = SurveyPage.objects.get(pk=page.pk)
    _translate_to_swedish(page)
    count = seed_answers(page, providers)
    log(f"Created the homelessness count with {count} forms.")


def _field(order, language, key, field_type, required, nb, sv, options) -> SurveyField:
    return SurveyField(
        sort_order=order,
        clean_name=key,
        label=nb if language == "nb" else sv,
        field_type=field_type,
        required=required,
        choices=(options or {}).get(language, ""),
        help_text=ID_HELP[language] if field_type.startswith("id_number") else "",
    )


def _translate_to_swedish(page: SurveyPage) -> None:
    locale = Locale.objects.filter(language_code="sv").first()
    if locale is None or page.get_parent().get_translation_or_none(locale) is None:
        return
    copy = page.copy_for_translation(locale)
    copy.title, copy.intro = TITLE["sv"], INTRO["sv"]
    copy.thank_you_text = "<p>Tack. Blanketten är sparad; fyll i en ny för nästa person.</p>"
    words = {q[0]: q for q in QUESTIONS}
    fields = list(copy.form_fields.all())
    for question in fields:
        swedish = _field(0, "sv", *words[question.clean_name])
        question.label, question.help_text = swedish.label, swedish.help_text
        question.choices = swedish.choices
    copy.form_fields = fields
    copy.save_revision().publish()


def personal_number(rng: random.Random) -> str:
    """An invented Swedish personnummer (YYYYMMDDNNNN) with a valid Luhn control digit."""
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 55))
    nine = f"{born:%y%m%d}{rng.randint(0, 999):03d}"
    total = 0
    for index, digit in enumerate(nine):
        product = int(digit) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return f"{born:%Y}{nine[2:]}{(10 - total % 10) % 10}"


def _person(rng: random.Random) -> dict:
    answers = {
        "situation": rng.choices(
            ["acute", "institution", "long_term", "own_short_term"], [35, 15, 30, 20]
        )[0],
        "age_band": rng.choices(
            ["18_24", "25_34", "35_44", "45_54", "55_64", "65_plus"], [15, 25, 25, 20, 10, 5]
        )[0],
        "sex": rng.choices(["man", "woman", "unknown"], [62, 35, 3])[0],
        "children": rng.choices(["yes", "no"], [20, 80])[0],
        "factors": rng.sample(
            ["debt", "eviction", "addiction", "mental_health", "breakup", "violence"],
            rng.randint(0, 3),
        ),
    }
    if rng.random() < 0.75:
        answers["personal_number"] = personal_number(rng)
    return answers


def seed_answers(page: SurveyPage, providers: list[OrganisationUnit]) -> int:
    """About forty forms sent in the count week by the providers' reporters; three of the
    people are reported by a second unit too. Returns how many were stored."""
    rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
    monday, _sunday = count_week(timezone.localdate())
    reporters = {
        user.username: user
        for user in get_user_model().objects.filter(username__startswith="rapportor-")
    }
    paths = {
        short: OrganisationUnit.objects.get(code=code).path
        for short, code in DISTRICT_CODES.items()
    }
    fields = list(page.get_form_fields())
    people = [_person(rng) for _n in range(PEOPLE - 3)]
    people += [dict(person) for person in people if "personal_number" in person][:3]
    stored = []
    for answers in people:
        unit = rng.choice(providers)
        short = next(s for s, path in paths.items() if unit.path.startswith(path))
        submission = store_submission(
            page, fields, answers, str(uuid.UUID(int=rng.getrandbits(128))), "nb", unit=unit,
            notify=False, channel=Channel.REPORTER, recorded_by=reporters.get(f"rapportor-{short}"),
        )  # fmt: skip
        day = monday + datetime.timedelta(days=rng.randint(0, 4))
        submission.submit_time = at(day, datetime.time(rng.randint(8, 15), rng.randint(0, 59)))
        stored.append(submission)
    SurveySubmission.objects.bulk_update(stored, ["submit_time"])
    return len(stored)
