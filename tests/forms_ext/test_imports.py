"""Imports of earlier answers: round trips, the dry run, all or nothing, safe files, who may."""

import csv
import datetime
import io
import os
import re
import time
import uuid
import zipfile
from decimal import Decimal
from urllib.parse import parse_qs, urlencode, urlparse

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from wagtail.users.models import UserProfile

from forms_ext.exports import export_columns, write_export
from forms_ext.field_types.files import upload_storage
from forms_ext.imports import (
    ImportFileError,
    keep_upload,
    kept_file,
    preview_import,
    read_table,
    reading,
    run_import,
    storing,
)
from forms_ext.models import Answer, OrganisationUnit, SurveyPage, SurveySubmission
from forms_ext.submissions import store_submission
from tests.utils import home_page, make_survey

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]


def user(name):
    return get_user_model().objects.get(username=name)


def unit(code):
    return OrganisationUnit.objects.get(code=code)


def english_client(client, name):
    """A client logged in as ``name``, whose admin speaks English."""
    who = user(name)
    profile = UserProfile.get_for_user(who)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(who)
    return client


@pytest.fixture
def survey():
    """A survey of every kind of answer, owned by district Nord."""
    page = make_survey(
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
            # On the web only a date from today on; an earlier answer is older than that.
            {"label": "Visited", "field_type": "date", "required": False, "min_value": 0},
            {"label": "Met at", "field_type": "datetime", "required": False},
            {"label": "Agreed", "field_type": "yesno", "required": False},
            {"label": "Consent", "field_type": "checkbox", "required": False},
            {"label": "Language", "field_type": "singleline", "required": False},
            {"label": "Attachment", "field_type": "file", "required": False},
        ],
        slug="import-check",
        parent=home_page("en"),
    )
    SurveyPage.objects.filter(pk=page.pk).update(owner_unit=unit("fjordvik-nord"))
    return SurveyPage.objects.get(pk=page.pk)


def answers(name="Kari", **more):
    return {
        "name": name,
        "balance": Decimal("-12.5"),
        "topics": {"choice": ["rent", "other"], "other": "Bestemor; og bror"},
        "goal": "buy",
        "service": {"speed": 4, "kindness": 2},
        "visited": datetime.date(2025, 1, 5),
        "met_at": timezone.make_aware(datetime.datetime(2025, 1, 5, 10, 30)),
        "agreed": "dont_know",
        "consent": True,
        "language": "en",
        **more,
    }


def answer(page, values, unit_code="fjordvik-nord", language="nb"):
    fields = list(page.get_form_fields())
    return store_submission(page, fields, values, str(uuid.uuid4()), language, unit=unit(unit_code))


def snapshot(submissions, with_json=True):
    """What the submissions are, apart from their identity: unit, language, time (to the
    second, as exported), typed answers and their JSON copy; in a stable order."""
    rows = []
    for submission in submissions.select_related("unit"):
        typed = Answer.objects.filter(submission=submission).values_list(
            "key", "part", "code", "text", "number", "date", "datetime"
        )
        rows.append(
            (
                submission.unit.code,
                submission.language,
                submission.submit_time.replace(microsecond=0),
                sorted(typed, key=repr),
                submission.form_data if with_json else None,
            )
        )
    return sorted(rows, key=repr)


def exported(page, fmt, queryset=None):
    out_file = io.BytesIO()
    queryset = queryset or SurveySubmission.objects.filter(survey_key=page.translation_key)
    write_export(fmt, queryset, export_columns(page.translation_key), out_file)
    return out_file.getvalue()


