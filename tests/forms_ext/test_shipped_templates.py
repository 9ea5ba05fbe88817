"""The four shipped templates: sound definitions, complete translations, and surveys that
are built from them and answered the way their respondents answer them."""

import datetime
import random
import re

import pytest
from django.test import Client
from wagtail.models import Locale

from cms.demo import translate
from cms.demo_homelessness import personal_number
from cms.models import StandardPage
from forms_ext.definitions import FIELD_TEXTS, PAGE_TEXTS, build_page, check_definition
from forms_ext.field_types import parse_options
from forms_ext.identity import identity_hash, normalise_swedish_id
from forms_ext.inventories import period_for
from forms_ext.keys import answer_key
from forms_ext.models import (
    Answer,
    Audience,
    Frequency,
    InventoryPage,
    InventoryReport,
    Invitation,
    SurveySubmission,
)
from forms_ext.template_library.shipped import SHIPPED
from tests.utils import home_page, logged_in, publish_child, unit

pytestmark = pytest.mark.django_db

TEMPLATES = {item["key"]: item for item in SHIPPED}
KEYS = list(TEMPLATES)
THEMES = ["self_determination", "well_being", "safety", "involvement", "respect", "information"]


def translated_texts(definition):
    """(language, field key or None, attribute, own text, translated text) of every text."""
    for language, texts in definition["translations"].items():
        for name in PAGE_TEXTS:
            yield language, None, name, definition[name], texts.get(name)
        for data in definition["fields"]:
            own = texts["fields"].get(data["key"], {})
            for name in FIELD_TEXTS:
                if data.get(name):
                    yield language, data["key"], name, data[name], own.get(name)


def codes(lines):
    return [code for code, _label in parse_options(lines)]


# The library as data


def test_the_library_ships_the_four_templates_with_their_sectors_and_kinds():
    assert [(item["key"], item["sector"], item["definition"]["kind"]) for item in SHIPPED] == [
        ("vacancy-inventory", "housing", "inventory"),
        ("homelessness-count", "housing", "survey"),
        ("tenant-follow-up", "housing", "survey"),
        ("elderly-care-user-survey", "elderly-care", "survey"),
    ]


@pytest.mark.parametrize("key", KEYS)
def test_an_item_has_a_name_and_a_short_description_with_the_wording_note(key):
    item = TEMPLATES[key]
    assert set(item) == {"key", "sector", "name", "description", "definition"}
    assert item["name"].strip()
    sentences = re.findall(r"[.!?»](?:\s+[A-ZÆØÅ]|$)", item["description"])
    assert 2 <= len(sentences) <= 4
    assert "laget for Boportal" in item["description"]
    assert "offisiell" in item["description"]


@pytest.mark.parametrize("key", KEYS)
def test_the_definition_is_sound_and_its_keys_are_answer_keys(key):
    definition = TEMPLATES[key]["definition"]
    assert check_definition(definition) == []
    assert (definition["format"], definition["language"]) == (1, "nb")
    assert set(definition["translations"]) == {"sv", "en"}
    keys = [data["key"] for data in definition["fields"]]
    assert len(keys) == len(set(keys))
    assert all(answer_key(k) == k and k.isascii() for k in keys)


@pytest.mark.parametrize("key", KEYS)
def test_every_text_is_translated_into_swedish_and_english(key):
    missing = [
        (language, field, name)
        for language, field, name, _own, translated in translated_texts(
            TEMPLATES[key]["definition"]
        )
        if not (translated or "").strip()
    ]
    assert missing == []


@pytest.mark.parametrize("key", KEYS)
def test_options_and_statements_have_the_same_codes_in_every_language(key):
    definition = TEMPLATES[key]["definition"]
    compared = 0
    for language, field, name, own, translated in translated_texts(definition):
        if name in ("choices", "statements"):
            assert codes(translated) == codes(own), (language, field, name)
            assert parse_options(translated) != parse_options(own), (language, field)
            compared += 1
    assert compared >= 2


