"""The four templates that come with Boportal, as plain data built from ../shared/DOMAIN.md.

Each item of :data:`SHIPPED` is a dict::

    {
        "key": "vacancy-inventory",        # stable slug, SurveyTemplate.shipped
        "sector": "housing",               # Sector.slug: "housing" or "elderly-care"
        "name": "...",                     # Norwegian bokmål, the site's language
        "description": "...",              # 2-4 sentences: use, source, what to adapt, wording
        "definition": {...},               # a definition (forms_ext.definitions), format 1
    }

The definitions are written in Norwegian bokmål with complete Swedish and English
translations. Each question is written once below, with every text in the three
languages side by side (:func:`text`, :func:`options`), so that a translation
cannot miss a question and an option has the same code in every language.

This module is pure data (it is imported by a data migration): no models, no
lazy translations, nothing a JSON field cannot hold. The texts are site content
in the languages of the pages they make, not interface strings, so they are not
marked for gettext. No wording here is an instrument's official text: where the
domain notes give none, the questions are plain ones written for Boportal, and
each description says so.
"""

from __future__ import annotations

from typing import Any

LANGUAGE = "nb"
TRANSLATIONS = ("sv", "en")
# Questions that take no answer, or one the respondent does not type: never required.
NOT_ASKED = {"info", "heading", "pagebreak", "hidden"}

Texts = dict[str, str]


def text(nb: str, sv: str, en: str) -> Texts:
    """One text in Norwegian bokmål, Swedish and English."""
    return {"nb": nb, "sv": sv, "en": en}


def options(*rows: tuple[str, str, str, str]) -> Texts:
    """Options as "code | Label" lines in each language from (code, nb, sv, en) rows."""
    return {
        language: "\n".join(f"{row[0]} | {row[number]}" for row in rows)
        for number, language in enumerate((LANGUAGE, *TRANSLATIONS), start=1)
    }


def question(key: str, field_type: str, *, rule: tuple[str, str, str] | None = None, **attrs):
    """A question; its text attributes (label, help_text, choices, ...) are :func:`text` dicts.

    ``rule`` is (an earlier question's key, operator, value).
    """
    data: dict[str, Any] = {"key": key, "field_type": field_type}
    if field_type in NOT_ASKED:
        data["required"] = False
    data.update(attrs)
    if rule:
        data["rule_field"], data["rule_operator"], data["rule_value"] = rule
    return data


def definition(kind: str, *, page: dict[str, Texts], questions: list[dict], **more) -> dict:
    """A definition from texts in three languages: the bokmål ones in place, the others as
    translations. ``page`` has title, intro and thank_you_text; ``more`` settings, schedule."""

    def in_language(data: dict, language: str) -> dict:
        return {name: value[language] for name, value in data.items() if isinstance(value, dict)}

    fields = [
        {name: value[LANGUAGE] if isinstance(value, dict) else value for name, value in q.items()}
        for q in questions
    ]
    translations = {
        language: {
            **in_language(page, language),
            "fields": {q["key"]: in_language(q, language) for q in questions},
        }
        for language in TRANSLATIONS
    }
    return {
        "format": 1,
        "kind": kind,
        "language": LANGUAGE,
        **in_language(page, LANGUAGE),
        **more,
        "fields": fields,
        "translations": translations,
    }


NOT_PERSONAL = text(
    "Ikke skriv personopplysninger her.",
    "Skriv inga personuppgifter här.",
    "Do not write personal data here.",
)
TICK_ALL = text("Kryss av alt som passer.", "Kryssa i allt som stämmer.", "Tick all that apply.")


# 1. Daily vacancy inventory (Bolistan-like) -------------------------------------------------

