from __future__ import annotations

import pytest

from rollcall.names import detect_script
from rollcall.names.scripts import split_runs


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Serikzhan Bilash", "latin"),
        ("Gaukhar Kurmanaliyeva", "latin"),
        ("Serıkjan Bılaş", "latin"),  # Kazakh Latin alphabet of 2021
        ("Серікжан Біләшұлы", "cyrillic"),
        ("Гаухар Курманалиева", "cyrillic"),
        ("赛尔克坚·比拉什", "han"),
        ("賽爾克堅·比拉什", "han"),
        ("ئىلھام توختى", "arabic"),
        ("Serikzhan (Серикжан)", "mixed"),
        ("", "unknown"),
        ("123 - ·", "unknown"),
    ],
)
def test_it_names_the_script_of_a_name(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_it_ignores_punctuation_and_the_chinese_name_separator() -> None:
    assert detect_script("  赛尔克坚 · 比拉什 ,") == "han"


def test_it_cuts_mixed_text_into_runs_of_one_script() -> None:
    runs = split_runs("Serikzhan Серикжан")
    assert [script for _, script in runs] == ["latin", "cyrillic"]
    assert "".join(text for text, _ in runs) == "Serikzhan Серикжан"