def test_the_vacancy_inventory_is_daily_by_ten_with_bounded_numbers():
    definition = TEMPLATES["vacancy-inventory"]["definition"]
    assert definition["schedule"] == {
        "frequency": "daily",
        "opens_at": "00:00",
        "closes_at": "23:59",
        "due_at": "10:00",
        "week_number": None,
        "remind_hours_before": 2,
        "list_audience": "staff",
    }
    fields = {data["key"]: data for data in definition["fields"]}
    assert list(fields) == [
        "kind", "places", "vacant", "target_groups", "vacant_from", "contact", "phone", "note",
    ]  # fmt: skip
    assert codes(fields["kind"]["choices"]) == ["bed", "room", "flat"]
    assert codes(fields["target_groups"]["choices"]) == [
        "men", "women", "families", "youth", "couples", "pets", "wheelchair",
    ]  # fmt: skip
    assert (fields["vacant"]["min_value"], fields["vacant"]["max_value"]) == (0, 500)
    assert (fields["vacant_from"]["min_value"], fields["vacant_from"]["max_value"]) == (0, 365)


def test_the_count_keeps_the_swedish_names_of_the_four_situations():
    definition = TEMPLATES["homelessness-count"]["definition"]
    situation = next(data for data in definition["fields"] if data["key"] == "situation")
    swedish = definition["translations"]["sv"]["fields"]["situation"]["choices"]
    assert codes(situation["choices"]) == ["acute", "institution", "long_term", "own_short_term"]
    assert [label.split(":")[0] for _code, label in parse_options(swedish)] == [
        "Akut hemlöshet",
        "Institutionsvistelse och stödboende",
        "Långsiktiga boendelösningar",
        "Eget ordnat kortsiktigt boende",
    ]
    identity = next(data for data in definition["fields"] if data["field_type"] == "id_number_se")
    assert identity["required"] is False
    assert "nøkkelhash" in identity["help_text"]
    assert "ett skjema for hver person eller husholdning" in definition["intro"]


# Built as a draft page


@pytest.fixture
def surveys():
    """The demo's /surveys/ section, translated into Swedish and English for these tests."""
    section = home_page().get_children().get(slug="surveys").specific
    for code, title in (("sv", "Undersökningar"), ("en", "Surveys")):
        translate(section, Locale.objects.get(language_code=code), title=title)
    return section


def build(key, parent, **extra):
    definition = TEMPLATES[key]["definition"]
    return build_page(
        definition, parent, title=definition["title"], owner_unit=unit("fjordvik"), **extra
    )


def publish(page):
    """Publish a built page and its draft translations, as an editor does after review."""
    page.save_revision().publish()
    for translation in page.get_translations():
        translation.get_latest_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def in_language(page, code):
    return page.get_translation(Locale.objects.get(language_code=code)).specific


@pytest.mark.parametrize("key", KEYS)
def test_the_built_page_is_a_draft_with_a_draft_translation_per_language(key, surveys):
    definition = TEMPLATES[key]["definition"]
    page = build(key, surveys)
    keys = [data["key"] for data in definition["fields"]]
    assert not page.live
    assert [f.clean_name for f in page.form_fields.all()] == keys
    assert page.audience == definition["settings"]["audience"]
    assert page.interviews == definition["settings"]["interviews"]
    for code in ("sv", "en"):
        texts = definition["translations"][code]
        translation = in_language(page, code)
        assert not translation.live
        draft = translation.get_latest_revision_as_object()
        assert draft.title == texts["title"]
        assert draft.intro == texts["intro"]
        fields = list(draft.form_fields.all())
        assert [f.clean_name for f in fields] == keys
        for survey_field in fields:
            for name, value in texts["fields"][survey_field.clean_name].items():
                assert getattr(survey_field, name) == value


def test_without_a_translated_parent_only_the_norwegian_page_is_built():
    section = publish_child(home_page(), StandardPage(title="Bare norsk", slug="bare-norsk"))
    page = build("tenant-follow-up", section)
    assert not page.get_translations().exists()
    assert page.title == "Oppfølging av leietakere"


def test_the_vacancy_inventory_is_built_with_its_schedule(surveys):
    page = build("vacancy-inventory", surveys, expected_units=[unit("nattherberget-nord")])
    page = InventoryPage.objects.get(pk=page.pk)
    assert page.frequency == Frequency.DAILY
    assert (page.opens_at, page.due_at, page.closes_at) == (
        datetime.time(0, 0),
        datetime.time(10, 0),
        datetime.time(23, 59),
    )
    assert page.remind_hours_before == 2
    assert page.list_audience == "staff"
    assert list(page.expected_units.values_list("code", flat=True)) == ["nattherberget-nord"]


