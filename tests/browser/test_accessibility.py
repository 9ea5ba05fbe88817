"""axe-core in a real browser: zero WCAG 2.1 A/AA violations on every public page type."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGES = [
    "/",
    "/en/",
    "/sv/",
    "/boligkontoret/",
    "/personvern/",
    "/tilgjengelighet/",
    "/search/?q=bolig",
    "/search/?q=ingenting-her",
    "/finnes-ikke/",
    "/admin/login/",
]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", [375, 1280])
def test_no_wcag_violations(page, axe, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path)
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()


def test_axe_reports_a_known_violation(page, axe):
    """Guard against a silent axe: a page with known faults must fail the same check."""
    page.set_content('<html><body><img src="x.png"><a href="#"></a></body></html>')
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    ids = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "link-name", "html-has-lang"} <= ids


@pytest.mark.parametrize("path", [p for p in PAGES if not p.startswith("/admin/")])
def test_public_pages_ask_no_other_host(page, demo_server, path):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    own_host = urlsplit(demo_server).netloc
    assert {urlsplit(url).netloc for url in page.requested_urls} == {own_host}