def csv_file(rows, delimiter=",", encoding="utf-8"):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_file(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out_file = io.BytesIO()
    workbook.save(out_file)
    return out_file.getvalue()


def counts():
    return SurveySubmission.objects.count(), Answer.objects.count()


# Round trips: what an export writes, an import reads back to the same answers.


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_answers(survey, fmt):
    for number, text in enumerate(FORMULAS):
        answer(survey, answers(name=text, notes=f"note {text}"), language=["nb", "en"][number % 2])
    answer(survey, {"name": "Only a name"}, unit_code="nav-nord")
    submissions = SurveySubmission.objects.filter(survey_key=survey.translation_key)
    before = snapshot(submissions)
    content = exported(survey, fmt)
    submissions.delete()

    report = run_import(survey, user("koordinator-nord"), read_table(content, f"answers.{fmt}"))

    assert (report.errors, report.imported) == ([], 5)
    assert snapshot(submissions) == before
    assert {(s.channel, s.recorded_by.username) for s in submissions} == {
        ("import", "koordinator-nord")
    }
    assert {s.version.number for s in submissions} == {1}


def test_the_demo_survey_round_trips_over_both_versions():
    demo = SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")
    submissions = SurveySubmission.objects.filter(survey_key=demo.translation_key)
    # The demo stored whole numbers as ints in its JSON copy; a form (and the import) as text.
    before = snapshot(submissions, with_json=False)
    content = exported(demo, "csv")
    submissions.delete()

    report = run_import(demo, user("admin"), read_table(content, "demo.csv"))

    assert (report.errors, report.imported) == ([], 52)
    assert snapshot(submissions, with_json=False) == before


def test_importing_an_export_into_its_own_survey_again_is_refused(survey):
    first = answer(survey, answers())
    table = read_table(exported(survey, "csv"), "again.csv")
    report = run_import(survey, user("koordinator-nord"), table)
    assert report.imported == 0
    assert [(error.row, error.column) for error in report.errors] == [(2, "submission_id")]
    assert f"Answer {first.pk} is already in this survey" in report.errors[0].message


# The dry run and all-or-nothing


def test_the_dry_run_stores_nothing_and_reads_no_row_from_the_database(survey):
    answer(survey, answers())
    content = exported(survey, "csv")
    SurveySubmission.objects.filter(survey_key=survey.translation_key).delete()
    table = read_table(content * 1, "a.csv")
    before = counts()
    with CaptureQueriesContext(connection) as queries:
        report = preview_import(survey, user("koordinator-nord"), table)
    assert (report.rows, report.errors, report.imported) == (1, [], 0)
    assert counts() == before
    statements = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in statements if sql.lstrip().upper().startswith(("INSERT", "UPDATE"))]


