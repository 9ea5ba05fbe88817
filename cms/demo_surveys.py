"""The demo's surveys: a tenant follow-up phone survey, in two versions, with answers,
invitations and phone calls.

The questions are plain placeholders written for the demo, not official
wording (see the survey's introduction). The answers are made up, drawn from a
fixed random seed, and stored through the same code as a real submission.
"""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Site

from forms_ext.keys import answer_key
from forms_ext.models import (
    CallAttempt,
    Channel,
    Invitation,
    OrganisationUnit,
    SurveyField,
    SurveyPage,
    SurveySubmission,
    SurveyVersion,
)
from forms_ext.submissions import store_submission

from .demo import DISTRICT_CODES, translate
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


def _submit_demo_answers(
    page: SurveyPage, count: int, rng: random.Random, days_ago: tuple[int, int]
) -> None:
    """``count`` answers, sent between ``days_ago[0]`` and ``days_ago[1]`` days ago."""
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
        submission = store_submission(
            page, fields, answers, token, "nb", unit=districts.get(answers["bydel"])
        )
        when = timezone.now() - datetime.timedelta(
            days=rng.randint(*days_ago), hours=rng.randint(0, 6), minutes=rng.randint(0, 59)
        )
        SurveySubmission.objects.filter(pk=submission.pk).update(submit_time=when)


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


SECTION = {
    "en": ("Surveys", "Forms and surveys from the housing office."),
    "sv": ("Undersökningar", "Formulär och undersökningar från bostadskontoret."),
}


def _translate_section(section: StandardPage) -> None:
    """The section in English and Swedish, so that a survey can be translated under it."""
    for code, (title, intro) in SECTION.items():
        locale = Locale.objects.filter(language_code=code).first()
        if locale is not None and section.get_parent().get_translation_or_none(locale):
            translate(section, locale, title=title, intro=intro)


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
        _translate_section(section)
        _add_to_menu(section)
        existing = SurveyPage.objects.filter(slug="tenant-follow-up").first()
        if existing:
            _assign_missing_units(existing)
            seed_invitations(existing, log)
            return []
        page = section.add_child(
            instance=SurveyPage(
                title="Oppfølging av leietakere",
                slug="tenant-follow-up",
                intro=INTRO,
                thank_you_text="<p>Takk. Svaret er lagret.</p>",
                owner_unit=OrganisationUnit.objects.filter(code="fjordvik").first(),
                interviews=True,
            )
        )
        rng = random.Random(2026)  # noqa: S311 (demo data, not security)
        _publish_fields(page, QUESTIONS_V1)
        _submit_demo_answers(page, 30, rng, days_ago=(29, 56))
        _publish_fields(page, [*QUESTIONS_V1[:3], ADDED_IN_V2, *QUESTIONS_V1[3:]])
        _submit_demo_answers(page, 22, rng, days_ago=(1, 27))
        for number, days in ((1, 57), (2, 28)):  # published before their answers
            SurveyVersion.objects.filter(survey_key=page.translation_key, number=number).update(
                created_at=timezone.now() - datetime.timedelta(days=days)
            )
        seed_invitations(page, log)
    count = SurveySubmission.objects.filter(page=page).count()
    log(f"Created the tenant follow-up survey with {count} answers.")
    return []


# Invented tenants (name, district, language, what happened); the e-mail address and the
# phone number follow from the position in the list. None of them is a real person.
TENANTS = [
    ("Kari Testesen", "nord", "nb", "answered"),
    ("Ola Eksempelsen", "nord", "nb", "sent"),
    ("Per Prøvesen", "nord", "", "call_back"),
    ("Lise Demodatter", "nord", "nb", "not_sent"),
    ("Nils Fiktivsen", "sentrum", "nb", "answered"),
    ("Anne Oppdiktet", "sentrum", "en", "sent"),
    ("Jonas Testmann", "sentrum", "nb", "revoked"),
    ("Sara Prøvedatter", "sentrum", "", "no_answer"),
    ("Ali Eksempel", "sor", "nb", "answered"),
    ("Fatima Testdotter", "sor", "en", "expired"),
    ("Ivan Demosen", "sor", "nb", "refused"),
    ("Mona Fiktiv", "sor", "", "not_sent"),
]


def _demo_invitation(page, index: int, tenant: tuple, districts: dict, now) -> Invitation:
    name, district, language, state = tenant
    invitation = Invitation(
        page=page,
        unit=districts[district],
        name=name,
        email=f"{answer_key(name).replace('_', '.')}@fjordvik.example",
        phone=f"4{index:02d} 00 {index:03d}",
        language=language,
        prefill={"bydel": district},
        expires_at=now + datetime.timedelta(days=-1 if state == "expired" else 30),
        revoked_at=now if state == "revoked" else None,
    )
    if state in ("sent", "answered", "revoked", "expired"):
        invitation.new_token()  # the secret is dropped: a demo link is never shown
        invitation.delivery, invitation.sent_at = Invitation.Delivery.SENT, now
    invitation.save()
    return invitation


def _demo_calls(invitation: Invitation, state: str, interviewer, now) -> None:
    """Call attempts: a miss before each outcome, then the outcome itself."""
    calls = {
        "no_answer": ["no_answer"],
        "call_back": ["no_answer", "call_back"],
        "refused": ["refused"],
        "answered": ["no_answer", "completed"],
    }.get(state, [])
    for number, outcome in enumerate(calls):
        CallAttempt.objects.create(
            invitation=invitation,
            at=now - datetime.timedelta(days=len(calls) - number),
            outcome=outcome,
            call_back_at=now + datetime.timedelta(hours=2) if outcome == "call_back" else None,
            note="Etter kl. 16" if outcome == "call_back" else "",
            by=interviewer,
        )


def seed_invitations(page: SurveyPage, log) -> None:
    """Twelve invented tenants invited to the phone survey, with calls and a few answers.

    The answered invitations are tied to existing demo answers of their district,
    so the survey keeps its number of answers. Done once: a second run changes nothing.
    """
    if not page.interviews:
        page.interviews = True
        page.save_revision().publish()
    if page.invitations.exists():
        return
    now = timezone.now()
    districts = _districts()
    interviewers = {
        u.username: u for u in get_user_model().objects.filter(username__startswith="rapportor-")
    }
    for index, tenant in enumerate(TENANTS, start=1):
        invitation = _demo_invitation(page, index, tenant, districts, now)
        interviewer = interviewers.get(f"rapportor-{tenant[1]}")
        _demo_calls(invitation, tenant[3], interviewer, now)
        if tenant[3] == "answered":
            _tie_to_an_answer(page, invitation, interviewer)
    log(f"Invited {len(TENANTS)} invented tenants to the tenant follow-up survey.")


def _tie_to_an_answer(page: SurveyPage, invitation: Invitation, interviewer) -> None:
    submission = (
        SurveySubmission.objects.filter(page=page, unit=invitation.unit, invitation=None)
        .order_by("submit_time", "pk")
        .first()
    )
    if submission is not None:
        submission.invitation, submission.recorded_by = invitation, interviewer
        submission.channel = Channel.INTERVIEW
        submission.save(update_fields=["invitation", "recorded_by", "channel"])
