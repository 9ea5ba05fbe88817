"""SVG charts beside data tables with the same numbers; the admin dashboard; the CMS block."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from forms_ext.blocks import DashboardBlock
from forms_ext.inventories.charts import bar_chart, column_chart
from forms_ext.inventories.tables import build_dashboard
from forms_ext.models import OrganisationUnit

from .dashboard_fixtures import FIRST, LAST, reported_vacancies, user

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg):
    root = ET.fromstring(str(svg))  # noqa: S314 (our own output, checked to be well-formed)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    return root, texts


def dashboard(public=False):
    inventory = reported_vacancies()
    units = OrganisationUnit.objects.all()
    return build_dashboard(inventory, units, FIRST, LAST, depth=2, public=public)


def test_a_column_chart_is_an_accessible_image_with_the_tables_numbers():
    beds = dashboard().questions[0][1][0]
    root, texts = parsed(column_chart(beds))
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Vacant beds: total per period"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert "Lowest 10" in desc.text and "highest 24" in desc.text
    # Direct labels, oldest period first: the row totals of the table.
    drawn = [t for t in texts if t.isdigit()]
    assert [24, 10, 12] == [row.total.value for row in beds.rows]
    assert drawn[-3:] == ["12", "10", "24"]
    assert len(root.findall(f".//{SVG}rect")) == 3


def test_a_suppressed_value_is_not_drawn_as_a_number():
    public = dashboard(public=True)
    kinds = public.questions[1][1][0]  # current state per option: 2, 1, 1 (all below 5)
    root, texts = parsed(bar_chart(kinds))
    assert "2" not in texts and "1" not in texts
    assert texts.count("fewer than 5") == 3
    assert "Shelter bed fewer than 5" in root.find(f"{SVG}desc").text
    beds = public.questions[0][1][0]
    _root, texts = parsed(column_chart(beds))
    assert "<5" in texts and "4" not in texts and "24" in texts


def test_bars_of_staff_figures_carry_their_numbers():
    kinds = dashboard().questions[1][1][0]
    _root, texts = parsed(bar_chart(kinds))
    assert texts == ["Shelter bed", "2", "Room", "1", "Flat", "1"]


def cells(html, caption):
    """The cells of the table with ``caption`` in ``html``, row by row."""
    table = html.split(f"<caption>{caption}</caption>")[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]


def test_the_admin_dashboard_shows_a_districts_own_units(client):
    inventory = reported_vacancies()
    client.force_login(user("koordinator-nord"))
    url = reverse("forms_ext_dashboard", args=[inventory.pk])
    response = client.get(url, {"range": "custom", "start": "2026-11-21", "end": "2026-11-23"})
    assert response.status_code == 200
    html = response.content.decode()
    assert cells(html, "Vacant beds: total per period")[1:] == [
        ["11/23/2026", "6"],
        ["11/22/2026", "4"],
        ["11/21/2026", "5"],
    ]
    assert 'role="img"' in html and "fewer than" not in html
    rolled = client.get(
        url, {"range": "custom", "start": "2026-11-21", "end": "2026-11-23", "level": "2"}
    )
    html = rolled.content.decode()
    assert "Bydel Nord" in html and "Bydel Sør" not in html and "Bydel Sentrum" not in html
    index = client.get(reverse("forms_ext_dashboards"))
    assert inventory.title in index.content.decode()


def test_the_admin_dashboard_refuses_those_without_a_role(client):
    inventory = reported_vacancies()
    client.force_login(user("editor"))
    # Wagtail's admin answers PermissionDenied with a redirect to its dashboard.
    for url in (
        reverse("forms_ext_dashboard", args=[inventory.pk]),
        reverse("forms_ext_dashboards"),
    ):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, "/admin/")


def render_block(inventory, request_user, audience):
    block = DashboardBlock()
    value = block.to_python(
        {"inventory": inventory.pk, "days": "90", "level": "", "audience": audience}
    )
    request = RequestFactory().get("/")
    request.user = request_user
    return block.render(value, context={"request": request})


def test_a_staff_block_shows_nothing_to_anonymous_readers():
    inventory = reported_vacancies()
    html = render_block(inventory, AnonymousUser(), "staff")
    assert "Log in" in html and "<table" not in html and "<svg" not in html


def test_a_public_block_suppresses_small_counts_for_everyone(settings):
    inventory = reported_vacancies()
    for reader in (AnonymousUser(), user("admin")):
        html = render_block(inventory, reader, "public")
        assert "<svg" in html and "<table" in html
        assert "fewer than 5" in html
        assert "To protect privacy" in html


def test_a_staff_block_shows_a_coordinator_their_units():
    inventory = reported_vacancies()
    html = render_block(inventory, user("koordinator-sor"), "staff")
    assert "fewer than" not in html
    now = cells(html, "Now: totals of the latest report of each unit")
    assert now[1] == ["Vacant beds", "8"]
