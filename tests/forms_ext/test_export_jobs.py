"""Large exports as background jobs, and the streaming XLSX writer."""

import csv
import datetime
import io
import json
import sys
import types
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from forms_ext.exports import FORMULA_STARTS, StreamingWorkbook, export_columns, jobs, write_export
from forms_ext.exports import formats as export_format_module
from forms_ext.field_types.files import upload_storage
from forms_ext.models import ExportJob, SurveyPage, SurveySubmission, UnitRole
from forms_ext.submissions import store_submission
from forms_ext.tasks import delete_expired_exports
from tests.utils import make_survey

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture(autouse=True)
def small_threshold():
    with override_settings(FORMS_EXT_EXPORT_SYNC_MAX_ROWS=3):
        yield


@pytest.fixture(autouse=True)
def remove_export_files():
    """Files the tests' jobs wrote are removed, whatever the test's outcome."""
    yield
    storage = upload_storage()
    for name in ExportJob.objects.exclude(file="").values_list("file", flat=True):
        storage.delete(name)


@pytest.fixture
def demo_survey():
    return SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")


def login(client, name):
    """Log ``name`` in, with an English admin."""
    who = user(name)
    profile = UserProfile.get_for_user(who)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(who)
    return who


def export_url(page, fmt, query=""):
    url = reverse("forms_ext_export", kwargs={"page_id": page.pk, "fmt": fmt})
    return f"{url}?{query}" if query else url


def ask(client, page, fmt="csv", query="", run=True, capture=None):
    """Ask for an export above the threshold; the job, its task run (or not) at commit."""
    with capture(execute=run):
        response = client.get(export_url(page, fmt, query))
    assert response.status_code == 302
    job = ExportJob.objects.get(
        user__pk=client.session["_auth_user_id"], pk=response.url.split("/")[-2]
    )
    assert response.url == reverse("forms_ext_export_job", args=[job.pk])
    job.refresh_from_db()
    return job