VACANCY_INVENTORY = definition(
    "inventory",
    page={
        "title": text("Ledige plasser", "Lediga platser", "Vacant places"),
        "intro": text(
            "<p>Meld hver dag innen kl. 10 hvor mange plasser dere har og hvor mange som er "
            "ledige nå. Gårsdagens svar er fylt inn: endre bare det som er nytt.</p>",
            "<p>Rapportera varje dag senast kl. 10 hur många platser ni har och hur många som "
            "är lediga nu. Gårdagens svar är ifyllda: ändra bara det som är nytt.</p>",
            "<p>Report every day by 10:00 how many places you have and how many are vacant "
            "now. Yesterday's answers are filled in: change only what is new.</p>",
        ),
        "thank_you_text": text(
            "<p>Takk. Rapporten er lagret.</p>",
            "<p>Tack. Rapporten är sparad.</p>",
            "<p>Thank you. The report is saved.</p>",
        ),
    },
    settings={"audience": "reporters", "interviews": False},
    schedule={
        "frequency": "daily",
        "opens_at": "00:00",
        "closes_at": "23:59",
        "due_at": "10:00",
        "week_number": None,
        "remind_hours_before": 2,
        "list_audience": "staff",
    },
    questions=[
        question(
            "kind",
            "radio",
            label=text("Type plass", "Typ av plats", "Kind of place"),
            choices=options(
                ("bed", "Overnattingsplass (seng)", "Övernattningsplats (säng)", "Overnight bed"),
                ("room", "Rom", "Rum", "Room"),
                ("flat", "Leilighet", "Lägenhet", "Flat"),
            ),
        ),
        question(
            "places",
            "number",
            label=text("Plasser i alt", "Platser totalt", "Places in total"),
            min_value=0,
            max_value=500,
        ),
        question(
            "vacant",
            "number",
            label=text("Ledige nå", "Lediga nu", "Vacant now"),
            help_text=text(
                "Ikke flere enn plasser i alt.",
                "Inte fler än antalet platser totalt.",
                "No more than the places in total.",
            ),
            min_value=0,
            max_value=500,
        ),
        question(
            "target_groups",
            "checkboxes",
            label=text("Målgrupper", "Målgrupper", "Target groups"),
            help_text=TICK_ALL,
            choices=options(
                ("men", "Menn", "Män", "Men"),
                ("women", "Kvinner", "Kvinnor", "Women"),
                ("families", "Familier med barn", "Familjer med barn", "Families with children"),
                ("youth", "Ungdom (18–25 år)", "Unga (18–25 år)", "Youth (18–25)"),
                ("couples", "Par", "Par", "Couples"),
                ("pets", "Dyr tillatt", "Husdjur tillåtna", "Pets allowed"),
                (
                    "wheelchair",
                    "Tilgjengelig med rullestol",
                    "Tillgänglig med rullstol",
                    "Wheelchair access",
                ),
            ),
        ),
        question(
            "vacant_from",
            "date",
            label=text("Ledig fra", "Ledig från", "Vacant from"),
            help_text=text(
                "Når neste plass blir ledig, hvis ingen er ledig nå.",
                "När nästa plats blir ledig, om ingen är ledig nu.",
                "When the next place becomes vacant, if none is now.",
            ),
            required=False,
            min_value=0,
            max_value=365,
        ),
        question(
            "contact",
            "singleline",
            label=text("Kontaktperson", "Kontaktperson", "Contact person"),
            help_text=text(
                "Den som kan svare på spørsmål om plassene i dag.",
                "Den som kan svara på frågor om platserna i dag.",
                "Who can answer questions about the places today.",
            ),
        ),
        question("phone", "phone", label=text("Telefon", "Telefon", "Phone")),
        question(
            "note",
            "multiline",
            label=text("Merknad", "Anmärkning", "Note"),
            help_text=NOT_PERSONAL,
            required=False,
        ),
    ],
)


# 2. Homelessness count, Swedish model -------------------------------------------------------

