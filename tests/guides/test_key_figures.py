"""Key figures past their review-by date, listed in the admin's reports."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guides.models import KeyFigure
from tests.factories import UserFactory

from .html import soup, text

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/key-figures/"


def make_figure(name: str, days: int) -> KeyFigure:
    """A figure whose review-by date is ``days`` from today (negative: in the past)."""
    return KeyFigure.objects.create(
        name=name,
        amount=1000,
        unit="kr",
        source="Husbanken",
        review_by=timezone.localdate() + datetime.timedelta(days=days),
    )


def report_rows(client) -> dict[str, list[str]]:
    response = client.get(REPORT)
    assert response.status_code == 200
    rows = soup(response.content).select("table.listing tbody tr")
    return {text(row.find("td")): [text(td) for td in row.find_all("td")[1:]] for row in rows}


def test_report_lists_the_figures_past_their_date_and_no_others(admin_client_en):
    make_figure("Gammelt tall", -10)
    make_figure("Tall til i dag", 0)
    make_figure("Nytt tall", 30)
    rows = report_rows(admin_client_en)
    assert "Gammelt tall" in rows
    assert "Tall til i dag" not in rows and "Nytt tall" not in rows
    assert rows["Gammelt tall"][:2] == ["1,000 kr", "Husbanken"]


def test_report_shows_the_pages_that_use_a_figure(admin_client_en):
    rows = report_rows(admin_client_en)
    name = "Eksempelbeløp: inntektsgrense for bostøtte, én person"  # the demo's late figure
    used_on = rows[name][-1]
    assert "Boplan – veien videre fra kommunal bolig" in used_on
    assert "Housing plan – moving on from a municipal flat" in used_on


def test_report_links_each_figure_to_its_edit_form(admin_client_en):
    figure = make_figure("Gammelt tall", -1)
    html = soup(admin_client_en.get(REPORT).content)
    link = html.find("a", string=lambda s: s and "Gammelt tall" in s)
    assert link["href"] == f"/admin/snippets/guides/keyfigure/edit/{figure.pk}/"


def test_report_queries_do_not_grow_with_the_figures(admin_client_en):
    make_figure("Gammelt 1", -3)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            admin_client_en.get(REPORT)
        return len(queries)

    before = count()
    for number in range(5):
        make_figure(f"Gammelt tall {number}", -number - 5)
    assert count() == before


def test_report_exports_csv(admin_client_en):
    make_figure("Gammelt tall", -2)
    response = admin_client_en.get(REPORT + "?export=csv")
    body = b"".join(response.streaming_content).decode()
    # Wagtail writes the headings while streaming, in the site's default language.
    assert len(body.splitlines()[0].split(",")) == 6
    assert "Gammelt tall,1000.00,kr,Husbanken" in body


def test_report_and_menu_item_are_for_those_who_may_edit_figures(client):
    make_figure("Gammelt tall", -2)
    user = UserFactory(username="no-figures")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(REPORT)
    assert response.status_code in (302, 403)
    assert "Gammelt tall" not in response.content.decode()
    assert REPORT not in client.get("/admin/").content.decode()
    user.user_permissions.add(Permission.objects.get(codename="change_keyfigure"))
    assert "Gammelt tall" in client.get(REPORT).content.decode()
    assert REPORT in client.get("/admin/").content.decode()


def test_past_review_is_a_query_of_the_figures_table():
    late = make_figure("Gammelt tall", -1)
    make_figure("Nytt tall", 1)
    today = timezone.localdate()
    assert late in KeyFigure.objects.past_review(today)
    assert set(KeyFigure.objects.past_review(today).values_list("name", flat=True)) >= {
        "Gammelt tall"
    }
    assert not KeyFigure.objects.past_review(today).filter(name="Nytt tall").exists()
    assert late.is_past_review