# Answered by respondents


def hidden_inputs(html):
    return dict(re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)"', html))


def answer(client, url, steps, query=""):
    """Answer a survey as a browser does: ``steps`` are the answers typed on each step shown,
    sent with the form's own hidden inputs. Returns the stored submission and each step's page.
    """
    html = client.get(url + query).content.decode()
    pages = [html]
    for typed in steps:
        response = client.post(url, {**hidden_inputs(html), **typed})
        assert response.status_code == 302, response.content.decode()
        if "receipt=" in response.url:
            assert len(pages) == len(steps)
            return SurveySubmission.objects.get(token=hidden_inputs(html)["token"]), pages
        html = client.get(response.url).content.decode()
        pages.append(html)
    raise AssertionError(f"No receipt after {len(steps)} steps:\n{html}")


def answers_of(submission, key):
    rows = Answer.objects.filter(submission=submission, key=key).order_by("part")
    return {row.part: row.number if row.number is not None else row.code for row in rows}


@pytest.fixture
def elderly_care(surveys):
    return publish(build("elderly-care-user-survey", surveys))


def test_elderly_care_standard_version_answered_by_a_helper_in_norwegian(elderly_care):
    client = Client()
    submission, pages = answer(
        client,
        elderly_care.url,
        [
            {"who_answers": "helper", "helper_relation": "family", "helper_views": "interpreted"},
            {"self_determination__decide_daily": "5", "safety__feel_safe": "6"},
            {"comment": "Hyggelige ansatte."},
        ],
        query="?service_code=heimtenesta-nord",
    )
    first, statements, last = pages
    assert 'name="service_code" value="heimtenesta-nord"' in first
    assert 'name="form_version" value="standard"' in first
    assert "Hvem svarer på spørsmålene?" in first
    assert "Selvbestemmelse" in statements and "1 – Helt uenig" in statements
    assert "6 – Helt enig" in statements and "Får du bestemme selv?" not in statements
    assert "Er det noe annet du vil si" in last
    assert submission.language == "nb"
    assert submission.form_data == {
        "service_code": "heimtenesta-nord",
        "form_version": "standard",
        "who_answers": "helper",
        "helper_relation": "family",
        "helper_views": "interpreted",
        "self_determination": {"decide_daily": 5},
        "well_being": None,
        "safety": {"feel_safe": 6},
        "involvement": None,
        "respect": None,
        "information": None,
        "comment": "Hyggelige ansatte.",
    }
    assert answers_of(submission, "self_determination") == {"decide_daily": 5}
    assert answers_of(submission, "service_code") == {"": None}


def test_elderly_care_simplified_version_in_swedish_from_the_link(elderly_care):
    swedish = in_language(elderly_care, "sv")
    assert swedish.url.startswith("/sv/")
    submission, pages = answer(
        Client(),
        swedish.url,
        [
            # a helper's answer sent along is dropped: no helper answers
            {"who_answers": "self", "helper_relation": "family"},
            {f"simple_{theme}": "yes" for theme in THEMES} | {"simple_safety": "dont_know"},
            {"comment": ""},
        ],
        query="?service_code=hemtjansten-norr&form_version=simple",
    )
    first, simple, _last = pages
    assert 'name="form_version" value="simple"' in first
    assert "Vem besvarar frågorna?" in first and "Jag som får hjälpen" in first
    assert "Känner du dig trygg?" in simple and "Självbestämmande" not in simple
    assert submission.language == "sv"
    assert submission.form_data == {
        "service_code": "hemtjansten-norr",
        "form_version": "simple",
        "who_answers": "self",
        **{f"simple_{theme}": "yes" for theme in THEMES},
        "simple_safety": "dont_know",
        "comment": "",
    }


