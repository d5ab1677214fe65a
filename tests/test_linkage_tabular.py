"""Reading lists: headers in four languages, encodings, cells kept as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from rollcall.linkage.tabular import TableError, coded, edtf_date, open_table, recognise

DATA = Path(__file__).parent / "data" / "linkage"


@pytest.mark.parametrize("headers, field, column", [
    (["ФИО", "Дата рождения"], "name", "ФИО"),
    (["Аты-жөні", "Туған күні"], "name", "Аты-жөні"),
    (["姓名", "出生日期"], "name", "姓名"),
    (["Full name", "Date of birth"], "birth_date", "Date of birth"),
    (["Тегі", "Аты"], "surname", "Тегі"),
    (["given_name", "surname"], "given_name", "given_name"),
    (["名", "姓", "身份证号"], "document", "身份证号"),
    (["Name", "Passport number"], "document", "Passport number"),
    (["Name", "Гражданство"], "citizenship", "Гражданство"),
])
def test_it_recognises_headers_in_english_russian_kazakh_and_chinese(headers, field, column):
    assert recognise(headers).describe()[field] == [column]


def test_it_keeps_columns_it_does_not_know_apart():
    columns = recognise(["name", "favourite colour"])
    assert columns.unknown == [1]


def test_it_refuses_a_list_without_a_name_column():
    with pytest.raises(TableError, match="no name column"):
        open_table(DATA / "no_name_column.csv")


def test_it_reads_semicolon_separated_russian_csv():
    table = open_table(DATA / "partner_list_ru.csv")
    rows = list(table.rows)
    assert [n for n, _ in rows] == [2, 3, 4, 5]
    assert rows[0][1][1] == "Гаухар Курманалиева"


def test_it_reads_utf16_and_windows_1251_files():
    assert next(open_table(DATA / "utf16_list.csv").rows)[1][0] == "Serikzhan Bilash"
    table = open_table(DATA / "cp1251_list.csv")
    assert table.encoding == "cp1251"
    assert next(table.rows)[1][0] == "Гаухар Курманалиева"


def test_it_says_so_when_the_encoding_is_unknown():
    with pytest.raises(TableError, match="not UTF-8 text"):
        list(open_table(DATA / "latin1_list.csv").rows)


def test_it_reads_an_xlsx_formula_as_its_text_never_its_value(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Аты-жөні", "Жынысы", "Ескерту"])
    sheet.append(["Серікжан Біләш", "ер", '=HYPERLINK("http://evil","click")'])
    book.save(tmp_path / "list.xlsx")
    table = open_table(tmp_path / "list.xlsx")
    assert next(table.rows) == (2, ["Серікжан Біләш", "ер", '=HYPERLINK("http://evil","click")'])


def test_it_refuses_a_file_that_is_not_a_workbook(tmp_path):
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    with pytest.raises(TableError, match="not a readable XLSX"):
        open_table(tmp_path / "fake.xlsx")


@pytest.mark.parametrize("text, edtf", [
    ("1956-04-09", "1956-04-09"), ("19560409", "1956-04-09"), ("12.03.1975", "1975-03-12"),
    ("1975", "1975"), ("1980年3月", "1980-03"), ("19561409", None), ("last spring", None),
])
def test_it_reads_the_usual_ways_of_writing_a_date(text, edtf):
    assert edtf_date(text) == edtf


@pytest.mark.parametrize("field, text, code", [
    ("sex", "ж", "female"), ("sex", "ер", "male"), ("sex", "男", "male"),
    ("ethnicity", "казашка", "kazakh"), ("ethnicity", "维吾尔族", "uyghur"), ("ethnicity", "Ұйғыр", "uyghur"),
    ("citizenship", "КНР", "china"), ("citizenship", "Қазақстан", "kazakhstan"), ("sex", "yes", None),
])
def test_it_maps_cell_values_to_vocabulary_codes(field, text, code):
    assert coded(field, text) == code
