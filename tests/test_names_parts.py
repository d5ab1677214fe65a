from __future__ import annotations

import pytest

from rollcall.names import split_parts


@pytest.mark.parametrize(
    ("name", "given", "patronymic", "surname", "gender"),
    [
        ("Серікжан Біләшұлы", ["Serikzhan"], "Bilashuly", None, "m"),
        ("Nurtai Lakhanuly", ["Nurtai"], "Lakhanuly", None, "m"),
        ("Aigerim Serikkyzy", ["Aigerim"], "Serikkyzy", None, "f"),
        ("Kurmanaliyeva Gaukhar Serikovna", ["Gaukhar"], "Serikovna", "Kurmanaliyeva", "f"),
        ("Kassym-Jomart Tokayev", ["Kassym", "Jomart"], None, "Tokayev", "m"),
        ("Serikzhan Bilash", ["Serikzhan"], None, "Bilash", None),
        ("赛尔克坚·比拉什", ["Sayrkzhan"], "Bilash", None, None),
        ("Serikzhan Bilash uly", ["Serikzhan"], "Bilash uly", None, "m"),
    ],
)
def test_it_tells_given_name_patronymic_and_surname_apart(
    name: str, given: list[str], patronymic: str | None, surname: str | None, gender: str | None
) -> None:
    parts = split_parts(name)
    assert parts.given == given
    assert parts.patronymic == patronymic
    assert parts.surname == surname
    assert parts.gender == gender


@pytest.mark.parametrize(
    "name", ["Serikzhan Bilashuly", "Serikzhan Bilashev", "Serikzhan Bilash", "赛尔克坚·比拉什"]
)
def test_suffixes_are_stripped_to_one_root(name: str) -> None:
    assert "bilash" in split_parts(name).roots


def test_the_gender_a_suffix_carries_is_kept() -> None:
    assert split_parts("Kurmanaliyeva").gender == "f"
    assert split_parts("Kurmangaliyev").gender == "m"


def test_suffixes_disagreeing_on_gender_give_no_gender() -> None:
    assert split_parts("Ivanova Petrovich").gender is None


def test_a_short_word_is_not_cut_to_nothing() -> None:
    assert split_parts("Lev Ov").roots == ["lev", "ov"]
