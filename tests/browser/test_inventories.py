"""The demo vacancy inventory in a real browser: a reporter, a social worker, a coordinator.

The demo (``seed_demo``, see cms.demo_inventories) has 40 providers with 60 days
of reports ending today. Some facts hold whatever the hour the demo was built:
the stale providers of ``STALE`` have not reported today (nor for days), so the
reporter sends for one of them and the list flags another; the other providers'
states today depend on the hour, so the tests read them from the page.

Each test logs in its own user in a browser context of its own, and none relies
on what another sent: the reporter changes only Bydel Nord's providers, the
social worker's stale unit is in Bydel Sør, and the coordinator reads the past.
Texts are the Norwegian of the catalogues, or the English where none is translated.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from cms.demo_inventories import PROVIDERS
from cms.demo_vacancy_reports import STALE
from forms_ext.conf import settings as app_settings
from forms_ext.inventories.status import State

INVENTORY = "/inventories/vacancies/"
TITLE = "Ledige plasser"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NORD_STALE = "Moloen hybelhus"  # stale for 4 days: no report today, whatever the hour
NORD_STALE_TOO = "Utsikten omsorgsbolig"  # stale for 2 days: "No change" is offered all day
SOR_STALE = "Granly botilbud"  # stale for 9 days, reported by nobody in these tests
VACANT = "Ledige nå"
PLACES = "Plasser i alt"
GROUPS = "Målgrupper"
WOMEN = "Kvinner"


def nb(message: str, **params) -> str:
    """What a Norwegian Bokmål page (or the Norwegian admin) says for this message."""
    with translation.override("nb"):
        text = translation.gettext(message)
    return text % params if params else text


def either(*messages: str) -> re.Pattern:
    """Exactly one of the Norwegian messages (a state that depends on the hour)."""
    return re.compile("^(" + "|".join(re.escape(nb(message)) for message in messages) + ")$")


def nb_pattern(message: str) -> re.Pattern:
    """The Norwegian message with each ``%(name)s`` matching any text."""
    parts = re.split(r"%\(\w+\)s", nb(message))
    return re.compile(".+".join(re.escape(part) for part in parts))


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def login(browser, demo_server):
    """Open ``path`` as a demo user: through the login form it redirects to, in a browser
    context of the user's own, on a phone (375 px) or a desktop."""
    contexts = []

    def login(username: str, path: str, viewport: dict = PHONE):
        contexts.append(browser.new_context(base_url=demo_server, viewport=viewport))
        tab = contexts[-1].new_page()
        tab.goto(path)
        expect(tab).to_have_url(re.compile(r"/admin/login/\?next="))
        tab.fill("#id_username", username)
        tab.fill("#id_password", "demo")
        tab.click("button[type=submit]")
        expect(tab).to_have_url(re.compile(re.escape(path) + "$"))
        return tab

    yield login
    for context in contexts:
        context.close()


def assert_accessible(axe, tab) -> None:
    results = axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()


def assert_fits_the_phone(tab) -> None:
    """Nothing wider than the 375 px screen: no sideways scrolling (WCAG 1.4.10, reflow)."""
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# ---- 1. The reporter: carried forward, changed and sent; "No change" in one click ----


def unit_choice(tab, name: str):
    return tab.locator(".bp-inventory__units li").filter(has_text=name)


def reported_in_chooser(tab, name: str) -> None:
    """The chooser says, in words, that ``name`` has reported ("– reported", not "not ...")."""
    expect(unit_choice(tab, name)).to_have_text(
        re.compile(r"–\s*" + re.escape(nb("reported")) + r"\s*$")
    )


def vacant_input(tab):
    return tab.locator("[data-key=vacant] input")


def assert_saved(tab, unit: str) -> None:
    expect(tab).to_have_url(re.compile(r"[?&]saved=1"))
    expect(tab.get_by_role("status").filter(has_text=nb("Your report is saved."))).to_be_visible()
    state = tab.locator(".bp-inventory__state strong")
    expect(state).to_have_text(either("Reported", "Reported late"))
    reported_in_chooser(tab, unit)
    expect(carried_notice(tab)).to_have_count(0)  # this period's report, no longer carried


def carried_notice(tab):
    return tab.get_by_role("status").filter(
        has_text=nb_pattern("Filled in from your report of %(date)s. Change what is new.")
    )


