from __future__ import annotations

import pytest

from rollcall.names import to_latin
from rollcall.names.transliterate import han_to_pinyin


@pytest.mark.parametrize(
    ("name", "latin"),
    [
        ("Серікжан Біләшұлы", "Serikzhan Bilashuly"),
        ("Серикжан Билаш", "Serikzhan Bilash"),
        ("Бекзат Мақсұтхан", "Bekzat Maqsutkhan"),
        ("Гаухар Курманалиева", "Gaukhar Kurmanalieva"),
        ("Байболат Күнболат", "Baibolat Kunbolat"),
        ("Ерболь Даулетбек", "Erbol Dauletbek"),
        ("Шыңғыс Өмірзақ", "Shyngghys Omirzaq"),
        ("Вячеслав Щекунских", "Vyacheslav Shchekunskikh"),
    ],
)
def test_it_writes_kazakh_and_russian_cyrillic_in_latin_letters(name: str, latin: str) -> None:
    assert to_latin(name) == latin


def test_it_does_not_mangle_kazakh_letters_the_way_any_latin_does() -> None:
    # ICU Any-Latin gives "bil s" for Біләш.
    assert to_latin("Біләш") == "Bilash"


@pytest.mark.parametrize(
    ("name", "latin"),
    [
        ("ئىلھام توختى", "Ilham Tokhti"),
        ("سايراگۇل ساۋىتباي", "Sayragul Sawitbay"),
        ("گۈلشەن ئابباس", "Gulshen Abbas"),
    ],
)
def test_it_reads_uyghur_arabic_script_with_its_own_table(name: str, latin: str) -> None:
    assert to_latin(name) == latin


@pytest.mark.parametrize(
    ("name", "latin"),
    [
        ("赛尔克坚·比拉什", "Sayrkzhan Bilash"),
        ("伊力哈木·土赫提", "Ilkham Tukhti"),
        ("沙依拉古丽·沙吾提拜", "Shailagul Shautbay"),
        ("米日古丽·吐尔逊", "Mirigul Tursun"),
    ],
)
def test_it_reads_chinese_transcriptions_of_kazakh_and_uyghur_names(name: str, latin: str) -> None:
    assert to_latin(name) == latin


def test_it_reads_traditional_characters_as_simplified() -> None:
    assert to_latin("賽爾克堅·比拉什") == to_latin("赛尔克坚·比拉什")


def test_the_reading_of_a_character_does_not_depend_on_its_neighbours() -> None:
    # pypinyin reads 什 as "shen" or "shi" depending on context; the table says sh.
    assert to_latin("比拉什").endswith("sh")
    assert to_latin("什么").startswith("Sh")
    assert to_latin("拉什") == to_latin("拉什")


def test_it_keeps_plain_pinyin_for_han_chinese_names() -> None:
    assert han_to_pinyin("张晓") == "zhangxiao"


def test_latin_names_pass_through_with_spacing_tidied() -> None:
    assert to_latin("  Serikzhan   Bilash ") == "Serikzhan Bilash"
