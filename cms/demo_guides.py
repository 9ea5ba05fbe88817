"""The demo's guides: the boplan guide (Norwegian and English) and the brochure "På vei hjem".

The texts are written for the demo from public descriptions of the boplan
guide and the "På vei hjem" folder; every amount is an example (marked
"eksempelbeløp"), not an official figure. Block ids are fixed (uuid5 of a
name), so that the English translation shares them with the Norwegian guide and
a tenant's personal plan keeps its key when the demo is built again.
"""

import datetime
import random
import uuid

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from guides.models import BrochurePage, GuideIndexPage, GuidePage, KeyFigure, LetterLink, LinkOpen

from .demo import Log, ensure_child, localize
from .demo_ar import AR_GUIDE, AR_GUIDES_INDEX
from .models import NavigationSettings

NAMESPACE = uuid.UUID("6f1c1f5e-2b9e-4c55-9a53-3d0f6f0b7a11")
EXAMPLE_SOURCE = "https://www.husbanken.no/"

# name, amount, unit (a symbol: words belong in the block's label, which is translated),
# months until review (negative: already past review)
FIGURES = {
    "rent": ("Eksempelbeløp: husleie, toroms i Fjordvik", 12500, "kr", 4),
    "deposit": ("Eksempelbeløp: depositum, tre måneders husleie", 37500, "kr", 4),
    "allowance": ("Eksempelbeløp: inntektsgrense for bostøtte, én person", 300000, "kr", -1),
    "loan": ("Eksempel: startlån, lengste nedbetalingstid i år", 50, "", 10),
}


