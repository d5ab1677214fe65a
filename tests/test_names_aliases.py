from __future__ import annotations

from pathlib import Path

from rollcall.names import compare
from rollcall.names.aliases import canonical, load_groups, table_from_file


def test_a_passport_form_is_an_alias_of_the_usual_form() -> None:
    assert canonical("biash") == canonical("bilash") == "bilash"


def test_forms_in_other_scripts_join_their_group() -> None:
    table = load_groups("groups:\n  - [Mukhammed, Мамет, 买买提]\n")
    assert set(table.values()) == {"mukamed"}
    assert len(table) == 3


def test_a_word_in_no_group_has_no_label() -> None:
    assert canonical("serikjan") is None


def test_the_comparison_says_when_an_alias_decided() -> None:
    match = compare("Serikzhan Bilash", "Серикжан Бияш")
    assert match.strong
    assert any("alias" in reason for reason in match.reasons)


def test_an_empty_table_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("", encoding="utf-8")
    assert table_from_file(path) == {}
