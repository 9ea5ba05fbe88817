"""A district coordinator's day with the answers of the demo survey, in a real browser.

koordinator-nord logs in, filters the tenant follow-up survey's answers, opens
one, corrects it and downloads the answers as XLSX; koordinator-sor, of
another district, sees none of them, not even by typing their addresses.
The admin speaks Norwegian: its texts are looked up in the catalogues.
"""

import re

import openpyxl
import pytest
from django.utils import translation
from playwright.sync_api import expect

OUTCOME_QUESTION = "fikk_du_snakke_med_husstanden"
TALKED = "Ja, vi snakket sammen"
NOTES = "notater_fra_samtalen"
CORRECTION = "Rettet etter ny samtale 24.11."


def nb(message: str) -> str:
    with translation.override("nb"):
        return translation.gettext(message)


@pytest.fixture
def login(browser, demo_server):
    """Log a demo user into the admin in a browser context of their own."""
    contexts = []

    def login(username: str):
        contexts.append(
            browser.new_context(
                base_url=demo_server,
                viewport={"width": 1280, "height": 900},
                accept_downloads=True,
            )
        )
        tab = contexts[-1].new_page()
        tab.goto("/admin/login/")
        tab.fill("#id_username", username)
        tab.fill("#id_password", "demo")
        tab.click("button[type=submit]")
        expect(tab).to_have_url(re.compile(r"/admin/$"))
        return tab

    yield login
    for context in contexts:
        context.close()


def open_survey_answers(tab) -> None:
    tab.goto("/admin/forms_ext/answers/")
    tab.get_by_role("link", name="Oppfølging av leietakere").click()
    expect(tab).to_have_url(re.compile(r"/admin/forms/submissions/\d+/$"))
    expect(tab.locator("main table")).to_be_visible()


def rows(tab):
    return tab.locator("main table tbody tr")


def test_a_coordinator_filters_opens_corrects_and_exports(login, tmp_path):
    tab = login("koordinator-nord")
    open_survey_answers(tab)
    listed = rows(tab).count()
    assert listed > 0
    expect(rows(tab).filter(has_not_text="Bydel Nord")).to_have_count(0)

    tab.get_by_role("button", name="Show filters").click()
    tab.locator("[aria-controls='drilldown-id_question']").click()
    tab.select_option("#id_question", OUTCOME_QUESTION)
    tab.locator("#drilldown-id_question .w-drilldown__back").click()
    tab.locator("[aria-controls='drilldown-id_value']").click()
    tab.fill("#id_value", TALKED)
    expect(tab).to_have_url(re.compile(r"value="), timeout=10_000)
    expect(rows(tab).filter(has_not_text=TALKED)).to_have_count(0)
    filtered = rows(tab).count()
    assert 0 < filtered < listed

    rows(tab).first.locator("a").first.click()
    expect(tab).to_have_url(re.compile(r"/admin/forms_ext/submissions/\d+/$"))
    detail_url = tab.url
    tab.get_by_role("link", name=nb("Correct the answers")).click()
    tab.fill(f"[name={NOTES}]", CORRECTION)
    tab.get_by_role("button", name=nb("Save the correction")).click()
    expect(tab).to_have_url(detail_url)
    expect(tab.locator("main")).to_contain_text(CORRECTION)

    open_survey_answers(tab)
    tab.get_by_role("button", name=nb("Download")).click()
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Excel (XLSX)").click()
    path = tmp_path / "answers.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path, read_only=True).active
    cells = list(sheet.iter_rows(values_only=True))
    assert len(cells) - 1 == listed
    assert any(CORRECTION in row for row in cells)
    assert not any(
        isinstance(value, str) and value.startswith("=") for row in cells for value in row
    )

    other = login("koordinator-sor")
    open_survey_answers(other)
    expect(rows(other).filter(has_text="Bydel Nord")).to_have_count(0)
    for address in (detail_url, detail_url + "correct/"):
        other.goto(address)  # Wagtail's admin answers a refusal with its dashboard and a message
        expect(other).to_have_url(re.compile(r"/admin/$"))
        expect(other.locator("body")).not_to_contain_text(CORRECTION)