def test_no_query_per_row_in_the_dry_run(survey):
    header = ["name", "unit_code", "submission_id"]
    few = csv_file([header, *[[f"n{i}", "fjordvik-nord", str(90_000 + i)] for i in range(3)]])
    many = csv_file([header, *[[f"n{i}", "fjordvik-nord", str(90_000 + i)] for i in range(60)]])

    def reads(content):
        with CaptureQueriesContext(connection) as queries:
            preview_import(survey, user("koordinator-nord"), read_table(content, "a.csv"))
        return [q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"].upper()]

    assert len(reads(many)) == len(reads(few))


def test_an_import_costs_the_queries_of_storing_each_answer_and_no_more(survey):
    def queries(count):
        rows = [["name", "goal", "topics", "unit_code"]]
        rows += [[f"n{i}", "buy", "rent;buy", "fjordvik-nord"] for i in range(count)]
        table = read_table(csv_file(rows), "a.csv")
        with CaptureQueriesContext(connection) as captured:
            assert run_import(survey, user("koordinator-nord"), table).imported == count
        return len(captured.captured_queries)

    # store_submission: a savepoint, the current version, the submission, its answers, release.
    assert queries(10) - queries(5) == 5 * 5


BAD_ROWS = [
    ["name", "balance", "goal", "service__speed", "visited", "unit_code"],
    ["Kari", "12,5", "buy", "3", "05.01.2025", "fjordvik-nord"],
    ["Ola", "lots", "Buy", "9", "5th of May", "fjordvik-nord"],
    ["Per", "-3", "Rent", "1", "2025-01-06", "fjordvik-sor"],
]


def test_every_bad_cell_is_listed_by_row_and_column(survey):
    with override_settings(LANGUAGE_CODE="en"):
        report = preview_import(
            survey, user("koordinator-nord"), read_table(csv_file(BAD_ROWS), "b.csv")
        )
    assert report.rows == 3
    assert [(error.row, error.column) for error in report.errors] == [
        (3, "balance"),
        (3, "service__speed"),
        (3, "visited"),
        (4, "unit_code"),
    ]
    messages = [error.message for error in report.errors]
    assert messages[2] == "Write the date as 2026-01-31 or 31.01.2026."
    assert messages[3] == "There is no unit “fjordvik-sor” that you coordinate."


def test_one_bad_row_and_nothing_is_imported(survey):
    before = counts()
    report = run_import(survey, user("koordinator-nord"), read_table(csv_file(BAD_ROWS), "b.csv"))
    assert report.imported == 0 and len(report.errors) == 4
    assert counts() == before


def test_one_upload_imported_twice_is_stored_once(survey):
    # A double click or a retry of the confirmation: the receipts come from the kept file.
    table = read_table(csv_file([["name"], ["Kari"], ["Ola"]]), "twice.csv")
    first = run_import(survey, user("koordinator-nord"), table, seed="imports/abc.csv")
    assert first.imported == 2
    before = counts()
    again = run_import(survey, user("koordinator-nord"), table, seed="imports/abc.csv")
    assert again.imported == 0
    assert again.errors == [(0, "", "This file has already been imported.")]
    assert counts() == before
    other_upload = run_import(survey, user("koordinator-nord"), table, seed="imports/def.csv")
    assert other_upload.imported == 2


def test_a_row_that_fails_when_stored_rolls_back_the_rows_before_it(survey, monkeypatch):
    from forms_ext.imports import resources

    rows = [["name"], ["Kari"], ["Ola"], ["Per"]]
    stored = []
    real_store = resources.store_submission

    def store_then_fail(page, fields, values, **kwargs):
        if values["name"] == "Per":
            raise RuntimeError("disk full")
        stored.append(values["name"])
        return real_store(page, fields, values, **kwargs)

    monkeypatch.setattr(resources, "store_submission", store_then_fail)
    before = counts()
    report = run_import(survey, user("koordinator-nord"), read_table(csv_file(rows), "c.csv"))
    assert stored == ["Kari", "Ola"]
    assert report.imported == 0
    assert [(error.row, error.message) for error in report.errors] == [
        (4, "This row could not be stored.")
    ]
    assert counts() == before


# Cells: choices by label, decimal commas, dates, formulas, units, languages, times.


def imported_answers(survey, rows, name="d.csv", who="koordinator-nord", content=None):
    content = content if content is not None else csv_file(rows)
    report = run_import(survey, user(who), read_table(content, name))
    assert report.errors == []
    return list(SurveySubmission.objects.filter(survey_key=survey.translation_key).order_by("pk"))


def test_choices_by_code_or_label_numbers_with_a_comma_and_norwegian_dates(survey):
    (submission,) = imported_answers(
        survey,
        [
            ["name", "balance", "goal", "topics", "agreed", "consent", "visited", "met_at"],
            ["Kari", "1 234,5", "Buy", "RENT; buy", "yes", "Yes", "31.12.2024", "05.01.2025 14:30"],
        ],
    )
    data = submission.form_data
    assert data["balance"] == "1234.5" and data["goal"] == "buy"
    assert data["topics"] == ["rent", "buy"] and data["agreed"] == "yes"
    assert data["consent"] is True and data["visited"] == "2024-12-31"
    met_at = Answer.objects.get(submission=submission, key="met_at").datetime
    assert timezone.localtime(met_at).strftime("%Y-%m-%d %H:%M") == "2025-01-05 14:30"


def test_unit_language_and_time_come_from_their_columns(survey):
    (submission,) = imported_answers(
        survey,
        [
            ["name", "unit_code", "language", "submitted_at", "version", "unit_name"],
            ["Kari", "nattherberget-nord", "en", "2025-03-01T09:15:00+01:00", "7", "Whatever"],
        ],
    )
    assert submission.unit.code == "nattherberget-nord"
    assert submission.language == "en"
    assert submission.submit_time.isoformat() == "2025-03-01T08:15:00+00:00"
    assert submission.version.number == 1


def test_without_fixed_columns_an_answer_is_the_survey_s_unit_now(survey):
    before = timezone.now()
    (submission,) = imported_answers(survey, [["name"], ["Kari"]])
    assert submission.unit.code == "fjordvik-nord"
    assert submission.language == "en"  # the survey page's language
    assert submission.submit_time >= before.replace(microsecond=0)


def test_unknown_language_future_time_and_duplicate_ids_are_row_errors(survey):
    future = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    rows = [
        ["name", "language", "submitted_at", "submission_id"],
        ["Kari", "klingon", "", "987654"],
        ["Ola", "nb", future, "987654"],
    ]
    report = preview_import(survey, user("koordinator-nord"), read_table(csv_file(rows), "e.csv"))
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "language", "“klingon” is not a language of this site."),
        (3, "submitted_at", "The time is in the future."),
        (3, "submission_id", "Answer 987654 is also in row 2."),
    ]


