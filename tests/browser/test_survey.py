"""The demo tenant follow-up survey on a phone: steps, rules, errors, drafts and receipt.

Every step is sent as a POST and redirected to a GET; survey.js only applies the
"show only if" rules live and moves focus to the error summary. The texts are
the Norwegian ones of the catalogues, or the English where none is translated.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import expect

SURVEY = "/surveys/tenant-follow-up/"
PHONE = {"width": 375, "height": 800}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NUMBER = "Hvor mange bor i husstanden?"
NOTES = "Notater fra samtalen"
GOAL = "Kjøpe med startlån"


def nb(message: str, **params) -> str:
    """What the Norwegian Bokmål page says for this message of a template."""
    with translation.override("nb"):
        text = translation.gettext(message)
    return text % params if params else text


def progress(number: int, count: int) -> str:
    return nb("Step %(number)s of %(count)s", number=number, count=count)


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def new_tab(browser, demo_server):
    """Open a tab 375 px wide in a browser context of its own, with or without JavaScript."""
    contexts = []

    def new_tab(javascript: bool = True):
        contexts.append(
            browser.new_context(
                base_url=demo_server, viewport=PHONE, java_script_enabled=javascript
            )
        )
        return contexts[-1].new_page()

    yield new_tab
    for context in contexts:
        context.close()


def assert_accessible(axe, tab) -> None:
    results = axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()


def press(tab, button: str) -> None:
    """Press one of the form's buttons (next, back or save) and wait for the page it leads to."""
    with tab.expect_navigation():
        tab.locator(f"button[name={button}]").click()


def question(tab, text: str):
    return tab.locator(".bp-question", has_text=text)


def answer_first_step(tab, reached: str = "Ja, vi snakket sammen", query: str = "") -> None:
    tab.goto(SURVEY + query)
    tab.get_by_label(reached).check()
    press(tab, "next")


def go_to_boplan(tab) -> None:
    """Through steps 1 and 2 by the shortest way: the household never got the guide."""
    answer_first_step(tab)
    question(tab, "Fikk husstanden lenken").get_by_label("Nei").check()
    press(tab, "next")
    expect(tab.locator(".bp-progress")).to_have_text(progress(3, 3))


def test_answer_the_whole_survey_with_javascript(new_tab, axe):
    tab = new_tab()
    tab.goto(SURVEY + "?bydel=nord")
    assert tab.locator("input[name=bydel]").input_value() == "nord"
    assert_accessible(axe, tab)
    tab.get_by_label("Ja, vi snakket sammen").check()
    tab.get_by_label("Samtalen ble gjort på").select_option(label="Norsk")
    press(tab, "next")

    expect(tab.locator(".bp-progress")).to_have_text(progress(2, 3))
    expect(tab.get_by_role("heading", name="Om veilederen")).to_be_visible()
    opened = question(tab, "Har husstanden åpnet veilederen?")
    useful, topics = question(tab, "Hvor nyttig var"), question(tab, "Hvilke temaer")
    for rule_bound in (opened, useful, topics):
        expect(rule_bound).to_be_hidden()
    question(tab, "Fikk husstanden lenken").get_by_label("Ja").check()
    expect(opened).to_be_visible()
    expect(opened).to_contain_text(nb("required"))
    expect(useful).to_be_hidden()
    opened.get_by_label("Ja").check()
    expect(useful).to_be_visible()
    useful.get_by_label("5", exact=True).check()
    topics.get_by_label("Bostøtte").check()
    assert_accessible(axe, tab)
    expect(tab.locator("button[name=next]")).to_have_text(nb("Next"))
    press(tab, "next")

    expect(tab.locator(".bp-progress")).to_have_text(progress(3, 3))
    assert_accessible(axe, tab)
    tab.get_by_label(GOAL).check()
    tab.get_by_label(NUMBER).fill("3")
    expect(tab.locator("button[name=next]")).to_have_text(nb("Send"))
    press(tab, "next")

    assert re.search(r"\?receipt=[0-9a-f-]{36}$", tab.url)
    expect(tab.get_by_role("heading", level=1)).to_have_text(
        nb("Thank you, your answers have been sent")
    )
    expect(tab.get_by_role("status")).to_have_css("border-left-style", "solid")
    expect(tab.get_by_text("Takk. Svaret er lagret.")).to_be_visible()
    assert_accessible(axe, tab)