SITUATIONS = options(
    (
        "acute",
        "Akutt bostedsløshet: i akuttbolig, krisebolig eller på natthjem, eller sover ute, i "
        "trappeoppganger, telt, bil eller lignende",
        "Akut hemlöshet: i akutboende, jourboende eller på härbärge, eller sover ute, i "
        "trapphus, tält, bil eller liknande",
        "Acute homelessness: in emergency or shelter accommodation, or sleeping outdoors, in "
        "stairwells, tents, cars or similar",
    ),
    (
        "institution",
        "Institusjon eller støttebolig: i fengsel, behandling eller støttebolig, skal flytte "
        "innen 3 måneder etter måleuken uten at bolig er ordnet",
        "Institutionsvistelse och stödboende: på anstalt, i behandling eller stödboende, ska "
        "flytta inom 3 månader efter mätveckan utan ordnad bostad",
        "Institution or supported housing: in prison, treatment or supported housing, due to "
        "move out within 3 months of the count week with no home arranged",
    ),
    (
        "long_term",
        "Langsiktig boløsning: i en bolig kommunen har ordnet på særlige vilkår "
        "(treningsbolig, sosial kontrakt) fordi personen ikke får bolig på det ordinære "
        "markedet",
        "Långsiktiga boendelösningar: i en bostad som kommunen ordnat med särskilda villkor "
        "(träningslägenhet, socialt kontrakt) eftersom personen inte får en bostad på den "
        "ordinarie marknaden",
        "Long-term housing solution: in a home the municipality arranged on conditions "
        "(training flat, social contract) for lack of a home on the ordinary market",
    ),
    (
        "own_short_term",
        "Eget ordnet kortsiktig bosted: bor midlertidig hos venner eller familie, eller i "
        "fremleie kortere enn 3 måneder, og er kjent for enheten",
        "Eget ordnat kortsiktigt boende: bor tillfälligt hos vänner eller familj, eller i "
        "andrahand kortare än 3 månader, och är känd av enheten",
        "Own short-term arrangement: staying temporarily with friends or family, or in a "
        "sublet of under 3 months, known to the unit",
    ),
)
UNKNOWN = ("unknown", "Ukjent", "Okänt", "Unknown")
AGE_BANDS = options(
    ("under_18", "Under 18 år", "Under 18 år", "Under 18"),
    ("18_24", "18–24 år", "18–24 år", "18–24"),
    ("25_34", "25–34 år", "25–34 år", "25–34"),
    ("35_44", "35–44 år", "35–44 år", "35–44"),
    ("45_54", "45–54 år", "45–54 år", "45–54"),
    ("55_64", "55–64 år", "55–64 år", "55–64"),
    ("65_plus", "65 år eller eldre", "65 år eller äldre", "65 or older"),
    UNKNOWN,
)
INCOME = options(
    ("work", "Arbeid", "Arbete", "Work"),
    ("social_assistance", "Økonomisk sosialhjelp", "Ekonomiskt bistånd", "Social assistance"),
    (
        "benefits",
        "Trygd, sykepenger eller dagpenger",
        "Ersättning från Försäkringskassan eller a-kassan",
        "Sickness, disability or unemployment benefits",
    ),
    ("pension", "Pensjon", "Pension", "Pension"),
    ("study", "Studiestøtte", "Studiemedel", "Student support"),
    ("none", "Ingen inntekt", "Ingen inkomst", "No income"),
    UNKNOWN,
)
FACTORS = options(
    ("debt", "Økonomi eller gjeld", "Ekonomi eller skulder", "Money or debt"),
    ("eviction", "Utkastelse", "Vräkning", "Eviction"),
    ("addiction", "Rusproblemer", "Missbruk", "Substance use"),
    ("mental_health", "Psykisk helse", "Psykisk ohälsa", "Mental health"),
    ("breakup", "Samlivsbrudd", "Separation", "Relationship breakdown"),
    ("violence", "Vold i nære relasjoner", "Våld i nära relation", "Domestic violence"),
    ("release", "Løslatelse fra fengsel", "Frigivning från anstalt", "Release from prison"),
    ("new_arrival", "Nylig kommet til landet", "Nyanländ", "Recently arrived in the country"),
    ("dont_know", "Vet ikke", "Vet inte", "Don't know"),
)