def test_text_that_looks_like_a_formula_is_stored_as_text(survey):
    rows = [["name", "notes", "balance"], ["'=1+1", "'plain apostrophe", "'-5"]]
    (submission,) = imported_answers(survey, rows)
    assert submission.form_data["name"] == "=1+1"  # the export's apostrophe removed
    assert submission.form_data["notes"] == "'plain apostrophe"  # the answer's own kept
    assert submission.form_data["balance"] == "-5"


def test_a_formula_in_a_workbook_is_read_as_its_text_never_evaluated(survey):
    content = xlsx_file([["name", "notes", "balance"], ["=1+1", '=A2&"x"', 3]])
    (submission,) = imported_answers(survey, None, name="f.xlsx", content=content)
    assert submission.form_data["name"] == "=1+1"
    assert submission.form_data["notes"] == '=A2&"x"'
    bad = xlsx_file([["name", "balance"], ["Kari", "=2*3"]])
    report = preview_import(survey, user("koordinator-nord"), read_table(bad, "g.xlsx"))
    assert [(error.row, error.column) for error in report.errors] == [(2, "balance")]


def test_a_semicolon_csv_from_excel_on_windows(survey):
    content = "name;balance;goal;notes\r\nBjørn Ærlig;12,5;Rent;Å ja\r\n".encode("cp1252")
    table = read_table(content, "excel.csv")
    assert (table.encoding, table.delimiter) == ("Windows-1252", ";")
    (submission,) = imported_answers(survey, None, content=content)
    assert submission.form_data["name"] == "Bjørn Ærlig"
    assert submission.form_data["notes"] == "Å ja"
    assert (submission.form_data["balance"], submission.form_data["goal"]) == ("12.5", "rent")


def test_a_csv_with_a_byte_order_mark_and_tabs():
    table = read_table("\ufeffname\tgoal\r\nKari\tbuy\r\n".encode(), "tabs.csv")
    assert (table.headers, table.rows, table.encoding) == (
        ["name", "goal"],
        [(2, ["Kari", "buy"])],
        "UTF-8",
    )


def test_unknown_columns_and_files_are_listed_and_label_columns_skipped(survey):
    rows = [
        ["name", "goal", "goal__label", "shoe_size", "", "version", "attachment"],
        ["Kari", "buy", "Buy", "44", "x", "1", "12/0a1b/passport.pdf"],
    ]
    table = read_table(csv_file(rows), "h.csv")
    report = preview_import(survey, user("koordinator-nord"), table)
    assert report.errors == []
    assert report.ignored_columns == ["shoe_size", "column 5 (no name)", "attachment"]
    # A path from a file never becomes an answer pointing at a stored upload.
    (submission,) = imported_answers(survey, rows)
    assert submission.form_data == {"name": "Kari", "goal": "buy"}