def test_a_reporter_sends_a_changed_report_then_one_unchanged(login, axe):
    tab = login("rapportor-nord", INVENTORY)
    expect(tab.get_by_role("heading", name=nb("Your units"))).to_be_visible()
    unit_choice(tab, NORD_STALE).get_by_role("link", name=NORD_STALE).click()
    expect(tab).to_have_url(re.compile(r"\?unit=\d+$"))
    expect(tab.locator("#inventory-period-title")).to_contain_text(NORD_STALE)
    expect(unit_choice(tab, NORD_STALE)).to_contain_text(nb("not reported yet"))
    expect(tab.locator(".bp-inventory__state strong")).to_have_text(
        either("Not reported yet", "Late")
    )
    expect(carried_notice(tab)).to_be_visible()
    carried = vacant_input(tab).input_value()
    assert carried.isdigit(), f"the last report's vacant places are not filled in: {carried!r}"
    assert tab.locator("[data-key=places] input").input_value().isdigit()
    assert_accessible(axe, tab)
    assert_fits_the_phone(tab)

    changed = str(int(carried) - 1 if int(carried) > 0 else 1)
    vacant_input(tab).fill(changed)
    tab.get_by_role("button", name=nb("Send report")).click()
    assert_saved(tab, NORD_STALE)
    expect(vacant_input(tab)).to_have_value(changed)
    expect(tab.get_by_role("button", name=nb("Save changes"))).to_be_visible()
    assert_accessible(axe, tab)
    tab.goto(tab.url.replace("&saved=1", ""))
    expect(vacant_input(tab)).to_have_value(changed)
    expect(tab.locator(".bp-inventory__state strong")).to_have_text(
        either("Reported", "Reported late")
    )

    # Another unit without a report today: "No change" in one click.
    assert NORD_STALE_TOO in STALE
    other = NORD_STALE_TOO
    unit_choice(tab, other).get_by_role("link", name=other).click()
    expect(tab.locator("#inventory-period-title")).to_contain_text(other)
    expect(carried_notice(tab)).to_be_visible()
    carried = vacant_input(tab).input_value()
    tab.get_by_role("button", name=nb_pattern("No change since %(date)s")).click()
    assert_saved(tab, other)
    expect(tab.locator("#inventory-period-title")).to_contain_text(other)
    expect(vacant_input(tab)).to_have_value(carried)
    assert_accessible(axe, tab)


# ---- 2. The social worker: the current list, filtered, stale units and "as of" ----

CARDS_JS = """cards => cards.map(card => ({
    name: card.querySelector('h2').textContent.trim(),
    stale: card.querySelector('.bp-stale') !== null,
    meta: card.querySelector('.bp-meta').textContent.trim(),
    answers: Object.fromEntries([...card.querySelectorAll('.bp-answers__item')].map(
        item => [item.querySelector('dt').textContent.trim(),
                 item.querySelector('dd').textContent.trim()])),
}))"""


def cards(tab) -> list[dict]:
    return tab.locator(".bp-unit-card").evaluate_all(CARDS_JS)


def listed_count(tab) -> int:
    text = tab.locator(".bp-list-count").inner_text()
    return int(re.search(r"\d+", text).group())


def wanted(card: dict) -> bool:
    """Takes women and has at least one place vacant, read from the card as a person would."""
    groups = card["answers"][GROUPS].split(", ")
    vacant = card["answers"][VACANT]
    return WOMEN in groups and vacant.isdigit() and int(vacant) >= 1


def local_moment(moment: datetime.datetime) -> str:
    """A moment as the list writes it (forms_ext.inventories.current.local_datetime)."""
    with translation.override("nb"):
        return date_format(moment, translation.pgettext("as-of date and time", "j F Y H:i"))