HOMELESSNESS_COUNT = definition(
    "survey",
    page={
        "title": text(
            "Kartlegging av bostedsløshet", "Kartläggning av hemlöshet", "Homelessness count"
        ),
        "intro": text(
            "<p>Fyll ut ett skjema for hver person eller husholdning enheten kjente til i "
            "måleuken. Skjemaet gjelder personen eller husholdningen, ikke enheten. Kjenner "
            "flere enheter samme person, melder hver enhet for seg: personnummeret brukes bare "
            "til å finne dem som er meldt to ganger.</p>",
            "<p>Fyll i en blankett för varje person eller hushåll som enheten kände till under "
            "mätveckan. Blanketten gäller personen eller hushållet, inte enheten. Känner flera "
            "enheter till samma person rapporterar varje enhet för sig: personnumret används "
            "bara för att hitta dem som rapporterats två gånger.</p>",
            "<p>Fill in one form for each person or household the unit knew of during the "
            "count week. The form is about the person or household, not the unit. If several "
            "units know the same person, each reports separately: the personal identity number "
            "is only used to find people reported twice.</p>",
        ),
        "thank_you_text": text(
            "<p>Takk. Skjemaet er lagret; fyll ut et nytt for neste person eller husholdning.</p>",
            "<p>Tack. Blanketten är sparad; fyll i en ny för nästa person eller hushåll.</p>",
            "<p>Thank you. The form is saved; fill in a new one for the next person or "
            "household.</p>",
        ),
    },
    settings={"audience": "reporters", "interviews": False},
    questions=[
        question(
            "situation_heading",
            "heading",
            label=text("Situasjon i måleuken", "Situation under mätveckan", "The count week"),
        ),
        question(
            "subject",
            "radio",
            label=text(
                "Gjelder skjemaet en person eller en husholdning?",
                "Gäller blanketten en person eller ett hushåll?",
                "Is this form about a person or a household?",
            ),
            choices=options(
                ("person", "En person", "En person", "One person"),
                (
                    "household",
                    "En husholdning (flere personer)",
                    "Ett hushåll (flera personer)",
                    "A household (several people)",
                ),
            ),
        ),
        question(
            "situation",
            "radio",
            label=text(
                "Hvilken situasjon gjaldt i måleuken?",
                "Vilken situation gällde under mätveckan?",
                "Which situation applied in the count week?",
            ),
            help_text=text(
                "Velg den ene situasjonen som passer best.",
                "Välj den situation som stämmer bäst.",
                "Choose the one situation that fits best.",
            ),
            choices=SITUATIONS,
        ),
        question(
            "personal_number",
            "id_number_se",
            label=text("Svensk personnummer", "Personnummer", "Swedish personal identity number"),
            help_text=text(
                "Brukes bare til å finne samme person meldt to ganger. Lagres som en "
                "nøkkelhash, aldri som selve nummeret. La feltet stå tomt hvis personen ikke "
                "har personnummer eller du ikke kjenner det.",
                "Används bara för att hitta samma person rapporterad två gånger. Sparas som en "
                "nyckelhash, aldrig som själva numret. Lämna fältet tomt om personen saknar "
                "personnummer eller om du inte känner till det.",
                "Only used to find the same person reported twice. Stored as a keyed hash, "
                "never as the number itself. Leave it empty if the person has none or you do "
                "not know it.",
            ),
            required=False,
        ),
        question(
            "person_heading",
            "heading",
            label=text("Om personen", "Om personen", "About the person"),
        ),
        question("age_band", "dropdown", label=text("Alder", "Ålder", "Age"), choices=AGE_BANDS),
        question(
            "sex",
            "radio",
            label=text("Kjønn", "Kön", "Sex"),
            choices=options(
                ("woman", "Kvinne", "Kvinna", "Woman"),
                ("man", "Mann", "Man", "Man"),
                ("other_unknown", "Annet eller ukjent", "Annat eller okänt", "Other or unknown"),
            ),
        ),
        question(
            "birth_country",
            "radio",
            label=text("Fødeland", "Födelseland", "Country of birth"),
            choices=options(
                ("sweden", "Født i Sverige", "Född i Sverige", "Born in Sweden"),
                ("abroad", "Født utenfor Sverige", "Född utanför Sverige", "Born outside Sweden"),
                UNKNOWN,
            ),
        ),
        question(
            "children",
            "yesno",
            label=text(
                "Er det barn under 18 år i husholdningen?",
                "Finns det barn under 18 år i hushållet?",
                "Are there children under 18 in the household?",
            ),
        ),
        question(
            "children_count",
            "number",
            label=text(
                "Hvor mange barn under 18 år?",
                "Hur många barn under 18 år?",
                "How many children under 18?",
            ),
            unit=text("barn", "barn", "children"),
            min_value=1,
            max_value=15,
            required=False,
            rule=("children", "eq", "yes"),
        ),
        question(
            "income",
            "radio",
            label=text(
                "Viktigste inntektskilde", "Huvudsaklig inkomstkälla", "Main source of income"
            ),
            choices=INCOME,
        ),
        question(
            "factors",
            "checkboxes",
            label=text(
                "Hva har bidratt til situasjonen?",
                "Vad har bidragit till situationen?",
                "What has contributed to the situation?",
            ),
            help_text=TICK_ALL,
            choices=FACTORS,
            allow_other=True,
            required=False,
        ),
    ],
)


# 3. Tenant follow-up phone survey (Oslo, Hjemveien II) --------------------------------------

REACHED = "reached"
GOALS = options(
    ("rent_private", "Leie privat", "Hyra privat", "Rent privately"),
    ("buy", "Kjøpe med startlån", "Köpa med startlån", "Buy with a start loan"),
    ("stay", "Bli boende med oppfølging", "Bo kvar med stöd", "Stay on with follow-up"),
    ("unknown", "Vet ikke ennå", "Vet inte än", "Not known yet"),
)
TOPICS = options(
    ("rent_private", "Leie privat", "Hyra privat", "Renting privately"),
    ("start_loan", "Startlån", "Startlån (kommunalt bostadslån)", "Start loan"),
    ("allowance", "Bostøtte", "Bostadsbidrag", "Housing allowance"),
    ("grant", "Tilskudd til etablering", "Bidrag för att skaffa bostad", "Grant to buy a home"),
    ("follow_up", "Oppfølging i boligen", "Boendestöd", "Follow-up in the home"),
)