# Files that are refused, each with a reason and nothing changed


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"name\nKari\n", "answers.xlsx", "This is not an Excel workbook"),
        (b"name\nKari\n", "answers.txt", "Upload a CSV file (.csv) or an Excel workbook"),
        (b"PK\x03\x04broken", "answers.xlsx", "The workbook is damaged"),
        (b"", "empty.csv", "The file is empty"),
        (b'name\n"Kari\n', "quote.csv", "The CSV file is broken near line"),
        (b"name\x00\nKari", "binary.csv", "holds binary data"),
        (b"name,name\nKari,Ola\n", "twice.csv", "The column “name” appears more than once."),
    ],
)
def test_files_that_cannot_be_read(content, name, message):
    with pytest.raises(ImportFileError, match=re.escape(message)):
        read_table(content, name)


def test_a_file_without_a_question_column_is_refused(survey):
    table = read_table(csv_file([["navn", "alder"], ["Kari", "40"]]), "x.csv")
    with pytest.raises(ImportFileError, match="No column of the file is a question of this survey"):
        preview_import(survey, user("koordinator-nord"), table)


def test_a_zip_that_is_no_workbook():
    out_file = io.BytesIO()
    with zipfile.ZipFile(out_file, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ImportFileError, match="not an Excel workbook"):
        read_table(out_file.getvalue(), "notes.xlsx")


@override_settings(FORMS_EXT_IMPORT_MAX_MB=0.01)
def test_a_file_over_the_size_limit():
    with pytest.raises(ImportFileError, match="The file is too large: the largest accepted is"):
        read_table(b"name\n" + b"Kari\n" * 3000, "big.csv")


@override_settings(FORMS_EXT_IMPORT_MAX_ROWS=2)
def test_a_file_over_the_row_limit():
    assert len(read_table(b"name\nKari\n\n\nOla\n", "two.csv").rows) == 2
    with pytest.raises(ImportFileError, match="The file has more than 2 rows"):
        read_table(b"name\nKari\nOla\nPer\n", "three.csv")


def workbook_with(**entries):
    """A real workbook whose parts named in ``entries`` are replaced or added."""
    original = zipfile.ZipFile(io.BytesIO(xlsx_file([["name"], ["Kari"]])))
    out_file = io.BytesIO()
    with zipfile.ZipFile(out_file, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            if info.filename not in entries:
                archive.writestr(info, original.read(info))
        for name, data in entries.items():
            archive.writestr(name, data)
    return out_file.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fail the test if openpyxl is asked to open the file."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl must not see this file")

    monkeypatch.setattr(reading, "load_workbook", refuse)


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(no_openpyxl):
    bomb = workbook_with(**{"xl/worksheets/sheet1.xml": b"\x00" * (60 * 1024 * 1024)})
    assert len(bomb) < 200_000
    with pytest.raises(ImportFileError, match="unpacks to far more data"):
        read_table(bomb, "bomb.xlsx")


@override_settings(FORMS_EXT_IMPORT_MAX_MB=0.05)
def test_a_workbook_unpacking_past_the_total_limit_is_refused(no_openpyxl):
    # Random-looking text compresses a little: the ratio is fine, the total is not.
    entries = {f"xl/media/part{n}.xml": os.urandom(300_000).hex()[:300_000] for n in range(4)}
    with pytest.raises(ImportFileError, match="unpacks to far more data"):
        reading.check_workbook_archive(workbook_with(**entries))


def test_a_workbook_of_too_many_parts_is_refused(no_openpyxl):
    entries = {f"xl/media/{n}.xml": "<a/>" for n in range(reading.MAX_ZIP_ENTRIES)}
    with pytest.raises(ImportFileError, match="too many parts"):
        read_table(workbook_with(**entries), "parts.xlsx")


XXE_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
)
LAUGHS_STRINGS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
    "<si><t>&lol2;</t></si></sst>"
)


@pytest.mark.parametrize(
    "entries",
    [{"xl/worksheets/sheet1.xml": XXE_SHEET}, {"xl/sharedStrings.xml": LAUGHS_STRINGS}],
)
def test_xml_entities_are_refused(no_openpyxl, entries):
    with pytest.raises(ImportFileError, match="declares XML entities"):
        read_table(workbook_with(**entries), "xxe.xlsx")


