"""Exports of survey submissions: the columns, the cells, who sees which rows, and safety."""

import csv
import datetime
import io
import json
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signals
from django.db import close_old_connections
from django.http import FileResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from forms_ext.export_views import export_submissions
from forms_ext.exports import (
    FORMULA_STARTS,
    SurveySubmissionResource,
    export_columns,
    write_export,
)
from forms_ext.models import OrganisationUnit, SurveyPage, SurveySubmission
from forms_ext.submissions import store_submission
from tests.utils import home_page, make_survey

pytestmark = pytest.mark.django_db

FIXED = ["submission_id", "submitted_at", "version", "unit_code", "unit_name", "language"]
FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Closing a response sends request_finished, which would close the test's
    database connection mid-transaction; Django's test client detaches it the same way."""
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def demo_survey():
    return SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")


def export(who, page_id, fmt, query=""):
    request = RequestFactory().get(f"/export/?{query}")
    request.user = who
    return export_submissions(request, page_id, fmt)


def body(response):
    content = b"".join(response.streaming_content)
    response.close()
    return content


def csv_rows(content, **kwargs):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), **kwargs))


def xlsx_sheet(content):
    return load_workbook(io.BytesIO(content), data_only=False).worksheets[0]


def xlsx_rows(content):
    return [list(row) for row in xlsx_sheet(content).iter_rows(values_only=True)]


def records(header, rows):
    return [dict(zip(header, row, strict=True)) for row in rows]


def exported(who, page, fmt="csv", query=""):
    """The export's rows as dicts by column, whatever the format."""
    content = body(export(who, page.pk, fmt, query))
    if fmt == "json":
        return json.loads(content, parse_float=Decimal)
    rows = csv_rows(content) if fmt == "csv" else xlsx_rows(content)
    return records(rows[0], rows[1:])


# The demo: a tenant follow-up survey, 52 answers over two versions, in three districts.


def test_headers_are_the_fixed_columns_then_every_question_of_both_versions(demo_survey):
    header = csv_rows(body(export(user("admin"), demo_survey.pk, "csv")))[0]
    assert header == [
        *FIXED,
        "bydel",
        "fikk_du_snakke_med_husstanden",
        "fikk_du_snakke_med_husstanden__label",
        "samtalen_ble_gjort_pa",  # only in version 2
        "samtalen_ble_gjort_pa__label",
        "fikk_husstanden_lenken_til_veilederen_sammen_med_vedtaket",
        "fikk_husstanden_lenken_til_veilederen_sammen_med_vedtaket__label",
        "har_husstanden_apnet_veilederen",
        "har_husstanden_apnet_veilederen__label",
        "hvor_nyttig_var_veilederen",
        "hvilke_temaer_var_mest_nyttige",
        "hvilke_temaer_var_mest_nyttige__label",
        "hva_er_husstandens_mal_for_neste_bolig",
        "hva_er_husstandens_mal_for_neste_bolig__label",
        "hvor_mange_bor_i_husstanden",
        "dato_for_neste_mote_med_boligkontoret",
        "notater_fra_samtalen",
    ]


def test_a_question_added_in_version_two_is_empty_for_version_one(demo_survey):
    rows = exported(user("admin"), demo_survey)
    assert len(rows) == 52
    first = [row for row in rows if row["version"] == "1"]
    second = [row for row in rows if row["version"] == "2"]
    assert len(first) == 30 and len(second) == 22
    assert {row["samtalen_ble_gjort_pa"] for row in first} == {""}
    assert {row["samtalen_ble_gjort_pa"] for row in second} <= {"nb", "ar", "so", "interpreter"}
    assert {row["samtalen_ble_gjort_pa__label"] for row in second} >= {"Norsk"}


def test_fixed_columns_name_the_submission_its_unit_and_time(demo_survey):
    submission = SurveySubmission.objects.filter(survey_key=demo_survey.translation_key).first()
    row = next(
        r
        for r in exported(user("admin"), demo_survey, "json")
        if r["submission_id"] == submission.pk
    )
    assert row["unit_code"] == submission.unit.code
    assert row["unit_name"] == submission.unit.name
    assert row["version"] == submission.version.number
    assert row["language"] == "nb"
    local = timezone.localtime(submission.submit_time)
    assert row["submitted_at"] == local.isoformat(timespec="seconds")
    assert row["submitted_at"][-6:] in ("+01:00", "+02:00")  # Oslo time, not UTC