TENANT_FOLLOW_UP = definition(
    "survey",
    page={
        "title": text("Oppfølging av leietakere", "Uppföljning av hyresgäster", "Tenant follow-up"),
        "intro": text(
            "<p>Oppfølgingssamtale med husstander som har fått vedtak om kommunal bolig med "
            "lenke til boplan-veilederen. Intervjueren fyller ut skjemaet under samtalen og "
            "fører hvert oppringingsforsøk.</p>",
            "<p>Uppföljningssamtal med hushåll som har fått beslut om kommunal bostad med en "
            "länk till guiden om boendeplanen. Intervjuaren fyller i formuläret under samtalet "
            "och för in varje uppringningsförsök.</p>",
            "<p>Follow-up call to households that received a decision on a municipal home with "
            "a link to the housing plan guide. The interviewer fills in the form during the "
            "call and records each call attempt.</p>",
        ),
        "thank_you_text": text(
            "<p>Takk. Svaret er lagret.</p>",
            "<p>Tack. Svaret är sparat.</p>",
            "<p>Thank you. The answer is saved.</p>",
        ),
    },
    settings={"audience": "invited", "interviews": True},
    questions=[
        question(
            "read_aloud",
            "info",
            label=text("Les opp", "Läs upp", "Read aloud"),
            help_text=text(
                "«Hei, jeg ringer fra boligkontoret. Du fikk nylig et vedtak om bolig med en "
                "lenke til en veileder om veien videre. Har du noen minutter til å svare på "
                "noen spørsmål om den?»",
                "”Hej, jag ringer från bostadsenheten. Du fick nyligen ett beslut om bostad med "
                "en länk till en guide om vägen vidare. Har du några minuter att svara på några "
                "frågor om den?”",
                "“Hello, I am calling from the housing office. You recently received a housing "
                "decision with a link to a guide about the way ahead. Do you have a few minutes "
                "to answer some questions about it?”",
            ),
        ),
        question("district", "hidden", label=text("Bydel", "Stadsdel", "District")),
        question(
            "reached",
            "radio",
            label=text(
                "Fikk du snakke med husstanden?",
                "Fick du tala med hushållet?",
                "Did you reach the household?",
            ),
            choices=options(
                (REACHED, "Ja, vi snakket sammen", "Ja, vi pratade", "Yes, we talked"),
                ("no_answer", "Svarte ikke", "Svarade inte", "No answer"),
                ("call_back", "Ring tilbake senere", "Ring tillbaka senare", "Call back later"),
                ("refused", "Ønsket ikke å svare", "Ville inte svara", "Did not want to answer"),
            ),
        ),
        question(
            "about_guide",
            "pagebreak",
            label=text("Om veilederen", "Om guiden", "About the guide"),
            rule=("reached", "eq", REACHED),
        ),
        question(
            "guide_received",
            "yesno",
            label=text(
                "Fikk husstanden lenken til veilederen sammen med vedtaket?",
                "Fick hushållet länken till guiden tillsammans med beslutet?",
                "Did the household get the link to the guide with the decision?",
            ),
        ),
        question(
            "guide_opened",
            "yesno",
            label=text(
                "Har husstanden åpnet veilederen?",
                "Har hushållet öppnat guiden?",
                "Has the household opened the guide?",
            ),
            rule=("guide_received", "eq", "yes"),
        ),
        question(
            "guide_useful",
            "scale",
            label=text(
                "Hvor nyttig var veilederen?",
                "Hur användbar var guiden?",
                "How useful was the guide?",
            ),
            min_value=1,
            max_value=6,
            min_label=text("Ikke nyttig", "Inte användbar", "Not useful"),
            max_label=text("Svært nyttig", "Mycket användbar", "Very useful"),
            rule=("guide_opened", "eq", "yes"),
        ),
        question(
            "useful_topics",
            "checkboxes",
            label=text(
                "Hvilke temaer var mest nyttige?",
                "Vilka teman var mest användbara?",
                "Which topics were most useful?",
            ),
            help_text=TICK_ALL,
            choices=TOPICS,
            allow_other=True,
            required=False,
            rule=("guide_opened", "eq", "yes"),
        ),
        question(
            "housing_plan",
            "pagebreak",
            label=text("Boplan", "Boendeplan", "Housing plan"),
            rule=("reached", "eq", REACHED),
        ),
        question(
            "goal",
            "radio",
            label=text(
                "Hva er husstandens mål for neste bolig?",
                "Vad är hushållets mål för nästa bostad?",
                "What is the household's goal for its next home?",
            ),
            choices=GOALS,
        ),
        question(
            "household_size",
            "number",
            label=text(
                "Hvor mange bor i husstanden?",
                "Hur många bor i hushållet?",
                "How many people live in the household?",
            ),
            unit=text("personer", "personer", "people"),
            min_value=1,
            max_value=15,
        ),
        question(
            "note",
            "multiline",
            label=text("Notater fra samtalen", "Anteckningar från samtalet", "Notes from the call"),
            help_text=text(
                "Ikke skriv sensitive opplysninger her.",
                "Skriv inga känsliga uppgifter här.",
                "Do not write sensitive information here.",
            ),
            required=False,
        ),
    ],
)


# 4. Elderly-care user survey ------------------------------------------------------------------

