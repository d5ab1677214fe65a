from __future__ import annotations

import pytest

from rollcall.names import name_keys


def test_a_name_gets_several_kinds_of_key() -> None:
    keys = name_keys("Serikzhan Bilash")
    assert {k.split(":")[0] for k in keys} >= {"r", "k", "p", "q", "z", "s"}
    assert len(keys) == len(set(keys))


def test_word_order_does_not_change_the_keys() -> None:
    assert set(name_keys("Serikzhan Bilash")) == set(name_keys("Bilash Serikzhan"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Serikzhan Bilash", "赛尔克坚·比拉什"),
        ("Sairagul Sauytbay", "沙依拉古丽·沙吾提拜"),
        ("Ilham Tohti", "ئىلھام توختى"),
        ("Ilham Tohti", "伊力哈木·土赫提"),
        ("Bakhyt Zharykbasova", "Baqyt Zharyqbasova"),
        ("Serikzhan Bilash", "Серікжан Біләшұлы"),
    ],
)
def test_spellings_of_one_name_share_a_pair_key(a: str, b: str) -> None:
    shared = set(name_keys(a)) & set(name_keys(b))
    assert any(k[0] in "pqzs" for k in shared), shared


def test_a_typo_breaks_some_keys_but_not_all() -> None:
    shared = set(name_keys("Serikzhan Bilash")) & set(name_keys("Serikzhan Bliash"))
    assert any(k[0] in "pqzs" for k in shared)


def test_a_name_without_letters_has_no_keys() -> None:
    assert name_keys("--- 123") == []
