"""Launch a survey for another sector with no code, in a real browser.

koordinator-nord, a district coordinator of the demo, makes an elderly-care user
survey from its template for Bydel Nord, rewords one question of its Swedish
translation, publishes both languages; a respondent answers in Swedish on a
375 px phone with the unit code in the link; the coordinator finds the answer
among the survey's answers and downloads them as XLSX. Then an XLSForm written
elsewhere is imported: the rows that cannot be imported are listed, the rest is
imported and published.

With ``SCREENSHOTS=<folder>`` (``make screenshots``) the steps are saved as PNG
files for the README's walkthrough.
"""

import os
import re
from pathlib import Path

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import expect

from forms_ext.template_library.shipped import SHIPPED

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ELDERLY = next(item for item in SHIPPED if item["key"] == "elderly-care-user-survey")
TITLE = "Brukerundersøkelse hjemmetjenesten Nord 2027"
SLUG = "brukerundersokelse-hjemmetjenesten-nord-2027"
UNIT_CODE = "NORD-HJT-01"
REWORDED = "Vem svarar på frågorna?"
COMMENT = "Personalen är alltid vänlig, men kommer ibland sent."
FIXTURES = Path(__file__).resolve().parent.parent / "forms_ext" / "xlsforms"


def nb(message: str, **params) -> str:
    """What the Norwegian admin says for this message (English where not translated)."""
    with translation.override("nb"):
        text = translation.gettext(message)
    return text % params if params else text


def sv(message: str) -> str:
    with translation.override("sv"):
        return translation.gettext(message)


