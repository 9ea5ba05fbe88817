"""The demo's surveys: a tenant follow-up phone survey, in two versions, with answers.

The questions are plain placeholders written for the demo, not official
wording (see the survey's introduction). The answers are made up, drawn from a
fixed random seed, and stored through the same code as a real submission.
"""

import random
import uuid

from django.db import transaction
from wagtail.models import Site

from forms_ext.models import OrganisationUnit, SurveyField, SurveyPage, SurveySubmission
from forms_ext.submissions import store_submission

from .demo import DISTRICT_CODES
from .models import NavigationSettings, StandardPage

INTRO = (
    "<p>Oppfølgingssamtale med husstander som har fått vedtak om kommunal bolig, "
    "med lenke til boplan-veilederen. Saksbehandleren fyller ut skjemaet under samtalen.</p>"
    "<p>Spørsmålene er eksempler laget for denne demoen, ikke en offisiell ordlyd.</p>"
)

REACHED = "\n".join(
    [
        "yes | Ja, vi snakket sammen",
        "no_answer | Svarte ikke",
        "call_back | Ring tilbake senere",
        "refused | Ønsket ikke å svare",
    ]
)
TOPICS = "\n".join(
    [
        "rent_private | Leie privat",
        "start_loan | Startlån",
        "allowance | Bostøtte",
        "grant | Tilskudd til etablering",
        "follow_up | Oppfølging i boligen",
    ]
)
GOALS = "\n".join(
    [
        "rent_private | Leie privat",
        "buy | Kjøpe med startlån",
        "stay | Bli boende med oppfølging",
        "unknown | Vet ikke ennå",
    ]
)
LANGUAGES = (
    "nb | Norsk\nen | Engelsk\nar | Arabisk\nso | Somali\nuk | Ukrainsk\ninterpreter | Med tolk"
)

# (label, type, options); options are SurveyField attributes.
QUESTIONS_V1 = [
    (
        "Om samtalen",
        "info",
        {
            "help_text": "Les opp: «Vi ringer fra boligkontoret for å høre om veilederen "
            "du fikk med vedtaket.»"
        },
    ),
    ("Bydel", "hidden", {}),
    ("Fikk du snakke med husstanden?", "radio", {"choices": REACHED}),
    ("Om veilederen", "pagebreak", {"rule": ("fikk_du_snakke_med_husstanden", "eq", "yes")}),
    ("Fikk husstanden lenken til veilederen sammen med vedtaket?", "yesno", {}),
    (
        "Har husstanden åpnet veilederen?",
        "yesno",
        {"rule": ("fikk_husstanden_lenken_til_veilederen_sammen_med_vedtaket", "eq", "yes")},
    ),
    (
        "Hvor nyttig var veilederen?",
        "scale",
        {
            "min_value": 1,
            "max_value": 6,
            "min_label": "Ikke nyttig",
            "max_label": "Svært nyttig",
            "rule": ("har_husstanden_apnet_veilederen", "eq", "yes"),
        },
    ),
    (
        "Hvilke temaer var mest nyttige?",
        "checkboxes",
        {
            "choices": TOPICS,
            "allow_other": True,
            "required": False,
            "rule": ("har_husstanden_apnet_veilederen", "eq", "yes"),
        },
    ),
    ("Boplan", "pagebreak", {"rule": ("fikk_du_snakke_med_husstanden", "eq", "yes")}),
    ("Hva er husstandens mål for neste bolig?", "radio", {"choices": GOALS}),
    (
        "Hvor mange bor i husstanden?",
        "number",
        {"min_value": 1, "max_value": 15, "unit": "personer"},
    ),
    (
        "Dato for neste møte med boligkontoret",
        "date",
        {"required": False, "min_value": 0, "max_value": 365},
    ),
    (
        "Notater fra samtalen",
        "multiline",
        {"required": False, "help_text": "Ikke skriv sensitive opplysninger her."},
    ),
]
ADDED_IN_V2 = (
    "Samtalen ble gjort på",
    "dropdown",
    {
        "choices": LANGUAGES,
        "required": False,
    },
)


def _make_field(label, field_type, options) -> SurveyField:
    options = dict(options)
    rule = options.pop("rule", None)
    field = SurveyField(
        label=label,
        field_type=field_type,
        required=options.pop("required", field_type not in ("info", "hidden", "pagebreak")),
        **options,
    )
    if rule:
        field.rule_field, field.rule_operator, field.rule_value = rule
    return field


def _publish_fields(page: SurveyPage, questions) -> None:
    """Publish the page with these questions, keeping the existing ones (and their keys)."""
    existing = {field.label: field for field in page.form_fields.all()}
    fields = []
    for order, (label, field_type, options) in enumerate(questions):
        field = existing.get(label) or _make_field(label, field_type, options)
        field.sort_order = order
        fields.append(field)
    page.form_fields = fields
    page.save_revision().publish()