SIMPLE = "simple"
HELPER_ANSWERS = ("who_answers", "in", "helper, together")
# (key, theme in nb/sv/en, statements as (code, nb, sv, en), the simple question in nb/sv/en)
THEMES = [
    (
        "self_determination",
        ("Selvbestemmelse", "Självbestämmande", "Self-determination"),
        [
            (
                "decide_daily",
                "Jeg kan bestemme over ting som er viktige for meg i hverdagen.",
                "Jag kan bestämma över saker som är viktiga för mig i vardagen.",
                "I can decide on things that matter to me in everyday life.",
            ),
            (
                "own_times",
                "Jeg kan selv velge når jeg står opp og legger meg.",
                "Jag kan själv välja när jag går upp och lägger mig.",
                "I can choose for myself when I get up and go to bed.",
            ),
        ],
        ("Får du bestemme selv?", "Får du bestämma själv?", "Do you get to decide for yourself?"),
    ),
    (
        "well_being",
        ("Trivsel", "Trivsel", "Well-being"),
        [
            (
                "content",
                "Jeg trives med hjelpen jeg får.",
                "Jag trivs med den hjälp jag får.",
                "I am content with the help I receive.",
            ),
            (
                "activities",
                "Jeg har nok å gjøre som jeg liker.",
                "Jag har tillräckligt med saker att göra som jag tycker om.",
                "I have enough to do that I enjoy.",
            ),
        ],
        ("Trives du?", "Trivs du?", "Do you like it here?"),
    ),
    (
        "safety",
        ("Trygghet", "Trygghet", "Safety"),
        [
            (
                "feel_safe",
                "Jeg føler meg trygg når jeg får hjelp.",
                "Jag känner mig trygg när jag får hjälp.",
                "I feel safe when I am being helped.",
            ),
            (
                "help_in_time",
                "Jeg får hjelp når jeg trenger det.",
                "Jag får hjälp när jag behöver det.",
                "I get help when I need it.",
            ),
        ],
        ("Føler du deg trygg?", "Känner du dig trygg?", "Do you feel safe?"),
    ),
    (
        "involvement",
        ("Medvirkning", "Delaktighet", "User involvement"),
        [
            (
                "say_in_help",
                "Jeg får være med og bestemme hvordan hjelpen skal være.",
                "Jag får vara med och bestämma hur hjälpen ska utformas.",
                "I have a say in how my help is given.",
            ),
            (
                "listened_to",
                "De ansatte hører på det jeg sier.",
                "Personalen lyssnar på vad jag säger.",
                "The staff listen to what I say.",
            ),
        ],
        (
            "Får du være med og bestemme hvordan du får hjelp?",
            "Får du vara med och bestämma hur du får hjälp?",
            "Do you get a say in how you are helped?",
        ),
    ),
    (
        "respect",
        ("Respektfull behandling", "Respektfullt bemötande", "Respectful treatment"),
        [
            (
                "treated_with_respect",
                "De ansatte behandler meg med respekt.",
                "Personalen bemöter mig med respekt.",
                "The staff treat me with respect.",
            ),
            (
                "privacy",
                "De ansatte tar hensyn til privatlivet mitt.",
                "Personalen tar hänsyn till mitt privatliv.",
                "The staff respect my privacy.",
            ),
        ],
        (
            "Er de som hjelper deg, hyggelige mot deg?",
            "Är de som hjälper dig vänliga mot dig?",
            "Are the people who help you kind to you?",
        ),
    ),
    (
        "information",
        ("Informasjon", "Information", "Information"),
        [
            (
                "told_of_changes",
                "Jeg får beskjed når noe endres i hjelpen jeg får.",
                "Jag får besked när något ändras i den hjälp jag får.",
                "I am told when something changes in the help I receive.",
            ),
            (
                "whom_to_ask",
                "Jeg vet hvem jeg kan kontakte hvis jeg har spørsmål eller vil klage.",
                "Jag vet vem jag kan kontakta om jag har frågor eller vill klaga.",
                "I know whom to contact if I have questions or want to complain.",
            ),
        ],
        (
            "Får du vite det du trenger å vite?",
            "Får du veta det du behöver veta?",
            "Are you told what you need to know?",
        ),
    ),
]


def agreement_matrices() -> list[dict]:
    """One matrix per theme: its statements on the 1 (fully disagree) to 6 (fully agree) scale."""
    return [
        question(
            key,
            "matrix",
            label=text(*theme),
            statements=options(*statements),
            min_value=1,
            max_value=6,
            min_label=text("Helt uenig", "Instämmer inte alls", "Fully disagree"),
            max_label=text("Helt enig", "Instämmer helt", "Fully agree"),
            required=False,
        )
        for key, theme, statements, _simple in THEMES
    ]


def simple_questions() -> list[dict]:
    """The same themes as one Yes / No / Don't know question each (the easy-read version)."""
    return [
        question(f"simple_{key}", "yesno", label=text(*simple), required=False)
        for key, _theme, _statements, simple in THEMES
    ]


