"""The JSON API: tokens and their scope, the endpoints, the OpenAPI document, the admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from forms_ext.api.openapi import document
from forms_ext.models import ApiClient
from forms_ext.models.api import hash_token

from .dashboard_fixtures import report, reported_vacancies, unit, user

pytestmark = pytest.mark.django_db
RANGE = {"from": "2026-11-21", "to": "2026-11-23"}


def make_client(inventory, codes=("fjordvik-nord",), public=False, active=True):
    client = ApiClient(name="Statistics", public=public, active=active)
    token = client.new_token()
    client.save()
    client.units.set([unit(code) for code in codes])
    client.inventories.set([inventory] if inventory else [])
    return client, token


def get(http, name, token=None, args=(), **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return http.get(reverse(name, args=args), params, headers=headers)


@pytest.fixture
def inventory():
    return reported_vacancies()


def test_no_token_or_an_unknown_one_is_401(client, inventory):
    response = get(client, "forms_ext_api_inventories")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert get(client, "forms_ext_api_inventories", "bop_not-a-token").status_code == 401


def test_a_revoked_token_is_401(client, inventory):
    api_client, token = make_client(inventory)
    assert get(client, "forms_ext_api_inventories", token).status_code == 200
    api_client.active = False
    api_client.save()
    assert get(client, "forms_ext_api_inventories", token).status_code == 401


def test_the_token_is_never_stored_in_clear(inventory):
    api_client, token = make_client(inventory)
    row = ApiClient.objects.filter(pk=api_client.pk).values().get()
    assert token not in str(row)
    assert row["token_hash"] == hash_token(token) != token
    assert len(row["token_hash"]) == 64


def test_the_list_names_only_the_clients_inventories(client, inventory):
    other = reported_vacancies("other-inventory")
    _api_client, token = make_client(inventory)
    answer = get(client, "forms_ext_api_inventories", token).json()
    assert [i["slug"] for i in answer["inventories"]] == ["vacancies"]
    assert other.slug not in str(answer)


def test_current_gives_the_latest_report_of_each_unit_in_scope(client, inventory):
    api_client, token = make_client(inventory)
    answer = get(client, "forms_ext_api_current", token, ["vacancies"]).json()
    # In tree order (treebeard orders siblings by name: "NAV Nord" before "Nattherberget Nord").
    assert [r["unit"]["code"] for r in answer["reports"]] == ["nav-nord", "nattherberget-nord"]
    first = answer["reports"][1]
    assert first["period"] == "2026-11-23"
    assert first["values"] == {"vacant_beds": 1, "kind_of_place": "shelter", "note": ""}
    questions = {q["key"]: q for q in answer["schema"]["questions"]}
    assert questions["vacant_beds"]["label"] == "Vacant beds"
    assert questions["kind_of_place"]["options"][0] == {"code": "shelter", "label": "Shelter bed"}
    by_key = get(client, "forms_ext_api_current", token, [str(inventory.translation_key)])
    assert by_key.json()["reports"] == answer["reports"]
    api_client.refresh_from_db()
    assert api_client.last_used_at is not None


def test_another_districts_units_never_appear(client, inventory):
    _api_client, token = make_client(inventory, codes=("fjordvik-sor",))
    answer = get(client, "forms_ext_api_current", token, ["vacancies"]).json()
    assert [r["unit"]["code"] for r in answer["reports"]] == ["familiehuset-sor"]
    history = get(client, "forms_ext_api_history", token, ["vacancies"], **RANGE).json()
    assert {r["unit"]["code"] for r in history["reports"]} == {"familiehuset-sor"}
    assert "nord" not in str(history) and "Nord" not in str(answer)
    outside = get(client, "forms_ext_api_history", token, ["vacancies"], unit="nav-nord")
    assert outside.status_code == 403
    assert "Nattherberget" not in outside.content.decode()


def test_an_inventory_outside_scope_is_403_and_an_unknown_one_404(client, inventory):
    other = reported_vacancies("other-inventory")
    _api_client, token = make_client(inventory)
    assert get(client, "forms_ext_api_current", token, [other.slug]).status_code == 403
    assert get(client, "forms_ext_api_aggregates", token, [other.slug]).status_code == 403
    assert get(client, "forms_ext_api_current", token, ["no-such"]).status_code == 404
    unknown_unit = get(client, "forms_ext_api_history", token, ["vacancies"], unit="nowhere")
    assert unknown_unit.status_code == 404


def test_history_is_paginated_and_filtered_by_range_and_unit(client, inventory, monkeypatch):
    monkeypatch.setattr("forms_ext.api.views.PAGE_SIZE", 2)
    _api_client, token = make_client(inventory, codes=("fjordvik",))
    first = get(client, "forms_ext_api_history", token, ["vacancies"], **RANGE).json()
    assert (first["count"], first["pages"], first["page"]) == (9, 5, 1)
    assert [(r["period"], r["unit"]["code"]) for r in first["reports"]] == [
        ("2026-11-23", "nav-nord"),
        ("2026-11-23", "nattherberget-nord"),
    ]
    last = get(client, "forms_ext_api_history", token, ["vacancies"], page=5, **RANGE).json()
    assert [r["period"] for r in last["reports"]] == ["2026-11-21"]
    one_day = {"from": "2026-11-22", "to": "2026-11-22"}
    day = get(client, "forms_ext_api_history", token, ["vacancies"], **one_day).json()
    assert day["count"] == 2
    sor = get(client, "forms_ext_api_history", token, ["vacancies"], unit="fjordvik-sor", **RANGE)
    assert sor.json()["count"] == 3
    assert [r["values"]["vacant_beds"] for r in sor.json()["reports"]] == [8, 6]
    bad = get(client, "forms_ext_api_history", token, ["vacancies"], **{"from": "yesterday"})
    assert bad.status_code == 400
    assert get(client, "forms_ext_api_history", token, ["vacancies"], page=99).status_code == 404


def totals(answer):
    beds = answer["questions"][0]["tables"][0]
    return [(row["key"], [c["value"] for c in row["cells"]]) for row in beds["rows"]]


def test_aggregates_are_the_dashboards_numbers(client, inventory):
    _api_client, token = make_client(inventory, codes=("fjordvik",))
    answer = get(client, "forms_ext_api_aggregates", token, ["vacancies"], **RANGE).json()
    assert totals(answer) == [("2026-11-23", [24]), ("2026-11-22", [10]), ("2026-11-21", [12])]
    assert answer["reported_values_only"] is True
    rolled = get(client, "forms_ext_api_aggregates", token, ["vacancies"], level=2, **RANGE).json()
    beds = rolled["questions"][0]["tables"][0]
    assert beds["columns"] == [
        unit(c).path for c in ("fjordvik-nord", "fjordvik-sentrum", "fjordvik-sor")
    ]
    assert [c["value"] for c in beds["rows"][1]["cells"]] == [4, None, 6]


def test_aggregates_of_a_public_client_suppress_small_counts(client, inventory):
    _api_client, token = make_client(inventory, codes=("fjordvik",), public=True)
    answer = get(client, "forms_ext_api_aggregates", token, ["vacancies"], level=2, **RANGE).json()
    row = answer["questions"][0]["tables"][0]["rows"][1]
    assert [c["value"] for c in row["cells"]] == [None, None, 6]
    assert [c["suppressed"] for c in row["cells"]] == [True, False, False]
    assert row["total"] == {"value": None, "suppressed": True}


def test_query_counts_do_not_grow_with_reports(client, inventory):
    _api_client, token = make_client(inventory, codes=("fjordvik",))

    def count(name, **params):
        with CaptureQueriesContext(connection) as captured:
            assert get(client, name, token, ["vacancies"], **params).status_code == 200
        return len(captured)

    get(client, "forms_ext_api_inventories", token)  # the first use writes last_used_at
    before = {
        name: count(name, **RANGE) for name in ("forms_ext_api_current", "forms_ext_api_aggregates")
    }
    report(inventory, "nav-nord", 3, "room", 22)
    report(inventory, "sentrum-hospits", 3, "room", 22)
    after = {name: count(name, **RANGE) for name in before}
    assert after == before
    assert max(before.values()) <= 13


# The OpenAPI document


def api_routes():
    """Every path of the API's URLconf, in OpenAPI's syntax."""
    resolver = next(
        r
        for r in get_resolver().url_patterns
        if isinstance(r, URLResolver) and "api/v1" in str(r.pattern)
    )
    paths = set()
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern).replace("<str:ref>", "{ref}")
        paths.add(f"/api/v1/{route}")
    return paths


def test_the_openapi_document_describes_exactly_the_urlconf(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec == document()
    assert spec["openapi"] == "3.1.0"
    assert set(spec["paths"]) == api_routes()
    for path, item in spec["paths"].items():
        operation = item["get"]
        assert operation["summary"] and "200" in operation["responses"]
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert names == {part[1:-1] for part in path.split("/") if part.startswith("{")}


def test_every_reference_in_the_document_resolves():
    spec = document()
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.add(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in spec["components"]["schemas"]


# The admin


def test_a_new_clients_token_is_shown_once_and_stored_hashed(client, inventory):
    client.force_login(user("admin"))
    response = client.post(
        reverse("api_clients:add"),
        {
            "name": "Statistikk",
            "units": [unit("fjordvik-nord").pk],
            "inventories": [inventory.pk],
            "active": "on",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    token = html.split('id="api-token" type="text" readonly value="')[1].split('"')[0]
    api_client = ApiClient.objects.get(name="Statistikk")
    assert api_client.token_hash == hash_token(token)
    assert api_client.created_by == user("admin")
    edit = client.get(reverse("api_clients:edit", args=[api_client.pk])).content.decode()
    assert token not in edit
    assert get(client, "forms_ext_api_inventories", token).status_code == 200
    docs = client.get(reverse("forms_ext_api_docs"))
    assert docs.status_code == 200 and "/api/v1/openapi.json" in docs.content.decode()
    assert (
        reverse("forms_ext_api_docs") in client.get(reverse("api_clients:index")).content.decode()
    )


def test_only_those_with_the_permission_manage_clients(client):
    client.force_login(user("koordinator-nord"))
    response = client.get(reverse("api_clients:add"))
    assert response.status_code == 302
