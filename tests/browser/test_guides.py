"""The demo guide and brochure on a 375 px phone: axe, right to left, the personal plan, print.

What the tenant gets from the link in a decision letter must read and work on a
phone, in Norwegian and in Arabic, with or without JavaScript, and keep the
personal plan in the browser only: these tests drive the demo (``seed_demo``)
in Chromium to prove it. Selectors use the templates' ``data-`` hooks for the
plan's buttons, so that a change of wording in the catalogues does not break
them; the demo's own content (goals, steps, titles) is matched as typed.
"""

import io
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from pypdf import PdfReader

PHONE = {"width": 375, "height": 800}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
GUIDE = "/guides/boplan/"
CHAPTER = "bostotte/"
PLAN = "din-boplan/"
BROCHURE = "/guides/pa-vei-hjem/"
TITLE = "Boplan – veien videre fra kommunal bolig"
GOAL = "Kjøpe med startlån"
STEPS = ["Snakk med banken om lån", "Samle dokumentene til søknaden"]
DATE = "2026-12-01"
NOTE = "Ring Husbanken fredag kl. 10"
# Requests a page may make for itself: its document and the site's static files.
NO_DATA_TYPES = {"xhr", "fetch", "beacon", "ping", "websocket", "eventsource"}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def new_phone(browser, demo_server):
    """Open a 375 px tab in a browser context of its own, with or without JavaScript."""
    contexts = []

    def new_phone(javascript: bool = True):
        contexts.append(
            browser.new_context(
                base_url=demo_server, viewport=PHONE, java_script_enabled=javascript
            )
        )
        return contexts[-1].new_page()

    yield new_phone
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_phone):
    """A 375 px tab with JavaScript, as most tenants open the guide."""
    return new_phone()


@pytest.fixture
def recorder(phone):
    """Every request the phone tab makes from now on (Playwright Request objects)."""
    requests = []
    phone.on("request", lambda request: requests.append(request))
    return requests


def assert_accessible(axe, tab) -> None:
    results = axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()


def plan(tab):
    return tab.locator("[data-guides-plan]")


def step(tab, text: str):
    return plan(tab).locator("[data-plan-step]", has_text=text)


def fill_plan(tab) -> None:
    """Choose a goal, tick two of its steps, give the first a date and a note; wait until saved."""
    plan(tab).get_by_label(GOAL, exact=True).check()
    for text in STEPS:
        step(tab, text).get_by_label(text, exact=True).check()
    step(tab, STEPS[0]).locator("input[type=date]").fill(DATE)
    step(tab, STEPS[0]).locator("textarea").fill(NOTE)
    expect(tab.locator("[data-plan-status]")).not_to_be_empty()
    # guides.js saves typing after a pause: wait for the note itself in storage.
    tab.wait_for_function(f"Object.values(localStorage).some(v => v.includes({NOTE!r}))")


def assert_plan_filled(tab) -> None:
    expect(plan(tab).get_by_label(GOAL, exact=True)).to_be_checked()
    for text in STEPS:
        expect(step(tab, text).get_by_label(text, exact=True)).to_be_checked()
    expect(step(tab, STEPS[0]).locator("input[type=date]")).to_have_value(DATE)
    expect(step(tab, STEPS[0]).locator("textarea")).to_have_value(NOTE)


def stored_plans(tab) -> dict:
    return tab.evaluate(
        "Object.fromEntries(Object.entries(localStorage)"
        ".filter(([key]) => key.startsWith('boportal-plan:')))"
    )


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


# ---- 1. axe-core at 375 px, Norwegian and Arabic; Arabic right to left ----

AXE_PAGES = [
    GUIDE,
    GUIDE + CHAPTER,
    GUIDE + PLAN,
    GUIDE + "print/",
    BROCHURE,
    "/ar" + GUIDE,
    "/ar" + GUIDE + PLAN,
    "/ar" + GUIDE + "print/",
    "/ar" + BROCHURE,
]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_wcag_violations_at_375_px(phone, axe, path):
    response = phone.goto(path)
    assert response.status == 200
    assert_accessible(axe, phone)


@pytest.mark.parametrize("path", ["/ar" + GUIDE, "/ar" + GUIDE + PLAN, "/ar" + GUIDE + "print/"])
def test_arabic_pages_are_right_to_left(phone, path):
    phone.goto(path)
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    assert phone.evaluate("document.documentElement.lang") == "ar"