def test_an_invitation_to_the_tenant_follow_up_carries_the_district(surveys):
    page = publish(build("tenant-follow-up", surveys))
    assert page.audience == Audience.INVITED and page.interviews
    invitation = Invitation(
        page=page,
        unit=unit("fjordvik-nord"),
        prefill={"district": "nord"},
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30),
    )
    secret = invitation.new_token()
    invitation.save()
    assert Client().get(page.url).status_code == 403  # by invitation only
    submission, pages = answer(
        Client(),
        page.url,
        [
            {"reached": "reached"},
            {
                "guide_received": "yes",
                "guide_opened": "yes",
                "guide_useful": "5",
                "useful_topics": ["start_loan", "other"],
                "useful_topics__other": "Husleie",
            },
            {"goal": "buy", "household_size": "3", "note": ""},
        ],
        query=f"?invitation={secret}",
    )
    assert "Les opp" in pages[0] and "Hvor nyttig var veilederen?" in pages[1]
    assert "1 – Ikke nyttig" in pages[1]
    assert submission.invitation == invitation
    assert submission.form_data == {
        "district": "nord",
        "reached": "reached",
        "guide_received": "yes",
        "guide_opened": "yes",
        "guide_useful": 5,
        "useful_topics": {"choice": ["start_loan", "other"], "other": "Husleie"},
        "goal": "buy",
        "household_size": "3",
        "note": "",
    }


def test_a_household_not_reached_ends_the_tenant_follow_up_on_the_first_step(surveys):
    page = publish(build("tenant-follow-up", surveys))
    invitation = Invitation(
        page=page,
        prefill={"district": "sor"},
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30),
    )
    secret = invitation.new_token()
    invitation.save()
    submission, _pages = answer(
        Client(), page.url, [{"reached": "no_answer"}], query=f"?invitation={secret}"
    )
    assert submission.form_data == {"district": "sor", "reached": "no_answer"}


def test_a_reporter_sends_a_count_form_and_the_personal_number_is_kept_as_a_hash(surveys):
    page = publish(build("homelessness-count", surveys))
    number = personal_number(random.Random(7))  # noqa: S311 (an invented test number)
    client = logged_in("rapportor-nord")
    assert Client().get(page.url).status_code == 302  # reporters log in
    swedish = client.get(in_language(page, "sv").url).content.decode()
    assert "Akut hemlöshet" in swedish and "Institutionsvistelse och stödboende" in swedish
    submission, pages = answer(
        client,
        page.url,
        [
            {
                "_unit": "nattherberget-nord",
                "subject": "person",
                "situation": "own_short_term",
                "personal_number": number,
                "age_band": "25_34",
                "sex": "woman",
                "birth_country": "abroad",
                "children": "yes",
                "children_count": "2",
                "income": "social_assistance",
                "factors": ["breakup", "debt"],
            }
        ],
    )
    assert "Akutt bostedsløshet" in pages[0]
    hashed = identity_hash("se", normalise_swedish_id(number))
    assert submission.unit == unit("nattherberget-nord")
    assert submission.channel == "reporter"
    assert submission.form_data["personal_number"] == hashed
    assert number not in str(submission.form_data)
    assert answers_of(submission, "personal_number") == {"": hashed}
    assert submission.form_data["situation"] == "own_short_term"
    assert submission.form_data["children_count"] == "2"
    assert answers_of(submission, "factors") == {"breakup": "breakup", "debt": "debt"}


def test_a_reporter_reports_the_day_s_vacancies(surveys):
    page = build("vacancy-inventory", surveys, expected_units=[unit("nattherberget-nord")])
    page = publish(page)
    client = logged_in("rapportor-nord")
    shelter = unit("nattherberget-nord")
    html = client.get(f"{page.url}?unit={shelter.pk}").content.decode()
    assert "Plasser i alt" in html and "Tilgjengelig med rullestol" in html
    data = {
        "period": period_for(page).key,
        "unit": shelter.pk,
        "kind": "bed",
        "places": "12",
        "vacant": "3",
        "target_groups": ["men", "wheelchair"],
        "vacant_from": "",
        "contact": "Vakthavende",
        "phone": "22 00 00 00",
        "note": "",
    }
    response = client.post(f"{page.url}?unit={shelter.pk}", data)
    assert response.status_code == 302
    report = InventoryReport.objects.get(unit=shelter)
    assert report.submission.form_data["vacant"] == "3"
    assert report.submission.form_data["target_groups"] == ["men", "wheelchair"]
    assert answers_of(report.submission, "places") == {"": 12}
