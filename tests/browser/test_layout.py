"""The layout as a person uses it: keyboard, small screens, languages, print."""

import pytest


@pytest.mark.parametrize("path", ["/", "/boligkontoret/", "/tilgjengelighet/", "/search/?q=bolig"])
def test_nothing_scrolls_sideways_at_320_px(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/boligkontoret/")
    page.keyboard.press("Tab")
    skip = page.locator(".bp-skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_focus_is_visible_on_links(page):
    page.goto("/")
    page.locator(".bp-nav__link").first.focus()
    outline = page.locator(".bp-nav__link").first.evaluate(
        "element => getComputedStyle(element).outlineStyle"
    )
    assert outline == "solid"


@pytest.mark.parametrize(
    ("path", "lang"), [("/", "nb"), ("/nn/", "nn"), ("/sv/", "sv"), ("/en/", "en")]
)
def test_html_element_carries_the_language_and_direction(page, path, lang):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == "ltr"


def test_language_menu_switches_to_the_same_page_in_swedish(page):
    page.goto("/boligkontoret/")
    page.get_by_role("link", name="Svenska").click()
    assert page.url.endswith("/sv/boligkontoret/")
    assert page.locator("h1").inner_text() == "Bostadskontoret"


def test_search_works_without_javascript(browser, demo_server):
    context = browser.new_context(base_url=demo_server, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/en/")
    tab.fill("#site-search", "Husbanken")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/en/search/?q=Husbanken")
    assert tab.get_by_role("link", name="The housing office").count() >= 1
    context.close()


def test_print_hides_navigation_and_search(page):
    page.goto("/boligkontoret/")
    page.emulate_media(media="print")
    assert not page.locator(".bp-nav").is_visible()
    assert not page.locator(".bp-search").is_visible()
    assert page.locator("h1").is_visible()


def test_screenshots_for_review(page, tmp_path_factory):
    """Keep phone and desktop screenshots of the home page for a person to look at."""
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        path = folder / f"home-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
