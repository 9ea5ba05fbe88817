"""The import_xlsform and export_xlsform management commands."""

import io

import pytest
from django.core.management import CommandError, call_command

from forms_ext.definitions import definition_of
from forms_ext.models import SurveyPage
from forms_ext.xlsform import read_xlsform
from tests.forms_ext.xlsform_tables import workbook

pytestmark = pytest.mark.django_db

FORM = """
| survey |
| | type          | name    | label           | required |
| | select_one yn | visited | Visited?        | yes      |
| | integer       | rooms   | Rooms           |          |
| choices |
| | list_name | name | label |
| | yn        | yes  | Ja    |
| | yn        | no   | Nei   |
| settings |
| | form_title  | default_language |
| | Hjemmebesøk | Norsk (nb)       |
"""
WITH_GEOPOINT = FORM.replace(
    "| | integer       | rooms   | Rooms           |          |",
    "| | integer       | rooms   | Rooms           |          |\n| | geopoint | where | Where | |",
)


def run(*args) -> str:
    output = io.StringIO()
    call_command(*args, stdout=output)
    return output.getvalue()


@pytest.fixture
def form_file(tmp_path):
    def make(table=FORM, name="form.xlsx"):
        path = tmp_path / name
        path.write_bytes(workbook(table))
        return path

    return make


def test_import_makes_a_draft_under_the_surveys_section(form_file):
    output = run("import_xlsform", str(form_file()), "--parent", "/surveys/", "--unit", "fjordvik")
    page = SurveyPage.objects.get(title="Hjemmebesøk")
    assert page.live is False and page.owner_unit.code == "fjordvik"
    assert page.get_parent().url_path == "/home/surveys/"
    assert [field.clean_name for field in page.form_fields.all()] == ["visited", "rooms"]
    assert f"/admin/pages/{page.pk}/edit/" in output


def test_import_takes_a_title_and_a_parent_by_id(form_file):
    parent = SurveyPage.objects.get(slug="tenant-follow-up").get_parent()
    run("import_xlsform", str(form_file()), "--parent", str(parent.pk), "--title", "Besøk")
    assert SurveyPage.objects.get(title="Besøk").get_parent().pk == parent.pk


def test_import_lists_what_it_cannot_import_and_stops_without_yes(form_file):
    path = form_file(WITH_GEOPOINT)
    count = SurveyPage.objects.count()
    output = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was made: 1 row or part of a row"):
        call_command("import_xlsform", str(path), "--parent", "/surveys/", stdout=output)
    assert "Not imported: survey sheet, row 4 (where, geopoint): Location questions" in (
        output.getvalue()
    )
    assert SurveyPage.objects.count() == count
    run("import_xlsform", str(path), "--parent", "/surveys/", "--yes")
    page = SurveyPage.objects.get(title="Hjemmebesøk")
    assert [field.clean_name for field in page.form_fields.all()] == ["visited", "rooms"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing.xlsx", "--parent", "/surveys/"], "There is no file"),
        (["{form}", "--parent", "/nowhere/"], "There is no page “/nowhere/”"),
        (["{form}", "--parent", "/surveys/", "--unit", "nope"], "no unit with the code “nope”"),
        (["{broken}", "--parent", "/surveys/"], "not an XLSForm"),
        (["{no_survey}", "--parent", "/surveys/"], "no sheet named “survey”"),
    ],
)
def test_import_refuses_clearly_and_makes_nothing(form_file, tmp_path, arguments, message):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    paths = {
        "form": form_file(),
        "broken": broken,
        "no_survey": form_file(
            "| questions |\n| | type |\n| | text |\n| other |\n| | a |", "x.xlsx"
        ),
    }
    arguments = [argument.format(**paths) for argument in arguments]
    count = SurveyPage.objects.count()
    with pytest.raises(CommandError, match=message):
        run("import_xlsform", *arguments)
    assert SurveyPage.objects.count() == count


def test_export_writes_a_form_that_reads_back_as_the_survey(tmp_path):
    path = tmp_path / "survey.xlsx"
    output = run("export_xlsform", "/surveys/tenant-follow-up/", "-o", str(path))
    page = SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")
    assert str(path) in output
    assert read_xlsform(path).definition["fields"] == definition_of(page)["fields"]
    run("export_xlsform", str(page.pk), "--output", str(path))
    assert read_xlsform(path).title == page.title


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("/surveys/", "is not a survey"),
        ("/surveys/none/", "There is no page"),
        ("999999", "no page"),
    ],
)
def test_export_refuses_what_is_not_a_survey(tmp_path, page, message):
    with pytest.raises(CommandError, match=message):
        run("export_xlsform", page, "-o", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()