ELDERLY_CARE_USER_SURVEY = definition(
    "survey",
    page={
        "title": text(
            "Hva synes du om hjelpen du får?",
            "Vad tycker du om hjälpen du får?",
            "What do you think of the help you receive?",
        ),
        "intro": text(
            "<p>Vi vil gjerne vite hva du synes om hjelpen du får fra kommunen. Vi spør ikke "
            "om navnet ditt, og svarene brukes bare samlet, for å gjøre tjenestene bedre. Du kan "
            "svare selv, sammen med en du stoler på, eller la en hjelper svare for deg.</p>",
            "<p>Vi vill gärna veta vad du tycker om hjälpen du får från kommunen. Vi frågar "
            "inte efter ditt namn, och svaren används bara sammanställda, för att göra "
            "verksamheten bättre. Du kan svara själv, tillsammans med någon du litar på, eller "
            "låta en hjälpare svara åt dig.</p>",
            "<p>We would like to know what you think of the help you receive from the "
            "municipality. We do not ask for your name, and the answers are only used together, "
            "to improve the services. You can answer yourself, together with someone you "
            "trust, or let a helper answer for you.</p>",
        ),
        "thank_you_text": text(
            "<p>Takk for at du svarte!</p>",
            "<p>Tack för att du svarade!</p>",
            "<p>Thank you for answering!</p>",
        ),
    },
    settings={"audience": "public", "interviews": False},
    questions=[
        question("service_code", "hidden", label=text("Enhetskode", "Enhetskod", "Unit code")),
        question(
            "form_version",
            "hidden",
            label=text("Skjemaversjon", "Formulärversion", "Form version"),
            default_value="standard",
        ),
        question(
            "who_answers",
            "radio",
            label=text(
                "Hvem svarer på spørsmålene?",
                "Vem besvarar frågorna?",
                "Who is answering the questions?",
            ),
            choices=options(
                ("self", "Jeg som får hjelpen", "Jag som får hjälpen", "I, who receive the help"),
                (
                    "helper",
                    "En hjelper, på vegne av den som får hjelpen",
                    "En hjälpare, för den som får hjälpen",
                    "A helper, on behalf of the person who receives the help",
                ),
                (
                    "together",
                    "Den som får hjelpen og en hjelper sammen",
                    "Den som får hjälpen och en hjälpare tillsammans",
                    "The person who receives the help and a helper together",
                ),
            ),
        ),
        question(
            "helper_relation",
            "radio",
            label=text(
                "Hva er hjelperens forhold til den som får hjelpen?",
                "Vilken relation har hjälparen till den som får hjälpen?",
                "What is the helper's relationship to the person who receives the help?",
            ),
            choices=options(
                ("family", "Familie eller annen pårørende", "Anhörig", "Family member"),
                ("friend", "Venn eller nabo", "Vän eller granne", "Friend or neighbour"),
                ("guardian", "Verge", "God man eller förvaltare", "Guardian"),
                ("staff", "Ansatt i tjenesten", "Personal i verksamheten", "Staff of the service"),
                ("other", "Annen", "Annan", "Someone else"),
            ),
            rule=HELPER_ANSWERS,
        ),
        question(
            "helper_views",
            "radio",
            label=text(
                "Hvem sine meninger gir svarene uttrykk for?",
                "Vems uppfattning speglar svaren?",
                "Whose views do the answers give?",
            ),
            choices=options(
                (
                    "person",
                    "Meningene til den som får hjelpen",
                    "Uppfattningen hos den som får hjälpen",
                    "The views of the person who receives the help",
                ),
                (
                    "interpreted",
                    "Det hjelperen tror den som får hjelpen mener",
                    "Det hjälparen tror att den som får hjälpen tycker",
                    "What the helper believes the person thinks",
                ),
                (
                    "helper",
                    "Hjelperens egne meninger",
                    "Hjälparens egen uppfattning",
                    "The helper's own views",
                ),
            ),
            rule=HELPER_ANSWERS,
        ),
        question(
            "statements",
            "pagebreak",
            label=text("Om hjelpen du får", "Om hjälpen du får", "About the help you receive"),
            help_text=text(
                "Hvor enig er du i påstandene? 1 betyr helt uenig og 6 betyr helt enig. Hopp "
                "over det du ikke kan svare på.",
                "Hur väl instämmer du i påståendena? 1 betyder instämmer inte alls och 6 "
                "betyder instämmer helt. Hoppa över det du inte kan svara på.",
                "How far do you agree with the statements? 1 means fully disagree and 6 fully "
                "agree. Skip what you cannot answer.",
            ),
            rule=("form_version", "ne", SIMPLE),
        ),
        *agreement_matrices(),
        question(
            "simple_version",
            "pagebreak",
            label=text("Om hjelpen din", "Om din hjälp", "About your help"),
            help_text=text(
                "Svar ja, nei eller vet ikke.",
                "Svara ja, nej eller vet inte.",
                "Answer yes, no or don't know.",
            ),
            rule=("form_version", "eq", SIMPLE),
        ),
        *simple_questions(),
        question("closing", "pagebreak", label=text("Til slutt", "Till sist", "Finally")),
        question(
            "comment",
            "multiline",
            label=text(
                "Er det noe annet du vil si om hjelpen du får?",
                "Är det något annat du vill säga om hjälpen du får?",
                "Is there anything else you would like to say about the help you receive?",
            ),
            help_text=text(
                "Ikke skriv navn eller annet som viser hvem du er.",
                "Skriv inte namn eller annat som visar vem du är.",
                "Do not write names or anything else that shows who you are.",
            ),
            required=False,
        ),
    ],
)