def download(client, job):
    response = client.get(reverse("forms_ext_export_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_records(content):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def district_ids(code):
    return set(
        SurveySubmission.objects.filter(unit__code=code, archived_at=None).values_list(
            "pk", flat=True
        )
    )


# Above the threshold: a job, a task, a file in private storage, a download.


def test_an_export_above_the_threshold_is_written_by_a_task_and_downloaded(
    client, demo_survey, django_capture_on_commit_callbacks
):
    koordinator = login(client, "koordinator-nord")
    job = ask(client, demo_survey, "csv", capture=django_capture_on_commit_callbacks)
    expected = district_ids("fjordvik-nord")
    assert len(expected) > 3
    assert (job.user, job.page_id, job.fmt, job.filters) == (koordinator, demo_survey.pk, "csv", {})
    assert job.status == ExportJob.Status.DONE
    assert (job.done, job.total, job.percent) == (len(expected), len(expected), 100)
    assert job.file.startswith("exports/") and upload_storage().exists(job.file)
    assert job.filename == f"tenant-follow-up-{timezone.localdate():%Y-%m-%d}.csv"
    assert job.expires_at - job.finished_at == timedelta(hours=24)
    response = client.get(reverse("forms_ext_export_download", args=[job.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_records(b"".join(response.streaming_content))
    assert {int(row["submission_id"]) for row in rows} == expected
    assert {row["unit_code"] for row in rows} == {"fjordvik-nord"}


def test_the_file_is_kept_in_private_storage_not_public_media(
    client, demo_survey, django_capture_on_commit_callbacks, settings
):
    login(client, "koordinator-nord")
    job = ask(client, demo_survey, "json", capture=django_capture_on_commit_callbacks)
    path = upload_storage().path(job.file)
    assert path.startswith(str(settings.STORAGES["forms_ext_uploads"]["OPTIONS"]["location"]))
    assert not path.startswith(str(settings.MEDIA_ROOT))


@override_settings(FORMS_EXT_EXPORT_SYNC_MAX_ROWS=1000)
def test_at_or_below_the_threshold_the_export_is_sent_at_once(client, demo_survey):
    login(client, "koordinator-nord")
    response = client.get(export_url(demo_survey, "csv"))
    assert response.status_code == 200
    assert len(csv_records(b"".join(response.streaming_content))) == len(
        district_ids("fjordvik-nord")
    )
    assert not ExportJob.objects.exists()


def test_exactly_the_threshold_is_still_sent_at_once(client, survey_of_four):
    with override_settings(FORMS_EXT_EXPORT_SYNC_MAX_ROWS=4):
        login(client, "admin")
        response = client.get(export_url(survey_of_four, "json"))
    assert response.status_code == 200
    assert len(json.loads(b"".join(response.streaming_content))) == 4
    assert not ExportJob.objects.exists()


def test_a_second_click_while_it_runs_finds_the_same_job(
    client, demo_survey, django_capture_on_commit_callbacks
):
    login(client, "koordinator-nord")
    first = ask(client, demo_survey, run=False, capture=django_capture_on_commit_callbacks)
    second = ask(client, demo_survey, run=False, capture=django_capture_on_commit_callbacks)
    other_format = ask(
        client, demo_survey, "json", run=False, capture=django_capture_on_commit_callbacks
    )
    assert first.pk == second.pk != other_format.pk
    assert first.status == ExportJob.Status.QUEUED


# Rows: the job's user's, with the filters recorded, re-checked when the task runs.


def test_the_filters_are_recorded_and_applied(
    client, demo_survey, django_capture_on_commit_callbacks
):
    login(client, "koordinator-sor")
    visible = district_ids("fjordvik-sor")
    archived = SurveySubmission.objects.get(pk=min(visible))
    archived.archived_at = timezone.now()
    archived.save()
    without = ask(client, demo_survey, capture=django_capture_on_commit_callbacks)
    with_archived = ask(
        client,
        demo_survey,
        query="archived=shown&topic=a&topic=b",
        capture=django_capture_on_commit_callbacks,
    )
    assert with_archived.filters == {"archived": ["shown"], "topic": ["a", "b"]}
    assert {int(r["submission_id"]) for r in csv_records(download(client, without))} == visible - {
        archived.pk
    }
    assert {
        int(r["submission_id"]) for r in csv_records(download(client, with_archived))
    } == visible


def exported_by_job(client, who, page, query):
    """The rows of a job with ``query`` as its filters, whatever the count, as ``who`` gets them."""
    job = jobs.start_export(who, page, "csv", jobs.params_from(query), 99)
    jobs.run_export(job.pk)
    return csv_records(download(client, ExportJob.objects.get(pk=job.pk)))


def test_another_districts_rows_stay_out_even_when_the_jobs_filters_name_them(client, demo_survey):
    koordinator = login(client, "koordinator-nord")
    south = SurveySubmission.objects.filter(unit__code="fjordvik-sor").first()
    own = exported_by_job(client, koordinator, demo_survey, {"archived": ["shown"]})
    assert own and {row["unit_code"] for row in own} == {"fjordvik-nord"}
    naming_south = {"archived": ["shown"], "unit": [str(south.unit_id)], "q": [str(south.pk)]}
    rows = exported_by_job(client, koordinator, demo_survey, naming_south)
    assert {row["unit_code"] for row in rows} <= {"fjordvik-nord"}
    assert str(south.pk) not in {row["submission_id"] for row in rows}


def test_the_rows_are_those_the_user_may_see_when_the_task_runs(
    client, demo_survey, django_capture_on_commit_callbacks
):
    koordinator = login(client, "koordinator-nord")
    job = ask(client, demo_survey, run=False, capture=django_capture_on_commit_callbacks)
    assert job.total == len(district_ids("fjordvik-nord"))
    UnitRole.objects.filter(user=koordinator).delete()  # the role is taken away meanwhile
    assert jobs.run_export(job.pk) == 0
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (ExportJob.Status.DONE, 0, 0)
    assert csv_records(download(client, job)) == []


def test_a_job_runs_once(client, demo_survey, django_capture_on_commit_callbacks):
    login(client, "koordinator-nord")
    job = ask(client, demo_survey, capture=django_capture_on_commit_callbacks)
    assert jobs.run_export(job.pk) == 0  # done already: not written again
    assert ExportJob.objects.get(pk=job.pk).file == job.file


def test_the_listings_filter_is_used_when_it_exists(demo_survey, monkeypatch):
    calls = []

    def filtered_submissions(who, page, params):
        calls.append((who.username, page.pk, params.getlist("status")))
        return SurveySubmission.objects.filter(unit__code="fjordvik-nord")[:0].model.objects.none()

    module = types.ModuleType(jobs.FILTERS_MODULE)
    module.filtered_submissions = filtered_submissions
    monkeypatch.setitem(sys.modules, jobs.FILTERS_MODULE, module)
    job = jobs.start_export(
        user("koordinator-nord"),
        demo_survey,
        "csv",
        jobs.params_from({"status": ["new", "seen"]}),
        9,
    )
    assert jobs.run_export(job.pk) == 0
    assert calls == [("koordinator-nord", demo_survey.pk, ["new", "seen"])]


def test_without_the_listings_filter_the_fallback_is_the_users_rows(demo_survey):
    params = jobs.params_from({"archived": ["shown"]})
    rows = jobs.export_queryset(user("koordinator-nord"), demo_survey, params)
    assert set(rows.values_list("unit__code", flat=True)) == {"fjordvik-nord"}
    assert jobs.export_queryset(user("editor"), demo_survey, params).count() == 0


# Progress, failures, and what the pages show.


def test_progress_is_reported_every_chunk_with_one_update(
    demo_survey, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(export_format_module, "CHUNK_SIZE", 10)
    seen = []
    report = jobs._report_progress

    def watch(job_id, done):
        report(job_id, done)
        seen.append(ExportJob.objects.get(pk=job_id).done)

    monkeypatch.setattr(jobs, "_report_progress", watch)
    admin = user("admin")
    all_rows = jobs.export_queryset(admin, demo_survey, jobs.params_from({})).count()
    job = jobs.start_export(admin, demo_survey, "json", jobs.params_from({}), all_rows)
    assert jobs.run_export(job.pk) == all_rows == 52
    assert seen == [10, 20, 30, 40, 50]
    job.refresh_from_db()
    assert (job.done, job.total, job.percent) == (52, 52, 100)


def test_the_task_makes_the_same_few_queries_for_any_number_of_rows(
    demo_survey, django_assert_max_num_queries
):
    job = jobs.start_export(user("admin"), demo_survey, "xlsx", jobs.params_from({}), 52)
    with django_assert_max_num_queries(14):
        assert jobs.run_export(job.pk) == 52


def test_a_failed_task_says_so_without_any_answer(client, demo_survey, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("Kari Nordmann, 12345678901")

    monkeypatch.setattr(jobs, "write_export", broken)
    login(client, "koordinator-nord")
    job = jobs.start_export(user("koordinator-nord"), demo_survey, "csv", jobs.params_from({}), 9)
    with pytest.raises(RuntimeError):
        jobs.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == jobs.EXPORT_FAILED and job.finished_at
    page = client.get(reverse("forms_ext_export_job", args=[job.pk])).content.decode()
    assert "Your export failed." in page and "The export could not be written." in page
    assert "Kari" not in page
    status = client.get(reverse("forms_ext_export_status", args=[job.pk])).json()
    assert (status["status"], status["active"], status["download_url"]) == ("failed", False, "")
    assert client.get(reverse("forms_ext_export_download", args=[job.pk])).status_code == 302


def test_a_survey_deleted_before_the_task_runs_fails_the_job(demo_survey):
    job = jobs.start_export(user("admin"), demo_survey, "csv", jobs.params_from({}), 52)
    ExportJob.objects.filter(pk=job.pk).update(page=None)
    assert jobs.run_export(job.pk) == 0
    job.refresh_from_db()
    assert (job.status, job.error, job.file) == ("failed", jobs.PAGE_GONE, "")


def test_the_job_page_works_without_javascript(client, demo_survey):
    koordinator = login(client, "koordinator-nord")
    job = jobs.start_export(koordinator, demo_survey, "csv", jobs.params_from({}), 20000)
    ExportJob.objects.filter(pk=job.pk).update(status="running", done=5000)
    page = client.get(reverse("forms_ext_export_job", args=[job.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'role="status" aria-live="polite"' in page
    assert "Your export is being written." in page
    assert 'value="25"' in page and "5,000 of 20,000 rows (25 %)" in page
    assert ">Running</dd>" in page
    assert f'href="{reverse("forms_ext_export_job", args=[job.pk])}"' in page  # check again
    assert "forms_ext/export-job.js" in page
    assert "data-export-download hidden" in page


def test_a_finished_job_page_links_the_file_and_stops_refreshing(
    client, demo_survey, django_capture_on_commit_callbacks
):
    login(client, "koordinator-nord")
    job = ask(client, demo_survey, capture=django_capture_on_commit_callbacks)
    page = client.get(reverse("forms_ext_export_job", args=[job.pk])).content.decode()
    assert "Your export is ready to download." in page
    assert f'href="{reverse("forms_ext_export_download", args=[job.pk])}"' in page
    assert "http-equiv" not in page
    assert "data-export-download hidden" not in page


def test_the_status_json(client, demo_survey, django_capture_on_commit_callbacks):
    login(client, "koordinator-nord")
    job = ask(client, demo_survey, capture=django_capture_on_commit_callbacks)
    response = client.get(reverse("forms_ext_export_status", args=[job.pk]))
    assert "no-store" in response["Cache-Control"]
    state = response.json()
    assert state["status"] == "done" and state["active"] is False
    assert (state["done"], state["total"], state["percent"]) == (job.done, job.total, 100)
    assert state["download_url"] == reverse("forms_ext_export_download", args=[job.pk])
    assert state["message"] == "Your export is ready to download."


def test_my_exports_lists_the_users_own_jobs_only(client, demo_survey):
    mine = jobs.start_export(user("koordinator-nord"), demo_survey, "csv", jobs.params_from({}), 9)
    theirs = jobs.start_export(user("koordinator-sor"), demo_survey, "csv", jobs.params_from({}), 9)
    login(client, "koordinator-nord")
    page = client.get(reverse("forms_ext_export_jobs")).content.decode()
    assert reverse("forms_ext_export_job", args=[mine.pk]) in page
    assert reverse("forms_ext_export_job", args=[theirs.pk]) not in page


# Only the job's user, only until it expires.


@pytest.mark.parametrize("other", ["koordinator-sor", "koordinator-nord", "admin"])
def test_nobody_but_the_jobs_user_reaches_it(
    client, demo_survey, django_capture_on_commit_callbacks, other
):
    owner = "leser-nord" if other == "koordinator-nord" else "koordinator-nord"
    login(client, owner)
    job = ask(client, demo_survey, capture=django_capture_on_commit_callbacks)
    login(client, other)
    for name in ("forms_ext_export_job", "forms_ext_export_status", "forms_ext_export_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_anonymous_is_sent_to_the_login(client, demo_survey):
    job = jobs.start_export(user("koordinator-nord"), demo_survey, "csv", jobs.params_from({}), 9)
    response = client.get(reverse("forms_ext_export_download", args=[job.pk]))
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


def test_an_expired_export_is_refused_and_housekeeping_deletes_it(
    client, demo_survey, django_capture_on_commit_callbacks
):
    login(client, "koordinator-nord")
    expired = ask(client, demo_survey, capture=django_capture_on_commit_callbacks)
    current = ask(client, demo_survey, "json", capture=django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("forms_ext_export_download", args=[expired.pk]))
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert delete_expired_exports.enqueue().return_value == 1
    assert not upload_storage().exists(expired.file)
    assert not ExportJob.objects.filter(pk=expired.pk).exists()
    assert upload_storage().exists(current.file)
    assert client.get(reverse("forms_ext_export_download", args=[current.pk])).status_code == 200
    assert client.get(reverse("forms_ext_export_download", args=[expired.pk])).status_code == 404


# XLSX: the job's file, and the writer on its own.


@pytest.fixture
def survey_of_four():
    page = make_survey(
        [
            {"label": "Name", "field_type": "singleline"},
            {"label": "Balance", "field_type": "number", "min_value": -1000, "decimal_places": 1},
            {"label": "Visited", "field_type": "date", "required": False},
        ],
        slug="export-job-check",
    )
    fields = list(page.get_form_fields())
    for name in FORMULAS:
        answers = {"name": name, "balance": Decimal("-12.5"), "visited": datetime.date(2026, 1, 5)}
        store_submission(page, fields, answers, str(uuid.uuid4()), "nb")
    return page


def test_an_xlsx_job_has_no_formula_and_typed_cells(
    client, survey_of_four, django_capture_on_commit_callbacks
):
    login(client, "admin")
    job = ask(client, survey_of_four, "xlsx", capture=django_capture_on_commit_callbacks)
    sheet = load_workbook(io.BytesIO(download(client, job))).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(FORMULA_STARTS)]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert sorted(row["name"].value for row in rows) == sorted("'" + text for text in FORMULAS)
    assert {(row["balance"].data_type, row["balance"].value) for row in rows} == {("n", -12.5)}
    assert {row["visited"].value for row in rows} == {datetime.datetime(2026, 1, 5)}
    assert all(row["visited"].is_date for row in rows)


def test_date_answers_are_dates_in_xlsx_and_iso_text_in_csv_and_json(survey_of_four):
    columns = export_columns(survey_of_four.translation_key)
    queryset = SurveySubmission.objects.filter(survey_key=survey_of_four.translation_key)
    out = {fmt: io.BytesIO() for fmt in ("csv", "json")}
    for fmt, out_file in out.items():
        write_export(fmt, queryset, columns, out_file)
    assert {row["visited"] for row in csv_records(out["csv"].getvalue())} == {"2026-01-05"}
    assert {row["visited"] for row in json.loads(out["json"].getvalue())} == {"2026-01-05"}


def written(rows, **sheets):
    out_file = io.BytesIO()
    with StreamingWorkbook(out_file) as book:
        book.write_sheet("Data", rows)
        for name, more in sheets.items():
            book.write_sheet(name, more)
    out_file.seek(0)
    return load_workbook(out_file)


def test_the_writer_keeps_types():
    moment = datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC)  # 03:30 in Oslo
    sheet = written(
        [
            ["int", "decimal", "float", "bool", "date", "datetime", "text"],
            [7, Decimal("-12.50"), 0.25, True, datetime.date(2026, 1, 5), moment, "007"],
        ]
    ).worksheets[0]
    cells = list(sheet.iter_rows(min_row=2))[0]
    assert [cell.data_type for cell in cells] == ["n", "n", "n", "b", "d", "d", "s"]
    assert [cell.value for cell in cells] == [
        7,
        -12.5,
        0.25,
        True,
        datetime.datetime(2026, 1, 5),
        datetime.datetime(2026, 3, 29, 3, 30),
        "007",
    ]
    assert cells[4].number_format == "mm-dd-yy" and cells[5].is_date


def test_the_writer_keeps_columns_in_place_past_gaps_and_past_z():
    row = [None, "", *range(2, 30)]
    row[10] = Decimal("NaN")
    row[11] = float("inf")
    sheet = written([row]).worksheets[0]
    values = next(sheet.iter_rows(values_only=True))
    assert values[:2] == (None, None) and values[10:12] == (None, None)
    assert values[2:10] == tuple(range(2, 10)) and values[12:] == tuple(range(12, 30))
    assert sheet["AD1"].value == 29


def test_the_writer_escapes_text_and_drops_what_xml_forbids():
    texts = [
        "a < b & c > d",
        "  spaces kept  ",
        "line\nbreak",
        "bad\x00\x0b\x1fchars\ud800",
        "ÆØÅ ش",
    ]
    sheet = written([texts]).worksheets[0]
    assert list(next(sheet.iter_rows(values_only=True))) == [
        "a < b & c > d",
        "  spaces kept  ",
        "line\nbreak",
        "badchars",
        "ÆØÅ ش",
    ]


def test_the_writer_writes_many_sheets_with_names_excel_accepts():
    workbook = written([["a"]], **{"data": [["b"]], "x" * 40: [["c"]]})
    assert workbook.sheetnames == ["Data", "data (2)", "x" * 31]
    assert [ws["A1"].value for ws in workbook.worksheets] == ["a", "b", "c"]


def test_the_writer_streams_a_sheet_through_a_file_in_batches(monkeypatch):
    from forms_ext.exports import xlsx

    monkeypatch.setattr(xlsx, "ROWS_PER_WRITE", 7)
    rows = ([n, f"row {n}"] for n in range(1, 101))  # a generator: read once, never listed
    sheet = written(rows).worksheets[0]
    assert sheet.max_row == 100
    assert [cell.value for cell in sheet[100]] == [100, "row 100"]


def test_rows_past_what_a_sheet_holds_go_on_to_a_next_sheet_under_the_header(monkeypatch):
    from forms_ext.exports import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 5)
    out_file = io.BytesIO()
    with StreamingWorkbook(out_file) as book:
        assert book.write_sheet("Data", ([n] for n in range(1, 13)), header=["n"]) == 12
        assert book.write_sheet("Full", ([n] for n in range(1, 5)), header=["n"]) == 4
    workbook = load_workbook(out_file)
    assert workbook.sheetnames == ["Data", "Data (2)", "Data (3)", "Full"]
    sheets = [[row[0] for row in ws.iter_rows(values_only=True)] for ws in workbook.worksheets]
    assert sheets == [["n", 1, 2, 3, 4], ["n", 5, 6, 7, 8], ["n", 9, 10, 11, 12], ["n", 1, 2, 3, 4]]
    assert workbook["Data (2)"].freeze_panes == "A2"