def test_the_untranslated_brochure_reads_in_norwegian_under_an_arabic_notice(phone):
    phone.goto("/ar" + BROCHURE)
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    main = phone.locator("main")
    expect(main).to_have_attribute("lang", "nb")
    expect(main).to_have_attribute("dir", "ltr")
    notice = main.locator(".bp-language-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("lang", "ar")
    expect(notice).to_have_attribute("dir", "rtl")


@pytest.mark.parametrize(("prefix", "mirrored"), [("", False), ("/ar", True)])
def test_the_plan_mirrors_in_arabic(phone, prefix, mirrored):
    """A goal's radio button sits before its label: left of it in Norwegian, right in Arabic."""
    phone.goto(prefix + GUIDE + PLAN)
    option = plan(phone).locator(".guides-plan__option").first
    radio = option.locator("input").bounding_box()
    label = option.locator("label").bounding_box()
    radio_centre, label_centre = radio["x"] + radio["width"] / 2, label["x"] + label["width"] / 2
    assert (radio_centre > label_centre) is mirrored
    # And the page itself, not only the row: the radio hugs the side where lines start.
    half = PHONE["width"] / 2
    assert (radio_centre > half) is mirrored


# ---- 2. The personal plan: kept in this browser only ----


def test_the_plan_survives_a_reload_without_a_network_request(phone, recorder, demo_server):
    phone.goto(GUIDE + PLAN)
    fill_plan(phone)
    phone.reload()
    assert_plan_filled(phone)
    expect(step(phone, "Finn bolig og gi bud")).to_be_visible()  # a step of the chosen goal
    expect(step(phone, "Sett opp et budsjett for husleie")).to_be_hidden()  # of another goal

    own = urlsplit(demo_server).netloc
    page_url = demo_server + GUIDE + PLAN
    assert recorder, "the recorder saw nothing: it would let anything through"
    for request in recorder:
        assert urlsplit(request.url).netloc == own, request.url
        assert request.resource_type not in NO_DATA_TYPES, (request.resource_type, request.url)
        assert request.method == "GET", request.url
        assert request.url == page_url or urlsplit(request.url).path.startswith("/static/"), (
            request.url
        )
    assert [r.url for r in recorder if r.resource_type == "document"] == [page_url] * 2


def test_deleting_the_plan_asks_first_then_empties_it_and_the_storage(phone):
    phone.goto(GUIDE + PLAN)
    fill_plan(phone)
    assert len(stored_plans(phone)) == 1
    ask = phone.locator("[data-plan-delete]")
    confirmation = phone.locator("[data-plan-confirm]")

    ask.click()
    expect(confirmation).to_be_visible()
    expect(ask).to_have_attribute("aria-expanded", "true")
    phone.locator("[data-plan-confirm-no]").click()
    expect(confirmation).to_be_hidden()
    assert_plan_filled(phone)
    assert len(stored_plans(phone)) == 1

    ask.click()
    phone.locator("[data-plan-confirm-yes]").click()
    expect(confirmation).to_be_hidden()
    expect(plan(phone).get_by_label(GOAL, exact=True)).not_to_be_checked()
    expect(step(phone, STEPS[0]).locator("textarea")).to_have_value("")
    assert stored_plans(phone) == {}

    phone.reload()
    expect(plan(phone).locator("input:checked")).to_have_count(0)
    expect(step(phone, STEPS[0]).locator("textarea")).to_have_value("")
    expect(step(phone, "Sett opp et budsjett for husleie")).to_be_visible()  # no goal: all steps
    assert stored_plans(phone) == {}


# ---- 3. The plan as a PDF, made by the server from one post ----


def test_the_plan_downloads_as_a_pdf_without_cookies(phone, recorder):
    phone.goto(GUIDE + PLAN)
    fill_plan(phone)
    responses = []
    phone.on("response", lambda response: responses.append(response))
    with phone.expect_download() as download_info:
        phone.locator("[data-plan-pdf]").click()
    data = download_info.value.path().read_bytes()

    assert data.startswith(b"%PDF")
    assert NOTE in pdf_text(data)
    posts = [request for request in recorder if request.method == "POST"]
    assert len(posts) == 1 and urlsplit(posts[0].url).path.startswith("/plan-pdf/")
    assert "cookie" not in posts[0].all_headers()
    answers = [response for response in responses if response.request == posts[0]]
    assert answers and answers[0].status == 200
    assert answers[0].header_value("set-cookie") is None
    assert phone.context.cookies() == []


# ---- 4. Printing: the filled plan on paper, Chromium's PDF of the print view ----


def test_the_filled_plan_prints_without_its_controls(phone):
    phone.goto(GUIDE + PLAN)
    fill_plan(phone)
    phone.emulate_media(media="print")

    expect(phone.locator("[data-plan-goal]:visible")).to_have_count(1)
    assert_plan_filled(phone)
    for text in STEPS:
        expect(step(phone, text)).to_be_visible()
    expect(step(phone, STEPS[0]).locator("textarea")).to_be_visible()
    expect(plan(phone).locator(".guides-plan__legend").first).to_be_visible()
    for control in (
        "[data-plan-actions]",
        "[data-plan-delete]",
        "[data-plan-print]",
        "[data-plan-pdf]",
        "[data-guides-toc]",
        ".guides-pager",
    ):
        expect(phone.locator(control)).to_be_hidden()
    phone.emulate_media(media="screen")
    expect(phone.locator("[data-plan-actions]")).to_be_visible()


def test_the_print_view_prints_to_a_pdf_with_the_guide_title(phone):
    phone.goto(GUIDE + "print/")
    phone.emulate_media(media="print")
    data = phone.pdf(format="A4")
    assert data.startswith(b"%PDF")
    text = re.sub(r"\s+", " ", pdf_text(data))
    assert TITLE in text
    assert "Din boplan" in text  # the last chapter too: the whole guide is printed


# ---- 5. Without JavaScript ----


def test_without_javascript_chapters_navigate(new_phone):
    tab = new_phone(javascript=False)
    tab.goto(GUIDE)
    tab.locator(".guides-pager").get_by_role("link", name="Leie privat").click()
    expect(tab).to_have_url(re.compile(re.escape(GUIDE) + "leie-privat/$"))
    expect(tab.locator(".guides-chapter__title")).to_have_text("Leie privat")
    tab.locator("[data-guides-toc]").get_by_role("link", name="Din boplan").click()
    expect(tab).to_have_url(re.compile(re.escape(GUIDE + PLAN) + "$"))
    current = tab.locator("[data-guides-toc] [aria-current=page]")
    expect(current).to_have_text("Din boplan")


def test_without_javascript_the_faq_expands(new_phone):
    tab = new_phone(javascript=False)
    tab.goto(GUIDE + PLAN)
    item = tab.locator(".guides-faq__item").first
    answer = item.locator(".guides-faq__answer")
    expect(answer).to_be_hidden()
    item.locator("summary").click()
    expect(answer).to_be_visible()
    expect(item).to_have_attribute("open", "")
    expect(tab.locator("[data-faq-actions]")).to_be_hidden()  # the script's button: absent


def test_without_javascript_the_plan_is_a_printable_checklist(new_phone):
    tab = new_phone(javascript=False)
    tab.goto(GUIDE + PLAN)
    expect(tab.locator("[data-plan-nojs]")).to_be_visible()
    expect(tab.locator("[data-plan-actions]")).to_be_hidden()
    expect(tab.locator(".guides-plan-pdf")).to_be_hidden()
    goals = plan(tab).locator("[data-plan-goal]")
    expect(goals).to_have_count(3)
    for index in range(3):
        items = goals.nth(index).locator("ol > li")
        expect(items.first).to_be_visible()
        assert items.count() >= 2
        expect(goals.nth(index).locator("ol > li input[type=checkbox]")).to_have_count(
            items.count()
        )
    tab.emulate_media(media="print")
    expect(plan(tab).locator("[data-plan-goal]:visible")).to_have_count(3)
    expect(step(tab, STEPS[0])).to_be_visible()
    expect(tab.locator("[data-plan-nojs]")).to_be_hidden()


@pytest.mark.parametrize("path", [GUIDE, GUIDE + PLAN, "/ar" + GUIDE + PLAN])
def test_without_javascript_no_wcag_violations(new_phone, axe, path):
    """axe needs timers, which a page without JavaScript has none of.

    So the document as a script-less tab holds it is served, its scripts
    removed, to a tab with JavaScript, and axe runs there on the same DOM.
    """
    tab = new_phone(javascript=False)
    tab.goto(path)
    snapshot = re.sub(r"<script\b[^>]*>.*?</script>", "", tab.content(), flags=re.S)
    checker = new_phone()
    checker.route(
        re.compile(re.escape(path) + "$"),
        lambda route: route.fulfill(body=snapshot, content_type="text/html; charset=utf-8"),
    )
    checker.goto(path)
    assert checker.locator("script").count() == 0
    if PLAN in path:
        expect(checker.locator("[data-plan-nojs]")).to_be_visible()
    assert_accessible(axe, checker)


# ---- 6. The language switcher ----


def test_the_language_switcher_keeps_the_chapter(phone):
    phone.goto(GUIDE + CHAPTER)
    phone.locator(".bp-languages").locator("a[hreflang=ar]").click()
    expect(phone).to_have_url(re.compile(re.escape("/ar" + GUIDE + CHAPTER) + "$"))
    assert phone.evaluate("document.documentElement.lang") == "ar"
    expect(phone.locator(".guides-chapter__title")).to_have_attribute("id", CHAPTER.strip("/"))
    current = phone.locator("[data-guides-toc] [aria-current=page]")
    expect(current).to_have_attribute("href", "/ar" + GUIDE + CHAPTER)
    expect(phone.locator(".guides-chapter__title")).not_to_have_text("Bostøtte")