def _id(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


def _block(kind: str, name: str, value) -> dict:
    return {"type": kind, "value": value, "id": _id(name)}


def _items(name: str, values: list) -> list[dict]:
    return [
        {"type": "item", "value": value, "id": _id(f"{name}-{number}")}
        for number, value in enumerate(values, start=1)
    ]


def _chapter(name: str, title: str, slug: str, body: list[dict]) -> dict:
    return _block("chapter", name, {"title": title, "slug": slug, "body": body})


def _steps(name: str, title: str, steps: list[tuple]) -> dict:
    """Steps from (title, text, optional, alternatives as (title, text) pairs)."""
    values = [
        {
            "title": title,
            "text": text,
            "optional": optional,
            "alternatives": _items(f"{name}-{n}-alt", [{"title": a, "text": b} for a, b in alts]),
        }
        for n, (title, text, optional, alts) in enumerate(steps, start=1)
    ]
    return _block("steps", name, {"title": title, "steps": _items(name, values)})


def _figure(name: str, figure: KeyFigure, label: str, note: str = "") -> dict:
    return _block("key_figure", name, {"figure": figure.pk, "label": label, "note": note})


def _contact(name: str, words: dict) -> dict:
    return _block("contact", name, {"phone": "+47 21 00 00 00", **words})


def _callout(name: str, kind: str, title: str, text: str) -> dict:
    return _block("callout", name, {"kind": kind, "title": title, "text": text})


def _list_block(kind: str, name: str, title: str, values: list, **extra) -> dict:
    return _block(kind, name, {"title": title, "items": _items(name, values), **extra})


NB = {
    "title": "Boplan – veien videre fra kommunal bolig",
    "intro": "Du har fått en kommunal bolig for en periode. Denne veilederen viser hva "
    "som finnes av hjelp for å leie privat, kjøpe egen bolig eller bli boende, og "
    "hjelper deg å lage din egen plan.",
    "contact": {
        "office": "Boligkontoret i Fjordvik",
        "email": "boligkontoret@fjordvik.example",
        "opening_hours": "Mandag–fredag 09.00–15.00\nTorsdag 09.00–18.00 (timeavtale)",
        "address": "Storgata 1\n9999 Fjordvik",
    },
    "c1": "Om boplanen",
    "c1_text": "<p>En kommunal bolig er som regel et tidsbestemt tilbud, ofte for tre år. "
    "Allerede nå er det lurt å tenke på hvor du vil bo etterpå. Boplanen er din plan: "
    "hvilket mål du har, hvilke steg som fører dit, og hvem som hjelper deg.</p>",
    "c1_steps": "Slik bruker du veilederen",
    "c1_s": [
        (
            "Les om mulighetene",
            "<p>Leie privat, kjøpe med startlån eller bli boende med "
            "oppfølging. Hvert kapittel forklarer én mulighet.</p>",
            False,
            [],
        ),
        (
            "Velg et mål i planen din",
            "<p>Under «Din boplan» velger du et mål, krysser av "
            "for steg og skriver datoer og notater.</p>",
            False,
            [],
        ),
        (
            "Ta med planen til neste møte",
            "<p>Skriv ut planen eller vis den på telefonen når du møter boligkontoret.</p>",
            False,
            [],
        ),
    ],
    "c2": "Leie privat",
    "c2_text": "<p>Mange flytter fra en kommunal bolig til en privat leiebolig. Du betaler "
    "husleie til en utleier og har en vanlig husleiekontrakt.</p>",
    "c2_rent": "Hva en toroms kan koste i måneden (eksempel)",
    "c2_deposit": "Depositum du kan måtte betale (eksempel)",
    "c2_deposit_note": "Beløpet er et eksempel i denne demoen, ikke et offisielt tall.",
    "c2_steps": "Fra annonse til nøkler",
    "c2_s": [
        (
            "Finn en bolig du har råd til",
            "<p>Regn med husleie, strøm og internett. Husk at du kan ha rett til bostøtte.</p>",
            False,
            [],
        ),
        (
            "Ordne depositum",
            "<p>Utleier ber som regel om depositum eller en garanti.</p>",
            False,
            [
                (
                    "Betal depositum selv",
                    "<p>Pengene settes på en egen depositumskonto i ditt navn.</p>",
                ),
                (
                    "Søk om depositumsgaranti",
                    "<p>NAV kan gi en garanti i stedet for "
                    "depositum. Søk i god tid før du skal signere.</p>",
                ),
            ],
        ),
        ("Søk bostøtte", "<p>Søk fra måneden du flytter inn.</p>", True, []),
    ],
    "c2_check": "Før du signerer kontrakten",
    "c2_check_items": [
        "Les hele husleiekontrakten",
        "Sjekk at depositumet står på en egen depositumskonto",
        "Ta bilder av boligen når du flytter inn",
        "Avtal hvordan du betaler husleie",
    ],
    "c3": "Kjøpe med startlån",
    "c3_text": "<p><b>Startlån</b> er et lån fra kommunen (lånt videre fra Husbanken) til deg "
    "som ikke får stort nok lån i banken. Har du varig lav inntekt, kan du også søke "
    "<b>tilskudd til etablering</b>, som kommer i tillegg til startlånet.</p>",
    "c3_loan": "Lengste nedbetalingstid for startlån, i år (eksempel)",
    "c3_steps": "Slik søker du",
    "c3_s": [
        (
            "Snakk med banken først",
            "<p>Spør banken hvor mye du kan låne. Svaret tar du med i søknaden.</p>",
            False,
            [],
        ),
        (
            "Søk startlån hos kommunen",
            "<p>Legg ved dokumentene i listen under.</p>",
            False,
            [
                ("Søk digitalt", "<p>Bruk søknadsskjemaet på kommunens nettsider.</p>"),
                ("Søk på papir", "<p>Hent skjemaet hos Boligkontoret, så hjelper vi deg.</p>"),
            ],
        ),
        ("Søk tilskudd til etablering", "<p>Bare hvis du har varig lav inntekt.</p>", True, []),
        ("Finn bolig og gi bud", "<p>Med finansieringsbevis kan du gi bud.</p>", False, []),
    ],
    "c3_docs": "Dokumenter til søknaden om startlån",
    "c3_docs_intro": "Har du ikke alt, ta med det du har. Vi hjelper deg med resten.",
    "c3_doc_items": [
        ("Skattemelding for de to siste årene", ""),
        ("Lønnsslipper eller utbetalingsslipper fra NAV", "De tre siste månedene"),
        ("Arbeidskontrakt", "Hvis du er i arbeid"),
        ("Oversikt over gjeld", "Lån, kredittkort og betalingsavtaler"),
        ("Svar fra banken", "Hvor mye banken vil låne deg"),
    ],
    "c4": "Bostøtte",
    "c4_text": "<p>Bostøtte er en statlig støtte til deg som har lav inntekt og høye "
    "boutgifter. Du kan få bostøtte både når du leier og når du eier.</p>",
    "c4_deadline": "Søk innen den 25.",
    "c4_deadline_text": "<p>Søknaden må være sendt innen den 25. i måneden. Bostøtten blir "
    "utbetalt rundt den 20. i måneden etter.</p>",
    "c4_limit": "Inntektsgrense for én person (eksempel)",
    "c5": "Bli boende",
    "c5_text": "<p>Noen ganger er det beste å bli boende der du er. Med "
    "<b>refinansiering</b> kan et startlån gjøre det mulig å beholde en bolig du eier. "
    "<b>Oppfølging i bolig</b> betyr at en veileder besøker deg og hjelper med det som er "
    "vanskelig, som regninger og avtaler.</p>",
    "c5_school": "Boligskole",
    "c5_school_text": "<p>Boligskolen er korte kurs om å bo: budsjett og regninger, "
    "vedlikehold, naboer og hva du gjør hvis noe går galt. Kursene er gratis.</p>",
    "c5_warning": "Ikke vent med husleien",
    "c5_warning_text": "<p>Har du problemer med å betale, ta kontakt med Boligkontoret før "
    "fristen. Det er lettere å finne en løsning tidlig.</p>",
    "c6": "Din boplan",
    "plan_title": "Min boplan",
    "plan_intro": "Velg et mål, kryss av når et steg er gjort, og skriv datoer og notater.",
    "goals": [
        (
            "Leie privat",
            "Flytte til en privat leiebolig.",
            [
                ("Sett opp et budsjett for husleie", "Boligkontoret kan hjelpe deg"),
                (
                    "Søk depositumsgaranti eller spar til depositum",
                    "Ta med leieavtale eller annonse",
                ),
                ("Søk bostøtte", "Innen den 25. i måneden"),
                ("Signer kontrakt og flytt", ""),
            ],
        ),
        (
            "Kjøpe med startlån",
            "Eie din egen bolig.",
            [
                ("Snakk med banken om lån", "Ta med lønnsslipper"),
                ("Samle dokumentene til søknaden", "Se listen i kapitlet om startlån"),
                ("Søk startlån og eventuelt tilskudd", ""),
                ("Finn bolig og gi bud", "Med finansieringsbevis"),
            ],
        ),
        (
            "Bli boende med oppfølging",
            "Bo trygt der du bor nå, med hjelp.",
            [
                ("Avtal møte med en veileder", "Boligkontoret setter deg i kontakt"),
                ("Meld deg på boligskolen", "Gratis kurs"),
                ("Lag en plan for regningene", ""),
            ],
        ),
    ],
    "faq": "Spørsmål og svar",
    "faq_items": [
        (
            "Hva skjer når leieavtalen min går ut?",
            "<p>Boligkontoret tar kontakt med deg i god "
            "tid. Sammen ser vi på hva som passer for deg videre.</p>",
        ),
        (
            "Blir planen min sendt til kommunen?",
            "<p>Nei. Det du skriver i planen blir bare "
            "lagret i nettleseren din. Vil du vise den til oss, kan du skrive den ut.</p>",
        ),
        (
            "Kan jeg få hjelp med søknaden?",
            "<p>Ja. Ring oss eller kom innom i åpningstiden, så hjelper vi deg.</p>",
        ),
    ],
}

EN = {
    "title": "Housing plan – moving on from a municipal flat",
    "intro": "You have a municipal flat for a period of time. This guide shows the help there "
    "is to rent privately, buy your own home or stay where you are, and helps you make "
    "your own plan.",
    "contact": {
        "office": "The Housing Office in Fjordvik",
        "email": "boligkontoret@fjordvik.example",
        "opening_hours": "Monday–Friday 9:00–15:00\nThursday 9:00–18:00 (by appointment)",
        "address": "Storgata 1\n9999 Fjordvik",
    },
    "c1": "About the housing plan",
    "c1_text": "<p>A municipal flat is usually offered for a limited time, often three years. "
    "It is wise to think now about where you want to live next. The housing plan is your "
    "plan: your goal, the steps that lead there, and who helps you.</p>",
    "c1_steps": "How to use this guide",
    "c1_s": [
        (
            "Read about your options",
            "<p>Renting privately, buying with a start loan or "
            "staying with follow-up. Each chapter explains one option.</p>",
            False,
            [],
        ),
        (
            "Choose a goal in your plan",
            "<p>Under “Your housing plan”, choose a goal, tick "
            "steps and write dates and notes.</p>",
            False,
            [],
        ),
        (
            "Bring the plan to your next meeting",
            "<p>Print the plan or show it on your phone when you meet the housing office.</p>",
            False,
            [],
        ),
    ],
    "c2": "Renting privately",
    "c2_text": "<p>Many people move from a municipal flat to a private rented home. You pay "
    "rent to a landlord and have an ordinary tenancy agreement.</p>",
    "c2_rent": "What a two-room flat may cost per month (example)",
    "c2_deposit": "Deposit you may have to pay (example)",
    "c2_deposit_note": "The amount is an example in this demo, not an official figure.",
    "c2_steps": "From advert to keys",
    "c2_s": [
        (
            "Find a home you can afford",
            "<p>Count rent, electricity and internet. You may "
            "have a right to housing allowance.</p>",
            False,
            [],
        ),
        (
            "Arrange the deposit",
            "<p>Landlords usually ask for a deposit or a guarantee.</p>",
            False,
            [
                (
                    "Pay the deposit yourself",
                    "<p>The money goes into a separate deposit account in your name.</p>",
                ),
                (
                    "Apply for a deposit guarantee",
                    "<p>NAV can give a guarantee instead of a "
                    "deposit. Apply well before you sign.</p>",
                ),
            ],
        ),
        ("Apply for housing allowance", "<p>Apply from the month you move in.</p>", True, []),
    ],
    "c2_check": "Before you sign the agreement",
    "c2_check_items": [
        "Read the whole tenancy agreement",
        "Check that the deposit is in a separate deposit account",
        "Take photos of the home when you move in",
        "Agree how you will pay the rent",
    ],
    "c3": "Buying with a start loan",
    "c3_text": "<p>A <b>start loan</b> is a loan from the municipality (lent on from the "
    "Norwegian State Housing Bank) for people who cannot get a large enough loan from a bank. "
    "If your income is "
    "permanently low, you can also apply for a <b>grant</b> on top of the start loan.</p>",
    "c3_loan": "Longest repayment time for a start loan, in years (example)",
    "c3_steps": "How to apply",
    "c3_s": [
        (
            "Talk to your bank first",
            "<p>Ask the bank how much you can borrow, and bring the "
            "answer with your application.</p>",
            False,
            [],
        ),
        (
            "Apply for a start loan from the municipality",
            "<p>Attach the documents in the list below.</p>",
            False,
            [
                ("Apply online", "<p>Use the application form on the municipality's website.</p>"),
                (
                    "Apply on paper",
                    "<p>Collect the form at the housing office, and we will help you.</p>",
                ),
            ],
        ),
        ("Apply for a grant", "<p>Only if your income is permanently low.</p>", True, []),
        (
            "Find a home and make an offer",
            "<p>With a financing certificate you can bid.</p>",
            False,
            [],
        ),
    ],
    "c3_docs": "Documents for a start-loan application",
    "c3_docs_intro": "If you do not have everything, bring what you have. We will help with "
    "the rest.",
    "c3_doc_items": [
        ("Tax returns for the last two years", ""),
        ("Pay slips or benefit statements from NAV", "The last three months"),
        ("Employment contract", "If you are in work"),
        ("Overview of your debts", "Loans, credit cards and payment plans"),
        ("The bank's answer", "How much the bank will lend you"),
    ],
    "c4": "Housing allowance",
    "c4_text": "<p>Housing allowance is state support for people with low income and high "
    "housing costs. You can get it both when you rent and when you own.</p>",
    "c4_deadline": "Apply by the 25th",
    "c4_deadline_text": "<p>Your application must be sent by the 25th of the month. The "
    "allowance is paid around the 20th of the following month.</p>",
    "c4_limit": "Income limit for one person (example)",
    "c5": "Staying where you are",
    "c5_text": "<p>Sometimes the best thing is to stay where you are. With "
    "<b>refinancing</b>, a start loan can make it possible to keep a home you own. "
    "<b>Follow-up at home</b> means that an adviser visits you and helps with what is "
    "difficult, such as bills and agreements.</p>",
    "c5_school": "Housing school",
    "c5_school_text": "<p>The housing school offers short courses on living in a home: budget "
    "and bills, maintenance, neighbours and what to do if something goes wrong. The courses "
    "are free.</p>",
    "c5_warning": "Do not put off the rent",
    "c5_warning_text": "<p>If you have trouble paying, contact the housing office before the "
    "due date. It is easier to find a solution early.</p>",
    "c6": "Your housing plan",
    "plan_title": "My housing plan",
    "plan_intro": "Choose a goal, tick a step when it is done, and write dates and notes.",
    "goals": [
        (
            "Rent privately",
            "Move to a private rented home.",
            [
                ("Make a budget for the rent", "The housing office can help you"),
                (
                    "Apply for a deposit guarantee or save for a deposit",
                    "Bring the tenancy agreement or the advert",
                ),
                ("Apply for housing allowance", "By the 25th of the month"),
                ("Sign the agreement and move", ""),
            ],
        ),
        (
            "Buy with a start loan",
            "Own your home.",
            [
                ("Talk to the bank about a loan", "Bring pay slips"),
                (
                    "Collect the documents for the application",
                    "See the list in the start-loan chapter",
                ),
                ("Apply for a start loan and perhaps a grant", ""),
                ("Find a home and make an offer", "With a financing certificate"),
            ],
        ),
        (
            "Stay with follow-up",
            "Live safely where you live now, with help.",
            [
                ("Arrange a meeting with an adviser", "The housing office puts you in touch"),
                ("Sign up for the housing school", "Free courses"),
                ("Make a plan for the bills", ""),
            ],
        ),
    ],
    "faq": "Questions and answers",
    "faq_items": [
        (
            "What happens when my tenancy ends?",
            "<p>The housing office contacts you in good "
            "time. Together we look at what suits you next.</p>",
        ),
        (
            "Is my plan sent to the municipality?",
            "<p>No. What you write in the plan is kept "
            "only in your browser. If you want to show it to us, you can print it.</p>",
        ),
        (
            "Can I get help with the application?",
            "<p>Yes. Call us or drop in during opening hours, and we will help you.</p>",
        ),
    ],
}


ENGLISH_INDEX = {"title": "Guides", "intro": "Guides and brochures from the housing office."}


def seed_figures() -> dict[str, KeyFigure]:
    """The example key figures; one is past its review-by date, for the admin's report."""
    today = timezone.localdate()
    figures = {}
    for key, (name, amount, unit, months) in FIGURES.items():
        figures[key], _created = KeyFigure.objects.get_or_create(
            name=name,
            defaults={
                "amount": amount,
                "unit": unit,
                "source": "Eksempelbeløp i demoen, ikke et offisielt tall",
                "source_url": EXAMPLE_SOURCE,
                "review_by": today + datetime.timedelta(days=30 * months),
            },
        )
    return figures


def _about(t: dict) -> dict:
    return _chapter(
        "about",
        t["c1"],
        "om-boplanen",
        [
            _block("text", "about-text", t["c1_text"]),
            _steps("about-steps", t["c1_steps"], t["c1_s"]),
            _contact("about-contact", t["contact"]),
        ],
    )


def _renting(t: dict, figures: dict) -> dict:
    return _chapter(
        "renting",
        t["c2"],
        "leie-privat",
        [
            _block("text", "renting-text", t["c2_text"]),
            _figure("renting-rent", figures["rent"], t["c2_rent"]),
            _steps("renting-steps", t["c2_steps"], t["c2_s"]),
            _figure("renting-deposit", figures["deposit"], t["c2_deposit"], t["c2_deposit_note"]),
            _list_block("checklist", "renting-check", t["c2_check"], t["c2_check_items"]),
        ],
    )


def _buying(t: dict, figures: dict) -> dict:
    documents = [{"name": name, "note": note} for name, note in t["c3_doc_items"]]
    return _chapter(
        "buying",
        t["c3"],
        "startlan",
        [
            _block("text", "buying-text", t["c3_text"]),
            _steps("buying-steps", t["c3_steps"], t["c3_s"]),
            _block(
                "heading", "buying-docs-heading", {"text": t["c3_docs"], "anchor": "dokumenter"}
            ),
            _list_block("documents", "buying-docs", "", documents, intro=t["c3_docs_intro"]),
            _figure("buying-loan", figures["loan"], t["c3_loan"]),
        ],
    )


def _allowance(t: dict, figures: dict) -> dict:
    return _chapter(
        "allowance",
        t["c4"],
        "bostotte",
        [
            _block("text", "allowance-text", t["c4_text"]),
            _callout("allowance-deadline", "deadline", t["c4_deadline"], t["c4_deadline_text"]),
            _figure("allowance-limit", figures["allowance"], t["c4_limit"]),
        ],
    )


def _staying(t: dict) -> dict:
    return _chapter(
        "staying",
        t["c5"],
        "bli-boende",
        [
            _block("text", "staying-text", t["c5_text"]),
            _block("heading", "staying-school-heading", {"text": t["c5_school"], "anchor": ""}),
            _block("text", "staying-school", t["c5_school_text"]),
            _callout("staying-warning", "warning", t["c5_warning"], t["c5_warning_text"]),
        ],
    )


def _plan(t: dict) -> dict:
    goals = [
        {
            "label": label,
            "description": description,
            "steps": _items(f"goal-{n}", [{"text": text, "hint": hint} for text, hint in steps]),
        }
        for n, (label, description, steps) in enumerate(t["goals"], start=1)
    ]
    plan = {"title": t["plan_title"], "intro": t["plan_intro"], "goals": _items("goals", goals)}
    questions = [{"question": q, "answer": a} for q, a in t["faq_items"]]
    return _chapter(
        "plan",
        t["c6"],
        "din-boplan",
        [
            _block("personal_plan", "plan", plan),
            _list_block("faq", "faq", t["faq"], questions),
            _contact("plan-contact", t["contact"]),
        ],
    )


def boplan_body(t: dict, figures: dict) -> list[dict]:
    """The guide's chapters in one language; block ids are the same in every language."""
    return [
        _about(t),
        _renting(t, figures),
        _buying(t, figures),
        _allowance(t, figures),
        _staying(t),
        _plan(t),
    ]


BROCHURE_INTRO = "Til deg som har fått kommunal bolig: det viktigste på ett ark."
BROCHURE_CHECK = [
    "Les leiekontrakten og spør om det du ikke forstår",
    "Meld flytting til Folkeregisteret",
    "Tegn innboforsikring",
    "Sett opp husleien som fast betaling",
]


def brochure_body() -> list[dict]:
    """The brochure "På vei hjem": short, to fit on both sides of one A4 sheet."""
    return [
        _block("heading", "home-moving-heading", {"text": "Før du flytter inn", "anchor": ""}),
        _list_block("checklist", "home-check", "", BROCHURE_CHECK),
        _block("heading", "home-rent-heading", {"text": "Husleie og bostøtte", "anchor": ""}),
        _block(
            "text",
            "home-rent",
            "<p>Husleien betales hver måned. Har du lav inntekt og "
            "høye boutgifter, kan du søke bostøtte.</p>",
        ),
        _callout(
            "home-deadline",
            "deadline",
            "Søk innen den 25.",
            "<p>Bostøtten blir utbetalt rundt den 20. i måneden etter.</p>",
        ),
        _block("heading", "home-help-heading", {"text": "Når noe er vanskelig", "anchor": ""}),
        _block(
            "text",
            "home-help",
            "<p>Ta kontakt tidlig hvis du ikke klarer å betale, "
            "eller hvis noe i boligen er i stykker. Vi finner en løsning sammen.</p>",
        ),
        _contact("home-contact", NB["contact"]),
    ]


def seed_pages(figures: dict, log: Log) -> tuple[GuideIndexPage, GuidePage]:
    """The guides index under the Norwegian home page, with the guide and the brochure."""
    home = Site.objects.get(is_default_site=True).root_page
    index = ensure_child(
        home,
        GuideIndexPage,
        "guides",
        title="Veiledere",
        intro="Veiledere og brosjyrer fra Boligkontoret i Fjordvik.",
    )
    brochure = ensure_child(
        index,
        BrochurePage,
        "pa-vei-hjem",
        title="På vei hjem",
        intro=BROCHURE_INTRO,
        body=brochure_body(),
    )
    guide = ensure_child(
        index,
        GuidePage,
        "boplan",
        title=NB["title"],
        intro=NB["intro"],
        body=boplan_body(NB, figures),
        related_pages=[{"type": "page", "value": brochure.pk, "id": _id("related-brochure")}],
    )
    return index, guide


def seed_translations(index: GuideIndexPage, guide: GuidePage, figures: dict) -> None:
    """The English and Arabic guides index and boplan guide, made through wagtail-localize.

    The brochure is left untranslated: under /en/ and /ar/ it is shown in
    Norwegian with a notice, as any page without a translation is.
    """
    texts = {
        "en": (ENGLISH_INDEX, EN),
        "ar": (AR_GUIDES_INDEX, AR_GUIDE),
    }
    languages = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    for code, (index_words, words) in texts.items():
        if code not in languages:
            continue
        locale = Locale.objects.get(language_code=code)
        localize(index, locale, title=index_words["title"], intro=index_words["intro"])
        localize(
            guide,
            locale,
            title=words["title"],
            intro=words["intro"],
            body=boplan_body(words, figures),
        )


def add_to_menu(page) -> None:
    """Add ``page`` to the end of the default site's main menu unless it is there."""
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    values = [block.value for block in navigation.main_menu]
    if any(value.get("page") and value["page"].pk == page.pk for value in values):
        return
    menu = [
        {"type": "link", "value": {**value, "page": value["page"].pk if value["page"] else None}}
        for value in values
    ]
    navigation.main_menu = [
        *menu,
        {"type": "link", "value": {"page": page.pk, "url": "", "label": ""}},
    ]
    navigation.save()


def grant_editors() -> None:
    """Editors may keep the key figures up to date, make letter links and translate pages."""
    editors = Group.objects.filter(name="Editors").first()
    if editors:
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="guides", codename__endswith="keyfigure"
            ),
            *Permission.objects.filter(
                content_type__app_label="guides",
                codename__in=["add_letterlink", "change_letterlink", "view_letterlink"],
            ),
            *Permission.objects.filter(
                content_type__app_label="wagtail_localize", codename="submit_translation"
            ),
        )


