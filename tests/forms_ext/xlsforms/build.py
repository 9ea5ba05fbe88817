"""Build the XLSForm fixtures of this folder (.xlsx) from the markdown tables kept below.

The forms are pyxform's own test forms, copied as their tables are written in
pyxform's repository (credited, with their paths, in CREDITS.md); pyxform's
markdown reader turns each into a workbook. Run from the repository's root:

    .venv/bin/python tests/forms_ext/xlsforms/build.py
"""

from pathlib import Path

from pyxform.xls2json_backends import md_table_to_workbook

HERE = Path(__file__).resolve().parent

# tests/example_xls/group.md
GROUP = """
| survey |
|        | type         | name         | label:English (en)                 |
|        | text         | family_name  | What's your family name?           |
|        | begin group  | father       | Father                             |
|        | phone number | phone_number | What's your father's phone number? |
|        | integer      | age          | How old is your father?            |
|        | end group    |              |                                    |
"""

# tests/example_xls/specify_other.md
SPECIFY_OTHER = """
| survey |
| | type                                   | name | label:English     |
| | select one from sexes or specify other | sex  | What sex are you? |
| choices |
| | list name | name   | label:English |
| | sexes     | male   | Male          |
| | sexes     | female | Female        |
"""

# tests/example_xls/loop.md
LOOP = """
| survey |
| | type | name | label:english |
| | select all that apply from toilet_type or specify other | available_toilet_types | What type of toilets are on the premises? |
| | begin loop over toilet_type | loop_toilet_types |
| | integer | number | How many %(label)s are on the premises? |
| | end loop |
| choices |
| | list name | name | label:english |
| | toilet_type | pit_latrine_with_slab | Pit latrine with slab |
| | toilet_type | open_pit_latrine | Pit latrine without slab/open pit |
| | toilet_type | bucket_system | Bucket system |
"""  # noqa: E501

# tests/test_table_list.py (MD)
TABLE_LIST = """
| survey  |                    |            |           |            |                   |
|         | type               | name       | label     | hint       |appearance         |
|         | begin_group        | tablelist1 | Table_Y_N |            |table-list minimal |
|         | select_one yes_no  | options1a  | Q1        | first row! |                   |
|         | select_one yes_no  | options1b  | Q2        |            |                   |
|         | end_group          |            |           |            |                   |
| choices |                    |            |           |            |                   |
|         | list_name          | name       | label     |            |                   |
|         | yes_no             | yes        | Yes       |            |                   |
"""

# tests/test_translations.py, TestTranslations.test_missing_media_itext
MISSING_MEDIA_ITEXT = """
| survey |       |               |              |                |                 |          |                      |                       |
|        | name  | type          | label        | label::Russian | label::Kyrgyz   | required | media::audio::Kyrgyz | media::audio::Russian |
|        | q1    | select_one yn | A.01 Have you received informed consent from the respondent? | Получили ли вы форму согласия от респондента?   | This is Kyrgyz. | true     | something.mp3        | test.mp3              |
| choices |           |      |       |                |               |
|         | list name | name | label | label::Russian | label::Kyrgyz |
|         | yn        | 0    | No    | Нет            | Нет (ky)      |
|         | yn        | 1    | Yes   | Да             | Да (ky)       |
"""  # noqa: E501

# tests/test_repeat.py, TestRepeatOutput.test_repeat_relative_reference
REPEAT_RELATIVE_REFERENCE = """
| survey |              |          |            |                      |
|        | type         | name     | relevant   | label                |
|        | text         | Z        |            | Fruit                |
|        | begin repeat | section  |            | Section              |
|        | text         | AA       |            | Anything really      |
|        | text         | A        |            | A oat                |
|        | text         | B        | ${A}='oat' | B w ${A}             |
|        | note         | note1    |            | Noted ${AA} w ${A}   |
|        | end repeat   |          |            |                      |
|        |              |          |            |                      |
|        | begin repeat | section2 |            | Section 2            |
|        | text         | C        |            | C                    |
|        | begin group  | sectiona |            | Section A            |
|        | text         | D        |            | D oat                |
|        | text         | E        | ${D}='oat' | E w ${Z}             |
|        | note         | note2    |            | Noted ${C} w ${E}    |
|        | end group    |          |            |                      |
|        | note         | note3    |            | Noted ${C} w ${E}    |
|        | end repeat   |          |            |                      |
|        |              |          |            |                      |
|        | begin repeat | section3 |            | Section 3            |
|        | text         | FF       |            | F any text           |
|        | text         | F        |            | F oat                |
|        | begin group  | sectionb |            | Section B            |
|        | text         | G        |            | G oat                |
|        | text         | H        | ${G}='oat' | H w ${Z}             |
|        | note         | note4    |            | Noted ${H} w ${Z}    |
|        | end group    |          |            |                      |
|        | begin repeat | sectionc |            | Section B            |
|        | text         | I        |            | I                    |
|        | text         | J        | ${I}='oat' | J w ${Z}             |
|        | text         | K        | ${F}='oat' | K w ${Z}             |
|        | text         | L        | ${G}='oat' | K w ${Z}             |
|        | note         | note5    |            | Noted ${FF} w ${H}   |
|        | note         | note6    |            | JKL #${J}#${K}#${L}  |
|        | end repeat   |          |            |                      |
|        | note         | note7    |            | Noted ${FF} w ${H}   |
|        | begin group  | sectiond |            | Section D            |
|        | text         | M        |            | M oat                |
|        | text         | N        | ${G}='oat' | N w ${Z}             |
|        | text         | O        | ${M}='oat' | O w ${Z}             |
|        | note         | note8    |            | NO #${N} #${O}       |
|        | end group    |          |            |                      |
|        | note         | note9    |            | ${FF} ${H} ${N} ${N} |
|        | end repeat   |          |            |                      |
"""

FORMS = {
    "pyxform_group": GROUP,
    "pyxform_specify_other": SPECIFY_OTHER,
    "pyxform_loop": LOOP,
    "pyxform_table_list": TABLE_LIST,
    "pyxform_missing_media_itext": MISSING_MEDIA_ITEXT,
    "pyxform_repeat_relative_reference": REPEAT_RELATIVE_REFERENCE,
}


def main() -> None:
    for name, table in FORMS.items():
        md_table_to_workbook(table).save(HERE / f"{name}.xlsx")


if __name__ == "__main__":
    main()