def test_xml_entities_in_utf16_are_refused_too(no_openpyxl):
    sheet = XXE_SHEET.replace("UTF-8", "UTF-16").encode("utf-16")
    with pytest.raises(ImportFileError, match="declares XML entities"):
        read_table(workbook_with(**{"xl/worksheets/sheet1.xml": sheet}), "xxe.xlsx")


def test_an_entity_that_got_past_the_check_is_refused_by_defusedxml(monkeypatch):
    assert openpyxl.DEFUSEDXML is True  # openpyxl parses through defusedxml when installed
    monkeypatch.setattr(reading, "_is_entity_free", lambda archive, info: True)
    with pytest.raises(ImportFileError, match="The workbook is damaged"):
        read_table(workbook_with(**{"xl/worksheets/sheet1.xml": XXE_SHEET}), "xxe.xlsx")


def test_a_cell_declared_far_away_and_rows_far_down_stay_bounded():
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Kari</t></is></c>'
        '<c r="XFD2" t="inlineStr"><is><t>far</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    table = read_table(workbook_with(**{"xl/worksheets/sheet1.xml": sheet}), "far.xlsx")
    assert (table.headers, table.rows) == (["name"], [(2, ["Kari"])])
    down = sheet.replace('r="2"', 'r="1048576"').replace("A2", "A1048576")
    with pytest.raises(ImportFileError, match="more than"):
        read_table(workbook_with(**{"xl/worksheets/sheet1.xml": down}), "down.xlsx")


# The admin: upload, preview, import, cancel


def upload(client, page, content, name):
    url = reverse("forms_ext_import", args=[page.pk])
    return client.post(url, {"file": named(content, name)})


def named(content, name):
    return SimpleUploadedFile(name, content)


def reference_of(response):
    """The signed reference to the kept file, from the redirect to the preview."""
    assert response.status_code == 302
    return parse_qs(urlparse(response.url).query)["file"][0]