def test_choices_export_their_code_and_their_label(demo_survey):
    rows = exported(user("admin"), demo_survey)
    reached = {
        row["fikk_du_snakke_med_husstanden"]: row["fikk_du_snakke_med_husstanden__label"]
        for row in rows
    }
    assert reached["yes"] == "Ja, vi snakket sammen"
    assert reached["no_answer"] == "Svarte ikke"
    topics = next(row for row in rows if ";" in row["hvilke_temaer_var_mest_nyttige"])
    codes = topics["hvilke_temaer_var_mest_nyttige"].split(";")
    labels = topics["hvilke_temaer_var_mest_nyttige__label"].split("; ")
    names = {"rent_private": "Leie privat", "start_loan": "Startlån", "allowance": "Bostøtte"}
    names |= {"grant": "Tilskudd til etablering", "follow_up": "Oppfølging i boligen"}
    assert labels == [names[code] for code in codes]


def test_yes_no_labels_follow_the_language_of_the_export(demo_survey):
    key = "har_husstanden_apnet_veilederen"
    with translation.override("en"):
        rows = exported(user("admin"), demo_survey)
    assert {(row[key], row[f"{key}__label"]) for row in rows if row[key]} == {
        ("yes", "Yes"),
        ("no", "No"),
    }


# Isolation: a district sees its own rows, nothing else; archived rows only on request.


