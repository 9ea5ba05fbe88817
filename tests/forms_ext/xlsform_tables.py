"""XLSForms for the tests, written as markdown tables (pyxform's own test notation).

pyxform's markdown reader turns a table into an openpyxl workbook, saved here as
the .xlsx bytes an editor would upload.
"""

import io
from pathlib import Path

from pyxform.xls2json_backends import md_table_to_workbook

from forms_ext.xlsform import read_xlsform

FIXTURES = Path(__file__).resolve().parent / "xlsforms"


def workbook(table: str) -> bytes:
    """The .xlsx bytes of a form written as markdown tables."""
    output = io.BytesIO()
    md_table_to_workbook(table).save(output)
    return output.getvalue()


def read(table: str, **options):
    """What the importer makes of a form written as markdown tables."""
    return read_xlsform(workbook(table), filename="form.xlsx", **options)


def fields_by_key(result) -> dict:
    return {data["key"]: data for data in result.definition["fields"]}


def reasons(result) -> list[tuple[str, int, str]]:
    """The unsupported rows as (sheet, row, name)."""
    return [(row.sheet, row.row, row.name) for row in result.unsupported]