def shot(tab, name: str) -> None:
    """Save a screenshot for the README when asked to (``SCREENSHOTS=<folder>``)."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(folder) / f"{name}.png"))


@pytest.fixture(scope="module")
def axe():
    return Axe()


def assert_accessible(axe, tab) -> None:
    results = axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def context(browser, demo_server):
    contexts = []

    def new(viewport: dict = DESKTOP):
        contexts.append(
            browser.new_context(base_url=demo_server, viewport=viewport, accept_downloads=True)
        )
        return contexts[-1].new_page()

    yield new
    for made in contexts:
        made.close()


def log_in(tab, username: str) -> None:
    tab.goto("/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", os.environ.get("DEMO_PASSWORD", "demo"))
    tab.click("button[type=submit]")
    expect(tab).to_have_url(re.compile(r"/admin/$"))


def publish(tab) -> None:
    """Publish the page open in Wagtail's editor (the action menu's "Publish")."""
    tab.locator("footer .dropdown-toggle, [data-w-dropdown-target=toggle]").last.click()
    tab.locator("button[name=action-publish]").click()
    expect(tab.locator(".messages")).to_contain_text(re.compile(r"\S"))


def question_input(tab, value: str):
    """The label input of the question whose label is ``value``, in the page editor."""
    return tab.locator(f"input[name$='-label'][value='{value}']")


def test_a_coordinator_launches_an_elderly_care_survey_from_its_template(context, axe, tmp_path):
    tab = context()
    log_in(tab, "koordinator-nord")

    # The library, filtered to the elderly-care sector.
    tab.get_by_role("link", name=nb("Survey templates")).first.click()
    expect(tab).to_have_url(re.compile(r"/admin/survey_templates/$"))
    expect(tab.locator("main")).to_contain_text(ELDERLY["name"])
    tab.get_by_role("button", name="Show filters").click()
    tab.locator("[aria-controls='drilldown-id_sector']").click()
    tab.locator("#id_sector").select_option(label="Eldreomsorg")
    expect(tab).to_have_url(re.compile(r"sector=\d+"), timeout=10_000)
    expect(tab.locator("main table tbody tr")).to_have_count(1)
    shot(tab, "1-library")
    tab.get_by_role("link", name=nb("Use the template “%(name)s”", name=ELDERLY["name"])).click()

    # Title, owning unit and place; a draft opens in the editor.
    expect(tab.get_by_role("heading", name=nb("New survey from template"))).to_be_visible()
    tab.get_by_label(nb("Title")).fill(TITLE)
    tab.get_by_label(nb("Owned by")).select_option(label="Bydel Nord")
    shot(tab, "2-new-from-template")
    tab.get_by_role("button", name=nb("Make the draft survey")).click()
    expect(tab).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    norwegian_editor = tab.url
    expect(question_input(tab, "Hvem svarer på spørsmålene?")).to_have_count(1)
    shot(tab, "3-draft-in-editor")

    # Its Swedish translation: one question reworded, then published.
    tab.get_by_role("link", name=re.compile("Svenska|Swedish|svensk", re.I)).first.click()
    expect(tab).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    swedish = question_input(tab, "Vem besvarar frågorna?")
    expect(swedish).to_have_count(1)
    swedish.fill(REWORDED)
    publish(tab)
    tab.goto(norwegian_editor)
    publish(tab)

    # A respondent answers in Swedish on a phone, with the unit code in the link.
    phone = context(PHONE)
    phone.goto(f"/sv/surveys/{SLUG}/?service_code={UNIT_CODE}")
    expect(phone.locator("html")).to_have_attribute("lang", "sv")
    expect(phone.get_by_text(REWORDED)).to_be_visible()
    assert_accessible(axe, phone)
    shot(phone, "4-respondent-phone")
    phone.get_by_label("Jag som får hjälpen").check()
    phone.get_by_role("button", name=re.compile(sv("Next"))).click()
    phone.locator("fieldset").filter(has_text="Jag känner mig trygg").get_by_label(
        re.compile(r"^5")
    ).first.check()
    assert_accessible(axe, phone)
    phone.get_by_role("button", name=re.compile(sv("Next"))).click()
    phone.get_by_label(re.compile("Är det något annat")).fill(COMMENT)
    assert_accessible(axe, phone)
    phone.get_by_role("button", name=re.compile(sv("Send"))).click()
    expect(phone.locator("main")).to_contain_text("Tack för att du svarade!")
    assert_accessible(axe, phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The coordinator sees the answer and downloads the answers as XLSX.
    tab.goto("/admin/forms_ext/answers/")
    tab.get_by_role("link", name=TITLE).click()
    expect(tab.locator("main table tbody tr")).to_have_count(1)
    expect(tab.locator("main table tbody tr")).to_contain_text("Bydel Nord")
    shot(tab, "5-answers")
    tab.get_by_role("button", name=nb("Download")).click()
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Excel (XLSX)").click()
    path = tmp_path / "answers.xlsx"
    download.value.save_as(path)
    cells = list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert len(cells) == 2
    assert COMMENT in cells[1] and UNIT_CODE in cells[1]


# ---- An XLSForm written for ODK Collect, imported through the admin ----

SURVEY_SHEET = [
    ["type", "name", "label", "label::Svenska (sv)", "hint", "required", "relevant",
     "constraint", "constraint_message"],
    ["text", "visitor", "Hvem gjorde besøket?", "Vem gjorde besöket?", "", "yes", "", "", ""],
    ["integer", "minutes", "Hvor lenge varte besøket (minutter)?",
     "Hur länge varade besöket (minuter)?", "", "yes", "", ". >= 1 and . <= 240",
     "Mellom 1 og 240 minutter."],
    ["select_one ok or_other", "mood", "Hvordan hadde brukeren det?",
     "Hur mådde brukaren?", "", "yes", "", "", ""],
    ["text", "mood_note", "Hva var vanskelig?", "Vad var svårt?", "", "", "${mood} = 'bad'",
     "", ""],
    ["geopoint", "where", "Hvor var besøket?", "Var var besöket?", "", "", "", "", ""],
    ["begin_repeat", "medicines", "Legemidler", "Läkemedel", "", "", "", "", ""],
    ["text", "medicine", "Legemiddel", "Läkemedel", "", "", "", "", ""],
    ["end_repeat", "", "", "", "", "", "", "", ""],
    ["image", "photo", "Bilde av boligen", "Bild av bostaden", "", "", "", "", ""],
]  # fmt: skip
CHOICES_SHEET = [
    ["list_name", "name", "label", "label::Svenska (sv)"],
    ["ok", "good", "Bra", "Bra"],
    ["ok", "bad", "Ikke bra", "Inte bra"],
]
SETTINGS_SHEET = [["form_title", "form_id", "default_language"],
                  ["Hjemmebesøk", "hjemmebesok", "Norsk (nb)"]]  # fmt: skip
UNSUPPORTED = {"where": 6, "medicines": 7, "photo": 10}


def home_visit_xlsform(folder: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = "survey"
    for name, rows in (("survey", SURVEY_SHEET), ("choices", CHOICES_SHEET),
                       ("settings", SETTINGS_SHEET)):  # fmt: skip
        sheet = workbook["survey"] if name == "survey" else workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path = folder / "hjemmebesok.xlsx"
    workbook.save(path)
    return path


def test_a_coordinator_imports_an_xlsform_reads_what_is_left_out_and_publishes(
    context, axe, tmp_path
):
    tab = context()
    log_in(tab, "koordinator-nord")
    tab.goto("/admin/survey_templates/")
    tab.get_by_role("link", name=nb("Import an XLSForm")).click()
    tab.get_by_label(nb("XLSForm file")).set_input_files(home_visit_xlsform(tmp_path))
    tab.get_by_label(nb("Owned by")).select_option(label="Bydel Nord")
    tab.get_by_role("button", name=nb("Read the file")).click()

    # Every row that cannot be imported, with its sheet and row, before anything is made.
    table = tab.get_by_role("table")
    for name, row in UNSUPPORTED.items():
        line = table.locator("tbody tr").filter(has=tab.locator(f"code:text-is('{name}')"))
        expect(line).to_have_count(1)
        expect(line.locator("td").nth(0)).to_have_text("survey")
        expect(line.locator("td").nth(1)).to_have_text(str(row))
        expect(line.locator("td").nth(3)).not_to_be_empty()
    shot(tab, "6-xlsform-preview")
    tab.get_by_role("button", name=nb("Import the rest as a draft survey")).click()

    expect(tab).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(question_input(tab, "Hvor lenge varte besøket (minutter)?")).to_have_count(1)
    expect(question_input(tab, "Hvor var besøket?")).to_have_count(0)
    publish(tab)

    phone = context(PHONE)
    phone.goto("/surveys/hjemmebesok/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hjemmebesøk")
    phone.get_by_label("Hvem gjorde besøket?").fill("Kari")
    phone.get_by_label(re.compile("Hvor lenge varte")).fill("500")
    phone.get_by_label("Ikke bra").check()
    expect(phone.get_by_label("Hva var vanskelig?")).to_be_visible()
    assert_accessible(axe, phone)
    phone.get_by_role("button", name=re.compile(nb("Send"))).click()
    expect(phone.locator("main")).to_contain_text("Mellom 1 og 240 minutter.")
    expect(phone.get_by_label("Hvem gjorde besøket?")).to_have_value("Kari")
    assert_accessible(axe, phone)