def _answers(rng: random.Random, page: SurveyPage) -> dict:
    reached = rng.choices(["yes", "no_answer", "call_back", "refused"], [70, 15, 10, 5])[0]
    answers = {
        "bydel": rng.choice(["nord", "sentrum", "sor"]),
        "fikk_du_snakke_med_husstanden": reached,
    }
    if reached != "yes":
        return answers
    received = rng.choices(["yes", "no", "dont_know"], [80, 15, 5])[0]
    answers["fikk_husstanden_lenken_til_veilederen_sammen_med_vedtaket"] = received
    if received == "yes":
        opened = rng.choices(["yes", "no"], [65, 35])[0]
        answers["har_husstanden_apnet_veilederen"] = opened
        if opened == "yes":
            answers["hvor_nyttig_var_veilederen"] = rng.choices(
                range(1, 7), [3, 5, 10, 25, 35, 22]
            )[0]
            answers["hvilke_temaer_var_mest_nyttige"] = rng.sample(
                ["rent_private", "start_loan", "allowance", "grant", "follow_up"], rng.randint(1, 3)
            )
    answers["hva_er_husstandens_mal_for_neste_bolig"] = rng.choice(
        ["rent_private", "buy", "stay", "unknown"]
    )
    answers["hvor_mange_bor_i_husstanden"] = rng.randint(1, 7)
    return answers


def _districts() -> dict[str, OrganisationUnit]:
    """The district units by the short code the survey's hidden "bydel" value carries."""
    units = OrganisationUnit.objects.in_bulk(DISTRICT_CODES.values(), field_name="code")
    return {short: units[code] for short, code in DISTRICT_CODES.items() if code in units}


def _submit_demo_answers(page: SurveyPage, count: int, rng: random.Random) -> None:
    page = SurveyPage.objects.get(pk=page.pk)
    fields = list(page.get_form_fields())
    districts = _districts()
    for _n in range(count):
        answers = _answers(rng, page)
        if "samtalen_ble_gjort_pa" in {f.clean_name for f in fields}:
            answers["samtalen_ble_gjort_pa"] = rng.choice(
                ["nb", "nb", "nb", "ar", "so", "interpreter"]
            )
        token = str(uuid.UUID(int=rng.getrandbits(128)))
        store_submission(page, fields, answers, token, "nb", unit=districts.get(answers["bydel"]))


def _assign_missing_units(page: SurveyPage) -> None:
    """Demo databases made before answers had units: give each its district."""
    districts = _districts()
    for submission in SurveySubmission.objects.filter(page=page, unit=None):
        submission.unit = districts.get(submission.form_data.get("bydel", ""))
        submission.save(update_fields=["unit"])


def _add_to_menu(page) -> None:
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    linked = [block.value.get("page") for block in navigation.main_menu]
    if any(linked_page and linked_page.pk == page.pk for linked_page in linked):
        return
    menu = [{"type": "link", "value": dict(block.value)} for block in navigation.main_menu]
    for item in menu:
        item["value"]["page"] = item["value"]["page"].pk if item["value"]["page"] else None
    menu.append({"type": "link", "value": {"page": page.pk, "url": "", "label": ""}})
    navigation.main_menu = menu
    navigation.save()


def seed_surveys(log) -> list[str]:
    """A surveys section with the tenant follow-up survey and ~50 answers over two versions."""
    home = Site.objects.get(is_default_site=True).root_page
    with transaction.atomic():
        section = home.get_children().filter(slug="surveys").first()
        if section is None:
            section = home.add_child(
                instance=StandardPage(
                    title="Undersøkelser",
                    slug="surveys",
                    intro="Skjemaer og undersøkelser fra boligkontoret.",
                )
            )
            section.save_revision().publish()
        _add_to_menu(section)
        existing = SurveyPage.objects.filter(slug="tenant-follow-up").first()
        if existing:
            _assign_missing_units(existing)
            return []
        page = section.add_child(
            instance=SurveyPage(
                title="Oppfølging av leietakere",
                slug="tenant-follow-up",
                intro=INTRO,
                thank_you_text="<p>Takk. Svaret er lagret.</p>",
                owner_unit=OrganisationUnit.objects.filter(code="fjordvik").first(),
            )
        )
        rng = random.Random(2026)  # noqa: S311 (demo data, not security)
        _publish_fields(page, QUESTIONS_V1)
        _submit_demo_answers(page, 30, rng)
        _publish_fields(page, [*QUESTIONS_V1[:3], ADDED_IN_V2, *QUESTIONS_V1[3:]])
        _submit_demo_answers(page, 22, rng)
    count = SurveySubmission.objects.filter(page=page).count()
    log(f"Created the tenant follow-up survey with {count} answers.")
    return []
