"""Letter links in the admin: making one, its QR code and paragraph, retiring it, the report."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import Locale

from guides.models import LetterLink, LinkOpen
from tests.factories import UserFactory

from .html import soup, text

pytestmark = pytest.mark.django_db

INDEX = "/admin/letter-links/"
REPORT = "/admin/reports/letter-links/"


@pytest.fixture
def link(guide):
    return LetterLink.objects.create(
        page=guide, locale=Locale.objects.get(language_code="en"), district="nord"
    )


def test_staff_make_a_link_and_land_on_its_page(admin_client_en, admin_user, guide):
    english = Locale.objects.get(language_code="en")
    response = admin_client_en.post(
        INDEX + "new/",
        {
            "page": guide.pk,
            "locale": english.pk,
            "section": "startlan",
            "district": "sentrum",
            "decision_type": "start-loan",
        },
    )
    made = LetterLink.objects.get(created_by=admin_user, section="startlan")
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}inspect/{made.pk}/"
    assert made.created_by == admin_user and made.active and len(made.code) == 6


def test_an_unknown_section_is_refused_with_the_known_ones(admin_client_en, guide):
    response = admin_client_en.post(INDEX + "new/", {"page": guide.pk, "section": "nope"})
    assert response.status_code == 200
    assert "has no chapter or section “nope”" in response.content.decode()
    assert "startlan" in response.content.decode()
    assert not LetterLink.objects.filter(section="nope").exists()


def test_the_links_page_shows_short_url_qr_and_paragraph(admin_client_en, link):
    page = soup(admin_client_en.get(f"{INDEX}inspect/{link.pk}/").content)
    short = f"http://testserver/l/{link.code}"
    assert page.find("a", href=short)
    svg = page.find("svg", attrs={"role": "img"})
    assert svg["aria-label"] == f"QR code for {short}"
    paragraph = page.find("textarea", attrs={"data-w-clipboard-target": "value"})
    assert paragraph["lang"] == "en" and short in text(paragraph)
    assert page.find("a", href=f"{INDEX[:-1]}/qr/{link.pk}.svg")
    assert page.find("a", href=f"{INDEX[:-1]}/qr/{link.pk}.png")


def test_qr_downloads(admin_client_en, link):
    png = admin_client_en.get(f"{INDEX}qr/{link.pk}.png")
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    assert f"qr-{link.code}.png" in png["Content-Disposition"]
    svg = admin_client_en.get(f"{INDEX}qr/{link.pk}.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<title>" in svg.content


def test_links_are_deactivated_after_confirmation_never_deleted(admin_client_en, link):
    url = f"{INDEX}deactivate/{link.pk}/"
    confirm = soup(admin_client_en.get(url).content)
    assert confirm.find("button", string="Yes, deactivate")
    link.refresh_from_db()
    assert link.active  # a GET changes nothing
    response = admin_client_en.post(url)
    assert response["Location"] == f"{INDEX}inspect/{link.pk}/"
    link.refresh_from_db()
    assert not link.active
    assert admin_client_en.get(f"{INDEX}delete/{link.pk}/").status_code == 404
    admin_client_en.post(f"{INDEX}reactivate/{link.pk}/")
    link.refresh_from_db()
    assert link.active


def test_the_list_finds_a_link_by_code(admin_client_en, link):
    page = soup(admin_client_en.get(INDEX, {"q": link.code}).content)
    assert link.code in text(page.select_one("table.listing tbody"))


# The report


@pytest.fixture
def opened(guide):
    """Two links of a made-up district with opens in two weeks (Monday 5 and 12 Jan 2026)."""
    first = LetterLink.objects.create(page=guide, district="=cmd|x", decision_type="start-loan")
    second = LetterLink.objects.create(page=guide, district="=cmd|x", decision_type="other")
    for link, day, count in [
        (first, datetime.date(2026, 1, 5), 3),
        (first, datetime.date(2026, 1, 9), 2),
        (first, datetime.date(2026, 1, 12), 4),
        (second, datetime.date(2026, 1, 6), 1),
    ]:
        LinkOpen.objects.create(link=link, day=day, count=count)
    return first, second


def report_rows(client, **params) -> list[list[str]]:
    response = client.get(REPORT, {"district": "=cmd|x", **params})
    assert response.status_code == 200
    rows = soup(response.content).select("table.listing tbody tr")
    return [[text(cell) for cell in row.find_all("td")] for row in rows]


def test_report_sums_opens_per_link_and_iso_week(admin_client_en, opened):
    first, second = opened
    rows = report_rows(admin_client_en)
    in_week_two = sorted([(first.code, "5"), (second.code, "1")])  # by code within a week
    assert [(r[0], r[1], r[-1]) for r in rows] == [
        ("2026-W03", first.code, "4"),
        *(("2026-W02", code, opens) for code, opens in in_week_two),
    ]


def test_report_filters_by_dates_and_decision_type(admin_client_en, opened):
    first, _second = opened
    rows = report_rows(
        admin_client_en,
        decision_type="start-loan",
        day_from="2026-01-01",
        day_to="2026-01-08",
    )
    assert [(r[0], r[1], r[-1]) for r in rows] == [("2026-W02", first.code, "3")]


def test_report_counts_in_few_queries(admin_client_en, opened, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        admin_client_en.get(REPORT)


def test_csv_export_streams_neutralised_cells(admin_client_en, opened):
    first, _second = opened
    response = admin_client_en.get(REPORT, {"district": "=cmd|x", "export": "csv"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Week", "Code", "Guide", "District", "Decision type", "Opens"]
    assert rows[1][:2] == ["2026-W03", first.code]
    assert rows[1][3] == "'=cmd|x" and rows[1][-1] == "4"
    assert len(rows) == 4


# Permissions


def staff_without_link_permissions():
    user = UserFactory(username="no-links")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.parametrize(
    "url",
    [
        INDEX,
        INDEX + "new/",
        INDEX + "inspect/{pk}/",
        INDEX + "edit/{pk}/",
        INDEX + "qr/{pk}.svg",
        INDEX + "qr/{pk}.png",
        INDEX + "deactivate/{pk}/",
        REPORT,
    ],
)
def test_staff_without_permissions_get_nothing(client, link, url):
    client.force_login(staff_without_link_permissions())
    response = client.get(url.format(pk=link.pk))
    assert response.status_code in (302, 403)
    assert link.code.encode() not in response.content
    if response.status_code == 302:
        assert not response["Location"].startswith(INDEX)


def test_staff_without_permissions_cannot_deactivate(client, link):
    client.force_login(staff_without_link_permissions())
    client.post(f"{INDEX}deactivate/{link.pk}/")
    link.refresh_from_db()
    assert link.active


def test_a_viewer_sees_the_link_but_cannot_retire_it(client, link):
    user = staff_without_link_permissions()
    user.user_permissions.add(Permission.objects.get(codename="view_letterlink"))
    client.force_login(user)
    assert client.get(f"{INDEX}inspect/{link.pk}/").status_code == 200
    client.post(f"{INDEX}deactivate/{link.pk}/")
    link.refresh_from_db()
    assert link.active


def test_demo_editors_may_make_links_and_the_demo_has_some(client):
    editors = Group.objects.get(name="Editors")
    codes = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_letterlink", "change_letterlink", "view_letterlink"} <= codes
    demo = LetterLink.objects.filter(code__in=["BPN7K2", "BPE9RT", "PV8ZCN"])
    assert demo.count() == 3
    recent = timezone.localdate() - datetime.timedelta(days=60)
    assert LinkOpen.objects.filter(link__in=demo, day__gte=recent).count() > 20