@pytest.mark.parametrize("district", ["nord", "sor"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_coordinator_exports_their_district_only(demo_survey, district, fmt):
    rows = exported(user(f"koordinator-{district}"), demo_survey, fmt)
    assert rows
    assert {row["unit_code"] for row in rows} == {f"fjordvik-{district}"}
    expected = SurveySubmission.objects.filter(unit__code=f"fjordvik-{district}")
    assert {int(row["submission_id"]) for row in rows} == set(expected.values_list("pk", flat=True))


def test_a_user_without_a_role_gets_the_headers_and_no_rows(demo_survey):
    editor = user("editor")
    assert csv_rows(body(export(editor, demo_survey.pk, "csv")))[0][:6] == FIXED
    assert len(csv_rows(body(export(editor, demo_survey.pk, "csv")))) == 1
    assert xlsx_rows(body(export(editor, demo_survey.pk, "xlsx")))[1:] == []
    assert json.loads(body(export(editor, demo_survey.pk, "json"))) == []


def test_archived_rows_are_left_out_unless_asked_for(demo_survey):
    coordinator = user("koordinator-sor")
    before = {row["submission_id"] for row in exported(coordinator, demo_survey, "json")}
    archived = SurveySubmission.objects.get(pk=min(before))
    archived.archived_at = timezone.now()
    archived.save()
    after = {row["submission_id"] for row in exported(coordinator, demo_survey, "json")}
    assert after == before - {archived.pk}
    with_archived = exported(coordinator, demo_survey, "json", "archived=shown")
    assert {row["submission_id"] for row in with_archived} == before


# Responses: streamed, chunked, named, refused.


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_csv_and_json_stream_from_chunked_queries(demo_survey, fmt, django_assert_max_num_queries):
    # The user, their admin profile, the page, the count (now or in the background?),
    # two for the columns, one for the rows; and one for the listing's filters.
    with django_assert_max_num_queries(8):
        response = export(user("admin"), demo_survey.pk, fmt)
        assert isinstance(response, StreamingHttpResponse)
        content = body(response)
    assert content.count(b"fjordvik-") >= 52


def test_xlsx_is_a_finished_file_sent_from_disk(demo_survey, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = export(user("admin"), demo_survey.pk, "xlsx")
    assert isinstance(response, FileResponse)
    assert len(xlsx_rows(body(response))) == 53


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("json", "application/json"),
    ],
)
def test_the_download_is_named_by_survey_and_day(demo_survey, fmt, content_type):
    response = export(user("koordinator-nord"), demo_survey.pk, fmt)
    body(response)
    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == content_type
    assert (
        response["Content-Disposition"] == f'attachment; filename="tenant-follow-up-{today}.{fmt}"'
    )
    assert response["Cache-Control"] == "private, no-store"


def test_unknown_format_unknown_page_and_a_page_that_is_no_survey(demo_survey):
    from django.http import Http404

    admin = user("admin")
    assert export(admin, demo_survey.pk, "pdf").status_code == 400
    with pytest.raises(Http404):
        export(admin, 999_999, "csv")
    with pytest.raises(Http404):
        export(admin, home_page().pk, "csv")


def test_anonymous_is_sent_to_the_login(demo_survey):
    response = export(AnonymousUser(), demo_survey.pk, "csv")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_the_admin_export_url_downloads_for_a_logged_in_coordinator(client, demo_survey):
    client.force_login(user("koordinator-nord"))
    url = reverse("forms_ext_export", kwargs={"page_id": demo_survey.pk, "fmt": "csv"})
    assert url == f"/admin/forms_ext/export/{demo_survey.pk}/csv/"
    response = client.get(url)
    assert response.status_code == 200
    rows = csv_rows(b"".join(response.streaming_content))
    assert {row[3] for row in rows[1:]} == {"fjordvik-nord"}


# A survey of every shape of answer, with answers meant to become formulas.


@pytest.fixture
def survey():
    return make_survey(
        [
            {"label": "Name", "field_type": "singleline"},
            {"label": "Notes", "field_type": "multiline", "required": False},
            {"label": "Balance", "field_type": "number", "min_value": -1000, "decimal_places": 1},
            {"label": "Section", "field_type": "heading", "required": False},
            {
                "label": "Topics",
                "field_type": "checkboxes",
                "choices": "rent | Rent\nbuy | Buy",
                "allow_other": True,
            },
            {"label": "Goal", "field_type": "radio", "choices": "rent | Rent\nbuy | Buy"},
            {
                "label": "Service",
                "field_type": "matrix",
                "statements": "speed | Speed\nkindness | Kindness",
                "min_value": 1,
                "max_value": 5,
            },
            {"label": "Visited", "field_type": "date", "required": False},
            {"label": "Language", "field_type": "singleline", "required": False},
        ],
        slug="export-check",
    )


def answer(page, answers, unit=None):
    fields = list(page.get_form_fields())
    return store_submission(page, fields, answers, str(uuid.uuid4()), "nb", unit=unit)


def answers(name="Kari", **more):
    return {
        "name": name,
        "balance": Decimal("-12.5"),
        "topics": {"choice": ["rent", "other"], "other": "Bestemor"},
        "goal": "buy",
        "service": {"speed": 4, "kindness": 2},
        "visited": datetime.date(2026, 1, 5),
        **more,
    }


@pytest.fixture
def answered(survey):
    for text in FORMULAS:
        answer(survey, answers(name=text, notes=f"note {text}", language=text))
    return survey


def test_a_matrix_has_a_column_per_statement_and_choices_codes_and_labels(survey):
    answer(survey, answers())
    (row,) = exported(user("admin"), survey, "json")
    assert list(row)[6:] == [
        "name",
        "notes",
        "balance",
        "topics",
        "topics__label",
        "goal",
        "goal__label",
        "service__speed",
        "service__kindness",
        "visited",
        "language_2",  # the fixed "language" keeps its name
    ]
    assert (row["service__speed"], row["service__kindness"]) == (4, 2)
    assert (row["topics"], row["topics__label"]) == ("rent;other", "Rent; Bestemor")
    assert (row["goal"], row["goal__label"]) == ("buy", "Buy")
    assert (row["balance"], row["visited"], row["notes"]) == (Decimal("-12.5"), "2026-01-05", None)


def test_a_statement_dropped_in_a_later_version_keeps_its_column(survey):
    answer(survey, answers())
    matrix = survey.form_fields.get(label="Service")
    matrix.statements = "speed | How fast"
    matrix.save()
    survey.save_revision().publish()
    survey = SurveyPage.objects.get(pk=survey.pk)
    answer(survey, answers(service={"speed": 5}))
    first, second = exported(user("admin"), survey, "json")
    assert (first["version"], second["version"]) == (1, 2)
    assert (first["service__kindness"], second["service__kindness"]) == (2, None)
    assert (first["service__speed"], second["service__speed"]) == (4, 5)


def test_no_formula_reaches_the_xlsx(answered):
    sheet = xlsx_sheet(body(export(user("admin"), answered.pk, "xlsx")))
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(FORMULA_STARTS)]
    names = sorted(row[6] for row in sheet.iter_rows(min_row=2, values_only=True))
    # XML reads a carriage return back as a line feed.
    assert names == sorted("'" + text.replace("\r", "\n") for text in FORMULAS)


