"""Guides in other languages: translations made with wagtail-localize, right to left,
the default language standing in for a missing translation, and the language switcher."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation

from guides.models import BrochurePage, GuidePage, LetterLink

from .html import get_page, text

pytestmark = pytest.mark.django_db


def notice(html):
    return html.select_one(".bp-language-notice")


def switcher(html) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in html.select(".bp-languages a")}


def gettext_in(language: str, message: str, **values) -> str:
    with translation.override(language):
        return translation.gettext(message) % values


def test_the_arabic_guide_is_a_wagtail_localize_translation_read_right_to_left(client):
    guide = GuidePage.objects.get(slug="boplan", locale__language_code="ar")
    source = GuidePage.objects.get(slug="boplan", locale__language_code="nb")
    translation_record = Translation.objects.get(
        source__object_id=source.translation_key, target_locale__language_code="ar"
    )
    total, translated = translation_record.get_progress()
    assert total > 50
    assert translated == total, "every segment of the demo guide is translated"
    assert Page.find_problems() == ([], [], [], [], []), "the page tree is sound"
    html = get_page(client, "/ar/guides/boplan/")
    root = html.find("html")
    assert (root["lang"], root["dir"]) == ("ar", "rtl")
    assert text(html.find("h1")) == guide.title
    assert notice(html) is None
    assert html.find("main").get("lang") is None  # the page's language is the reader's


def test_a_page_without_translation_is_shown_in_norwegian_with_a_notice(client):
    brochure = BrochurePage.objects.get(slug="pa-vei-hjem", locale__language_code="nb")
    assert not brochure.get_translations().filter(locale__language_code="ar").exists()
    response = client.get("/ar/guides/pa-vei-hjem/")
    assert response.status_code == 200
    html = get_page(client, "/ar/guides/pa-vei-hjem/")
    root = html.find("html")
    assert (root["lang"], root["dir"]) == ("ar", "rtl")  # the site around it: Arabic
    main = html.find("main")
    assert (main["lang"], main["dir"]) == ("nb", "ltr")  # the content: Norwegian
    assert text(html.find("h1")) == brochure.title
    with translation.override("ar"):
        wanted = translation.gettext(
            "This page is not yet available in %(language)s. You are reading it in %(original)s."
        ) % {
            "language": translation.pgettext("language name inside a sentence", "Arabic"),
            "original": translation.pgettext("language name inside a sentence", "Norwegian Bokmål"),
        }
    assert text(notice(html)) == wanted
    assert "This page" not in wanted, "the notice is in Arabic"
    assert notice(html)["lang"] == "ar"
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    print_link = html.find("a", href=lambda href: href and href.endswith("/print/"))
    assert print_link["href"] == "/ar/guides/pa-vei-hjem/print/"


def test_a_guide_stands_in_under_a_language_that_has_no_guides_section(client):
    html = get_page(client, "/sv/guides/boplan/leie-privat/")
    assert html.find("html")["lang"] == "sv"
    assert html.find("main")["lang"] == "nb"
    assert notice(html) is not None
    chapters = [link["href"] for link in html.select(".guides-toc__link")]
    assert chapters[0] == "/sv/guides/boplan/"
    assert chapters[1] == "/sv/guides/boplan/leie-privat/"


def test_the_switcher_keeps_the_reader_on_the_same_guide_and_chapter(client):
    html = get_page(client, "/guides/boplan/leie-privat/")
    links = switcher(html)
    assert links == {
        "nb": "/guides/boplan/leie-privat/",
        "nn": "/nn/guides/boplan/leie-privat/",
        "sv": "/sv/guides/boplan/leie-privat/",
        "en": "/en/guides/boplan/leie-privat/",
        "ar": "/ar/guides/boplan/leie-privat/",
    }
    current = html.select('.bp-languages a[aria-current="true"]')
    assert [link["hreflang"] for link in current] == ["nb"]
    for language, url in links.items():
        assert client.get(url).status_code == 200, (language, url)


def test_the_switcher_follows_a_chapter_whose_translator_changed_its_slug(client):
    english = GuidePage.objects.get(slug="boplan", locale__language_code="en")
    chapters = list(english.body.raw_data)
    chapters[1]["value"]["slug"] = "renting"
    english.body = chapters
    english.save_revision().publish()
    html = get_page(client, "/guides/boplan/leie-privat/")
    assert switcher(html)["en"] == "/en/guides/boplan/renting/"
    back = get_page(client, "/en/guides/boplan/renting/")
    assert switcher(back)["nb"] == "/guides/boplan/leie-privat/"
    assert switcher(back)["sv"] == "/sv/guides/boplan/leie-privat/"


def test_the_print_view_switches_to_the_print_view(client):
    html = get_page(client, "/guides/boplan/print/")
    assert switcher(html).get("ar", "/ar/guides/boplan/print/") == "/ar/guides/boplan/print/"


def test_surveys_do_not_stand_in_for_a_missing_translation(client):
    assert client.get("/ar/surveys/tenant-follow-up/").status_code == 404


def test_an_address_that_exists_in_no_language_is_not_found(client):
    assert client.get("/sv/guides/no-such-guide/").status_code == 404
    assert client.get("/guides/no-such-guide/").status_code == 404


def test_a_letter_link_in_a_language_without_translation_opens_the_stand_in(client):
    brochure = BrochurePage.objects.get(slug="pa-vei-hjem", locale__language_code="nb")
    link = LetterLink.objects.create(
        code="ARB7QK", page=brochure, locale=Locale.objects.get(language_code="ar")
    )
    response = client.get(f"/l/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == "/ar/guides/pa-vei-hjem/"


def test_menus_on_a_translated_page_keep_the_reader_in_their_language(client):
    html = get_page(client, "/ar/guides/boplan/")
    nav = [link["href"] for link in html.select(".bp-nav__link")]
    assert "/ar/boligkontoret/" in nav, nav  # no Arabic translation: stands in under /ar/
    assert "/ar/guides/" in nav, nav  # translated
    assert html.select_one(".bp-brand")["href"] == "/ar/"


def test_an_editor_translates_the_brochure_into_arabic_in_the_admin(
    client, django_capture_on_commit_callbacks
):
    """wagtail-localize's workflow: an editor submits and translates, the page is published,
    and the Norwegian stand-in with its notice gives way to the translation."""
    editor = get_user_model().objects.get(username="editor")
    client.force_login(editor)
    brochure = BrochurePage.objects.get(slug="pa-vei-hjem", locale__language_code="nb")
    arabic = Locale.objects.get(language_code="ar")
    submit = reverse("wagtail_localize:submit_page_translation", args=[brochure.pk])
    form = client.get(submit)
    assert form.status_code == 200
    response = client.post(submit, {"locales": [arabic.pk]})
    assert response.status_code == 302
    draft = brochure.get_translation(arabic)
    assert not draft.live
    assert client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).status_code == 200

    translation_record = Translation.objects.get(
        source__object_id=brochure.translation_key, target_locale=arabic
    )
    title = StringSegment.objects.get(source=translation_record.source, context__path="title")
    edit_string = reverse(
        "wagtail_localize:edit_string_translation", args=[translation_record.pk, title.pk]
    )
    response = client.put(
        edit_string,
        urlencode({"value": "في الطريق إلى البيت"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201, response.content

    # Wagtail's editors save drafts; publishing is a moderator's (here an administrator's) right.
    client.force_login(get_user_model().objects.get(username="admin"))
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes then
        published = client.post(
            reverse("wagtailadmin_pages:edit", args=[draft.pk]), {"action": "publish"}
        )
    assert published.status_code == 302
    draft.refresh_from_db()
    assert draft.live and draft.title == "في الطريق إلى البيت"

    client.logout()
    html = get_page(client, "/ar/guides/pa-vei-hjem/")
    assert text(html.find("h1")) == "في الطريق إلى البيت"
    assert notice(html) is None