# code, page slug, language, chapter, district, decision type, letters a week
LINKS = [
    ("BPN7K2", "boplan", "nb", "", "nord", "municipal-flat", 14),
    ("BPS4MX", "boplan", "nb", "", "sentrum", "municipal-flat", 22),
    ("BPE9RT", "boplan", "en", "", "sor", "municipal-flat", 6),
    ("BPA5RW", "boplan", "ar", "", "nord", "municipal-flat", 4),
    ("SL3VQD", "boplan", "nb", "startlan", "sentrum", "start-loan", 9),
    ("BS6HWP", "boplan", "nb", "bostotte", "sor", "housing-allowance", 11),
    ("PV8ZCN", "pa-vei-hjem", "nb", "", "nord", "municipal-flat", 8),
]


def _demo_opens(link: LetterLink, per_week: int, rng: random.Random) -> list[LinkOpen]:
    """About eight weeks of opens: roughly half the letters opened, more on weekdays."""
    today = timezone.localdate()
    opens = []
    for days_ago in range(56, 0, -1):
        day = today - datetime.timedelta(days=days_ago)
        weight = 0.4 if day.weekday() >= 5 else 1.0
        count = sum(rng.random() < 0.5 * weight for _letter in range(round(per_week / 5)))
        if count:
            opens.append(LinkOpen(link=link, day=day, count=count))
    return opens


def seed_links() -> None:
    """Six letter links over the three districts, with eight weeks of opens (made once)."""
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    rng = random.Random(7)  # noqa: S311 - believable demo numbers, not a secret
    for code, slug, language, section, district, decision, per_week in LINKS:
        if LetterLink.objects.filter(code=code).exists() or language not in locales:
            continue
        page = Page.objects.get(slug=slug, locale__language_code="nb", depth__gt=2)
        link = LetterLink.objects.create(
            code=code,
            page=page,
            locale=locales[language],
            section=section,
            district=district,
            decision_type=decision,
        )
        LinkOpen.objects.bulk_create(_demo_opens(link, per_week, rng))


def seed_guides(log: Log) -> list[str]:
    """The demo step: key figures, the guides index, the boplan guide and the brochure."""
    with transaction.atomic():
        created = not GuidePage.objects.filter(slug="boplan").exists()
        figures = seed_figures()
        index, guide = seed_pages(figures, log)
        seed_translations(index, guide, figures)
        add_to_menu(index)
        grant_editors()
        seed_links()
    if created:
        log(f"Created the guides at {guide.url} and {guide.url}print/.")
    return []