# The library ----------------------------------------------------------------------------------

SHIPPED: list[dict[str, Any]] = [
    {
        "key": "vacancy-inventory",
        "sector": "housing",
        "name": "Daglig kartlegging av ledige plasser",
        "description": (
            "Daglig rapport om ledige plasser fra botilbud og tilbydere, etter modell av "
            "Bolistan-lignende oversikter: hver enhet melder type plass, plasser i alt, ledige "
            "nå og målgrupper innen kl. 10, og sosialarbeidere søker i den gjeldende listen. "
            "Tilpass typene plass, målgruppene og fristene til kommunen, og velg hvilke enheter "
            "som skal rapportere før kartleggingen publiseres. Spørsmålene er enkle "
            "formuleringer laget for Boportal, ikke den offisielle ordlyden til Bolistan."
        ),
        "definition": VACANCY_INVENTORY,
    },
    {
        "key": "homelessness-count",
        "sector": "housing",
        "name": "Kartlegging av bostedsløshet (svensk modell)",
        "description": (
            "Ett skjema per person eller husholdning som enheten kjenner til i måleuken, etter "
            "Socialstyrelsens modell for kartlegging av hemløshet i Sverige (også brukt av "
            "Göteborg), med de fire situasjonene som kjerne og personnummeret lagret bare som "
            "en nøkkelhash for å finne dem som er meldt to ganger. Skriv måleuken inn i "
            "tittelen og innledningen, og tilpass alderbånd, inntektskilder og årsaker til "
            "egen kartlegging. Situasjonene er forklart kort med egne ord, og de andre "
            "spørsmålene er enkle formuleringer laget for Boportal, ikke Socialstyrelsens "
            "offisielle ordlyd."
        ),
        "definition": HOMELESSNESS_COUNT,
    },
    {
        "key": "tenant-follow-up",
        "sector": "housing",
        "name": "Oppfølging av leietakere etter veilederlenke",
        "description": (
            "Telefonoppfølging av husstander som har fått lenke til boplan-veilederen sammen "
            "med vedtaket, etter modell av Oslos Hjemveien II, der ansatte ringte husstandene "
            "og noterte om veilederen var mottatt, åpnet og nyttig. Intervjueren fyller ut "
            "skjemaet for husstanden og fører oppringingsforsøkene, og bydelen følger med "
            "invitasjonen som skjult verdi (district). Tilpass temaene til veilederen "
            "kommunen sender og teksten intervjueren leser opp. Spørsmålene er enkle "
            "formuleringer laget for Boportal, ikke den offisielle ordlyden fra Hjemveien II."
        ),
        "definition": TENANT_FOLLOW_UP,
    },
    {
        "key": "elderly-care-user-survey",
        "sector": "elderly-care",
        "name": "Brukerundersøkelse i eldreomsorgen",
        "description": (
            "Brukerundersøkelse for hjemmetjenester og sykehjem med påstander om "
            "selvbestemmelse, trivsel, trygghet, medvirkning, respektfull behandling og "
            "informasjon på en skala fra 1 (helt uenig) til 6 (helt enig), slik norske "
            "kommuner gjør på bedrekommune.no og svenske kommuner i «Vad tycker de äldre om "
            "äldreomsorgen»; en hjelper kan svare på vegne av personen og får da egne "
            "spørsmål. Invitasjonene og lenkene bærer enhetens kode (?service_code=...), slik at "
            "svarene kan rapporteres per enhet, og en lenke med ?form_version=simple gir den "
            "forenklede versjonen med Ja / Nei / Vet ikke for personer med "
            "utviklingshemming, ellers vises standardversjonen. Tilpass påstandene og "
            "enhetskodene til tjenestene deres; påstandene er enkle formuleringer laget for "
            "Boportal, ikke den offisielle ordlyden fra bedrekommune.no eller Socialstyrelsen."
        ),
        "definition": ELDERLY_CARE_USER_SURVEY,
    },
]
