"""XLSForm import: files refused, each with a sentence that names what is wrong."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook

from forms_ext.xlsform import XLSFormError, read_xlsform
from tests.forms_ext.xlsform_tables import read, workbook

SIMPLE = """
| survey |
| | type | name | label |
| | text | a    | A     |
"""


def refused(table: str) -> str:
    with pytest.raises(XLSFormError) as error:
        read(table)
    return str(error.value)


def refused_bytes(data: bytes) -> str:
    with pytest.raises(XLSFormError) as error:
        read_xlsform(data)
    return str(error.value)


def test_an_error_is_a_value_error_with_a_sentence():
    assert issubclass(XLSFormError, ValueError)


def test_a_file_that_is_not_a_workbook_is_refused():
    assert "not an XLSForm" in refused_bytes(b"type,name,label\ntext,a,A\n")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.txt", "hello")
    assert "not an Excel workbook" in refused_bytes(archive.getvalue())
    assert "damaged" in refused_bytes(workbook(SIMPLE)[:1500])


def test_a_workbook_with_xml_entities_is_refused():
    source = zipfile.ZipFile(io.BytesIO(workbook(SIMPLE)))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE x [<!ENTITY e "lol">]>' + data.split(b"?>", 1)[-1]
            zipped.writestr(info, data)
    assert "XML entities" in refused_bytes(archive.getvalue())


@override_settings(FORMS_EXT_XLSFORM_MAX_BYTES=3000)
def test_a_file_over_the_size_limit_is_refused():
    assert "too large" in refused(SIMPLE)
    assert "at most 2.9\xa0KB" in refused(SIMPLE)


@override_settings(FORMS_EXT_XLSFORM_MAX_BYTES=20_000)
def test_a_workbook_that_unpacks_to_far_more_than_a_form_is_refused():
    rows = "\n".join(f"| | text | q{number} | {'x' * 2000} |" for number in range(200))
    data = workbook(f"| survey |\n| | type | name | label |\n{rows}\n")
    assert len(data) < 20_000
    assert "unpacks to far more" in refused_bytes(data)


def test_a_workbook_with_more_rows_than_forms_have_is_refused_before_it_is_read():
    book = Workbook(write_only=True)
    book.create_sheet("survey").append(["type", "name", "label"])
    notes = book.create_sheet("notes")  # a sheet pyxform would not even read
    for number in range(50_001):
        notes.append([number])
    output = io.BytesIO()
    book.save(output)
    assert "more than 50000 rows" in refused_bytes(output.getvalue())


def test_a_form_longer_than_a_survey_is_refused():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("survey")
    sheet.append(["type", "name", "label"])
    for number in range(5001):
        sheet.append(["text", f"q{number}", "Q"])
    output = io.BytesIO()
    book.save(output)
    assert "more than 5000 rows" in refused_bytes(output.getvalue())


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "| questions |\n| | type | name |\n| | text | a |\n| choices |\n| | list_name | name |",
            "no sheet named “survey”",
        ),
        ("| survey |\n| | name | label |\n| | a | A |", "The survey sheet has no column 'type'"),
        (
            "| survey |\n| | type | name | label |\n| | begin_group | g | G |\n| | text | a | A |",
            "The group “g” begun on row 2 of the survey sheet is never ended",
        ),
        (
            "| survey |\n| | type | name | label |\n| | text | a | A |\n| | end_group | | |",
            "Row 3 of the survey sheet ends a group that was never begun",
        ),
        (
            "| survey |\n| | type | name | label |\n| | select_one colours | a | A |\n"
            "| choices |\n| | list_name | name | label |\n| | sizes | s | S |",
            "Row 2 of the survey sheet uses the choice list “colours”, which is not on the "
            "choices sheet",
        ),
        (
            "| survey |\n| | type | name | label |\n| | select_one colours | a | A |",
            "no “choices” sheet",
        ),
        (
            "| survey |\n| | type | name | label |\n| | text | a | A |\n| | integer | a | B |",
            "Row 3 of the survey sheet uses the name “a” again",
        ),
        (
            "| survey |\n| | type | name | label |\n| | select_one c | a | A |\n"
            "| choices |\n| | list_name | name | label |\n| | c | x | X |\n| | c | x | Y |",
            "Row 3 of the choices sheet repeats an option name of its list",
        ),
        ("| survey |\n| | type | name | label |\n| | textt | a | A |", "the type “textt”"),
        (
            "| survey |\n| | type | name | label |\n| | text | | A |",
            "Row 2 of the survey sheet has no name",
        ),
        (
            "| survey |\n| | type | name | label |\n| | text | 1a | A |",
            "Row 2 of the survey sheet has a name that is not allowed",
        ),
        (
            "| survey |\n| | type | name | label | relevant |\n| | text | a | A | ${b} = 1 |",
            "refers to “${b}” in its relevant, but no question has that name",
        ),
    ],
)
def test_a_form_pyxform_refuses_is_refused_with_what_is_wrong(table, message):
    assert message in refused(table)


def test_a_message_pyxform_has_that_we_do_not_know_is_quoted():
    message = refused(
        "| survey |\n| | type | name | label | parameters |\n| | range | r | R | start=1 end=x |"
    )
    assert "pyxform reports" in message and "'end' must be a number" in message


def test_a_file_is_read_from_bytes_a_path_or_an_upload(tmp_path):
    data = workbook(SIMPLE)
    path = tmp_path / "Visits 2024.xlsx"
    path.write_bytes(data)
    upload = SimpleUploadedFile("upload.xlsx", data)
    assert read_xlsform(data).definition["fields"][0]["key"] == "a"
    assert read_xlsform(path).title == "Visits 2024"
    assert read_xlsform(upload).title == "upload"
