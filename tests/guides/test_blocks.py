"""Each block as the reader sees it, and what the editor may not save."""

import datetime

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from guides import blocks
from guides.models import KeyFigure
from tests.utils import home_page, make_survey

from .html import render_block, text

pytestmark = pytest.mark.django_db


def test_steps_are_numbered_with_optional_and_either_or_steps():
    html = render_block(
        blocks.StepsBlock(),
        {
            "title": "Slik søker du",
            "steps": [
                {"title": "Snakk med banken", "text": "<p>Først.</p>", "alternatives": []},
                {"title": "Søk tilskudd", "optional": True, "alternatives": []},
                {
                    "title": "Send søknaden",
                    "alternatives": [
                        {"title": "Digitalt", "text": "<p>På nett.</p>"},
                        {"title": "På papir", "text": ""},
                    ],
                },
            ],
        },
    )
    assert text(html.find("h3")) == "Slik søker du"
    steps = html.select("ol.guides-steps__list > li")
    assert [text(step.find("strong")) for step in steps] == [
        "Snakk med banken",
        "Søk tilskudd",
        "Send søknaden",
    ]
    assert "Optional" in text(steps[1]) and "Optional" not in text(steps[0])
    choice = steps[2]
    assert "Choose one of these:" in text(choice)
    assert [text(li) for li in choice.select(".guides-steps__alternative")] == [
        "Digitalt På nett.",
        "or På papir",
    ]


def test_an_either_or_step_needs_two_alternatives():
    block = blocks.StepBlock()
    value = block.to_python({"title": "Velg", "alternatives": [{"title": "Bare én"}]})
    with pytest.raises(ValidationError):
        block.clean(value)


def test_checklist_lists_each_item():
    html = render_block(
        blocks.ChecklistBlock(), {"title": "", "items": ["Les kontrakten", "Ta bilder"]}
    )
    assert [text(li) for li in html.select("li.guides-checklist__item")] == [
        "Les kontrakten",
        "Ta bilder",
    ]
    assert html.find("h3") is None


@pytest.mark.parametrize(
    ("kind", "label"),
    [("info", "Good to know"), ("warning", "Important"), ("deadline", "Deadline")],
)
def test_callout_says_its_kind_in_words(kind, label):
    html = render_block(
        blocks.CalloutBlock(), {"kind": kind, "title": "Søk innen den 25.", "text": "<p>Tekst</p>"}
    )
    note = html.find(attrs={"role": "note"})
    assert text(note.find("p")) == f"{label}: Søk innen den 25."
    assert f"guides-callout--{kind}" in note["class"]


def test_faq_opens_and_closes_without_javascript():
    html = render_block(
        blocks.FAQBlock(),
        {
            "title": "Spørsmål",
            "items": [{"question": "Hva koster det?", "answer": "<p>Ingenting.</p>"}],
        },
    )
    details = html.find("details")
    assert text(details.find("summary")) == "Hva koster det?"
    assert text(details.find(class_="guides-faq__answer")) == "Ingenting."
    assert not details.has_attr("open")
    assert html.find(attrs={"data-faq-actions": True}).has_attr("hidden")


def test_faq_answers_are_open_in_the_print_view():
    html = render_block(
        blocks.FAQBlock(),
        {"items": [{"question": "Hva?", "answer": "<p>Dette.</p>"}]},
        print_view=True,
    )
    assert html.find("details").has_attr("open")


def test_contact_card_has_a_phone_link_and_opening_hours():
    html = render_block(
        blocks.ContactCardBlock(),
        {
            "office": "Boligkontoret",
            "phone": "+47 21 00 00 00",
            "email": "bolig@fjordvik.example",
            "opening_hours": "Mandag–fredag 09–15\nTorsdag 09–18",
            "address": "Storgata 1\n9999 Fjordvik",
        },
    )
    assert text(html.find("h3")) == "Boligkontoret"
    assert html.find("a", href="tel:+4721000000").get_text() == "+47 21 00 00 00"
    assert html.find("a", href="mailto:bolig@fjordvik.example")
    assert "Mandag–fredag 09–15 Torsdag 09–18" in text(html)