def test_a_social_worker_filters_the_current_list(login, axe):
    tab = login("sosialarbeider", INVENTORY + "current/")
    expect(tab.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    everyone = cards(tab)
    total = listed_count(tab)
    assert total == len(everyone) > 30, "the demo's list fits on one page of 50"
    stale = tab.locator(".bp-unit-card").filter(
        has=tab.get_by_role("heading", name=SOR_STALE, exact=True)
    )
    expect(stale.locator(".bp-stale")).to_contain_text(nb("Stale"))
    expect(stale.locator(".bp-stale")).to_contain_text(
        nb_pattern(
            "this is the report of %(period)s, an earlier period. "
            "The unit has not reported for the current one."
        )
    )
    assert_accessible(axe, tab)

    tab.get_by_text(nb("Filter by answers")).click()
    tab.get_by_role("group", name=GROUPS).get_by_label(WOMEN, exact=True).check()
    tab.get_by_label(nb("%(question)s: at least", question=VACANT)).fill("1")
    tab.get_by_role("button", name=nb("Show units")).click()
    expect(tab).to_have_url(re.compile(r"(?=.*[?&]target_groups=women)(?=.*[?&]vacant=1&)"))
    found = cards(tab)
    expected = sorted(card["name"] for card in everyone if wanted(card))
    assert 0 < len(expected) < total
    assert sorted(card["name"] for card in found) == expected
    assert listed_count(tab) == len(expected)
    expect(tab.get_by_role("group", name=GROUPS).get_by_label(WOMEN, exact=True)).to_be_checked()
    assert_accessible(axe, tab)
    assert_fits_the_phone(tab)

    # As of yesterday at noon: a banner says so, and no row was updated after it.
    zone = ZoneInfo(app_settings.TIME_ZONE)
    today = datetime.datetime.now(zone).date()
    noon = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(12), zone)
    tab.get_by_role("link", name=nb("Clear all")).click()
    tab.get_by_text(nb("See an earlier state")).click()
    tab.get_by_label(nb("As of"), exact=True).fill(noon.strftime("%Y-%m-%dT%H:%M"))
    tab.get_by_role("button", name=nb("Show units")).click()
    banner = tab.get_by_role("note")
    expect(banner).to_contain_text(nb("As of %(moment)s", moment=local_moment(noon)))
    expect(banner).to_contain_text(nb("The values are those the units had reported by then."))
    then = cards(tab)
    assert then, "nobody had reported by yesterday noon?"
    midnight = datetime.datetime.combine(today, datetime.time(0), zone)
    today_text = local_moment(midnight).rsplit(" ", 1)[0]  # the date without "00:00"
    assert not [card["name"] for card in then if today_text in card["meta"]]
    assert_accessible(axe, tab)
    banner.get_by_role("link", name=nb("Show the list as it is now")).click()
    expect(tab.get_by_role("note")).to_have_count(0)


# ---- 3. The coordinator: the status board and the dashboard, their district only ----

OTHER_DISTRICTS = [*PROVIDERS["sentrum"], *PROVIDERS["sor"], "Bydel Sør", "Bydel Sentrum"]


def state_labels() -> set[str]:
    return {nb(str(state.label)) for state in State}


def test_a_coordinator_follows_their_district(login, axe):
    tab = login("koordinator-nord", "/admin/forms_ext/inventories/", DESKTOP)
    tab.locator("main").get_by_role("link", name=TITLE).click()
    expect(tab).to_have_url(re.compile(r"/admin/forms_ext/inventories/\d+/$"))
    main = tab.locator("main")
    rows = main.locator("details table tbody tr")
    names = [name.strip() for name in rows.locator("th").all_inner_texts()]
    assert set(PROVIDERS["nord"]) <= set(names), names
    main_text = main.inner_text()
    assert not [name for name in OTHER_DISTRICTS if name in main_text]

    # Every state in words; the stale provider missed the days before today.
    labels = state_labels()
    cells = [text.strip() for text in main.locator("td.bp-status").all_inner_texts()]
    assert len(cells) == 7 * len(names)  # the open period and the six before it
    assert all(cell.splitlines()[0].strip() in labels for cell in cells), set(cells)
    moloen = rows.filter(has=tab.get_by_role("rowheader", name=NORD_STALE, exact=True))
    for days_ago in range(1, STALE[NORD_STALE]):
        expect(moloen.locator("td.bp-status").nth(days_ago)).to_contain_text(nb("Missing"))
    legend = main.get_by_role("list", name=nb("What the states mean"))
    assert {text.strip() for text in legend.get_by_role("listitem").all_inner_texts()} == labels
    assert_accessible(axe, tab)

    # The dashboard: an SVG chart beside the table of the same numbers, of Nord's units only.
    tab.goto("/admin/forms_ext/dashboards/")
    tab.locator("main").get_by_role("link", name=TITLE).click()
    expect(tab).to_have_url(re.compile(r"/admin/forms_ext/dashboards/\d+/$"))
    panel = tab.locator(".forms-ext-chart-and-table").filter(has=tab.locator("figure svg")).first
    chart = panel.locator("figure svg[role=img]")
    expect(chart).to_be_visible()
    table = panel.locator("table")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_have_text(chart.locator("title").text_content())
    assert table.locator("tbody tr").count() > 0
    note = nb("From the latest report of each of %(count)s units.", count=len(names))
    expect(tab.locator("main").get_by_text(note).first).to_be_visible()
    assert not [name for name in OTHER_DISTRICTS if name in tab.locator("main").inner_text()]
    assert_accessible(axe, tab)