@pytest.mark.parametrize("reached", ["Svarte ikke", "Ja, vi snakket sammen"])
def test_answer_without_javascript_the_server_applies_the_rules(new_tab, reached):
    """Both later steps are shown only to a household reached: "Svarte ikke" ends the survey.

    Without JavaScript every question of a step is shown; the ones whose rule
    does not hold are not required.
    """
    tab = new_tab(javascript=False)
    answer_first_step(tab, reached)
    if reached == "Ja, vi snakket sammen":
        expect(tab.locator(".bp-progress")).to_have_text(progress(2, 3))
        expect(question(tab, "Har husstanden åpnet veilederen?")).to_be_visible()
        question(tab, "Fikk husstanden lenken").get_by_label("Nei").check()
        press(tab, "next")
        expect(tab.locator(".bp-progress")).to_have_text(progress(3, 3))
        expect(tab.get_by_role("heading", name="Boplan")).to_be_visible()
        tab.get_by_label(GOAL).check()
        tab.get_by_label(NUMBER).fill("2")
        press(tab, "next")
    assert re.search(r"\?receipt=[0-9a-f-]{36}$", tab.url)
    expect(tab.get_by_role("heading", level=1)).to_have_text(
        nb("Thank you, your answers have been sent")
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "This field is required."), ("99", None)],
    ids=["empty", "above-max"],
)
def test_error_summary_points_to_the_field_and_keeps_the_answers(new_tab, axe, typed, message):
    tab = new_tab()
    go_to_boplan(tab)
    tab.get_by_label(GOAL).check()
    tab.get_by_label(NUMBER).fill(typed)
    tab.get_by_label(NOTES).fill("Ringte kl. 10, ring igjen fredag")
    press(tab, "next")

    assert tab.title().startswith(nb("Error"))
    summary = tab.get_by_role("alert")
    expect(summary).to_be_focused()
    number = tab.get_by_label(NUMBER)
    error = tab.locator(f"#{number.get_attribute('id')}_error")
    expect(error).to_have_text(nb(message) if message else re.compile(r"\S"))
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(number).to_have_attribute("aria-describedby", error.get_attribute("id"))
    link = summary.get_by_role("link")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", f"#{number.get_attribute('id')}")
    expect(link).to_contain_text(error.inner_text())
    expect(number).to_have_value(typed)
    expect(tab.get_by_label(NOTES)).to_have_value("Ringte kl. 10, ring igjen fredag")
    expect(tab.get_by_label(GOAL)).to_be_checked()
    assert_accessible(axe, tab)

    link.click()
    expect(number).to_be_focused()
    label_top = tab.locator(f"label[for={number.get_attribute('id')}]").bounding_box()["y"]
    assert label_top >= 0, "the label of the focused field must stay in view"


def test_the_limit_in_the_error_reads_as_typed_by_the_editor(new_tab):
    tab = new_tab()
    go_to_boplan(tab)
    tab.get_by_label(GOAL).check()
    tab.get_by_label(NUMBER).fill("99")
    press(tab, "next")
    expect(tab.locator(".bp-error")).to_have_text(
        nb("Ensure this value is less than or equal to %(limit_value)s.", limit_value=15),
        timeout=1000,
    )


def test_back_keeps_the_answers_of_each_step(new_tab):
    tab = new_tab()
    answer_first_step(tab)
    question(tab, "Fikk husstanden lenken").get_by_label("Nei").check()
    press(tab, "next")
    tab.get_by_label(NUMBER).fill("4")
    tab.get_by_label(NOTES).fill("Tilbake og fram")

    expect(tab.locator("button[name=back]")).to_have_text(nb("Back"))
    press(tab, "back")
    expect(tab.locator(".bp-progress")).to_have_text(progress(2, 3))
    expect(question(tab, "Fikk husstanden lenken").get_by_label("Nei")).to_be_checked()
    press(tab, "back")
    expect(tab.get_by_label("Ja, vi snakket sammen")).to_be_checked()

    press(tab, "next")
    press(tab, "next")
    expect(tab.get_by_label(NUMBER)).to_have_value("4")
    expect(tab.get_by_label(NOTES)).to_have_value("Tilbake og fram")


@pytest.mark.parametrize(
    "complete",
    [
        True,
        pytest.param(
            False,
        ),
    ],
    ids=["step-complete", "step-unfinished"],
)
def test_save_and_continue_later_in_another_browser(new_tab, complete):
    tab = new_tab()
    go_to_boplan(tab)
    if complete:
        tab.get_by_label(GOAL).check()
    tab.get_by_label(NUMBER).fill("5")
    tab.get_by_label(NOTES).fill("Fortsetter i morgen")
    token = tab.locator("input[name=token]").input_value()

    save = tab.locator("button[name=save]")
    expect(save).to_have_text(nb("Save and continue later"))
    press(tab, "save")
    assert tab.get_by_role("status").count() == 1, "no saved message"
    status = tab.get_by_role("status")
    expect(status).to_contain_text(nb("Your answers are saved."))
    link = status.get_by_role("link")
    expect(link).to_have_attribute("href", f"{SURVEY}?resume={token}")
    expect(link).to_have_text(re.compile(rf"^http://.+{re.escape(SURVEY)}\?resume={token}$"))

    elsewhere = new_tab()
    elsewhere.goto(link.get_attribute("href"))
    expect(elsewhere.locator(".bp-progress")).to_have_text(progress(3, 3))
    expect(elsewhere.get_by_role("status")).to_have_count(0)
    expect(elsewhere.get_by_label(NUMBER)).to_have_value("5")
    expect(elsewhere.get_by_label(NOTES)).to_have_value("Fortsetter i morgen")
    if complete:
        expect(elsewhere.get_by_label(GOAL)).to_be_checked()


def test_first_step_says_next_when_the_answer_can_lead_on(new_tab):
    tab = new_tab()
    tab.goto(SURVEY)
    expect(tab.locator("button[name=next]")).to_have_text(nb("Next"), timeout=1000)
