from __future__ import annotations

import random
from itertools import permutations
from pathlib import Path

import pytest
import yaml

from rollcall.names import compare, prepare
from rollcall.names.compare import _pair_up_any, _pair_up_two
from rollcall.names.synthetic import generate, render, variant

DATA = yaml.safe_load(
    (Path(__file__).parent / "data" / "names" / "spelling_groups.yaml").read_text(encoding="utf-8")
)
SAME = [
    pytest.param(a, b, id=f"{group['id']}:{i}-{j}")
    for group in DATA["groups"]
    for (i, a), (j, b) in permutations(enumerate(group["spellings"]), 2)
]
DIFFERENT = [pytest.param(a, b, id=f"{a}|{b}") for a, b in DATA["different"]]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_spellings_of_one_person_score_high(a: str, b: str) -> None:
    match = compare(a, b)
    assert match.score >= 0.75, match.reasons


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_people_with_alike_names_do_not_match_strongly(a: str, b: str) -> None:
    match = compare(a, b)
    assert not match.strong, (match.score, match.reasons)


def test_kurmanaliyeva_is_not_kurmangaliyev() -> None:
    match = compare("Gaukhar Kurmanaliyeva", "Gaukhar Kurmangaliyev")
    assert match.score < 0.7
    assert any("n/ng" in r for r in match.reasons)
    assert any("gender" in r for r in match.reasons)


def test_word_order_does_not_matter() -> None:
    assert compare("Serikzhan Bilash", "Bilash Serikzhan").score == 1.0


def test_a_partial_name_matches_but_less_than_the_whole() -> None:
    partial = compare("Serikzhan Bilash", "Serikzhan")
    assert 0.8 <= partial.score < 1.0
    assert any("partial" in r for r in partial.reasons)


def test_words_written_together_or_apart_match() -> None:
    assert compare("Kassym-Jomart Tokayev", "Kassymzhomart Tokayev").strong


def test_the_score_comes_with_its_reasons() -> None:
    match = compare("Serikjan Bilash", "赛尔克坚·比拉什")
    assert match.strong
    assert len(match.reasons) == 2
    assert all("~" in r for r in match.reasons)


def test_a_han_chinese_name_matches_its_pinyin() -> None:
    match = compare("Zhang Xiao", "张晓")
    assert match.strong
    assert "read as Mandarin pinyin" in match.reasons


def test_the_score_is_symmetric_and_in_range() -> None:
    for a, b in [("Ilham Tohti", "伊力哈木·土赫提"), ("Gulfiya Kazybek", "Gulfiya Aitkazina")]:
        assert compare(a, b).score == compare(b, a).score
        assert 0.0 <= compare(a, b).score <= 1.0


def test_an_empty_name_matches_nothing() -> None:
    assert compare("", "Serikzhan").score == 0.0


def test_the_two_word_shortcut_pairs_words_exactly_as_the_general_loop() -> None:
    rng = random.Random(3)
    people = generate(400, seed=3)
    names = [prepare(render(p, rng)) for p in people] + [prepare(variant(p, rng)) for p in people]
    two = [n.tokens for n in names if len(n.tokens) == 2]
    # Ties included: a name against itself, against its own words reversed.
    pairs = [(a, b) for a in two[:60] for b in two[:60]] + [(a, a[::-1]) for a in two]
    for a, b in pairs:
        assert _pair_up_two(a, b) == _pair_up_any(a, b)
