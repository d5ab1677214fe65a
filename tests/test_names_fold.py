from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollcall.names import normalize
from rollcall.names.fold import fold, skeleton


@pytest.mark.parametrize(
    ("variants", "folded"),
    [
        (["Serikzhan", "Serikjan", "Serıkjan", "Серикжан"], "serikjan"),
        (["Bakhyt", "Baqyt", "Бақыт", "Бахыт"], "bakit"),
        (["Tohti", "Tokhti", "Toxti"], "tokti"),
        (["Baibolat", "Baybolat"], "baibolat"),
        (["Yerbol", "Erbol", "Ерболь"], "erbol"),
        (["Yusuf", "Yusup"], "iusup"),
        (["Sawut", "Sauut"], "saut"),
        (["Davut", "Dawut", "Давут"], "daut"),
        (["Biläsh", "Bilash", "Biləsh", "Bılaş"], "bilash"),
        (["Kaliolla", "Kaliola"], "kaliola"),
        (["Kurmanaliyeva", "Kurmanalieva"], "kurmanalieva"),
        (["Ghalym", "Galym", "Ғалым"], "galim"),
        (["Jüsip", "Zhusip"], "jusip"),
        (["Abdullah", "Abdulla"], "abdula"),
    ],
)
def test_spelling_variants_fold_to_one_form(variants: list[str], folded: str) -> None:
    assert {normalize(v) for v in variants} == {folded}


def test_ng_is_kept_apart_from_n() -> None:
    assert fold("Kurmanaliyeva") != fold("Kurmangaliyeva")
    assert "ng" in fold("Shyngys")


def test_the_h_inside_sh_and_ch_is_not_taken_for_kh() -> None:
    assert fold("Shakhmardan Chokan") == "shakmardan chokan"


def test_x_between_vowels_is_ks_as_in_alexander() -> None:
    assert fold("Alexander") == "aleksander"


def test_russian_patronymic_and_feminine_suffixes_keep_their_v() -> None:
    assert fold("Ivanova Petrovna Petrovich") == "iuanova petrovna petrovich"


def test_skeleton_joins_what_chinese_transcription_merges() -> None:
    assert skeleton("serikjan") == skeleton("sairkjan")  # 赛尔克坚
    assert skeleton("sairagul") == skeleton("shailagul")  # 沙依拉古丽


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüəışçğ -", max_size=30))
def test_folding_twice_changes_nothing(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text(max_size=40))
def test_folding_never_fails_and_gives_plain_ascii_letters(text: str) -> None:
    out = normalize(text)
    assert all(c.isascii() and (c.isalpha() or c == " ") for c in out)