def test_no_formula_reaches_the_csv(answered):
    content = body(export(user("admin"), answered.pk, "csv"))
    # Read as a spreadsheet would: text is quoted, anything unquoted must be a number.
    rows = csv_rows(content, quoting=csv.QUOTE_NONNUMERIC)
    texts = [cell for row in rows for cell in row if isinstance(cell, str)]
    assert not [text for text in texts if text.startswith(FORMULA_STARTS)]
    assert sorted(row[6] for row in rows[1:]) == sorted("'" + text for text in FORMULAS)
    assert {row[8] for row in rows[1:]} == {-12.5}


def test_numbers_stay_numbers_in_the_xlsx_negative_ones_too(survey):
    answer(survey, answers(name="-5"))
    sheet = xlsx_sheet(body(export(user("admin"), survey.pk, "xlsx")))
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert (row["balance"].data_type, row["balance"].value) == ("n", -12.5)
    assert row["service__speed"].data_type == "n" and row["service__speed"].value == 4
    assert row["submission_id"].data_type == "n" and row["version"].data_type == "n"
    assert (row["name"].data_type, row["name"].value) == ("s", "'-5")  # text stays text


def test_json_keeps_types_and_text_as_answered(answered):
    rows = json.loads(body(export(user("admin"), answered.pk, "json")), parse_float=Decimal)
    assert sorted(row["name"] for row in rows) == sorted(FORMULAS)
    assert {row["balance"] for row in rows} == {Decimal("-12.5")}
    assert all(isinstance(row["submission_id"], int) for row in rows)


def test_control_characters_do_not_break_the_xlsx(survey):
    # Characters XML forbids (NUL never gets this far: Django's forms refuse it).
    answer(survey, answers(name="a\x0bb\x1fc"))
    assert xlsx_rows(body(export(user("admin"), survey.pk, "xlsx")))[1][6] == "abc"


def test_labels_sheet_names_each_column(survey):
    with translation.override("en"):
        workbook = load_workbook(io.BytesIO(body(export(user("admin"), survey.pk, "xlsx"))))
    labels = dict(workbook["Columns"].iter_rows(min_row=2, values_only=True))
    assert labels["submitted_at"] == "Submitted at"
    assert labels["service__kindness"] == "Service: Kindness"
    assert labels["goal__label"] == "Goal (text)"


# The resource and the writer without HTTP.


def test_the_resource_is_an_import_export_resource_with_safe_cells(answered):
    resource = SurveySubmissionResource(export_columns(answered.translation_key))
    dataset = resource.export(SurveySubmission.objects.filter(survey_key=answered.translation_key))
    assert dataset.headers[:7] == [*FIXED, "name"]
    assert sorted(dataset["name"]) == sorted("'" + text for text in FORMULAS)
    assert set(dataset["balance"]) == {Decimal("-12.5")}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_write_export_writes_a_file_and_counts_its_rows(demo_survey, fmt):
    out_file = io.BytesIO()
    queryset = SurveySubmission.objects.filter(unit__code="fjordvik-nord")
    count = write_export(fmt, queryset, export_columns(demo_survey.translation_key), out_file)
    assert count == queryset.count() > 0
    assert out_file.getvalue()


def test_a_district_unit_sees_rows_of_a_small_survey_only_when_theirs(survey):
    north = OrganisationUnit.objects.get(code="fjordvik-nord")
    answer(survey, answers(name="nord"), unit=north)
    answer(survey, answers(name="sor"), unit=OrganisationUnit.objects.get(code="fjordvik-sor"))
    rows = exported(user("koordinator-nord"), survey, "json")
    assert [row["name"] for row in rows] == ["nord"]
