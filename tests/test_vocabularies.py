import pytest

from rollcall import vocabularies


@pytest.mark.parametrize("name", vocabularies.names())
def test_every_term_has_labels_in_english_russian_and_kazakh(name):
    vocab = vocabularies.get(name)
    assert len(vocab) > 0
    for term in vocab:
        for lang in ("en", "ru", "kk"):
            assert term.label(lang).strip(), f"{name}.{term.code} lacks a {lang} label"


def test_the_vocabularies_the_data_model_needs_exist():
    for name in ("act_types", "statuses", "ethnicities", "relationship_kinds", "claim_subjects", "whereabouts",
                 "intervention_kinds", "proposal_kinds", "scripts"):
        assert name in vocabularies.names()


def test_every_act_type_leads_to_a_known_status_and_event():
    statuses = vocabularies.get("statuses")
    events = {"detention", "arrest", "sentence", "release", "return", "disappearance", "protest", "fine",
              "summons", "surveillance", "death", "travel", "testimony", "petition", "other"}
    for term in vocabularies.get("act_types"):
        assert term.get("status") is None or term["status"] in statuses
        assert term["event"] in events


def test_relationship_inverses_are_kinds_too():
    kinds = vocabularies.get("relationship_kinds")
    for term in kinds:
        assert term["inverse"] in kinds


def test_require_names_the_vocabulary_and_allowed_codes():
    with pytest.raises(ValueError, match=r"unknown act_types 'kidnap' \(allowed: detention"):
        vocabularies.get("act_types").require("kidnap")


def test_labels_fall_back_to_english_for_other_languages():
    assert vocabularies.get("ethnicities")["uyghur"].label("ug") == "Uyghur"


def test_a_label_with_an_unquoted_comma_is_refused(tmp_path, monkeypatch):
    (tmp_path / "broken.yaml").write_text("terms:\n  x: {en: Released, cannot leave, ru: a, kk: b}\n")
    monkeypatch.setattr(vocabularies, "DATA", tmp_path)
    vocabularies.get.cache_clear()
    try:
        with pytest.raises(ValueError, match="quote labels that contain commas"):
            vocabularies.get("broken")
    finally:
        vocabularies.get.cache_clear()


def test_labels_with_commas_are_whole():
    assert vocabularies.get("statuses")["travel_banned"].label("en") == "Released, cannot leave China"


def test_every_script_a_name_can_be_detected_in_has_a_label():
    from typing import get_args

    from rollcall.names.scripts import Script

    assert set(get_args(Script)) == set(vocabularies.get("scripts").codes())


def test_every_kind_of_proposal_the_review_can_accept_has_a_label():
    from rollcall.sources.proposals import ORDER

    assert list(ORDER) == vocabularies.get("proposal_kinds").codes()


def test_petition_and_proposal_kinds_keep_their_stored_codes():
    from rollcall.interventions.models import Intervention
    from rollcall.sources.models import Proposal

    assert Intervention._meta.get_field("kind").default == "petition"
    assert [c for c, _ in Intervention._meta.get_field("kind").choices] == [
        "petition", "request", "wgeid_submission", "letter", "complaint"]
    assert [c for c, _ in Proposal._meta.get_field("kind").choices] == ["person", "organization", "place", "act", "claim"]