def kept_names():
    storage = upload_storage()
    return set(storage.listdir("imports")[1]) if storage.exists("imports") else set()


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Each test keeps its files in a folder of its own: a folder is not rolled back, and
    other test runs may share the checkout."""
    storages = {**settings.STORAGES}
    storages["forms_ext_uploads"] = {
        "BACKEND": "forms_ext.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }
    settings.STORAGES = storages


GOOD_ROWS = [
    ["name", "goal", "unit_code"],
    ["Kari", "buy", "fjordvik-nord"],
    ["Ola", "Rent", "nav-nord"],
]


def test_upload_preview_and_import_in_the_admin(client, survey):
    client = english_client(client, "koordinator-nord")
    page_url = reverse("forms_ext_import", args=[survey.pk])
    assert page_url == f"/admin/forms_ext/import/{survey.pk}/"
    form = client.get(page_url)
    assert form.status_code == 200
    assert "<code>goal</code>" in form.content.decode()

    reference = reference_of(upload(client, survey, csv_file(GOOD_ROWS), "phone.csv"))
    before = counts()
    preview = client.get(reverse("forms_ext_import_preview", args=[survey.pk]), {"file": reference})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "2 answers are ready to be imported" in html and "Import 2 answers" in html
    assert counts() == before

    done = client.post(reverse("forms_ext_import_confirm", args=[survey.pk]), {"file": reference})
    assert done.status_code == 302
    assert done.url == reverse("wagtailforms:list_submissions", args=[survey.pk])
    assert counts()[0] == before[0] + 2
    listing = client.get(done.url)
    assert "2 answers imported." in listing.content.decode()


def test_the_kept_file_is_deleted_after_the_import(client, survey):
    client = english_client(client, "koordinator-nord")
    reference = reference_of(upload(client, survey, csv_file(GOOD_ROWS), "phone.csv"))
    kept = kept_file(reference, user("koordinator-nord"), survey)
    assert upload_storage().exists(kept.name) and kept.name.startswith("imports/")
    client.post(reverse("forms_ext_import_confirm", args=[survey.pk]), {"file": reference})
    assert not upload_storage().exists(kept.name)


def test_a_preview_with_errors_offers_no_import_and_confirming_imports_nothing(client, survey):
    client = english_client(client, "koordinator-nord")
    reference = reference_of(upload(client, survey, csv_file(BAD_ROWS), "bad.csv"))
    preview = client.get(reverse("forms_ext_import_preview", args=[survey.pk]), {"file": reference})
    html = preview.content.decode()
    assert "4 problems" in html and "Nothing has been imported" in html
    assert (
        "<td>3</td><td><code>visited</code></td>"
        "<td>Write the date as 2026-01-31 or 31.01.2026.</td>" in html
    )
    assert "Import 3 answers" not in html
    before = counts()
    confirm = client.post(
        reverse("forms_ext_import_confirm", args=[survey.pk]), {"file": reference}, follow=True
    )
    assert counts() == before
    assert "Nothing was imported: the file has errors." in confirm.content.decode()


def test_many_problems_are_shown_a_page_at_a_time(client, survey):
    client = english_client(client, "koordinator-nord")
    rows = [["name", "balance"], *[[f"n{i}", f"bad {i}"] for i in range(60)]]
    reference = reference_of(upload(client, survey, csv_file(rows), "many.csv"))
    url = reverse("forms_ext_import_preview", args=[survey.pk])
    first = client.get(url, {"file": reference}).content.decode()
    second = client.get(url, {"file": reference, "p": 2}).content.decode()
    assert "60 problems" in first and "Page 1 of 2" in first
    assert "<td>51</td>" in first and "<td>52</td>" not in first
    assert "<td>52</td>" in second and "<td>61</td>" in second
    assert "?" + urlencode({"file": reference, "p": 2}) in first.replace("&amp;", "&")


def test_a_broken_file_is_refused_on_the_upload_form(client, survey):
    client = english_client(client, "koordinator-nord")
    before, kept = counts(), kept_names()
    response = upload(client, survey, b"not a workbook", "answers.xlsx")
    assert response.status_code == 200
    assert "This is not an Excel workbook (.xlsx)" in response.content.decode()
    response = upload(client, survey, csv_file([["navn"], ["Kari"]]), "answers.csv")
    assert "No column of the file is a question of this survey" in response.content.decode()
    assert counts() == before
    assert kept_names() == kept


@override_settings(FORMS_EXT_IMPORT_MAX_MB=0.01)
def test_an_oversized_upload_is_refused_on_the_form(client, survey):
    client = english_client(client, "koordinator-nord")
    response = upload(client, survey, b"name\n" + b"Kari\n" * 3000, "big.csv")
    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()


def test_cancel_deletes_the_kept_file(client, survey):
    client = english_client(client, "koordinator-nord")
    reference = reference_of(upload(client, survey, csv_file(GOOD_ROWS), "phone.csv"))
    kept = kept_file(reference, user("koordinator-nord"), survey)
    response = client.post(
        reverse("forms_ext_import_cancel", args=[survey.pk]), {"file": reference}
    )
    assert response.status_code == 302
    assert not upload_storage().exists(kept.name)


# Who may import


@pytest.mark.parametrize("who", ["koordinator-sor", "leser-nord", "editor", "rapportor-nord"])
def test_others_get_403_on_every_import_url(client, survey, who):
    reference = keep_upload(
        named(csv_file(GOOD_ROWS), "a.csv"), "csv", user("koordinator-nord"), survey
    )
    client.force_login(user(who))
    before = counts()
    urls = {
        name: reverse(name, args=[survey.pk])
        for name in (
            "forms_ext_import",
            "forms_ext_import_preview",
            "forms_ext_import_confirm",
            "forms_ext_import_cancel",
        )
    }
    assert client.get(urls["forms_ext_import"]).status_code == 403
    assert (
        client.post(
            urls["forms_ext_import"], {"file": named(csv_file(GOOD_ROWS), "a.csv")}
        ).status_code
        == 403
    )
    assert client.get(urls["forms_ext_import_preview"], {"file": reference}).status_code == 403
    assert client.post(urls["forms_ext_import_confirm"], {"file": reference}).status_code == 403
    assert client.post(urls["forms_ext_import_cancel"], {"file": reference}).status_code == 403
    assert counts() == before
    assert upload_storage().exists(kept_file(reference, user("koordinator-nord"), survey).name)


def test_a_coordinator_of_the_municipality_may_import_into_a_district_survey(client, survey):
    from forms_ext.models import UnitRole
    from tests.factories import UserFactory

    boss = UserFactory(username="kommune-koordinator")
    boss.groups.add(user("koordinator-nord").groups.first())
    UnitRole.objects.create(user=boss, unit=unit("fjordvik"), role="coordinator")
    client.force_login(boss)
    assert client.get(reverse("forms_ext_import", args=[survey.pk])).status_code == 200


def test_anonymous_is_sent_to_the_login(client, survey):
    response = client.get(reverse("forms_ext_import", args=[survey.pk]))
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


def test_another_user_s_or_a_tampered_reference_is_refused(client, survey):
    admin_reference = keep_upload(named(csv_file(GOOD_ROWS), "a.csv"), "csv", user("admin"), survey)
    other_survey = make_survey([{"label": "Name", "field_type": "singleline"}], slug="other-import")
    other_reference = keep_upload(
        named(csv_file(GOOD_ROWS), "a.csv"), "csv", user("koordinator-nord"), other_survey
    )
    mine = keep_upload(named(csv_file(GOOD_ROWS), "a.csv"), "csv", user("koordinator-nord"), survey)
    client = english_client(client, "koordinator-nord")
    confirm_url = reverse("forms_ext_import_confirm", args=[survey.pk])
    before = counts()
    for reference in (
        admin_reference,
        other_reference,
        mine[:-2] + "xx",
        "imports/../../etc/passwd",
    ):
        response = client.post(confirm_url, {"file": reference}, follow=True)
        assert "This is not a file you uploaded. Upload it again." in response.content.decode()
    assert counts() == before


def test_a_reference_expires(survey, monkeypatch):
    reference = keep_upload(named(csv_file(GOOD_ROWS), "a.csv"), "csv", user("admin"), survey)
    monkeypatch.setattr(storing, "MAX_AGE", -1)
    with pytest.raises(ImportFileError, match="The preview has expired"):
        kept_file(reference, user("admin"), survey)


def test_files_of_abandoned_previews_are_removed(survey, tmp_path):
    reference = keep_upload(named(csv_file(GOOD_ROWS), "a.csv"), "csv", user("admin"), survey)
    kept = kept_file(reference, user("admin"), survey)
    path = upload_storage().path(kept.name)
    assert path.startswith(str(tmp_path / "imports"))
    old = time.time() - storing.MAX_AGE - 60
    os.utime(path, (old, old))
    assert storing.remove_stale() >= 1
    assert not upload_storage().exists(kept.name)


# Speed, measured on request: IMPORT_BENCHMARK=1 pytest -s -k benchmark


@pytest.mark.skipif(not os.environ.get("IMPORT_BENCHMARK"), reason="a measurement, not a test")
def test_benchmark_ten_thousand_rows(survey):
    rows = [["name", "balance", "goal", "topics", "service__speed", "visited", "unit_code"]]
    rows += [
        [f"n{i}", "12,5", "buy", "rent;buy", "3", "05.01.2025", "fjordvik-nord"]
        for i in range(10_000)
    ]
    content = csv_file(rows)
    started = time.perf_counter()
    table = read_table(content, "bench.csv")
    read = time.perf_counter()
    report = preview_import(survey, user("koordinator-nord"), table)
    previewed = time.perf_counter()
    report = run_import(survey, user("koordinator-nord"), table)
    done = time.perf_counter()
    assert report.imported == 10_000
    print(  # noqa: T201 (the measurement is the point)
        f"\n10,000 rows: read {read - started:.2f} s, dry run {previewed - read:.2f} s, "
        f"import {done - previewed:.2f} s"
    )