def test_documents_list_has_a_default_title_and_notes():
    html = render_block(
        blocks.DocumentsBlock(),
        {"title": "", "items": [{"name": "Skattemelding", "note": "To siste år"}]},
    )
    assert text(html.find("h3")) == "Documents to bring"
    assert text(html.find("li")) == "Skattemelding To siste år"


@pytest.fixture
def figure():
    return KeyFigure.objects.create(
        name="Test: depositum",
        amount=12500,
        unit="kr",
        source="Husbanken",
        source_url="https://www.husbanken.no/",
        review_by=datetime.date(2030, 1, 1),
    )


def test_key_figure_shows_amount_unit_and_source(figure):
    raw = {"figure": figure.pk, "label": "Depositum", "note": ""}
    html = render_block(blocks.KeyFigureBlock(), raw, language="nb")
    assert text(html.find(class_="guides-figure__label")) == "Depositum"
    value = html.find("data")
    assert value["value"] == "12500.00"
    assert value.get_text() == "12\xa0500"
    assert html.find(class_="guides-figure__value").get_text() == "12\xa0500 kr"
    assert html.find("a", href="https://www.husbanken.no/").get_text() == "Husbanken"


def test_key_figure_whose_figure_was_deleted_shows_nothing(figure):
    block = blocks.KeyFigureBlock()
    figure.delete()
    value = block.to_python({"figure": figure.pk, "label": "Depositum", "note": ""})
    assert block.render(value).strip() == ""


@pytest.mark.parametrize("alt_text", ["", "   "])
def test_image_block_refuses_an_image_without_alternative_text(alt_text):
    block = blocks.ImageBlock()
    image = wagtail_factories.ImageFactory()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt_text": alt_text, "caption": ""}))


def test_image_block_renders_its_alternative_text():
    image = wagtail_factories.ImageFactory()
    html = render_block(
        blocks.ImageBlock(),
        {"image": image.pk, "alt_text": "Nøkler på et bord", "caption": "Nye nøkler"},
    )
    assert html.find("img")["alt"] == "Nøkler på et bord"
    assert text(html.find("figcaption")) == "Nye nøkler"


def test_survey_link_leads_to_the_survey_in_the_readers_language(rf):
    survey = make_survey([{"label": "Navn", "field_type": "singleline"}], slug="guide-survey")
    english = survey.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    raw = {"page": survey.pk, "text": "Si din mening.", "button_label": "Svar her"}
    request = rf.get("/en/")
    html = render_block(blocks.SurveyLinkBlock(), raw, request=request)
    link = html.find("a", class_="guides-button")
    assert link.get_text() == "Svar her"
    assert link["href"] == english.get_url(request=request)


def test_survey_link_to_an_unpublished_survey_shows_nothing(rf):
    survey = make_survey([{"label": "Navn", "field_type": "singleline"}], slug="closed-survey")
    survey.unpublish()
    raw = {"page": survey.pk, "text": "", "button_label": "Svar her"}
    html = render_block(blocks.SurveyLinkBlock(), raw, request=rf.get("/"))
    assert html.find("a") is None


def test_survey_link_offers_only_survey_pages():
    chooser = blocks.SurveyLinkBlock().child_blocks["page"]
    assert [model.__name__ for model in chooser.target_models] == ["SurveyPage"]
    with pytest.raises(ValidationError):
        chooser.clean(home_page())


def test_heading_gets_its_anchor_as_id():
    html = render_block(
        blocks.HeadingBlock(), {"text": "Dokumenter", "anchor": ""}, anchor="dokumenter"
    )
    assert str(html.find("h3")) == '<h3 class="guides-heading" id="dokumenter">Dokumenter</h3>'


def test_heading_anchor_must_be_a_plain_slug():
    block = blocks.HeadingBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "Søk", "anchor": "Søk her"}))
    assert block.clean(block.to_python({"text": "Søk", "anchor": "sok-her"}))["anchor"] == "sok-her"
